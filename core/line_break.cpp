#include "core/line_break.hpp"

#include <algorithm>
#include <iterator>

#include "core/utf8.hpp"

namespace kefu {

namespace {

bool is_space(uint32_t c) { return c == ' ' || c == '\t' || c == 0x3000; }

// Ideographs, kana, hangul, CJK and full-width punctuation: a break is allowed beside them.
bool is_wide(uint32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF) ||
           c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2026 || c == 0x2014 || c == 0x00B7;
}

}  // namespace

bool line_start_forbidden(uint32_t c) {
    switch (c) {
        case ',': case '.': case ';': case ':': case '?': case '!': case ')': case ']': case '}': case '%':
        case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F: case 0xFF01:  // ，。、；：？！
        case 0xFF09: case 0xFF3D: case 0xFF5D: case 0xFF0E: case 0xFF05:                           // ）］｝．％
        case 0x300D: case 0x300F: case 0x3011: case 0x300B: case 0x3009: case 0x3015: case 0x3017:  // 」』】》〉〕〗
        case 0x201D: case 0x2019: case 0x2026: case 0x2025: case 0x00B7: case 0x30FB: case 0x2014:  // ”’…‥·・—
        case 0xFF5E: case 0x301C: case 0x2030: case 0x2103: case 0x30FC:                           // ～〜‰℃ー
            return true;
        default:
            return false;
    }
}

bool line_end_forbidden(uint32_t c) {
    switch (c) {
        case '(': case '[': case '{': case '$':
        case 0xFF08: case 0xFF3B: case 0xFF5B: case 0xFF04: case 0xFFE5: case 0x00A5: case 0x00A3:  // （［｛＄￥¥£
        case 0x300C: case 0x300E: case 0x3010: case 0x300A: case 0x3008: case 0x3014: case 0x3016:  // 「『【《〈〔〖
        case 0x201C: case 0x2018: case 0xFF03:                                                      // “‘＃
            return true;
        default:
            return false;
    }
}

bool break_allowed(uint32_t a, uint32_t b) {
    if (is_space(b)) return false;  // spaces stay on the line they end
    if (line_start_forbidden(b) || line_end_forbidden(a)) return false;
    if (is_space(a)) return true;
    if (is_wide(a) || is_wide(b)) return true;
    return a == '-' || a == '/';
}

std::vector<TextLine> wrap_lines(std::string_view text, float width, const std::function<float(uint32_t)>& advance,
                                 const std::vector<std::pair<size_t, size_t>>& glue) {
    std::vector<TextLine> lines;
    auto glued = [&](size_t at) {  // inside a glue range, not at its edges (ranges in order)
        auto it = std::upper_bound(glue.begin(), glue.end(), at, [](size_t v, const std::pair<size_t, size_t>& g) { return v <= g.first; });
        return it != glue.begin() && at < std::prev(it)->second;
    };
    auto trimmed_end = [&](size_t begin, size_t end) {
        while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
        return end;
    };
    size_t begin = 0;
    while (begin <= text.size()) {
        // Spaces at the start of a wrapped line are dropped (not after a "\n": indentation).
        if (!lines.empty() && begin > 0 && text[begin - 1] != '\n')
            while (begin < text.size() && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
        float x = 0;
        size_t i = begin, last_break = std::string_view::npos, prev_start = begin;
        uint32_t prev = 0;
        bool broke = false;
        while (i < text.size()) {
            size_t next = i;
            const uint32_t cp = decode_utf8(text, next);
            if (cp == '\n') {
                lines.push_back({begin, trimmed_end(begin, i)});
                begin = next;
                broke = true;
                break;
            }
            if (i > begin && break_allowed(prev, cp) && !glued(i)) last_break = i;
            const float w = advance(cp);
            // Closing punctuation with no place to break before it hangs past the edge
            // (悬挂标点) rather than start a line.
            const bool hang = last_break == std::string_view::npos && line_start_forbidden(cp);
            if (x + w > width && i > begin && !is_space(cp) && !hang) {
                size_t brk = last_break;
                if (brk == std::string_view::npos) {  // one word wider than the line: break it
                    brk = i;
                    if (line_end_forbidden(prev) && prev_start > begin) brk = prev_start;
                }
                lines.push_back({begin, trimmed_end(begin, brk)});
                begin = brk;
                broke = true;
                break;
            }
            x += w;
            prev = cp;
            prev_start = i;
            i = next;
        }
        if (!broke) {
            lines.push_back({begin, trimmed_end(begin, text.size())});
            break;
        }
    }
    return lines;
}

}  // namespace kefu
