#include "core/utf8.hpp"

namespace kefu {

std::string_view utf8_prefix(std::string_view s, size_t chars) {
    size_t i = 0;
    for (size_t n = 0; n < chars && i < s.size(); ++n) decode_utf8(s, i);
    return s.substr(0, i);
}

namespace {
// The bytes a lead byte needs after it (RFC 3629), and the range its first continuation byte
// must fall in: this rules out overlong forms (E0 80.., F0 80..), UTF-16 surrogates (ED A0..)
// and code points past U+10FFFF (F4 90..) — the same table nlohmann::json decodes with, so
// what passes here never makes it throw.
struct Lead {
    size_t extra;
    unsigned char lo = 0x80, hi = 0xBF;
};
bool lead_of(unsigned char c, Lead& out) {
    if (c < 0x80) return out = {0}, true;
    if (c >= 0xC2 && c <= 0xDF) return out = {1}, true;
    if (c == 0xE0) return out = {2, 0xA0, 0xBF}, true;
    if (c == 0xED) return out = {2, 0x80, 0x9F}, true;
    if (c >= 0xE1 && c <= 0xEF) return out = {2}, true;
    if (c == 0xF0) return out = {3, 0x90, 0xBF}, true;
    if (c >= 0xF1 && c <= 0xF3) return out = {3}, true;
    if (c == 0xF4) return out = {3, 0x80, 0x8F}, true;
    return false;
}
// Length of the well-formed sequence at s[i], 0 if there is none.
size_t sequence_at(std::string_view s, size_t i) {
    Lead lead;
    if (!lead_of(static_cast<unsigned char>(s[i]), lead) || i + lead.extra >= s.size() + (lead.extra ? 0 : 1)) return 0;
    for (size_t k = 1; k <= lead.extra; ++k) {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if (k == 1 ? (cc < lead.lo || cc > lead.hi) : (cc >> 6) != 0x2) return 0;
    }
    return lead.extra + 1;
}
}  // namespace

bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const size_t n = sequence_at(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

bool json_strings_valid(const nlohmann::json& j) {
    if (j.is_string()) return valid_utf8(j.get_ref<const std::string&>());
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            if (!valid_utf8(it.key()) || !json_strings_valid(it.value())) return false;
    } else if (j.is_array()) {
        for (const auto& e : j)
            if (!json_strings_valid(e)) return false;
    }
    return true;
}

// Decodes one code point at s[i]; advances i. An ill-formed byte (a stray continuation, an
// overlong form, a surrogate, past U+10FFFF, cut short) comes back as 0xFFFD, one byte each.
uint32_t decode_utf8(std::string_view s, size_t& i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = sequence_at(s, i);
    if (n == 0) {
        ++i;
        return 0xFFFD;
    }
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    i += n;
    return cp;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | cp >> 6);
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | cp >> 12);
        out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | cp >> 18);
        out += static_cast<char>(0x80 | (cp >> 12 & 0x3f));
        out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

size_t json_size(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size(); }

size_t json_size_bound(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::string: return 2 + 6 * j.get_ref<const std::string&>().size();  // "\u00XX" per byte at most
        case nlohmann::json::value_t::object: {
            size_t n = 2;
            for (auto it = j.begin(); it != j.end(); ++it) n += 2 + 6 * it.key().size() + 2 + json_size_bound(it.value());
            return n;
        }
        case nlohmann::json::value_t::array: {
            size_t n = 2;
            for (const auto& v : j) n += 1 + json_size_bound(v);
            return n;
        }
        case nlohmann::json::value_t::binary: return json_size(j);
        default: return 32;  // numbers (at most 24 characters), true, false, null
    }
}

}  // namespace kefu
