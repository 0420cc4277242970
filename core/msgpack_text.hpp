// MessagePack -> JSON text without building a json tree, and a reader for typed decoders
// (case_from_record) that need a few fields of 100,000 records fast.
//
// Records keep their data and history as MessagePack (see record.hpp). Export used to decode
// each record into nlohmann::json trees and dump them; for 100k cases that was most of the
// export time. This reader copies MessagePack straight to text, byte for byte what
// nlohmann::json::dump() (compact, UTF-8 kept, invalid UTF-8 replaced) writes for the same
// value, because import checks the export checksum against records it re-dumps itself.
// Anything it does not handle (binary, extension types, truncated input, object keys out of
// nlohmann's sorted order) makes it return false and the caller takes the slow path.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kefu {

class MsgpackText {
public:
    explicit MsgpackText(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

    bool array_header(size_t& n);
    bool map_header(size_t& n);
    bool str(std::string_view& s);
    bool integer(int64_t& v);
    bool is_nil() const { return p_ < end_ && static_cast<uint8_t>(*p_) == 0xc0; }
    bool is_str() const;
    bool skip();  // one value, whatever it is
    // Copies one value as JSON text. With mask_phones, a string under a phone-like key
    // (mobile, telephone, …, see exchange.hpp) is written masked; `key_is_phone` says whether
    // the value itself sits under such a key.
    bool value(std::string& out, bool mask_phones, bool key_is_phone = false);
    bool at_end() const { return p_ == end_; }

private:
    bool take(size_t n, const char*& at);
    bool uint_be(size_t n, uint64_t& v);
    struct Tags { uint8_t t8, t16, t32; };
    bool length(uint8_t tag, uint8_t fix_base, uint8_t fix_mask, Tags sized, size_t& n);
    bool container_value(std::string& out, bool mask_phones, int depth);
    bool value_at(std::string& out, bool mask_phones, bool key_is_phone, int depth);

    const char* p_;
    const char* end_;
};

// Appends `s` as a JSON string literal the way nlohmann::json::dump(-1, ' ', false,
// error_handler_t::replace) does.
void append_json_string(std::string& out, std::string_view s);
void append_json_int(std::string& out, int64_t v);
void append_json_uint(std::string& out, uint64_t v);

// MessagePack written the way nlohmann::json::to_msgpack writes the same value (the
// smallest form of each number and length, floats as float32 when exact), so a record
// transcoded straight from JSON text has the bytes a json tree would have given: imports
// compare them with the stored ones.
namespace msgpack {
void put_nil(std::string& out);
void put_bool(std::string& out, bool v);
void put_uint(std::string& out, uint64_t v);
void put_int(std::string& out, int64_t v);
void put_float(std::string& out, double v);
void put_str(std::string& out, std::string_view s);
void put_array_header(std::string& out, size_t n);
void put_map_header(std::string& out, size_t n);
size_t header_size(size_t n);  // bytes put_array_header or put_map_header writes for n
}  // namespace msgpack

}  // namespace kefu
