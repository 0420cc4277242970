// Which role each command needs (the issue "Modes"): leads review cases and edit what the
// team shares (FAQ, shared templates and call scripts, survey definitions); administrators
// edit the station's configuration (calendar, deadlines, phrase list, callback rules, the
// station itself, imports, agents and modes); everything else is an agent's daily work.
// Each family's table (family_role in its domain's .cpp) says it command by command.
#pragma once
#include "core/agents.hpp"
#include "core/app_state.hpp"

#include <type_traits>
#include <variant>

namespace kefu {

// The least role that may run `c` as `actor` (a personal template is its owner's to edit;
// agents may change their own name and PIN).
Role required_role(const AppState& s, const Command& c, const Actor& actor);

// Whether `actor` may run `c` now. Signing in and logging the end of a session are open to
// anyone. A station with no agent yet is being set up: everything is allowed (the first-run
// screen creates the administrator before anything else). Otherwise the actor must be an
// active agent of at least the required role ("error.permission.lead"/".admin"; unknown or
// inactive: "error.permission.signed_out"). The kiosk may only leave a request (a new case
// with channel kiosk) and answer surveys ("error.permission.kiosk").
ApplyResult permitted(const AppState& s, const Command& c, const Actor& actor);

// The command's name for the access log ("ReviewCase").
const char* command_name(const Command& c);

// The command as a T when it is one (whatever its family), else nullptr.
template <typename T>
const T* find_command(const Command& c) {
    return std::visit(
        [](const auto& family) -> const T* {
            using Family = std::decay_t<decltype(family)>;
            if constexpr (std::is_same_v<Family, T>) return &family;
            else if constexpr (is_alternative<T, Family>::value) return std::get_if<T>(&family);
            else return nullptr;
        },
        c);
}

}  // namespace kefu
