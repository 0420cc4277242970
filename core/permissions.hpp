// Which role each command needs (the issue "Modes"): leads review cases and edit what the
// team shares (FAQ, shared templates and call scripts, survey definitions); administrators
// edit the station's configuration (calendar, deadlines, phrase list, callback rules, the
// station itself, imports, agents and modes); everything else is an agent's daily work.
#pragma once
#include "core/agents.hpp"
#include "core/app_state.hpp"

namespace kefu {

// The least role that may run `c` as `actor` (a personal template is its owner's to edit).
Role required_role(const AppState& s, const Command& c, const Actor& actor);

}  // namespace kefu
