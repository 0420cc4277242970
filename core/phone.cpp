#include "core/phone.hpp"

#include <algorithm>

namespace kefu {

bool is_phone_field(std::string_view name) {
    static const char* const kNames[] = {"mobile", "telephone", "phone", "tel", "fax", "contact_phone"};
    for (const char* n : kNames)
        if (name == n) return true;
    return false;
}

std::string mask_phone(std::string_view phone) {
    std::string digits_only;
    for (char c : phone)
        if (c >= '0' && c <= '9') digits_only += c;
    const size_t n = digits_only.size();
    if (n == 0) return std::string(phone);
    if (n < 7) return std::string(n - std::min<size_t>(n, 2), '*') + digits_only.substr(n - std::min<size_t>(n, 2));
    return digits_only.substr(0, 3) + std::string(n - 7, '*') + digits_only.substr(n - 4);
}

}  // namespace kefu
