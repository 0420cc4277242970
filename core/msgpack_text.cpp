#include "core/msgpack_text.hpp"

#include <charconv>
#include <climits>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/exchange.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {
constexpr int kMaxDepth = 256;  // deeper values take the slow path (imports cap depth lower)
}

void append_json_string(std::string& out, std::string_view s) {
    if (!valid_utf8(s)) {
        out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
    out += '"';
    size_t run = 0;  // start of the bytes not yet copied
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default: {
                static const char kHex[] = "0123456789abcdef";
                const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                out.append(esc, 6);
            }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

void append_json_int(std::string& out, int64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

void append_json_uint(std::string& out, uint64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

bool MsgpackText::take(size_t n, const char*& at) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    at = p_;
    p_ += n;
    return true;
}

bool MsgpackText::uint_be(size_t n, uint64_t& v) {
    const char* at = nullptr;
    if (!take(n, at)) return false;
    v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(at[i]);
    return true;
}

// Reads the length of a str/array/map whose fix form is `fix_base | n` (n under fix_mask)
// and whose 8/16/32-bit forms have the tags t8 (0: none), t16 and t32.
bool MsgpackText::length(uint8_t tag, uint8_t fix_base, uint8_t fix_mask, Tags sized, size_t& n) {
    uint64_t v = 0;
    if ((tag & ~fix_mask) == fix_base) v = tag & fix_mask;
    else if (sized.t8 && tag == sized.t8) { if (!uint_be(1, v)) return false; }
    else if (tag == sized.t16) { if (!uint_be(2, v)) return false; }
    else if (tag == sized.t32) { if (!uint_be(4, v)) return false; }
    else return false;
    if (v > static_cast<uint64_t>(end_ - p_)) return false;  // every element takes at least a byte
    n = static_cast<size_t>(v);
    return true;
}

bool MsgpackText::array_header(size_t& n) {
    const char* at = nullptr;
    if (!take(1, at)) return false;
    return length(static_cast<uint8_t>(*at), 0x90, 0x0f, {0, 0xdc, 0xdd}, n);
}

bool MsgpackText::str(std::string_view& s) {
    const char* at = nullptr;
    size_t n = 0;
    if (!take(1, at) || !length(static_cast<uint8_t>(*at), 0xa0, 0x1f, {0xd9, 0xda, 0xdb}, n) || !take(n, at)) return false;
    s = std::string_view(at, n);
    return true;
}

bool MsgpackText::map_header(size_t& n) {
    const char* at = nullptr;
    if (!take(1, at)) return false;
    return length(static_cast<uint8_t>(*at), 0x80, 0x0f, {0, 0xde, 0xdf}, n);
}

bool MsgpackText::is_str() const {
    if (p_ >= end_) return false;
    const uint8_t tag = static_cast<uint8_t>(*p_);
    return (tag >= 0xa0 && tag <= 0xbf) || (tag >= 0xd9 && tag <= 0xdb);
}

bool MsgpackText::integer(int64_t& v) {
    const char* at = nullptr;
    if (!take(1, at)) return false;
    const uint8_t tag = static_cast<uint8_t>(*at);
    uint64_t u = 0;
    if (tag <= 0x7f) return v = tag, true;
    if (tag >= 0xe0) return v = static_cast<int8_t>(tag), true;
    if (tag >= 0xcc && tag <= 0xcf) {
        if (!uint_be(size_t{1} << (tag - 0xcc), u) || u > static_cast<uint64_t>(INT64_MAX)) return false;
        return v = static_cast<int64_t>(u), true;
    }
    if (tag >= 0xd0 && tag <= 0xd3) {
        const size_t n = size_t{1} << (tag - 0xd0);
        if (!uint_be(n, u)) return false;
        if (n == 1) v = static_cast<int8_t>(u);
        else if (n == 2) v = static_cast<int16_t>(u);
        else if (n == 4) v = static_cast<int32_t>(u);
        else v = static_cast<int64_t>(u);
        return true;
    }
    return false;
}

// Iterative: counts the values still to pass instead of recursing, writes nothing. Like
// value(), it refuses what JSON cannot hold (binary, extension types).
bool MsgpackText::skip() {
    uint64_t pending = 1;
    while (pending) {
        --pending;
        const char* at = nullptr;
        if (!take(1, at)) return false;
        const uint8_t tag = static_cast<uint8_t>(*at);
        if (tag <= 0x7f || tag >= 0xe0 || tag == 0xc0 || tag == 0xc2 || tag == 0xc3) continue;
        uint64_t n = 0;
        size_t bytes = 0;  // fixed-size payload
        if (tag >= 0x80 && tag <= 0x8f) n = uint64_t{tag & 0x0fu} * 2;
        else if (tag >= 0x90 && tag <= 0x9f) n = tag & 0x0fu;
        else if (tag >= 0xa0 && tag <= 0xbf) bytes = tag & 0x1fu;
        else if (tag >= 0xcc && tag <= 0xcf) bytes = size_t{1} << (tag - 0xcc);
        else if (tag >= 0xd0 && tag <= 0xd3) bytes = size_t{1} << (tag - 0xd0);
        else if (tag == 0xca) bytes = 4;
        else if (tag == 0xcb) bytes = 8;
        else if (tag >= 0xd9 && tag <= 0xdb) {
            uint64_t len = 0;
            if (!uint_be(size_t{1} << (tag - 0xd9), len) || len > static_cast<uint64_t>(end_ - p_)) return false;
            bytes = static_cast<size_t>(len);
        } else if (tag == 0xdc || tag == 0xdd || tag == 0xde || tag == 0xdf) {
            if (!uint_be(tag == 0xdc || tag == 0xde ? 2 : 4, n)) return false;
            if (tag >= 0xde) n *= 2;
        } else {
            return false;
        }
        if (n > static_cast<uint64_t>(end_ - p_)) return false;  // every value takes at least a byte
        pending += n;
        if (bytes && !take(bytes, at)) return false;
    }
    return true;
}

bool MsgpackText::value(std::string& out, bool mask_phones, bool key_is_phone) {
    return value_at(out, mask_phones, key_is_phone, 0);
}

bool MsgpackText::value_at(std::string& out, bool mask_phones, bool key_is_phone, int depth) {
    const char* at = nullptr;
    if (!take(1, at)) return false;
    const uint8_t tag = static_cast<uint8_t>(*at);
    uint64_t u = 0;
    if (tag <= 0x7f) { append_json_uint(out, tag); return true; }
    if (tag >= 0xe0) { append_json_int(out, static_cast<int8_t>(tag)); return true; }
    if ((tag >= 0x80 && tag <= 0x9f) || tag == 0xdc || tag == 0xdd || tag == 0xde || tag == 0xdf) {
        --p_;
        return depth < kMaxDepth && container_value(out, mask_phones, depth + 1);
    }
    if ((tag >= 0xa0 && tag <= 0xbf) || (tag >= 0xd9 && tag <= 0xdb)) {
        --p_;
        std::string_view s;
        if (!str(s)) return false;
        if (mask_phones && key_is_phone) append_json_string(out, mask_phone(s));
        else append_json_string(out, s);
        return true;
    }
    switch (tag) {
        case 0xc0: out += "null"; return true;
        case 0xc2: out += "false"; return true;
        case 0xc3: out += "true"; return true;
        case 0xcc: case 0xcd: case 0xce: case 0xcf:
            if (!uint_be(size_t{1} << (tag - 0xcc), u)) return false;
            append_json_uint(out, u);
            return true;
        case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
            const size_t n = size_t{1} << (tag - 0xd0);
            if (!uint_be(n, u)) return false;
            int64_t v = 0;
            if (n == 1) v = static_cast<int8_t>(u);
            else if (n == 2) v = static_cast<int16_t>(u);
            else if (n == 4) v = static_cast<int32_t>(u);
            else v = static_cast<int64_t>(u);
            append_json_int(out, v);
            return true;
        }
        case 0xca: {
            if (!uint_be(4, u)) return false;
            const uint32_t bits = static_cast<uint32_t>(u);
            float f = 0;
            std::memcpy(&f, &bits, sizeof f);
            out += nlohmann::json(static_cast<double>(f)).dump();
            return true;
        }
        case 0xcb: {
            if (!uint_be(8, u)) return false;
            double d = 0;
            std::memcpy(&d, &u, sizeof d);
            out += nlohmann::json(d).dump();
            return true;
        }
        default: return false;  // binary, extension types, never-used tags
    }
}

bool MsgpackText::container_value(std::string& out, bool mask_phones, int depth) {
    const uint8_t tag = static_cast<uint8_t>(*p_);
    size_t n = 0;
    if ((tag >= 0x90 && tag <= 0x9f) || tag == 0xdc || tag == 0xdd) {
        if (!array_header(n)) return false;
        out += '[';
        for (size_t i = 0; i < n; ++i) {
            if (i) out += ',';
            if (!value_at(out, mask_phones, false, depth)) return false;
        }
        out += ']';
        return true;
    }
    ++p_;
    if (!length(tag, 0x80, 0x0f, {0, 0xde, 0xdf}, n)) return false;
    out += '{';
    std::string_view prev;
    for (size_t i = 0; i < n; ++i) {
        std::string_view key;
        if (!str(key)) return false;
        if (i && !(prev < key)) return false;  // nlohmann would reorder or merge: slow path
        prev = key;
        if (i) out += ',';
        append_json_string(out, key);
        out += ':';
        if (!value_at(out, mask_phones, mask_phones && is_phone_field(key), depth)) return false;
    }
    out += '}';
    return true;
}

// ---- [SECTION] writing --------------------------------------------------------------------------
namespace msgpack {

namespace {
void put_be(std::string& out, uint8_t tag, uint64_t v, size_t bytes) {
    out += static_cast<char>(tag);
    for (size_t i = bytes; i-- > 0;) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
// A length in the fix form (base | n while n <= fix_max) or the 8/16/32-bit forms.
void put_length(std::string& out, size_t n, uint8_t fix_base, size_t fix_max, uint8_t t8, uint8_t t16, uint8_t t32) {
    if (n <= fix_max) out += static_cast<char>(fix_base | n);
    else if (t8 && n <= 0xff) put_be(out, t8, n, 1);
    else if (n <= 0xffff) put_be(out, t16, n, 2);
    else put_be(out, t32, n, 4);
}
}  // namespace

void put_nil(std::string& out) { out += static_cast<char>(0xc0); }
void put_bool(std::string& out, bool v) { out += static_cast<char>(v ? 0xc3 : 0xc2); }

void put_uint(std::string& out, uint64_t v) {
    if (v < 128) out += static_cast<char>(v);
    else if (v <= 0xff) put_be(out, 0xcc, v, 1);
    else if (v <= 0xffff) put_be(out, 0xcd, v, 2);
    else if (v <= 0xffffffffu) put_be(out, 0xce, v, 4);
    else put_be(out, 0xcf, v, 8);
}

void put_int(std::string& out, int64_t v) {
    if (v >= 0) return put_uint(out, static_cast<uint64_t>(v));
    const uint64_t bits = static_cast<uint64_t>(v);
    if (v >= -32) out += static_cast<char>(static_cast<int8_t>(v));
    else if (v >= INT8_MIN) put_be(out, 0xd0, bits, 1);
    else if (v >= INT16_MIN) put_be(out, 0xd1, bits, 2);
    else if (v >= INT32_MIN) put_be(out, 0xd2, bits, 4);
    else put_be(out, 0xd3, bits, 8);
}

void put_float(std::string& out, double v) {
    const double lo = static_cast<double>(std::numeric_limits<float>::lowest());
    const double hi = static_cast<double>(std::numeric_limits<float>::max());
    if (v >= lo && v <= hi && static_cast<double>(static_cast<float>(v)) == v) {
        const float f = static_cast<float>(v);
        uint32_t bits = 0;
        std::memcpy(&bits, &f, sizeof bits);
        put_be(out, 0xca, bits, 4);
    } else {
        uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        put_be(out, 0xcb, bits, 8);
    }
}

void put_str(std::string& out, std::string_view s) {
    put_length(out, s.size(), 0xa0, 31, 0xd9, 0xda, 0xdb);
    out.append(s.data(), s.size());
}

void put_array_header(std::string& out, size_t n) { put_length(out, n, 0x90, 15, 0, 0xdc, 0xdd); }
void put_map_header(std::string& out, size_t n) { put_length(out, n, 0x80, 15, 0, 0xde, 0xdf); }
size_t header_size(size_t n) { return n <= 15 ? 1 : n <= 0xffff ? 3 : 5; }

}  // namespace msgpack

}  // namespace kefu
