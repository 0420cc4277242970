#include "core/write_rules.hpp"

#include <algorithm>

#include "core/agents.hpp"
#include "core/callback.hpp"
#include "core/case.hpp"
#include "core/case_commands.hpp"
#include "core/contact.hpp"
#include "core/faq.hpp"
#include "core/survey.hpp"
#include "core/templates.hpp"
#include "core/work_log.hpp"

namespace kefu {

namespace {

constexpr Role A = Role::Agent, L = Role::Lead, M = Role::Admin;

std::vector<TypeRule> make_rules() {
    std::vector<TypeRule> r;
    // The daily work: any agent creates and changes; only leads delete.
    for (const char* t : {kCallbackType, kContactType, kArticleStatsType, kTemplateStatsType, kScriptRunType, kResponseType, kWorkLogType})
        r.push_back({t, A, A, L, {}, std::nullopt});
    // A case: the review (审核) is a lead's, and so is the status saying it was reviewed.
    r.push_back({kCaseType, A, A, L, {{"review", "", L}, {"status", "reviewed", L}}, std::nullopt});
    // The knowledge base: an agent may make a draft from a case; publishing and editing are a lead's.
    r.push_back({kArticleType, A, L, L, {{"status", "published", L}, {"status", "archived", L}}, std::nullopt});
    // What the team shares: a lead's. A personal template is its owner's.
    r.push_back({kTemplateType, L, L, L, {}, OwnRule{"owner", "scope", "personal", {}, A}});
    r.push_back({kScriptType, L, L, L, {}, std::nullopt});
    r.push_back({kSurveyType, L, L, L, {}, std::nullopt});
    // Configuration (calendar, deadlines, phrase list, callback rules): the administrator's.
    r.push_back({kConfigType, M, M, M, {}, std::nullopt});
    // Agents: the administrator's; an agent may change their own name and PIN.
    r.push_back({kAgentType, M, M, M, {}, OwnRule{"id", "", "", {"name", "pin"}, A}});
    // The access log: written once, by whoever signs in, never changed, never deleted.
    r.push_back({kAccessType, A, std::nullopt, std::nullopt, {}, std::nullopt});
    std::sort(r.begin(), r.end(), [](const TypeRule& a, const TypeRule& b) { return a.type < b.type; });
    return r;
}

nlohmann::json role_json(const std::optional<Role>& r) { return r ? nlohmann::json(name_of(*r)) : nlohmann::json(nullptr); }

}  // namespace

const std::vector<TypeRule>& write_rules() {
    static const std::vector<TypeRule> rules = make_rules();
    return rules;
}

const std::vector<KioskRule>& kiosk_rules() {
    static const std::vector<KioskRule> rules = {{kCaseType, "channel", name_of(CaseChannel::Kiosk)}, {kResponseType, "", ""}};
    return rules;
}

bool kiosk_sends(const Record& r) {
    if (r.created_by.agent_id != kKioskActor) return false;
    for (const KioskRule& k : kiosk_rules()) {
        if (r.type != k.type) continue;
        if (k.field.empty()) return true;
        const nlohmann::json d = r.data();
        return d.is_object() && d.contains(k.field) && d[k.field] == k.value;
    }
    return false;
}

const TypeRule* write_rule(const std::string& type) {
    for (const TypeRule& t : write_rules())
        if (t.type == type) return &t;
    return nullptr;
}

nlohmann::json write_rules_json() {
    nlohmann::json types = nlohmann::json::object();
    for (const TypeRule& t : write_rules()) {
        nlohmann::json fields = nlohmann::json::array();
        for (const FieldRule& f : t.fields) {
            nlohmann::json one = {{"field", f.field}, {"role", name_of(f.role)}};
            if (!f.value.empty()) one["value"] = f.value;
            fields.push_back(std::move(one));
        }
        nlohmann::json rule = {{"create", role_json(t.create)}, {"change", role_json(t.change)}, {"delete", role_json(t.remove)}, {"fields", fields}};
        if (t.own) {
            nlohmann::json when = nullptr;
            if (!t.own->when_field.empty()) when = {{"field", t.own->when_field}, {"value", t.own->when_value}};
            rule["own"] = {{"owner", t.own->owner_field}, {"when", when}, {"fields", t.own->fields}, {"role", name_of(t.own->role)}};
        }
        types[t.type] = std::move(rule);
    }
    nlohmann::json kiosk = nlohmann::json::array();
    for (const KioskRule& k : kiosk_rules()) {
        nlohmann::json one = {{"type", k.type}};
        if (!k.field.empty()) one["field"] = k.field, one["value"] = k.value;
        kiosk.push_back(std::move(one));
    }
    return {{"format", "kefu.write-rules"},
            {"version", 1},
            {"roles", {name_of(Role::Agent), name_of(Role::Lead), name_of(Role::Admin)}},
            {"types", types},
            {"kiosk", {{"actor", kKioskActor}, {"create", kiosk}}}};
}

}  // namespace kefu
