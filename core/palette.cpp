#include "core/palette.hpp"

#include <algorithm>

namespace kefu {

namespace {

std::string fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        // Full-width ASCII (U+FF01..U+FF5E, UTF-8 EF BC 81..EF BD 9E) folds to half-width:
        // a Chinese IME in full-width mode must still find "FAQ".
        if (c == 0xEF && i + 2 < s.size()) {
            const unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
            const unsigned char b2 = static_cast<unsigned char>(s[i + 2]);
            unsigned cp = ((c & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                c = static_cast<unsigned char>(cp - 0xFF01 + 0x21);
                i += 2;
            } else if (cp == 0x3000) {
                c = ' ';
                i += 2;
            }
        }
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
        out += static_cast<char>(c);
    }
    return out;
}

bool is_word_start(const std::string& text, size_t pos) {
    if (pos == 0) return true;
    const unsigned char prev = static_cast<unsigned char>(text[pos - 1]);
    return prev == ' ' || prev == '-' || prev == '_' || prev == '/' || prev == '.' || prev >= 0x80;
}

// In-order subsequence of bytes; returns a score that prefers tight matches, or 0.
int subsequence_score(const std::string& text, const std::string& query) {
    size_t t = 0, first = std::string::npos, last = 0;
    for (char q : query) {
        while (t < text.size() && text[t] != q) ++t;
        if (t == text.size()) return 0;
        if (first == std::string::npos) first = t;
        last = t++;
    }
    const int spread = static_cast<int>(last - first + 1 - query.size());
    return std::max(10, 100 - spread * 5);
}

}  // namespace

int palette_score(std::string_view text_in, std::string_view query_in) {
    const std::string query = fold(query_in);
    if (query.find_first_not_of(' ') == std::string::npos) return 1;
    const std::string text = fold(text_in);
    if (text == query) return 1000;
    const size_t pos = text.find(query);
    if (pos == 0) return 800;
    if (pos != std::string::npos) return is_word_start(text, pos) ? 600 : 400;
    // Subsequence only for ASCII queries: byte subsequences of UTF-8 would match garbage.
    const bool ascii = std::all_of(query.begin(), query.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    return ascii ? subsequence_score(text, query) : 0;
}

std::vector<PaletteMatch> match_palette(const std::vector<PaletteEntry>& entries, std::string_view query) {
    std::vector<PaletteMatch> out;
    for (size_t i = 0; i < entries.size(); ++i) {
        int best = 0;
        for (const std::string& t : entries[i].texts) best = std::max(best, palette_score(t, query));
        if (best > 0) out.push_back({i, best});
    }
    std::stable_sort(out.begin(), out.end(), [](const PaletteMatch& a, const PaletteMatch& b) { return a.score > b.score; });
    return out;
}

}  // namespace kefu
