// Non-throwing field access for JSON that came from outside (files, storage): nlohmann's
// value(key, default) throws when the field has another type, and the browser build has no
// exceptions, so one wrong type in a file would stop the app. The fuzzer found exactly that.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// The strings of an array field (other elements skipped); empty when it is not an array.
inline std::vector<std::string> json_string_list(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.is_object()) return out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const nlohmann::json& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

inline bool json_bool(const nlohmann::json& j, const char* key, bool fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

}  // namespace kefu
