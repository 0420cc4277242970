// UTF-8 checks shared by the core: nlohmann::json refuses to serialise invalid UTF-8 (it
// throws, and the browser build has no exceptions), so strings are checked at the door.
#pragma once
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace kefu {

// Structural UTF-8 check: lead bytes, continuation bytes, no overlong 2-byte forms.
bool valid_utf8(std::string_view s);
// One code point at s[i], advancing i; an invalid byte comes back as U+FFFD, one byte each.
uint32_t decode_utf8(std::string_view s, size_t& i);
void append_utf8(std::string& out, uint32_t cp);
// The first `chars` code points of s (never cutting one in half).
std::string_view utf8_prefix(std::string_view s, size_t chars);
// Every object key and string value in `j` is valid UTF-8.
bool json_strings_valid(const nlohmann::json& j);
// Serialised size, never throwing (invalid sequences would be replaced, not thrown).
size_t json_size(const nlohmann::json& j);
// An upper bound of json_size(j) found without writing the text (every character of a string
// counted as its longest escape): checking a size limit with it first spares the dump of
// every document that is clearly under the limit.
size_t json_size_bound(const nlohmann::json& j);
// json_size(j) > limit, dumping the text only when the bound says it might be.
inline bool json_larger_than(const nlohmann::json& j, size_t limit) { return json_size_bound(j) > limit && json_size(j) > limit; }

}  // namespace kefu
