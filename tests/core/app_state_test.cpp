#include "core/app_state.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace kefu;

TEST_CASE("successful commands change state and bump the version") {
    AppState s;
    CHECK(apply(s, SetLanguage{Language::En}).ok);
    CHECK(s.settings.language == Language::En);
    CHECK(s.settings.language_chosen);
    CHECK(apply(s, SetUiScale{1.5f}).ok);
    CHECK(s.settings.ui_scale == doctest::Approx(1.5f));
    CHECK(apply(s, SetStationName{"一号坐席"}).ok);
    CHECK(s.settings.station_name == "一号坐席");
    CHECK(s.version == 3);
}

TEST_CASE("invalid commands are refused with an error key and leave state alone") {
    AppState s;
    auto r = apply(s, SetUiScale{5.0f});
    CHECK_FALSE(r.ok);
    CHECK(r.error.key == "error.settings.scale_range");
    r = apply(s, SetUiScale{std::numeric_limits<float>::quiet_NaN()});
    CHECK_FALSE(r.ok);
    r = apply(s, SetStationName{std::string(200, 'x')});
    CHECK(r.error.key == "error.settings.station_too_long");
    r = apply(s, SetStationName{std::string("\xE5\xB7", 2)});  // truncated UTF-8
    CHECK(r.error.key == "error.settings.station_encoding");
    r = apply(s, SetLanguage{Language::Count});
    CHECK_FALSE(r.ok);
    CHECK(s.settings.ui_scale == doctest::Approx(1.0f));
    CHECK(s.settings.station_name.empty());
    CHECK(s.version == 0);
}

TEST_CASE("settings export and import round-trip") {
    AppState a;
    REQUIRE(apply(a, SetLanguage{Language::En}).ok);
    REQUIRE(apply(a, SetUiScale{1.25f}).ok);
    REQUIRE(apply(a, SetStationName{"大厅自助终端 \"A\""}).ok);
    const std::string json = settings_to_json(a.settings);

    AppState b;
    REQUIRE(apply(b, ImportSettings{json}).ok);
    CHECK(b.settings.language == Language::En);
    CHECK(b.settings.ui_scale == doctest::Approx(1.25f));
    CHECK(b.settings.station_name == "大厅自助终端 \"A\"");
}

TEST_CASE("a bad settings import names the problem and changes nothing") {
    AppState s;
    REQUIRE(apply(s, SetStationName{"保留"}).ok);
    const uint64_t before = s.version;
    struct Case { const char* json; const char* key; const char* detail; };
    const Case cases[] = {
        {"{oops", "error.import.not_json", ""},
        {R"({"format":"other"})", "error.import.wrong_format", ""},
        {R"({"format":"kefu.settings","version":9})", "error.import.version", "9"},
        {R"({"format":"kefu.settings","version":1,"language":"xx","ui_scale":1})", "error.import.field", "language"},
        {R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":"big"})", "error.import.field", "ui_scale"},
        {R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":9})", "error.settings.scale_range", ""},
        {R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":1,"station_name":7})", "error.import.field", "station_name"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.json);
        const ApplyResult r = apply(s, ImportSettings{c.json});
        CHECK_FALSE(r.ok);
        CHECK(r.error.key == c.key);
        CHECK(r.error.detail == c.detail);
    }
    CHECK(s.settings.station_name == "保留");
    CHECK(s.version == before);
}
