#include "core/sla.hpp"
#include "core/civil_date.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace kefu;
using nlohmann::json;

namespace {

WorkCalendar cn2026() {
    WorkCalendar cal = test::shipped_calendar();
    REQUIRE(cal.holidays.size() == 33);
    return cal;
}

int64_t at(int mo, int d, int h = 0, int mi = 0) {  // 2026, Beijing time
    return days_from_civil({2026, mo, d}) * kMsPerDay + (h - 8) * kMsPerHour + mi * kMsPerMinute;
}

const SlaClock* clock_of(const std::vector<SlaClock>& clocks, const std::vector<SlaRule>& rules, const char* id) {
    for (const SlaClock& c : clocks)
        if (rules[c.rule].id == id) return &c;
    return nullptr;
}

}  // namespace

TEST_CASE("the seeds' deadlines on a case opened Friday afternoon") {
    const WorkCalendar cal = cn2026();
    const auto rules = default_sla_rules();
    CaseTimes t;
    t.kind = "consultation";
    t.events[static_cast<size_t>(CaseEvent::Opened)] = at(11, 20, 17, 30);
    auto clocks = plan_clocks(rules, cal, t);
    REQUIRE(clocks.size() == 2);  // forward + reply; no department clock yet, no complaint clocks
    const SlaClock* fwd = clock_of(clocks, rules, "forward");
    const SlaClock* reply = clock_of(clocks, rules, "reply");
    REQUIRE(fwd);
    REQUIRE(reply);
    CHECK(fwd->deadline_ms == at(11, 23, 10, 30));      // 2 working hours: Monday 10:30
    CHECK(fwd->due_soon_ms == at(11, 23, 10, 0));       // last 25% = 30 working minutes
    CHECK(reply->deadline_ms == at(11, 23, 17, 30));    // 3 calendar days
    CHECK(clock_state(*fwd, at(11, 22, 12)) == SlaState::Ok);
    CHECK(clock_state(*fwd, at(11, 23, 10, 5)) == SlaState::DueSoon);
    CHECK(clock_state(*fwd, at(11, 23, 10, 30)) == SlaState::Breached);
    CHECK(clock_left_ms(*fwd, cal, at(11, 22, 12)) == 90 * kMsPerMinute);  // working time left over the weekend
    CHECK(clock_left_ms(*fwd, cal, at(11, 23, 11)) == -30 * kMsPerMinute);
    CHECK(worst_state(clocks, at(11, 23, 11)) == SlaState::Breached);

    // Forwarded Monday 10:00 (in time); the department's 2 working days run from then.
    t.events[static_cast<size_t>(CaseEvent::Forwarded)] = at(11, 23, 10);
    clocks = plan_clocks(rules, cal, t);
    fwd = clock_of(clocks, rules, "forward");
    const SlaClock* dept = clock_of(clocks, rules, "department_result");
    REQUIRE(dept);
    CHECK(clock_state(*fwd, at(12, 1)) == SlaState::Met);
    CHECK(dept->deadline_ms == at(11, 25, 10));  // 18 working hours later: Wednesday 10:00
    CHECK(clock_state(*dept, at(11, 24, 12)) == SlaState::Ok);

    // Solution returned late (Wednesday 11:00): that clock is breached for good.
    t.events[static_cast<size_t>(CaseEvent::SolutionReturned)] = at(11, 25, 11);
    clocks = plan_clocks(rules, cal, t);
    dept = clock_of(clocks, rules, "department_result");
    CHECK(clock_state(*dept, at(11, 25, 11)) == SlaState::Breached);
    CHECK(clock_state(*dept, at(12, 31)) == SlaState::Breached);
    CHECK(clock_left_ms(*dept, cal, at(12, 31)) == -kMsPerHour);
}

TEST_CASE("complaint clocks apply to complaints only and run on the wall clock") {
    const WorkCalendar cal = cn2026();
    const auto rules = default_sla_rules();
    CaseTimes t;
    t.kind = "complaint";
    t.events[static_cast<size_t>(CaseEvent::Opened)] = at(9, 30, 20);
    const auto clocks = plan_clocks(rules, cal, t);
    CHECK(clocks.size() == 4);
    const SlaClock* resp = clock_of(clocks, rules, "complaint_response");
    const SlaClock* sol = clock_of(clocks, rules, "complaint_solution");
    REQUIRE(resp);
    REQUIRE(sol);
    CHECK(resp->deadline_ms == at(10, 1, 20));  // holidays do not stop a 24-hour clock
    CHECK(sol->deadline_ms == at(10, 3, 20));
    // The forward clock is in working time: 2 hours after the National Day break.
    CHECK(clock_of(clocks, rules, "forward")->deadline_ms == at(10, 8, 11));
}

TEST_CASE("pauses while waiting for the customer do not count") {
    const WorkCalendar cal = cn2026();
    const auto rules = default_sla_rules();
    CaseTimes t;
    t.kind = "fault";
    t.events[static_cast<size_t>(CaseEvent::Opened)] = at(11, 23, 9);
    t.pauses = {{at(11, 23, 10), at(11, 23, 14)}};
    auto clocks = plan_clocks(rules, cal, t);
    CHECK(clock_of(clocks, rules, "forward")->deadline_ms == at(11, 23, 15));
    CHECK(clock_of(clocks, rules, "reply")->deadline_ms == at(11, 26, 13));  // 3 days + 4 paused hours

    // Paused now: no deadline, the state says paused, the time left is frozen.
    t.pauses.push_back({at(11, 23, 14, 30), 0});
    clocks = plan_clocks(rules, cal, t);
    const SlaClock* fwd = clock_of(clocks, rules, "forward");
    CHECK(fwd->paused);
    CHECK(clock_state(*fwd, at(12, 30)) == SlaState::Paused);
    CHECK(clock_left_ms(*fwd, cal, at(12, 30)) == 30 * kMsPerMinute);
    // A pause that began after the deadline changes nothing.
    t.pauses = {{at(11, 24, 9), 0}};
    clocks = plan_clocks(rules, cal, t);
    CHECK(clock_of(clocks, rules, "forward")->deadline_ms == at(11, 23, 11));
    CHECK(clock_state(*clock_of(clocks, rules, "forward"), at(11, 24, 10)) == SlaState::Breached);
}

TEST_CASE("a stop event stops every clock that lists it; answered on the spot meets them") {
    const WorkCalendar cal = cn2026();
    const auto rules = default_sla_rules();
    CaseTimes t;
    t.kind = "consultation";
    t.events[static_cast<size_t>(CaseEvent::Opened)] = at(11, 23, 9);
    t.events[static_cast<size_t>(CaseEvent::Answered)] = at(11, 23, 9, 4);
    const auto clocks = plan_clocks(rules, cal, t);
    for (const SlaClock& c : clocks) CHECK(clock_state(c, at(12, 31)) == SlaState::Met);
    CHECK(worst_state(clocks, at(12, 31)) == SlaState::Met);
    CHECK(worst_state({}, at(12, 31)) == SlaState::Met);
}

TEST_CASE("SLA rules are data: round trip and refusal of bad rules") {
    const auto rules = default_sla_rules();
    std::vector<SlaRule> back;
    REQUIRE(parse_sla_rules(sla_rules_to_json(rules), back).empty());
    CHECK(sla_rules_to_json(back) == sla_rules_to_json(rules));

    json doc = sla_rules_to_json(rules);
    doc["rules"][0]["unit"] = "fortnights";
    doc["rules"][1]["amount"] = 0;
    doc["rules"][2]["start"] = "lunch";
    doc["rules"][3]["id"] = "forward";
    doc["rules"][4]["due_soon_percent"] = 99;
    std::vector<SlaRule> untouched = rules;
    const auto issues = parse_sla_rules(doc, untouched);
    std::vector<std::string> keys;
    for (const auto& i : issues) keys.push_back(i.path + " " + i.key);
    CHECK(keys == std::vector<std::string>{"rules[0].unit sla.err.unit", "rules[1].amount sla.err.amount",
                                           "rules[2].start sla.err.event", "rules[3].id sla.err.duplicate",
                                           "rules[4].due_soon_percent sla.err.percent"});
    CHECK(untouched.size() == rules.size());

    // An edited rule changes the deadline: 4 working hours instead of 2.
    doc = sla_rules_to_json(rules);
    doc["rules"][0]["amount"] = 4;
    std::vector<SlaRule> edited;
    REQUIRE(parse_sla_rules(doc, edited).empty());
    CaseTimes t;
    t.kind = "consultation";
    t.events[static_cast<size_t>(CaseEvent::Opened)] = at(11, 23, 9);
    CHECK(clock_of(plan_clocks(edited, cn2026(), t), edited, "forward")->deadline_ms == at(11, 23, 13));
}
