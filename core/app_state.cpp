#include "core/app_state.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace kefu {

namespace {

// Structural UTF-8 check (lead byte + continuation bytes); JSON export must not choke.
bool valid_utf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 99;
        if (extra == 99 || i + extra >= s.size() + (extra ? 0 : 1)) return false;
        for (size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
        i += extra + 1;
    }
    return true;
}

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

struct Applier {
    AppState& state;
    ApplyResult operator()(const SetLanguage& c) {
        if (c.language == Language::Count) return ApplyResult::failure("error.settings.language");
        state.settings.language = c.language;
        state.settings.language_chosen = true;
        return ApplyResult::success();
    }
    ApplyResult operator()(const SetUiScale& c) {
        if (auto r = check_scale(c.scale); !r.ok) return r;
        state.settings.ui_scale = c.scale;
        return ApplyResult::success();
    }
    ApplyResult operator()(const SetStationName& c) {
        if (auto r = check_station_name(c.name); !r.ok) return r;
        state.settings.station_name = c.name;
        return ApplyResult::success();
    }
    ApplyResult operator()(const ImportSettings& c) {
        Settings parsed;
        if (auto r = parse_settings_json(c.json_text, parsed); !r.ok) return r;
        state.settings = parsed;
        return ApplyResult::success();
    }
};

}  // namespace

ApplyResult apply(AppState& state, const Command& command) {
    ApplyResult result = std::visit(Applier{state}, command);
    if (result.ok) ++state.version;
    return result;
}

std::string settings_to_json(const Settings& s) {
    nlohmann::json j = {
        {"format", "kefu.settings"},
        {"version", 1},
        {"language", language_tag(s.language)},
        {"language_chosen", s.language_chosen},
        {"ui_scale", s.ui_scale},
        {"station_name", s.station_name},
    };
    return j.dump(2);
}

ApplyResult parse_settings_json(const std::string& json_text, Settings& out) {
    nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return ApplyResult::failure("error.import.not_json");
    if (!j.is_object() || j.value("format", "") != "kefu.settings")
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
    s.language_chosen = j.value("language_chosen", true);
    out = s;
    return ApplyResult::success();
}

}  // namespace kefu
