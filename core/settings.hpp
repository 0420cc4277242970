// The station's settings (one record, settings/workstation) and the commands that change them.
#pragma once
#include <cstddef>
#include <string>
#include <variant>

#include "core/command.hpp"
#include "core/i18n.hpp"
#include "core/record.hpp"

namespace kefu {

struct Settings {
    Language language = Language::ZhCN;
    float ui_scale = 1.0f;         // kiosk screens want 1.5–2.0
    std::string station_name;      // shown in the status bar and on exports
    std::string company_name;      // {company.name} in reply templates
    bool language_chosen = false;  // false: follow the browser's language
    bool home_dashboard = false;   // open on the reports dashboard (a team lead's station), not the cases
    bool mask_phones = false;      // screens visitors may see: 138****1234 until an agent opens the field
    int idle_lock_minutes = 10;    // the screen locks after this long without input; 0: never
    bool kiosk_start = false;      // the station starts as a customer kiosk (leaving needs an administrator)
    // The team this station belongs to (team.hpp; empty: a station on its own). Each desk's
    // own, never replicated: the database's address, the account the station syncs as, and
    // the station code it claimed when it joined (inside its form numbers).
    std::string team_server, team_account, team_station;
    // The working set this station keeps of the team database (working_set.hpp): the last
    // N days and every open case; 0: everything (a small team).
    int team_keep_days = 0;
    bool team_kiosk = false;  // team_server is this kiosk's drop-box: it sends, never reads (JoinTeam::kiosk)
    bool in_team() const { return !team_server.empty(); }
};
constexpr int kMaxIdleLockMinutes = 240;

constexpr float kMinUiScale = 0.75f;
constexpr float kMaxUiScale = 2.5f;
constexpr size_t kMaxStationNameBytes = 120;

// The workstation's settings live in one record.
constexpr const char* kSettingsType = "settings";
constexpr const char* kSettingsId = "workstation";

// Writes a new Settings value into the settings record (created on first change; an identical
// write adds no revision). For families whose commands are settings too (team.hpp).
ApplyOutcome store_settings(AppState& state, const Settings& next, const CommandContext& ctx);

// ---- commands (the settings family) ----------------------------------------------------
struct SetLanguage { Language language; };
struct SetUiScale { float scale; };
struct SetStationName { std::string name; };
struct SetCompanyName { std::string name; };
struct SetHomeScreen { bool dashboard = false; };  // the section the app opens on
struct SetPhoneMasking { bool on = false; };        // phone numbers masked on screen
struct SetIdleLock { int minutes = 10; };           // 0–240; 0: never lock
struct SetKioskStart { bool on = false; };          // start as a kiosk
using SettingsCmd = std::variant<SetLanguage, SetUiScale, SetStationName, SetCompanyName, SetHomeScreen, SetPhoneMasking,
                                 SetIdleLock, SetKioskStart>;
ApplyOutcome apply_family(AppState& s, const SettingsCmd& c, const CommandContext& ctx);
const char* family_command_name(const SettingsCmd& c);
Role family_role(const AppState& s, const SettingsCmd& c, const Actor& actor);

// The settings the records hold (`current` when there are none); the language stays
// `current`'s, the browser's, until the user has chosen one.
Settings settings_from_records(const RecordStore& records, const Settings& current);

// Reads the settings file format of the first release ("kefu.settings" v1), which the
// importer migrates. Never throws; on failure it names the first problem and leaves `out` alone.
ApplyResult parse_settings_json(const std::string& json_text, Settings& out);

}  // namespace kefu
