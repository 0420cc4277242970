#include "core/app_state.hpp"

#include "core/exchange.hpp"
#include "core/permissions.hpp"
#include "core/json_util.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace kefu {

namespace {

ApplyResult check_scale(float scale) {
    if (!std::isfinite(scale) || scale < kMinUiScale || scale > kMaxUiScale)
        return ApplyResult::failure("error.settings.scale_range");
    return ApplyResult::success();
}

ApplyResult check_station_name(const std::string& name) {
    if (name.size() > kMaxStationNameBytes) return ApplyResult::failure("error.settings.station_too_long");
    if (!valid_utf8(name)) return ApplyResult::failure("error.settings.station_encoding");
    return ApplyResult::success();
}

nlohmann::json settings_data(const Settings& s) {
    nlohmann::json d = {{"language", language_tag(s.language)}, {"language_chosen", s.language_chosen},
                        {"ui_scale", s.ui_scale}, {"station_name", s.station_name}};
    if (!s.company_name.empty()) d["company_name"] = s.company_name;
    if (s.home_dashboard) d["home"] = "dashboard";
    if (s.mask_phones) d["mask_phones"] = true;
    if (s.idle_lock_minutes != Settings{}.idle_lock_minutes) d["idle_lock_minutes"] = s.idle_lock_minutes;
    if (s.kiosk_start) d["start"] = "kiosk";
    return d;
}

Settings settings_from_data(const nlohmann::json& d) {
    Settings s;
    if (d.contains("language") && d["language"].is_string()) parse_language_tag(d["language"].get<std::string>(), s.language);
    if (d.contains("language_chosen") && d["language_chosen"].is_boolean()) s.language_chosen = d["language_chosen"].get<bool>();
    if (d.contains("ui_scale") && d["ui_scale"].is_number() && check_scale(d["ui_scale"].get<float>()).ok)
        s.ui_scale = d["ui_scale"].get<float>();
    if (d.contains("station_name") && d["station_name"].is_string()) s.station_name = d["station_name"].get<std::string>();
    s.company_name = json_string(d, "company_name");
    s.home_dashboard = json_string(d, "home") == "dashboard";
    s.mask_phones = json_bool(d, "mask_phones", false);
    s.kiosk_start = json_string(d, "start") == "kiosk";
    s.idle_lock_minutes = static_cast<int>(std::clamp<int64_t>(json_int(d, "idle_lock_minutes", s.idle_lock_minutes), 0, kMaxIdleLockMinutes));
    return s;
}

// Writes a new Settings value into the settings record (created on first change).
ApplyOutcome store_settings(AppState& state, const Settings& next, const CommandContext& ctx) {
    return write_record(state.records, kSettingsType, kSettingsId, settings_data(next), ctx);
}

struct Applier {
    AppState& state;
    const CommandContext& ctx;
    ApplyOutcome operator()(const SetLanguage& c) {
        if (c.language == Language::Count) return {ApplyResult::failure("error.settings.language"), {}};
        Settings next = state.settings;
        next.language = c.language;
        next.language_chosen = true;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetUiScale& c) {
        if (auto r = check_scale(c.scale); !r.ok) return {r, {}};
        Settings next = state.settings;
        next.ui_scale = c.scale;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetStationName& c) {
        if (auto r = check_station_name(c.name); !r.ok) return {r, {}};
        Settings next = state.settings;
        next.station_name = c.name;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetCompanyName& c) {
        if (auto r = check_station_name(c.name); !r.ok) return {r, {}};  // the same limits as a station name
        Settings next = state.settings;
        next.company_name = c.name;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetHomeScreen& c) {
        Settings next = state.settings;
        next.home_dashboard = c.dashboard;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetPhoneMasking& c) {
        Settings next = state.settings;
        next.mask_phones = c.on;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetIdleLock& c) {
        if (c.minutes < 0 || c.minutes > kMaxIdleLockMinutes) return refused(ApplyResult::failure("error.settings.idle_lock"));
        Settings next = state.settings;
        next.idle_lock_minutes = c.minutes;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetKioskStart& c) {
        Settings next = state.settings;
        next.kiosk_start = c.on;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SaveAgent& c) { return apply_agents(state, c, ctx); }
    ApplyOutcome operator()(const SignIn& c) { return apply_agents(state, c, ctx); }
    ApplyOutcome operator()(const LogAccess& c) { return apply_agents(state, c, ctx); }
    ApplyOutcome operator()(const ApplyImport& c) {
        if (!c.plan) return {ApplyResult::failure("import.err.refused", "0"), {}};
        ApplyOutcome out = apply_import(state, *c.plan, c.policy, ctx);  // refreshes every derived view
        if (out.ok() && !out.changes.empty()) {
            for (Change& ch : renumber_form_clashes(state, out.changes, ctx)) out.changes.push_back(std::move(ch));
        }
        return out;
    }
    ApplyOutcome operator()(const SaveArticle& c) { return apply_faq(state, c, ctx); }
    ApplyOutcome operator()(const SetArticleStatus& c) { return apply_faq(state, c, ctx); }
    ApplyOutcome operator()(const RestoreArticleVersion& c) { return apply_faq(state, c, ctx); }
    ApplyOutcome operator()(const DeleteArticle& c) { return apply_faq(state, c, ctx); }
    ApplyOutcome operator()(const RateArticle& c) { return apply_faq(state, c, ctx); }
    ApplyOutcome operator()(const UseArticleForCase& c) { return apply_faq(state, c, ctx); }
    ApplyOutcome operator()(const DraftArticleFromCase& c) { return apply_faq(state, c, ctx); }
    ApplyOutcome operator()(const SaveTemplate& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const DeleteTemplate& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const RestoreTemplateVersion& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const DeleteScript& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const UseTemplate& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const SetTemplateFavourite& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const SaveScript& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const StartScriptRun& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const MarkScriptStep& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const FinishScriptRun& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const SetPhrases& c) { return apply_templates(state, c, ctx); }
    ApplyOutcome operator()(const SaveSurvey& c) { return apply_survey(state, c, ctx); }
    ApplyOutcome operator()(const SaveWorkLog& c) { return apply_work_log(state, c, ctx); }
    ApplyOutcome operator()(const DeleteSurvey& c) { return apply_survey(state, c, ctx); }
    ApplyOutcome operator()(const SubmitResponse& c) { return apply_survey(state, c, ctx); }
    ApplyOutcome operator()(const RecordCallback& c) { return apply_callback(state, c, ctx); }
    ApplyOutcome operator()(const SetCallbackRules& c) { return apply_callback(state, c, ctx); }
    ApplyOutcome operator()(const FinishCallback& c) { return apply_callback(state, c, ctx); }
    template <typename CaseCommand>
    ApplyOutcome operator()(const CaseCommand& c) {
        return apply_case(state, c, ctx);
    }
};

void refresh_config(AppState& state) {
    if (const Record* r = state.records.find(kConfigType, kCalendarId)) {
        WorkCalendar cal;
        if (parse_calendar(r->data(), cal).empty()) state.calendar = std::move(cal);
    } else {
        state.calendar = state.default_calendar;
    }
    if (const Record* r = state.records.find(kConfigType, kSlaRulesId)) {
        std::vector<SlaRule> rules;
        if (parse_sla_rules(r->data(), rules).empty()) state.sla_rules = std::move(rules);
    } else {
        state.sla_rules = default_sla_rules();
    }
    const Record* cb = state.records.find(kConfigType, kCallbackRulesId);
    state.callback_rules = cb ? callback_rules_from_data(cb->data()) : CallbackRules{};
}

void refresh_settings(AppState& state) {
    const Record* rec = state.records.find(kSettingsType, kSettingsId);
    const Language browser_default = state.settings.language;
    if (rec) {
        state.settings = settings_from_data(rec->data());
        // Until the user picks a language, keep following the browser's.
        if (!state.settings.language_chosen) state.settings.language = browser_default;
    }
}

}  // namespace

void create_record(RecordStore& store, const std::string& type, const std::string& id, const nlohmann::json& data,
                   const CommandContext& ctx, ApplyOutcome& out) {
    Change change;
    out.result = store.create(type, id, data, ctx, &change);
    if (out.ok()) out.changes.push_back(std::move(change));
}

ApplyOutcome replace_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                            nlohmann::json data, const CommandContext& ctx) {
    ApplyOutcome out;
    if (const Record* current = store.find(type, id)) {
        const nlohmann::json before = current->data();
        for (auto it = before.begin(); it != before.end(); ++it)
            if (!data.contains(it.key())) data[it.key()] = nullptr;  // null: remove the field
    }
    Change change;
    change.rev = 0;  // stays 0 when nothing changed
    out.result = store.update(type, id, base_rev, data, ctx, &change);
    if (out.ok() && change.rev != 0) out.changes.push_back(std::move(change));
    return out;
}

ApplyOutcome write_record(RecordStore& store, const std::string& type, const std::string& id, const nlohmann::json& data,
                          const CommandContext& ctx) {
    const Record* rec = store.find(type, id);
    if (rec) return replace_record(store, type, id, rec->rev, data, ctx);
    ApplyOutcome out;
    create_record(store, type, id, data, ctx, out);
    return out;
}

ApplyOutcome save_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                         const nlohmann::json& data, const CommandContext& ctx, const char* not_found_key) {
    if (store.find(type, id)) return replace_record(store, type, id, base_rev, data, ctx);
    if (store.find_any(type, id) || base_rev != 0) return refused(ApplyResult::failure(not_found_key, id));
    ApplyOutcome out;
    create_record(store, type, id, data, ctx, out);
    return out;
}

ApplyOutcome remove_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                           const nlohmann::json* write_first, const CommandContext& ctx) {
    ApplyOutcome out;
    if (write_first) {
        create_record(store, type, id, *write_first, ctx, out);
        if (!out.ok()) return out;
        base_rev = 1;
    }
    Change change;
    out.result = store.remove(type, id, base_rev, ctx, &change);
    if (out.ok()) out.changes.push_back(std::move(change));
    return out;
}

ApplyOutcome apply(AppState& state, const Command& command, const CommandContext& ctx) {
    ApplyOutcome out;
    if (ApplyResult allowed = permitted(state, command, ctx.actor); !allowed.ok) {
        log_access(state, AccessEvent::Refused, ctx.actor.agent_id, command_name(command), ctx, out);
        out.result = std::move(allowed);
    } else {
        out = std::visit(Applier{state, ctx}, command);
    }
    // A refusal may still write its access-log entry (a wrong PIN, a command above one's role).
    if (!out.changes.empty()) {
        if (!std::holds_alternative<ApplyImport>(command)) sync_derived(state, out.changes);
        ++state.version;
    }
    return out;
}

void refresh_derived(AppState& state) {
    refresh_settings(state);
    refresh_config(state);
    refresh_phrases(state);
    state.cases.rebuild(state.records, state.calendar, state.sla_rules);
    rebuild_faq_index(state);
    state.responses.rebuild(state.records, state.calendar.utc_offset_minutes);
    state.callbacks.rebuild(state.records);
    state.contacts.invalidate();
    state.agents = all_agents(state.records);
    state.pin_streaks.rebuild(state.records);
}

void sync_derived(AppState& state, const std::vector<Change>& changes) {
    constexpr size_t kIncrementalLimit = 2000;  // beyond this a rebuild is faster than row by row
    bool settings = false, config = false;
    std::vector<const std::string*> cases, responses, callbacks;
    for (const Change& c : changes) {
        if (c.type == kSettingsType) settings = true;
        else if (c.type == kConfigType) config = true;
        else if (c.type == kCaseType) cases.push_back(&c.id);
        else if (c.type == kArticleType) sync_article(state, c.id);
        else if (c.type == kResponseType) responses.push_back(&c.id);
        else if (c.type == kCallbackType) callbacks.push_back(&c.id);
        else if (c.type == kContactType) state.contacts.refresh(state.records, c.id);
        else if (c.type == kAgentType) state.agents = all_agents(state.records);
        else if (c.type == kAccessType) {
            if (const Record* r = state.records.find(kAccessType, c.id)) state.pin_streaks.note(*r);
        }
    }
    if (settings) refresh_settings(state);
    if (config) {
        refresh_config(state);
        refresh_phrases(state);
    }
    if (responses.size() > kIncrementalLimit || config) state.responses.rebuild(state.records, state.calendar.utc_offset_minutes);
    else for (const std::string* id : responses) state.responses.refresh(state.records, *id, state.calendar.utc_offset_minutes);
    if (callbacks.size() > kIncrementalLimit) state.callbacks.rebuild(state.records);
    else for (const std::string* id : callbacks) state.callbacks.refresh(state.records, *id);
    if (cases.size() > kIncrementalLimit) {
        state.cases.rebuild(state.records, state.calendar, state.sla_rules);
        return;
    }
    for (const std::string* id : cases) state.cases.refresh(state.records, *id, state.calendar, state.sla_rules);
    if (config) state.cases.replan(state.calendar, state.sla_rules);
}

ApplyResult parse_settings_json(const std::string& json_text, Settings& out) {
    nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return ApplyResult::failure("error.import.not_json");
    if (!j.is_object() || json_string(j, "format") != "kefu.settings")
        return ApplyResult::failure("error.import.wrong_format");
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != 1)
        return ApplyResult::failure("error.import.version", j.contains("version") ? j["version"].dump() : "?");

    Settings s;
    if (!j.contains("language") || !j["language"].is_string() ||
        !parse_language_tag(j["language"].get<std::string>(), s.language))
        return ApplyResult::failure("error.import.field", "language");
    if (!j.contains("ui_scale") || !j["ui_scale"].is_number())
        return ApplyResult::failure("error.import.field", "ui_scale");
    s.ui_scale = j["ui_scale"].get<float>();
    if (auto r = check_scale(s.ui_scale); !r.ok) return r;
    if (j.contains("station_name")) {
        if (!j["station_name"].is_string()) return ApplyResult::failure("error.import.field", "station_name");
        s.station_name = j["station_name"].get<std::string>();
        if (auto r = check_station_name(s.station_name); !r.ok) return r;
    }
    if (j.contains("home") && (!j["home"].is_string() || (j["home"] != "dashboard" && j["home"] != "cases")))
        return ApplyResult::failure("error.import.field", "home");
    s.home_dashboard = json_string(j, "home") == "dashboard";
    if (j.contains("mask_phones") && !j["mask_phones"].is_boolean()) return ApplyResult::failure("error.import.field", "mask_phones");
    s.mask_phones = json_bool(j, "mask_phones", false);
    if (j.contains("language_chosen") && !j["language_chosen"].is_boolean())
        return ApplyResult::failure("error.import.field", "language_chosen");
    s.language_chosen = json_bool(j, "language_chosen", true);
    out = s;
    return ApplyResult::success();
}

}  // namespace kefu
