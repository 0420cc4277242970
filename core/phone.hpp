// Phone numbers on screens visitors may see and in exports that must not carry them.
#pragma once
#include <string>
#include <string_view>

namespace kefu {

// Masks a phone number, keeping the first 3 and last 4 digits ("138****1234"); short
// numbers keep only their last 2 digits.
std::string mask_phone(std::string_view phone);
// Fields whose string values are phone numbers (masked on request, anywhere in data).
bool is_phone_field(std::string_view name);

}  // namespace kefu
