#include "core/permissions.hpp"

#include <algorithm>

namespace kefu {

namespace {

// A personal template (or one being made personal) is its owner's; a shared one the team's.
Role template_role(const AppState& s, const std::string& id, const Actor& actor) {
    ReplyTemplate t;
    if (find_template(s, id, t) && t.personal && t.owner == actor.agent_id) return Role::Agent;
    return Role::Lead;
}

struct RoleOf {
    const AppState& s;
    const Actor& actor;
    // Administrators: the station's configuration, and imports (they can replace anything).
    Role operator()(const SetStationName&) const { return Role::Admin; }
    Role operator()(const SetCompanyName&) const { return Role::Admin; }
    Role operator()(const SetHomeScreen&) const { return Role::Admin; }
    Role operator()(const SetPhoneMasking&) const { return Role::Admin; }
    Role operator()(const SetIdleLock&) const { return Role::Admin; }
    Role operator()(const SetKioskStart&) const { return Role::Admin; }
    Role operator()(const SaveAgent& c) const {
        // Agents may change their own name and PIN, never their role, team or standing.
        AgentProfile cur;
        if (c.agent.id == actor.agent_id && find_agent(s.records, c.agent.id, cur) && cur.role == c.agent.role &&
            cur.team == c.agent.team && cur.active == c.agent.active)
            return Role::Agent;
        return Role::Admin;
    }
    Role operator()(const ApplyImport&) const { return Role::Admin; }
    Role operator()(const SetCalendar&) const { return Role::Admin; }
    Role operator()(const SetSlaRules&) const { return Role::Admin; }
    Role operator()(const SetPhrases&) const { return Role::Admin; }
    Role operator()(const SetCallbackRules&) const { return Role::Admin; }
    // Team leads: reviews, and what the whole team uses.
    Role operator()(const ReviewCase&) const { return Role::Lead; }
    Role operator()(const RunCaseStep& c) const { return std::visit(*this, c.step); }  // saving the form is every agent's
    Role operator()(const SaveArticle&) const { return Role::Lead; }
    Role operator()(const SetArticleStatus&) const { return Role::Lead; }
    Role operator()(const RestoreArticleVersion&) const { return Role::Lead; }
    Role operator()(const DeleteArticle&) const { return Role::Lead; }
    Role operator()(const SaveScript&) const { return Role::Lead; }
    Role operator()(const DeleteScript&) const { return Role::Lead; }
    Role operator()(const SaveSurvey&) const { return Role::Lead; }
    Role operator()(const DeleteSurvey&) const { return Role::Lead; }
    Role operator()(const SaveTemplate& c) const {
        if (c.tmpl.personal && c.tmpl.owner == actor.agent_id) {
            // Editing one's own template, or making a new personal one; never taking over a shared one.
            ReplyTemplate cur;
            return !find_template(s, c.tmpl.id, cur) || (cur.personal && cur.owner == actor.agent_id) ? Role::Agent : Role::Lead;
        }
        return Role::Lead;
    }
    Role operator()(const DeleteTemplate& c) const { return template_role(s, c.id, actor); }
    Role operator()(const RestoreTemplateVersion& c) const { return template_role(s, c.id, actor); }
    // Everything else is the daily work of every agent: cases, calls, callbacks, surveys
    // answered, FAQ feedback and drafts, template uses, call scripts run, the work log, display.
    template <typename T>
    Role operator()(const T&) const {
        return Role::Agent;
    }
};

const char* const kCommandNames[] = {
    "SetLanguage", "SetUiScale", "SetStationName", "SetCompanyName", "SetHomeScreen", "SetPhoneMasking", "SetIdleLock", "SetKioskStart",
    "ApplyImport", "CreateCase", "EditCase", "AnswerCase", "ForwardCase", "RecordSolution", "ReplyToCustomer",
    "OpenFollowUp", "ReviewCase", "CloseCase", "ReopenCase", "PauseCase", "ResumeCase", "RunCaseStep", "SetCalendar", "SetSlaRules",
    "LogContact", "AttachContact", "SaveArticle", "SetArticleStatus", "RestoreArticleVersion", "DeleteArticle",
    "RateArticle", "UseArticleForCase", "DraftArticleFromCase", "SaveTemplate", "DeleteTemplate",
    "RestoreTemplateVersion", "UseTemplate", "SetTemplateFavourite", "SaveScript", "DeleteScript", "StartScriptRun",
    "MarkScriptStep", "FinishScriptRun", "SetPhrases", "SaveSurvey", "DeleteSurvey", "SubmitResponse",
    "RecordCallback", "SetCallbackRules", "FinishCallback", "SaveWorkLog", "SaveAgent", "SignIn", "LogAccess"};
static_assert(sizeof(kCommandNames) / sizeof(kCommandNames[0]) == std::variant_size_v<Command>,
              "every command needs its name for the access log");

bool kiosk_may(const Command& c) {
    if (const auto* create = std::get_if<CreateCase>(&c)) return create->channel == CaseChannel::Kiosk;
    return std::holds_alternative<SubmitResponse>(c);
}

}  // namespace

Role required_role(const AppState& s, const Command& c, const Actor& actor) { return std::visit(RoleOf{s, actor}, c); }

const char* command_name(const Command& c) { return kCommandNames[c.index()]; }

ApplyResult permitted(const AppState& s, const Command& c, const Actor& actor) {
    if (std::holds_alternative<SignIn>(c) || std::holds_alternative<LogAccess>(c)) return ApplyResult::success();
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
