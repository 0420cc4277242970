#include "core/app_state.hpp"
#include "core/calendar.hpp"
#include "core/civil_date.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace kefu;
using nlohmann::json;

namespace {

// Local wall time in a calendar's zone, as UTC ms.
int64_t local(const WorkCalendar& cal, int y, int mo, int d, int h = 0, int mi = 0) {
    return days_from_civil({y, mo, d}) * kMsPerDay + h * kMsPerHour + mi * kMsPerMinute -
           int64_t{cal.utc_offset_minutes} * kMsPerMinute;
}

WorkCalendar shipped() {
    WorkCalendar cal = test::shipped_calendar();
    REQUIRE(cal.holidays.size() == 33);
    return cal;
}

}  // namespace

TEST_CASE("civil dates: round trip, weekdays, strict parsing") {
    for (int64_t day = -800; day < 50000; day += 37) CHECK(days_from_civil(civil_from_days(day)) == day);
    CHECK(weekday_from_days(days_from_civil({2026, 11, 23})) == 0);  // a Monday
    CHECK(weekday_from_days(days_from_civil({2026, 1, 4})) == 6);    // a Sunday
    CivilDate d;
    CHECK(parse_ymd("2024-02-29", d));
    CHECK_FALSE(parse_ymd("2026-02-29", d));
    CHECK_FALSE(parse_ymd("2026-13-01", d));
    CHECK_FALSE(parse_ymd("2026-1-01", d));
    CHECK_FALSE(parse_ymd("２０２６-01-01", d));
    CHECK(format_ymd({2026, 3, 7}) == "2026-03-07");
}

TEST_CASE("the shipped 2026 calendar: holidays and make-up working days of the State Council notice") {
    const WorkCalendar cal = shipped();
    CHECK(cal.utc_offset_minutes == 480);
    CHECK(cal.holidays.size() == 33);
    CHECK(cal.workdays.size() == 6);
    auto hours = [&](int m, int d) { return cal.hours_on(days_from_civil({2026, m, d})).size(); };
    CHECK(hours(1, 1) == 0);   // 元旦, a Thursday
    CHECK(hours(1, 4) == 1);   // Sunday worked (元旦调休)
    CHECK(hours(2, 14) == 1);  // Saturday worked
    CHECK(hours(2, 23) == 0);  // last day of the Spring Festival break, a Monday
    CHECK(hours(2, 24) == 1);
    CHECK(hours(5, 9) == 1);
    CHECK(hours(10, 7) == 0);
    CHECK(hours(10, 8) == 1);
    CHECK(hours(11, 21) == 0);  // an ordinary Saturday
    CHECK(cal.standard_day_ms() == 9 * kMsPerHour);
}

TEST_CASE("working time across nights, weekends, holidays and make-up days") {
    const WorkCalendar cal = shipped();
    // Mon 17:00 -> Tue 10:00: one hour each evening and morning.
    CHECK(working_ms_between(cal, local(cal, 2026, 11, 23, 17), local(cal, 2026, 11, 24, 10)) == 2 * kMsPerHour);
    // Friday 17:30 + 2 working hours: Monday 10:30.
    CHECK(add_working_ms(cal, local(cal, 2026, 11, 20, 17, 30), 2 * kMsPerHour) == local(cal, 2026, 11, 23, 10, 30));
    // Landing exactly on the end of the working day: 18:00 that day, not 09:00 the next.
    CHECK(add_working_ms(cal, local(cal, 2026, 11, 23, 16), 2 * kMsPerHour) == local(cal, 2026, 11, 23, 18));
    // Night start: counted from 09:00.
    CHECK(add_working_ms(cal, local(cal, 2026, 11, 24, 2), kMsPerHour) == local(cal, 2026, 11, 24, 10));
    // Into the National Day break: Wed 30 Sep 17:00 + 2 h -> Thu 8 Oct 10:00.
    CHECK(add_working_ms(cal, local(cal, 2026, 9, 30, 17), 2 * kMsPerHour) == local(cal, 2026, 10, 8, 10));
    // Saturday 19 Sep: the next working day is Sunday 20 Sep (调休).
    CHECK(add_working_ms(cal, local(cal, 2026, 9, 19, 10), 2 * kMsPerHour) == local(cal, 2026, 9, 20, 11));
    // Spring Festival: Fri 13 Feb 17:00 + 2 h -> Sat 14 Feb (worked) 10:00.
    CHECK(add_working_ms(cal, local(cal, 2026, 2, 13, 17), 2 * kMsPerHour) == local(cal, 2026, 2, 14, 10));
    // Sat 14 Feb 17:00 + 2 h -> Tue 24 Feb 10:00 (15–23 Feb off).
    CHECK(add_working_ms(cal, local(cal, 2026, 2, 14, 17), 2 * kMsPerHour) == local(cal, 2026, 2, 24, 10));
    CHECK(working_ms_between(cal, local(cal, 2026, 2, 14, 0), local(cal, 2026, 2, 25, 0)) == 2 * 9 * kMsPerHour);
    CHECK(working_ms_between(cal, local(cal, 2026, 2, 25, 0), local(cal, 2026, 2, 14, 0)) == 0);
}

namespace {
// Ranges spelled as json::array: a braced {"08:30", "12:00"} pair would become an object.
json range(const char* from, const char* to) { return json::array({from, to}); }
json split_day() { return json::array({range("08:30", "12:00"), range("13:00", "17:30")}); }
}  // namespace

TEST_CASE("a time zone other than UTC+8 and a split working day") {
    WorkCalendar cal;
    const json doc = {{"format", "kefu.calendar"}, {"version", 1}, {"name", "New York desk"},
                      {"time_zone", "America/New_York (EST)"}, {"utc_offset_minutes", -300},
                      {"week", {{"mon", split_day()}, {"tue", split_day()}}}};
    REQUIRE(parse_calendar(doc, cal).empty());
    // 08:30 New York is 13:30 UTC.
    const int64_t mon_0830 = days_from_civil({2026, 11, 23}) * kMsPerDay + 13 * kMsPerHour + 30 * kMsPerMinute;
    CHECK(add_working_ms(cal, mon_0830, 0) == mon_0830);
    CHECK(add_working_ms(cal, mon_0830, 4 * kMsPerHour) == mon_0830 + 5 * kMsPerHour);  // lunch skipped
    CHECK(cal.standard_day_ms() == 8 * kMsPerHour);
    // Tuesday 17:30 + 1 h: no working time until next Monday 09:30 local.
    const int64_t tue_end = mon_0830 + kMsPerDay + 9 * kMsPerHour;
    CHECK(add_working_ms(cal, tue_end, kMsPerHour) == mon_0830 + 7 * kMsPerDay + kMsPerHour);
}

TEST_CASE("calendar documents with problems are refused, each problem located") {
    auto issues_of = [](json doc) {
        WorkCalendar cal = basic_calendar();
        const auto issues = parse_calendar(doc, cal);
        if (!issues.empty()) CHECK(cal.name == basic_calendar().name);  // untouched when refused
        return issues;
    };
    const json good = calendar_to_json(shipped());
    CHECK(issues_of(good).empty());
    json no_hours = good;
    for (auto& d : no_hours["week"]) d = json::array();
    no_hours["workdays"] = json::array();
    auto issues = issues_of(no_hours);
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].key == "calendar.err.no_hours");

    json bad = good;
    bad["week"]["mon"] = json::array({range("09:00", "25:00")});
    bad["week"]["tue"] = json::array({range("09:00", "12:00"), range("11:00", "18:00")});
    bad["week"]["wed"] = json::array({range("18:00", "09:00")});
    bad["holidays"].push_back({{"date", "2026-02-30"}, {"name", "x"}});
    bad["holidays"].push_back({{"date", "2026-01-01"}, {"name", "again"}});
    bad["workdays"].push_back({{"date", "2026-10-01"}, {"name", "both"}});
    bad["utc_offset_minutes"] = 9999;
    issues = issues_of(bad);
    std::vector<std::string> paths;
    for (const auto& i : issues) paths.push_back(i.path + " " + i.key);
    INFO(json(paths).dump());
    CHECK(paths == std::vector<std::string>{"utc_offset_minutes calendar.err.offset", "week.mon[0] calendar.err.time",
                                            "week.tue[1] calendar.err.overlap", "week.wed[0] calendar.err.range_order",
                                            "holidays[33].date calendar.err.date", "holidays[34].date calendar.err.duplicate",
                                            "workdays calendar.err.both"});
    CHECK(issues_of(json::array()).size() == 1);
    CHECK(issues_of({{"format", "kefu.calendar"}, {"version", 2}, {"week", json::object()}})[0].key == "calendar.err.version");
}

TEST_CASE("a calendar survives JSON round trips unchanged") {
    const WorkCalendar cal = shipped();
    WorkCalendar back;
    REQUIRE(parse_calendar(calendar_to_json(cal), back).empty());
    CHECK(calendar_to_json(back) == calendar_to_json(cal));
    CHECK(back.workdays == cal.workdays);
}

TEST_CASE("weekday hours as text: what Settings shows and reads back") {
    std::vector<TimeRange> r;
    REQUIRE(parse_hours_text("09:00-12:00, 13:00-18:00", r));
    CHECK(r == std::vector<TimeRange>{{540, 720}, {780, 1080}});
    CHECK(hours_text(r) == "09:00-12:00, 13:00-18:00");
    REQUIRE(parse_hours_text("09：00－12：00，13:00~18:00", r));  // typed with a Chinese IME
    CHECK(hours_text(r) == "09:00-12:00, 13:00-18:00");
    REQUIRE(parse_hours_text("  ", r));
    CHECK(r.empty());
    r = {{1, 2}};
    CHECK_FALSE(parse_hours_text("18:00-09:00", r));
    CHECK_FALSE(parse_hours_text("09:00-12:00, 11:00-13:00", r));
    CHECK_FALSE(parse_hours_text("nine to five", r));
    CHECK(r.size() == 1);  // untouched on failure
}

TEST_CASE("without a calendar record the shipped default applies; a stored one wins") {
    AppState s;
    WorkCalendar shipped_cal = shipped();
    s.default_calendar = shipped_cal;
    refresh_derived(s);
    CHECK(s.calendar.holidays.size() == 33);
    WorkCalendar mine = basic_calendar();
    mine.name = "我的日历";
    REQUIRE(apply(s, SetCalendar{mine}, {{"1001", "张敏"}, 1'795'000'000'000}).ok());
    CHECK(s.calendar.name == "我的日历");
    CHECK(s.calendar.holidays.empty());
}
