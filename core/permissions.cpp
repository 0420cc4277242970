#include "core/permissions.hpp"

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
    Role operator()(const ApplyImport&) const { return Role::Admin; }
    Role operator()(const SetCalendar&) const { return Role::Admin; }
    Role operator()(const SetSlaRules&) const { return Role::Admin; }
    Role operator()(const SetPhrases&) const { return Role::Admin; }
    Role operator()(const SetCallbackRules&) const { return Role::Admin; }
    // Team leads: reviews, and what the whole team uses.
    Role operator()(const ReviewCase&) const { return Role::Lead; }
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

}  // namespace

Role required_role(const AppState& s, const Command& c, const Actor& actor) { return std::visit(RoleOf{s, actor}, c); }

}  // namespace kefu
