#include "core/calendar.hpp"
#include "core/civil_date.hpp"
#include "core/holiday_notice.hpp"
#include "core/sla.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace kefu;
using nlohmann::json;

namespace {

WorkCalendar shipped() {
    WorkCalendar cal = test::shipped_calendar();
    REQUIRE(cal.holidays.size() == 33);
    return cal;
}

std::string notice(const std::string& name) { return test::read_source_file("tests/core/notices/" + name); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::map<int64_t, std::string> as_map(const std::vector<NoticeDay>& days) {
    std::map<int64_t, std::string> m;
    for (const NoticeDay& d : days) m[d.day] = d.name;
    return m;
}

int64_t day(int y, int m, int d) { return days_from_civil({y, m, d}); }

int64_t beijing(int y, int mo, int d, int h, int mi = 0) { return day(y, mo, d) * kMsPerDay + (h - 8) * kMsPerHour + mi * kMsPerMinute; }

}  // namespace

TEST_CASE("the real 2026 notice gives exactly the shipped calendar: 33 holidays, 6 make-up working days") {
    const std::string text = notice("cn-2026.txt");
    const HolidayNotice n = parse_holiday_notice(text, 0);
    CHECK(n.errors.empty());
    CHECK(n.year == 2026);
    CHECK(n.usable());
    const WorkCalendar cal = shipped();
    CHECK(n.holidays.size() == 33);
    CHECK(n.workdays.size() == 6);
    CHECK(as_map(n.holidays) == cal.holidays);
    CHECK(as_map(n.workdays) == cal.workdays);
    // The date under the signature sets nothing, and the reader is told so.
    REQUIRE(n.notes.size() == 1);
    CHECK(notice_excerpt(text, n.notes[0]).find("2025年11月4日") != std::string::npos);
    // Each day points back at its date in the text.
    CHECK(text.compare(n.holidays.front().at, 8, "1月1日") == 0);
    // Pasted with its line breaks lost (some pages and text agents do that): the same days.
    std::string one_line;
    for (char c : text)
        if (c != '\n') one_line += c;
    const HolidayNotice flat = parse_holiday_notice(one_line, 2026);
    CHECK(flat.errors.empty());
    CHECK(as_map(flat.holidays) == cal.holidays);
    CHECK(as_map(flat.workdays) == cal.workdays);
}

TEST_CASE("the 2017 wording: 星期 in brackets, 补休, 与周末连休, a two-holiday item") {
    const HolidayNotice n = parse_holiday_notice(notice("cn-2017.txt"), 2017);
    REQUIRE(n.errors.empty());
    // Counted by hand from the text: 2 + 7 + 3 + 1 + 3 + 8 holidays; five Saturdays/Sundays worked.
    CHECK(n.holidays.size() == 24);
    CHECK(n.workdays.size() == 5);
    const auto h = as_map(n.holidays), w = as_map(n.workdays);
    CHECK(h.at(day(2017, 1, 2)) == "元旦");  // 补休
    CHECK(h.count(day(2016, 12, 31)) == 0);  // "与周末连休": the weekend is not listed
    CHECK(h.at(day(2017, 2, 2)) == "春节");  // a range across months
    CHECK(h.at(day(2017, 10, 8)) == "中秋节、国庆节");
    CHECK(w.at(day(2017, 1, 22)) == "春节调休上班");
    CHECK(w.count(day(2017, 9, 30)) == 1);
}

TEST_CASE("the 2025 notice: lunar dates in the brackets, 放假1天 not a count, a range from May into June") {
    const HolidayNotice n = parse_holiday_notice(notice("cn-2025.txt"), 2025);
    REQUIRE(n.errors.empty());
    CHECK(n.holidays.size() == 28);
    CHECK(n.workdays.size() == 5);  // 1月26日, 2月8日, 4月27日, 9月28日, 10月11日
    const auto h = as_map(n.holidays);
    CHECK(h.count(day(2025, 6, 2)) == 1);
    CHECK(h.count(day(2025, 5, 30)) == 0);
}

TEST_CASE("notice errors point at the text and are never guessed around") {
    const std::string text = notice("cn-2026.txt");
    SUBCASE("a wrong weekday") {
        const std::string bad = replaced(text, "1月4日（周日）上班", "1月4日（周六）上班");
        const HolidayNotice n = parse_holiday_notice(bad, 2026);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].key == "notice.err.weekday");
        CHECK(n.errors[0].detail == "2026-01-04");
        CHECK(n.errors[0].expected == "6");  // it is a Sunday
        CHECK(notice_excerpt(bad, n.errors[0]) == "1月4日（周六）");
        CHECK_FALSE(n.usable());
    }
    SUBCASE("a typo'd month, as copies on the web have it") {
        const std::string bad = replaced(text, "10月1日（周四）至7日", "0月1日（周四）至7日");
        const HolidayNotice n = parse_holiday_notice(bad, 2026);
        REQUIRE_FALSE(n.errors.empty());
        CHECK(n.errors[0].key == "notice.err.date");
        CHECK(notice_excerpt(bad, n.errors[0]) == "0月1日");
        CHECK_FALSE(n.usable());
    }
    SUBCASE("a day that does not exist") {
        const HolidayNotice n = parse_holiday_notice(replaced(text, "2月28日（周六）上班", "2月30日上班"), 2026);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].key == "notice.err.date");
    }
    SUBCASE("共N天 that does not match the days listed") {
        const std::string bad = replaced(text, "共9天", "共8天");
        const HolidayNotice n = parse_holiday_notice(bad, 2026);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].key == "notice.err.count");
        CHECK(n.errors[0].detail == "9");
        CHECK(n.errors[0].expected == "8");
        CHECK(notice_excerpt(bad, n.errors[0]) == "共8天");
    }
    SUBCASE("a make-up working day on a weekday") {
        const HolidayNotice n = parse_holiday_notice(replaced(text, "5月9日（周六）上班", "5月8日上班"), 2026);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].key == "notice.err.workday_weekday");
        CHECK(n.errors[0].detail == "2026-05-08");
    }
    SUBCASE("the title names another year than the one being entered") {
        const HolidayNotice n = parse_holiday_notice(text, 2027);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].key == "notice.err.year_mismatch");
        CHECK(n.errors[0].detail == "2026");
    }
    SUBCASE("an empty text") {
        for (const char* empty : {"", "  \n \n"}) {
            const HolidayNotice n = parse_holiday_notice(empty, 2027);
            REQUIRE(n.errors.size() == 1);
            CHECK(n.errors[0].key == "notice.err.empty");
            CHECK_FALSE(n.usable());
        }
    }
    SUBCASE("text that is not a notice") {
        const HolidayNotice n = parse_holiday_notice("明天下午三点开会，请准时参加。", 2027);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].key == "notice.err.no_items");
    }
    SUBCASE("no year anywhere") {
        const HolidayNotice n = parse_holiday_notice("一、元旦：1月1日放假。", 0);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].key == "notice.err.no_year");
    }
}

TEST_CASE("a sentence that neither gives a holiday nor a working day is a note, not a holiday") {
    const std::string text =
        "二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。"
        "鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。";
    const HolidayNotice n = parse_holiday_notice(text, 2024);
    REQUIRE(n.errors.empty());
    CHECK(n.holidays.size() == 8);
    CHECK(as_map(n.holidays).count(day(2024, 2, 9)) == 0);
    REQUIRE(n.notes.size() == 1);
    CHECK(notice_excerpt(text, n.notes[0]).rfind("鼓励", 0) == 0);
}

TEST_CASE("元旦 across the new year: dates with their years, and December without one") {
    const HolidayNotice a = parse_holiday_notice("一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。", 2019);
    REQUIRE(a.errors.empty());
    CHECK(as_map(a.holidays) == std::map<int64_t, std::string>{{day(2018, 12, 30), "元旦"}, {day(2018, 12, 31), "元旦"}, {day(2019, 1, 1), "元旦"}});
    CHECK(as_map(a.workdays).count(day(2018, 12, 29)) == 1);
    const HolidayNotice b = parse_holiday_notice("一、元旦：12月30日至1月1日放假调休，共3天。", 2019);
    REQUIRE(b.errors.empty());
    CHECK(b.holidays.front().day == day(2018, 12, 30));
    CHECK(b.holidays.back().day == day(2019, 1, 1));
}

TEST_CASE("years entered: read from the file, inferred from older files, and what the calendar says when one is missing") {
    WorkCalendar cal = shipped();
    CHECK(cal.years == std::set<int>{2026});  // cn-2026.json has no "years": inferred from its dates
    // Round trip keeps them.
    WorkCalendar back;
    REQUIRE(parse_calendar(calendar_to_json(cal), back).empty());
    CHECK(back.years == cal.years);
    json bad = calendar_to_json(cal);
    bad["years"] = {2026, "2027"};
    CHECK(parse_calendar(bad, back).at(0).key == "calendar.err.year");

    // 26 days before 2027 (the day this was written): the next year is missing.
    CHECK(calendar_gap(cal, beijing(2026, 12, 6, 10)).year == 2027);
    CHECK(calendar_gap(cal, beijing(2026, 12, 6, 10)).days_until == 26);
    CHECK(calendar_gap(cal, beijing(2026, 12, 1, 23, 59)).year == 0);  // 31 days before: nothing yet
    CHECK(calendar_gap(cal, beijing(2026, 12, 2, 0, 1)).days_until == 30);
    CHECK(calendar_gap(cal, beijing(2027, 3, 1, 10)).year == 2027);  // inside a year not entered
    CHECK(calendar_gap(cal, beijing(2027, 3, 1, 10)).days_until == 0);
    // A year with no holidays counts once confirmed.
    const WorkCalendar confirmed = calendar_with_year(cal, 2027, {}, {});
    CHECK(calendar_gap(confirmed, beijing(2026, 12, 6, 10)).year == 0);
    CHECK(confirmed.holidays == cal.holidays);
}

TEST_CASE("entering a year replaces that year's dates only, keeps the others, and makes its deadlines certain") {
    const WorkCalendar cal = shipped();
    HolidayNotice n = parse_holiday_notice(notice("cn-2017.txt"), 2017);
    WorkCalendar with2017 = calendar_with_year(cal, 2017, n.holidays, n.workdays);
    CHECK(with2017.holidays.size() == 33 + 24);
    CHECK(with2017.years == std::set<int>{2017, 2026});
    // Entering 2026 again from its notice changes nothing of 2017 and gives the same 2026.
    n = parse_holiday_notice(notice("cn-2026.txt"), 2026);
    const WorkCalendar again = calendar_with_year(with2017, 2026, n.holidays, n.workdays);
    CHECK(again.holidays == with2017.holidays);
    CHECK(again.workdays == with2017.workdays);

    // A forward deadline (2 working days) planned from 31 December into a year not entered is
    // uncertain; the same clock inside 2026 is not; a plain-hours clock never is.
    SlaRule working{"r", "两个工作日", "", {}, CaseEvent::Opened, {CaseEvent::Closed}, 2, SlaUnit::WorkingDays, 25};
    SlaRule plain{"p", "24 小时", "", {}, CaseEvent::Opened, {CaseEvent::Closed}, 24, SlaUnit::Hours, 25};
    CaseTimes late;
    late.kind = "complaint";
    late.events[static_cast<size_t>(CaseEvent::Opened)] = beijing(2026, 12, 31, 10);
    CaseTimes early = late;
    early.events[static_cast<size_t>(CaseEvent::Opened)] = beijing(2026, 11, 24, 10);
    const auto late_clocks = plan_clocks({working, plain}, cal, late);
    REQUIRE(late_clocks.size() == 2);
    CHECK(late_clocks[0].uncertain);
    CHECK_FALSE(late_clocks[1].uncertain);
    CHECK_FALSE(plan_clocks({working}, cal, early).at(0).uncertain);
    // Once 2027 is entered (even with no holidays), the same deadline is certain.
    CHECK_FALSE(plan_clocks({working}, calendar_with_year(cal, 2027, {}, {}), late).at(0).uncertain);
}
