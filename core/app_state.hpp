// AppState and its one door: apply(state, command).
// Issue "Storage" grows this into the full record/command/history API; for now it holds
// the workstation settings, which already follow the rule: views dispatch commands,
// apply() validates and changes state, errors come back as values.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

#include "core/i18n.hpp"

namespace kefu {

struct Settings {
    Language language = Language::ZhCN;
    float ui_scale = 1.0f;         // kiosk screens want 1.5–2.0
    std::string station_name;      // shown in the status bar and on exports
    bool language_chosen = false;  // false: follow the browser's language
};

constexpr float kMinUiScale = 0.75f;
constexpr float kMaxUiScale = 2.5f;
constexpr size_t kMaxStationNameBytes = 120;

struct AppState {
    Settings settings;
    uint64_t version = 0;  // bumped by every successful apply(); views key caches on it
};

// ---- commands --------------------------------------------------------------------
struct SetLanguage { Language language; };
struct SetUiScale { float scale; };
struct SetStationName { std::string name; };
struct ImportSettings { std::string json_text; };

using Command = std::variant<SetLanguage, SetUiScale, SetStationName, ImportSettings>;

// An error is a translation key plus arguments, so the view can say it in the user's language.
struct CommandError {
    std::string key;     // e.g. "error.settings.scale_range"
    std::string detail;  // substituted for {detail}
};

struct ApplyResult {
    bool ok = true;
    CommandError error;
    static ApplyResult success() { return {}; }
    static ApplyResult failure(std::string key, std::string detail = {}) {
        return {false, {std::move(key), std::move(detail)}};
    }
};

ApplyResult apply(AppState& state, const Command& command);

// Settings <-> JSON (export/import). parse_settings_json never throws; on failure it
// returns an error naming the first problem and leaves `out` untouched.
std::string settings_to_json(const Settings& settings);
ApplyResult parse_settings_json(const std::string& json_text, Settings& out);

}  // namespace kefu
