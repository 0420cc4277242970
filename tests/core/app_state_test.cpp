#include "core/app_state.hpp"
#include "core/exchange.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace kefu;

namespace {
const CommandContext kCtx{{"1001", "张敏"}, 1'700'000'000'000};
}

TEST_CASE("settings commands write the settings record and bump the version") {
    AppState s;
    ApplyOutcome o = apply(s, SetLanguage{Language::En}, kCtx);
    CHECK(o.ok());
    REQUIRE(o.changes.size() == 1);
    CHECK(o.changes[0].op == ChangeOp::Create);
    CHECK(s.settings.language == Language::En);
    CHECK(s.settings.language_chosen);
    CHECK(apply(s, SetUiScale{1.5f}, kCtx).ok());
    CHECK(s.settings.ui_scale == doctest::Approx(1.5f));
    o = apply(s, SetStationName{"一号坐席"}, kCtx);
    CHECK(o.changes.at(0).op == ChangeOp::Update);
    CHECK(s.settings.station_name == "一号坐席");
    CHECK(s.version == 3);

    const Record* rec = s.records.find(kSettingsType, kSettingsId);
    REQUIRE(rec != nullptr);
    CHECK(rec->rev == 3);
    CHECK(rec->data()["station_name"] == "一号坐席");
    CHECK(rec->updated_by.agent_id == "1001");
    const auto hist = s.records.history(kSettingsType, kSettingsId);
    REQUIRE_FALSE(hist.empty());
    REQUIRE(hist.size() == 3);
    CHECK(hist.back().fields.size() == 1);
    CHECK(hist.back().fields[0].field == "station_name");
    CHECK(hist.back().fields[0].before == "");
    CHECK(hist.back().fields[0].after == "一号坐席");
}

TEST_CASE("a command that changes nothing produces no change and no revision") {
    AppState s;
    REQUIRE(apply(s, SetStationName{"A"}, kCtx).ok());
    const ApplyOutcome o = apply(s, SetStationName{"A"}, kCtx);
    CHECK(o.ok());
    CHECK(o.changes.empty());
    CHECK(s.version == 1);
}

TEST_CASE("invalid commands are refused with an error key and leave state alone") {
    AppState s;
    auto r = apply(s, SetUiScale{5.0f}, kCtx).result;
    CHECK_FALSE(r.ok);
    CHECK(r.error.key == "error.settings.scale_range");
    r = apply(s, SetUiScale{std::numeric_limits<float>::quiet_NaN()}, kCtx).result;
    CHECK_FALSE(r.ok);
    r = apply(s, SetStationName{std::string(200, 'x')}, kCtx).result;
    CHECK(r.error.key == "error.settings.station_too_long");
    r = apply(s, SetStationName{std::string("\xE5\xB7", 2)}, kCtx).result;  // truncated UTF-8
    CHECK(r.error.key == "error.settings.station_encoding");
    r = apply(s, SetLanguage{Language::Count}, kCtx).result;
    CHECK_FALSE(r.ok);
    CHECK(s.settings.ui_scale == doctest::Approx(1.0f));
    CHECK(s.settings.station_name.empty());
    CHECK(s.version == 0);
    CHECK(s.records.total() == 0);
}

TEST_CASE("refresh_derived rebuilds settings from the record, keeping the browser language until one is chosen") {
    AppState a;
    REQUIRE(apply(a, SetStationName{"二号坐席"}, kCtx).ok());
    AppState b;
    b.records = a.records;
    b.settings.language = Language::En;  // what the browser asked for
    refresh_derived(b);
    CHECK(b.settings.station_name == "二号坐席");
    CHECK(b.settings.language == Language::En);
    REQUIRE(apply(b, SetLanguage{Language::ZhCN}, kCtx).ok());
    AppState c;
    c.records = b.records;
    c.settings.language = Language::En;
    refresh_derived(c);
    CHECK(c.settings.language == Language::ZhCN);
}

TEST_CASE("the first release's settings file parses, and a bad one names the problem") {
    Settings s;
    REQUIRE(parse_settings_json(R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":1.25,"station_name":"大厅"})", s).ok);
    CHECK(s.language == Language::En);
    CHECK(s.ui_scale == doctest::Approx(1.25f));
    CHECK(s.station_name == "大厅");
    struct Case { const char* json; const char* key; const char* detail; };
    const Case cases[] = {
        {"{oops", "error.import.not_json", ""},
        {R"({"format":"other"})", "error.import.wrong_format", ""},
        {R"({"format":"kefu.settings","version":9})", "error.import.version", "9"},
        {R"({"format":"kefu.settings","version":1,"language":"xx","ui_scale":1})", "error.import.field", "language"},
        {R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":"big"})", "error.import.field", "ui_scale"},
        {R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":9})", "error.settings.scale_range", ""},
        {R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":1,"station_name":7})", "error.import.field", "station_name"},
        {R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":1,"home":"admin"})", "error.import.field", "home"},
        {R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":1,"mask_phones":"yes"})", "error.import.field", "mask_phones"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.json);
        Settings out;
        out.station_name = "保留";
        const ApplyResult r = parse_settings_json(c.json, out);
        CHECK_FALSE(r.ok);
        CHECK(r.error.key == c.key);
        CHECK(r.error.detail == c.detail);
        CHECK(out.station_name == "保留");
    }
}

TEST_CASE("a setting cleared is removed from the settings record, not left at its old value") {
    AppState s;
    REQUIRE(apply(s, SetCompanyName{"XX 科技"}, kCtx).ok());
    CHECK(s.settings.company_name == "XX 科技");
    REQUIRE(apply(s, SetCompanyName{""}, kCtx).ok());
    CHECK(s.settings.company_name.empty());
    CHECK_FALSE(s.records.find(kSettingsType, kSettingsId)->data().contains("company_name"));
    refresh_derived(s);  // as after a reload
    CHECK(s.settings.company_name.empty());
}

TEST_CASE("the home screen: a team lead's station opens on the dashboard, kept across a reload and a settings import") {
    AppState s;
    CHECK_FALSE(s.settings.home_dashboard);
    REQUIRE(apply(s, SetHomeScreen{true}, kCtx).ok());
    CHECK(s.settings.home_dashboard);
    CHECK(s.records.find(kSettingsType, kSettingsId)->data()["home"] == "dashboard");
    refresh_derived(s);  // as after a reload
    CHECK(s.settings.home_dashboard);
    REQUIRE(apply(s, SetHomeScreen{false}, kCtx).ok());
    CHECK_FALSE(s.records.find(kSettingsType, kSettingsId)->data().contains("home"));
    Settings parsed;
    REQUIRE(parse_settings_json(R"({"format":"kefu.settings","version":1,"language":"zh-CN","ui_scale":1,"home":"dashboard"})", parsed).ok);
    CHECK(parsed.home_dashboard);
}

TEST_CASE("phone masking on screen is a station setting, kept across a reload") {
    AppState s;
    CHECK_FALSE(s.settings.mask_phones);
    REQUIRE(apply(s, SetPhoneMasking{true}, kCtx).ok());
    CHECK(s.settings.mask_phones);
    refresh_derived(s);
    CHECK(s.settings.mask_phones);
    CHECK(mask_phone("13812345678") == "138****5678");
    REQUIRE(apply(s, SetPhoneMasking{false}, kCtx).ok());
    CHECK_FALSE(s.records.find(kSettingsType, kSettingsId)->data().contains("mask_phones"));
}
