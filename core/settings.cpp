#include "core/settings.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/app_state.hpp"
#include "core/json_util.hpp"
#include "core/record_write.hpp"
#include "core/utf8.hpp"
#include "core/working_set.hpp"

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
    if (s.in_team()) {
        d["team"] = {{"server", s.team_server}, {"account", s.team_account}, {"station", s.team_station}};
        if (s.team_keep_days != 0) d["team"]["keep_days"] = s.team_keep_days;
        if (s.team_kiosk) d["team"]["kiosk"] = true;
    }
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
    if (d.contains("team") && d["team"].is_object()) {
        const nlohmann::json& t = d["team"];
        s.team_server = json_string(t, "server");
        s.team_account = json_string(t, "account");
        s.team_station = json_string(t, "station");
        s.team_kiosk = json_bool(t, "kiosk", false);
        const int64_t days = json_int(t, "keep_days", 0);
        s.team_keep_days = valid_working_set_days(static_cast<int>(std::clamp<int64_t>(days, 0, kMaxWorkingSetDays))) ? static_cast<int>(days) : 0;
    }
    return s;
}

struct SettingsApplier {
    AppState& state;
    const CommandContext& ctx;
    // The current settings with one edit, written back (an identical write adds no revision).
    template <typename Edit>
    ApplyOutcome store(Edit edit) {
        Settings next = state.settings;
        edit(next);
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetLanguage& c) {
        if (c.language == Language::Count) return refused(ApplyResult::failure("error.settings.language"));
        return store([&](Settings& s) {
            s.language = c.language;
            s.language_chosen = true;
        });
    }
    ApplyOutcome operator()(const SetUiScale& c) {
        if (auto r = check_scale(c.scale); !r.ok) return refused(r);
        return store([&](Settings& s) { s.ui_scale = c.scale; });
    }
    ApplyOutcome operator()(const SetStationName& c) {
        if (auto r = check_station_name(c.name); !r.ok) return refused(r);
        return store([&](Settings& s) { s.station_name = c.name; });
    }
    ApplyOutcome operator()(const SetCompanyName& c) {
        if (auto r = check_station_name(c.name); !r.ok) return refused(r);  // the same limits as a station name
        return store([&](Settings& s) { s.company_name = c.name; });
    }
    ApplyOutcome operator()(const SetHomeScreen& c) { return store([&](Settings& s) { s.home_dashboard = c.dashboard; }); }
    ApplyOutcome operator()(const SetPhoneMasking& c) { return store([&](Settings& s) { s.mask_phones = c.on; }); }
    ApplyOutcome operator()(const SetIdleLock& c) {
        if (c.minutes < 0 || c.minutes > kMaxIdleLockMinutes) return refused(ApplyResult::failure("error.settings.idle_lock"));
        return store([&](Settings& s) { s.idle_lock_minutes = c.minutes; });
    }
    ApplyOutcome operator()(const SetKioskStart& c) { return store([&](Settings& s) { s.kiosk_start = c.on; }); }
};

// Display (language, zoom) is every agent's; the station itself is its administrator's.
constexpr CommandInfo kSettingsCommands[] = {
    {"SetLanguage", Role::Agent},    {"SetUiScale", Role::Agent},      {"SetStationName", Role::Admin}, {"SetCompanyName", Role::Admin},
    {"SetHomeScreen", Role::Admin},  {"SetPhoneMasking", Role::Admin}, {"SetIdleLock", Role::Admin},    {"SetKioskStart", Role::Admin},
};
static_assert(covers<SettingsCmd>(kSettingsCommands), "one row per settings command, in the variant's order");

}  // namespace

ApplyOutcome store_settings(AppState& state, const Settings& next, const CommandContext& ctx) {
    return write_record(state.records, kSettingsType, kSettingsId, settings_data(next), ctx);
}

ApplyOutcome apply_family(AppState& s, const SettingsCmd& c, const CommandContext& ctx) { return std::visit(SettingsApplier{s, ctx}, c); }
const char* family_command_name(const SettingsCmd& c) { return kSettingsCommands[c.index()].name; }
Role family_role(const AppState&, const SettingsCmd& c, const Actor&) { return kSettingsCommands[c.index()].role; }

Settings settings_from_records(const RecordStore& records, const Settings& current) {
    const Record* rec = records.find(kSettingsType, kSettingsId);
    if (!rec) return current;
    Settings s = settings_from_data(rec->data());
    // Until the user picks a language, keep following the browser's.
    if (!s.language_chosen) s.language = current.language;
    return s;
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
