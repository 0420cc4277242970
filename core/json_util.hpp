// Non-throwing field access for JSON that came from outside (files, storage): nlohmann's
// value(key, default) throws when the field has another type, and the browser build has no
// exceptions, so one wrong type in a file would stop the app. The fuzzer found exactly that.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace kefu {

inline std::string json_string(const nlohmann::json& j, const char* key, std::string fallback = {}) {
    if (!j.is_object()) return fallback;
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

inline uint64_t json_uint(const nlohmann::json& j, const char* key, uint64_t fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(key);
    return it != j.end() && it->is_number_unsigned() ? it->get<uint64_t>() : fallback;
}

inline int64_t json_int(const nlohmann::json& j, const char* key, int64_t fallback = 0) {
    if (!j.is_object()) return fallback;
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

inline bool json_bool(const nlohmann::json& j, const char* key, bool fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

}  // namespace kefu
