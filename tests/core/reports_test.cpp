#include "core/reports.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "core/app_state.hpp"
#include "core/civil_date.hpp"
#include "tests/core/test_support.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

int64_t bj(int day, int h, int mi = 0, int month = 11) {
    return days_from_civil({2026, month, day}) * kMsPerDay + (h - 8) * kMsPerHour + mi * kMsPerMinute;
}
int64_t day_of(int day) { return days_from_civil({2026, 11, day}); }
CommandContext at(int64_t ms, const char* id = "1001", const char* name = "张敏") { return {{id, name}, ms}; }
uint64_t rev(const AppState& s, const std::string& id) { return s.records.find(kCaseType, id)->rev; }

AppState fixture() {
    AppState s;
    WorkCalendar cal;
    REQUIRE(parse_calendar(json::parse(test::read_source_file("assets/calendars/cn-2026.json")), cal).empty());
    REQUIRE(apply(s, SetCalendar{cal}, at(bj(1, 0, 0, 1))).ok());
    REQUIRE(parse_default_surveys(test::read_source_file("assets/surveys/default.json"), s.builtin_surveys).ok);
    auto create = [&](const char* id, CaseKind kind, int64_t t, const char* agent = "1001", const char* name = "张敏") {
        CreateCase c;
        c.id = id;
        c.kind = kind;
        c.category = CaseCategory::Technical;
        c.customer = {"王丽", "女士", "13812341234", "", "", "", ""};
        c.description = "问题描述";
        REQUIRE(apply(s, c, at(t, agent, name)).ok());
    };
    // c-1: answered on the spot, reviewed and closed: on time, complete, first contact.
    create("c-1", CaseKind::Consultation, bj(23, 9));
    REQUIRE(apply(s, AnswerCase{"c-1", rev(s, "c-1"), "已当场解答"}, at(bj(23, 9, 5))).ok());
    REQUIRE(apply(s, ReviewCase{"c-1", rev(s, "c-1"), "处理得当"}, at(bj(23, 9, 10), "2001", "赵组长")).ok());
    REQUIRE(apply(s, CloseCase{"c-1", rev(s, "c-1")}, at(bj(23, 9, 15))).ok());
    // c-2: a complaint forwarded and never answered: open, deadlines missed.
    create("c-2", CaseKind::Complaint, bj(23, 10));
    REQUIRE(apply(s, ForwardCase{"c-2", rev(s, "c-2"), Department::Technical, "", "李工"}, at(bj(23, 10, 30))).ok());
    // c-3: answered and closed without a review (incomplete), by another agent.
    create("c-3", CaseKind::Consultation, bj(24, 9), "1002", "李强");
    REQUIRE(apply(s, AnswerCase{"c-3", rev(s, "c-3"), "已解答"}, at(bj(24, 9, 2), "1002", "李强")).ok());
    REQUIRE(apply(s, CloseCase{"c-3", rev(s, "c-3")}, at(bj(24, 9, 3), "1002", "李强")).ok());
    // c-4: opened the Friday before, closed in the period, on time.
    create("c-4", CaseKind::Consultation, bj(20, 16));
    REQUIRE(apply(s, AnswerCase{"c-4", rev(s, "c-4"), "已解答"}, at(bj(20, 16, 5))).ok());
    REQUIRE(apply(s, CloseCase{"c-4", rev(s, "c-4")}, at(bj(23, 9))).ok());
    // c-5: opened a week before, answered eight days late, closed in the period: a miss.
    create("c-5", CaseKind::Consultation, bj(16, 9));
    REQUIRE(apply(s, AnswerCase{"c-5", rev(s, "c-5"), "已解答"}, at(bj(24, 10))).ok());
    REQUIRE(apply(s, CloseCase{"c-5", rev(s, "c-5")}, at(bj(24, 10, 1))).ok());

    // Callback for c-1 (reached); survey answers for c-1 (5, 5 → 100) and c-3 (4, 4 → 80).
    RecordCallback cb;
    cb.callback_id = "cb-1";
    cb.case_id = "c-1";
    cb.outcome = CallbackOutcome::Done;
    REQUIRE(apply(s, cb, at(bj(25, 10))).ok());
    auto respond = [&](const char* id, const char* case_id, int v, const char* agent, const char* name) {
        SurveyResponse r;
        r.id = id;
        r.survey_id = "survey-zh-default";
        r.case_id = case_id;
        SurveyAnswer a;
        a.question = "overall", a.kind = QuestionKind::Rating, a.value = v;
        SurveyAnswer b = a;
        b.question = "attitude";
        r.answers = {a, b};
        REQUIRE(apply(s, SubmitResponse{r}, at(bj(25, 11), agent, name)).ok());
    };
    respond("r-1", "c-1", 5, "1001", "张敏");
    respond("r-3", "c-3", 4, "1002", "李强");
    // Calls of 2 and 6 minutes.
    REQUIRE(apply(s, LogContact{"k-1", bj(23, 9), bj(23, 9, 2), ContactDirection::Inbound, "13812341234", "王丽", "登录", "c-1"}, at(bj(23, 9, 2))).ok());
    REQUIRE(apply(s, LogContact{"k-2", bj(24, 9), bj(24, 9, 6), ContactDirection::Inbound, "13812341234", "王丽", "投诉", "c-2"}, at(bj(24, 9, 6))).ok());
    return s;
}

ReportScope week() {
    ReportScope sc;
    sc.from_day = day_of(23);
    sc.to_day = day_of(27);
    return sc;
}

}  // namespace

TEST_CASE("KPIs on a hand-counted week: each number, its target, ok or missed") {
    const AppState s = fixture();
    const Case c1 = case_from_record(*s.records.find(kCaseType, "c-1"));
    const Case c3 = case_from_record(*s.records.find(kCaseType, "c-3"));
    REQUIRE(missing_fields(c1).empty());       // the fixture's premise: c-1 complete…
    REQUIRE_FALSE(missing_fields(c3).empty());  // …c-3 not (no review)
    const bool c2_complete = missing_fields(case_from_record(*s.records.find(kCaseType, "c-2"))).empty();

    const KpiReport r = compute_kpis(s, week(), bj(27, 17));
    const KpiValue& on_time = r.get(Kpi::OnTime);  // closed in the week: c-1, c-3, c-4 on time; c-5 late
    CHECK(on_time.denominator == 4);
    CHECK(on_time.numerator == 3);
    CHECK(on_time.value == doctest::Approx(75.0));
    CHECK_FALSE(on_time.ok());

    const KpiValue& complaints = r.get(Kpi::ComplaintResolution);  // c-2 opened, not resolved
    CHECK(complaints.denominator == 1);
    CHECK(complaints.numerator == 0);
    CHECK_FALSE(complaints.ok());

    const KpiValue& callbacks = r.get(Kpi::CallbackRate);  // 1 of 4 closed
    CHECK(callbacks.value == doctest::Approx(25.0));
    CHECK_FALSE(callbacks.ok());

    const KpiValue& sat = r.get(Kpi::Satisfaction);  // (100 + 80) / 2
    CHECK(sat.value == doctest::Approx(90.0));
    CHECK_FALSE(sat.ok());

    const KpiValue& complete = r.get(Kpi::Completeness);  // opened in the week: c-1, c-2, c-3
    CHECK(complete.denominator == 3);
    CHECK(complete.numerator == 1 + (c2_complete ? 1 : 0));

    const KpiValue& first = r.get(Kpi::FirstContact);  // c-1 and c-3; c-2 was forwarded
    CHECK(first.numerator == 2);
    CHECK(first.denominator == 3);
    CHECK(first.ok());  // no target

    const KpiValue& calls = r.get(Kpi::CallDuration);  // (2 + 6) / 2 minutes
    CHECK(calls.value == doctest::Approx(4.0));
    CHECK(r.calls == 2);
    CHECK(r.calls_over_target == 1);
    CHECK(r.calls_over_limit == 1);
    CHECK_FALSE(calls.ok());

    const KpiValue& breaches = r.get(Kpi::Breaches);  // c-2 only, on three rules at least
    CHECK(breaches.value == doctest::Approx(1.0));
    auto count = [&](const char* rule) {
        for (const auto& [id, n] : r.breaches_by_rule)
            if (id == rule) return n;
        return int64_t{0};
    };
    CHECK(count("department_result") == 1);
    CHECK(count("reply") == 1);
    CHECK(count("complaint_solution") == 1);
    CHECK(count("forward") == 0);  // forwarded in 30 minutes

    const KpiValue& backlog = r.get(Kpi::Backlog);  // c-2, four days old
    CHECK(backlog.value == doctest::Approx(1.0));
    CHECK(r.backlog_by_age == std::array<int64_t, 4>{0, 0, 1, 0});
}

TEST_CASE("KPIs: an agent's scope, an empty period, a ten-year period") {
    const AppState s = fixture();
    ReportScope li = week();
    li.agent = "李强";
    const KpiReport r = compute_kpis(s, li, bj(27, 17));
    CHECK(r.get(Kpi::FirstContact).denominator == 1);
    CHECK(r.get(Kpi::Satisfaction).value == doctest::Approx(80.0));
    CHECK(r.get(Kpi::CallDuration).has == false);  // the calls were logged by 张敏

    ReportScope empty;
    empty.from_day = day_of(1) + 400;
    empty.to_day = empty.from_day + 6;
    const KpiReport none = compute_kpis(s, empty, bj(27, 17));
    for (Kpi k : {Kpi::OnTime, Kpi::ComplaintResolution, Kpi::CallbackRate, Kpi::Satisfaction, Kpi::Completeness, Kpi::CallDuration}) {
        CAPTURE(name_of(k));
        CHECK_FALSE(none.get(k).has);  // "—", not 0
        CHECK(none.get(k).ok());
    }

    ReportScope decade;
    decade.from_day = day_of(1) - 3650;
    decade.to_day = day_of(27);
    CHECK(compute_kpis(s, decade, bj(27, 17)).get(Kpi::OnTime).denominator == 4);
}

TEST_CASE("drill-down: the records behind a number, misses first") {
    const AppState s = fixture();
    const std::vector<DrillRow> on_time = kpi_drilldown(s, week(), Kpi::OnTime, bj(27, 17));
    REQUIRE(on_time.size() == 4);
    CHECK(on_time[0].id == "c-5");
    CHECK_FALSE(on_time[0].hit);
    CHECK(on_time[1].hit);
    const std::vector<DrillRow> complaints = kpi_drilldown(s, week(), Kpi::ComplaintResolution, bj(27, 17));
    REQUIRE(complaints.size() == 1);
    CHECK(complaints[0].id == "c-2");
    const std::vector<DrillRow> calls = kpi_drilldown(s, week(), Kpi::CallDuration, bj(27, 17));
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].id == "k-2");  // the 6-minute call first
    const std::vector<DrillRow> sat = kpi_drilldown(s, week(), Kpi::Satisfaction, bj(27, 17));
    REQUIRE(sat.size() == 2);
    CHECK(sat[0].id == "c-3");  // 80 < 95
    CHECK(kpi_drilldown(s, week(), Kpi::Backlog, bj(27, 17)).size() == 1);
}
