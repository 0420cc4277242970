#include "core/permissions.hpp"

#include <algorithm>

namespace kefu {

namespace {

// The kiosk may leave a request (a new case from the kiosk channel) and answer a survey.
bool kiosk_may(const Command& c) {
    if (const auto* create = find_command<CreateCase>(c)) return create->channel == CaseChannel::Kiosk;
    return find_command<SubmitResponse>(c) != nullptr;
}

}  // namespace

Role required_role(const AppState& s, const Command& c, const Actor& actor) {
    return std::visit([&](const auto& family) { return family_role(s, family, actor); }, c);
}

const char* command_name(const Command& c) {
    return std::visit([](const auto& family) { return family_command_name(family); }, c);
}

ApplyResult permitted(const AppState& s, const Command& c, const Actor& actor) {
    // Signing in, logging a session's end, taking in what the team database holds and letting
    // go of what the station no longer keeps of it (no one's act here; the server's rules
    // govern the team's data) are open to anyone, the kiosk too.
    if (find_command<SignIn>(c) || find_command<SignInByTeam>(c) || find_command<LogAccess>(c) || find_command<ApplyPulled>(c) || find_command<ReleaseRecords>(c))
        return ApplyResult::success();
    if (actor.agent_id == kKioskActor)
        return kiosk_may(c) ? ApplyResult::success() : ApplyResult::failure("error.permission.kiosk");
    if (s.agents.empty()) return ApplyResult::success();
    auto it = std::lower_bound(s.agents.begin(), s.agents.end(), actor.agent_id,
                               [](const AgentProfile& a, const std::string& id) { return a.id < id; });
    if (it == s.agents.end() || it->id != actor.agent_id || !it->active) return ApplyResult::failure("error.permission.signed_out");
    const Role need = required_role(s, c, actor);
    if (it->role >= need) return ApplyResult::success();
    return ApplyResult::failure(need == Role::Admin ? "error.permission.admin" : "error.permission.lead");
}

}  // namespace kefu
