// What every command family shares (issue "Feature slices"), and nothing of any one domain.
//
// A family is the `std::variant` of one domain's commands (CaseCmd in case_commands.hpp,
// FaqCmd in faq.hpp, …), declared next to its commands, with three functions of the same
// names in every domain:
//   ApplyOutcome apply_family(AppState&, const XCmd&, const CommandContext&);  // validate + write
//   const char*  family_command_name(const XCmd&);                             // the access log's word
//   Role         family_role(const AppState&, const XCmd&, const Actor&);      // the least role to run it
// A family's name and role table is a `CommandInfo[]` in its .cpp, tied to the variant by
// `static_assert(covers<XCmd>(table))`. `Command` (app_state.hpp) is the variant of the
// families; apply() finds the family with one std::visit. So a new command touches only its
// domain's files; a new family adds one line to `Command`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/record.hpp"
#include "core/result.hpp"

namespace kefu {

struct AppState;

// Ordered: each role may do what the ones before it may.
enum class Role : uint8_t { Agent, Lead, Admin, Count };

// What a command did: its result, and the record changes to journal (empty when nothing
// changed; a refusal may still carry its access-log entry).
struct ApplyOutcome {
    ApplyResult result;
    std::vector<Change> changes;
    bool ok() const { return result.ok; }
};
inline ApplyOutcome refused(ApplyResult r) { return {std::move(r), {}}; }

// One row of a family's table, in the order of its variant.
struct CommandInfo {
    const char* name;  // "ReviewCase"
    Role role;         // the least role that runs it (a family may decide case by case instead)
};

template <typename Family, size_t N>
constexpr bool covers(const CommandInfo (&)[N]) {
    return N == std::variant_size_v<Family>;
}

// Whether T is one of Variant's alternatives.
template <typename T, typename Variant>
struct is_alternative : std::false_type {};
template <typename T, typename... Ts>
struct is_alternative<T, std::variant<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {};

}  // namespace kefu
