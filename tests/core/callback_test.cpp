#include "core/callback.hpp"

#include <doctest/doctest.h>

#include "core/app_state.hpp"
#include "core/civil_date.hpp"
#include "tests/core/test_support.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

int64_t bj(int day, int h, int mi = 0, int month = 11) {
    return days_from_civil({2026, month, day}) * kMsPerDay + (h - 8) * kMsPerHour + mi * kMsPerMinute;
}
int64_t day_of(int day, int month = 11) { return days_from_civil({2026, month, day}); }
CommandContext at(int64_t ms, const char* id = "1001", const char* name = "张敏") { return {{id, name}, ms}; }

AppState with_calendar() {
    AppState s;
    WorkCalendar cal;
    REQUIRE(parse_calendar(json::parse(test::read_source_file("assets/calendars/cn-2026.json")), cal).empty());
    REQUIRE(apply(s, SetCalendar{cal}, at(bj(1, 0, 0, 1))).ok());
    return s;
}

// A case closed at `closed_ms` (answered on the spot).
void closed_case(AppState& s, const std::string& id, int64_t closed_ms, CaseKind kind = CaseKind::Consultation,
                 const char* phone = "13812341234") {
    CreateCase c;
    c.id = id;
    c.kind = kind;
    c.customer = {"王丽", "女士", phone, "", "", "", "星辰科技"};
    c.description = "咨询";
    REQUIRE(apply(s, c, at(closed_ms - 60'000)).ok());
    REQUIRE(apply(s, AnswerCase{id, s.records.find(kCaseType, id)->rev, "已当场解答。"}, at(closed_ms - 30'000)).ok());
    REQUIRE(apply(s, CloseCase{id, s.records.find(kCaseType, id)->rev}, at(closed_ms)).ok());
}

RecordCallback call(const char* id, const char* case_id, uint64_t rev, CallbackOutcome outcome, const char* note = "") {
    RecordCallback c;
    c.callback_id = id;
    c.case_id = case_id;
    c.base_rev = rev;
    c.outcome = outcome;
    c.note = note;
    return c;
}

std::vector<std::string> due_ids(const AppState& s, int64_t now) {
    std::vector<std::string> out;
    for (const DueCallback& d : due_callbacks(s, now)) out.push_back(d.case_id);
    return out;
}

}  // namespace

TEST_CASE("working days: weekends, the National Day holiday and its make-up Saturday") {
    const AppState s = with_calendar();
    // 2026-11-27 is a Friday: one working day later is Monday the 30th.
    CHECK(working_day_after(s.calendar, day_of(27), 1) == day_of(30));
    CHECK(working_day_after(s.calendar, day_of(28), 0) == day_of(30));
    CHECK(working_day_after(s.calendar, day_of(24), 0) == day_of(24));
    // 2026-09-30 (Wed) + 1 working day: 1–7 October are holidays → 8 October.
    CHECK(working_day_after(s.calendar, day_of(30, 9), 1) == day_of(8, 10));
}

TEST_CASE("the due list: closed cases after N working days, complaints sooner, nothing called twice") {
    AppState s = with_calendar();
    closed_case(s, "c-1", bj(23, 10));                        // Monday → due Thursday 26th (3 working days)
    closed_case(s, "c-2", bj(23, 11), CaseKind::Complaint);    // complaint → due Tuesday 24th
    closed_case(s, "c-3", bj(27, 16));                        // Friday → due Wednesday 2 Dec
    CreateCase open;
    open.id = "c-open";
    open.description = "未结案";
    REQUIRE(apply(s, open, at(bj(23, 12))).ok());

    CHECK(due_ids(s, bj(23, 18)).empty());
    CHECK(due_ids(s, bj(24, 9)) == std::vector<std::string>{"c-2"});
    CHECK(due_ids(s, bj(26, 9)) == std::vector<std::string>{"c-2", "c-1"});  // earliest due first
    const std::vector<DueCallback> all = due_callbacks(s, bj(2, 9, 0, 12));
    REQUIRE(all.size() == 3);
    CHECK(all[0].reason == DueReason::Complaint);
    CHECK(all[2].case_id == "c-3");
    CHECK(all[2].due_day == day_of(2, 12));
    // Not called 30 days after falling due: no longer listed (it stays missed in the rate).
    CHECK(due_ids(s, bj(24, 9, 0, 12)) == std::vector<std::string>{"c-2", "c-1", "c-3"});
    CHECK(due_ids(s, bj(27, 9, 0, 12)) == std::vector<std::string>{"c-3"});
    CHECK(due_ids(s, bj(5, 9, 0, 1) + 365 * kMsPerDay).empty());

    // Switching off ordinary callbacks leaves complaints.
    CallbackRules rules;
    rules.closed_cases = false;
    REQUIRE(apply(s, SetCallbackRules{rules}, at(bj(24, 9))).ok());
    CHECK(due_ids(s, bj(2, 9, 0, 12)) == std::vector<std::string>{"c-2"});
    rules.days_after_close = -1;
    CHECK(apply(s, SetCallbackRules{rules}, at(bj(24, 9))).result.error.key == "error.callback.days");
    rules = CallbackRules{};
    rules.key_customers = {"138-1234"};
    CHECK(apply(s, SetCallbackRules{rules}, at(bj(24, 9))).result.error.key == "error.callback.key_customer_phone");
}

TEST_CASE("outcomes: unreachable is tried again next working day up to the limit; done leaves the list") {
    AppState s = with_calendar();
    closed_case(s, "c-1", bj(20, 10));  // Friday → due Wednesday 25th
    REQUIRE(apply(s, call("cb-1", "c-1", 0, CallbackOutcome::Unreachable, "无人接听"), at(bj(25, 10))).ok());
    CHECK(due_ids(s, bj(25, 15)).empty());  // tried today
    std::vector<DueCallback> d = due_callbacks(s, bj(26, 9));
    REQUIRE(d.size() == 1);
    CHECK(d[0].reason == DueReason::Retry);
    CHECK(d[0].callback_id == "cb-1");
    CHECK(d[0].attempts == 1);
    REQUIRE(apply(s, call("cb-1", "c-1", 1, CallbackOutcome::Unreachable, "关机"), at(bj(26, 10))).ok());
    REQUIRE(apply(s, call("cb-1", "c-1", 2, CallbackOutcome::Unreachable, "仍无人接听"), at(bj(27, 10))).ok());
    // Three tries: finished, not reached.
    CHECK(due_ids(s, bj(30, 9)).empty());
    CHECK(apply(s, call("cb-1", "c-1", 3, CallbackOutcome::Done), at(bj(30, 10))).result.error.key == "error.callback.finished");
    const Callback cb = callback_from_record(*s.records.find(kCallbackType, "cb-1"));
    CHECK(cb.finished);
    CHECK(cb.attempts.size() == 3);
    CHECK(cb.attempts[1].note == "关机");

    closed_case(s, "c-2", bj(20, 11));
    RecordCallback done = call("cb-2", "c-2", 0, CallbackOutcome::Done, "");
    done.company = "星辰科技";
    done.contact = "王丽";
    done.phone = "138 1234 1234";
    done.result = "问题已解决，客户对处理速度表示满意。";
    REQUIRE(apply(s, done, at(bj(25, 11))).ok());
    CHECK(due_ids(s, bj(30, 9)).empty());
    CHECK(apply(s, call("cb-3", "c-404", 0, CallbackOutcome::Done), at(bj(25, 11))).result.error.key == "error.record.not_found");
}

TEST_CASE("callback rate: reached ÷ closed in the period; response rate: with a survey ÷ reached") {
    AppState s = with_calendar();
    REQUIRE(parse_default_surveys(test::read_source_file("assets/surveys/default.json"), s.builtin_surveys).ok);
    CHECK_FALSE(callback_rate(s, day_of(1), day_of(30)).has_rate());
    for (int i = 1; i <= 5; ++i) closed_case(s, "c-" + std::to_string(i), bj(16 + i, 10));  // closed 17th–21st
    REQUIRE(apply(s, call("cb-1", "c-1", 0, CallbackOutcome::Done), at(bj(24, 10))).ok());
    REQUIRE(apply(s, call("cb-2", "c-2", 0, CallbackOutcome::Refused), at(bj(24, 10))).ok());
    REQUIRE(apply(s, call("cb-3", "c-3", 0, CallbackOutcome::Unreachable), at(bj(24, 10))).ok());
    SurveyResponse r;
    r.id = "r-4";
    r.survey_id = "survey-zh-default";
    r.case_id = "c-4";
    r.complete = false;
    REQUIRE(apply(s, SubmitResponse{r}, at(bj(24, 11))).ok());
    RecordCallback with_survey = call("cb-4", "c-4", 0, CallbackOutcome::Done);
    with_survey.response_id = "r-4";
    REQUIRE(apply(s, with_survey, at(bj(24, 11))).ok());
    const CallbackRate all = callback_rate(s, day_of(17), day_of(21));
    CHECK(all.closed == 5);
    CHECK(all.called_back == 2);
    CHECK(all.rate() == doctest::Approx(40.0));
    CHECK(all.response_rate() == doctest::Approx(50.0));
    // A period that holds only the 17th and 18th: c-1 reached, c-2 refused.
    const CallbackRate two = callback_rate(s, day_of(17), day_of(18));
    CHECK(two.closed == 2);
    CHECK(two.rate() == doctest::Approx(50.0));
    // Rebuilt from the records, the same.
    s.callbacks.rebuild(s.records);
    CHECK(callback_rate(s, day_of(17), day_of(21)).called_back == 2);
    CHECK(apply(s, [] {
              RecordCallback c = call("cb-9", "c-5", 0, CallbackOutcome::Done);
              c.response_id = "r-404";
              return c;
          }(), at(bj(24, 12))).result.error.key ==
          "error.callback.no_response");
}

TEST_CASE("key customers are called once a calendar month, on their latest case") {
    AppState s = with_calendar();
    closed_case(s, "c-1", bj(2, 10), CaseKind::Consultation, "13900001111");
    closed_case(s, "c-2", bj(5, 10), CaseKind::Consultation, "13900001111");
    CallbackRules rules;
    rules.closed_cases = false;
    rules.key_customers = {"13900001111"};
    REQUIRE(apply(s, SetCallbackRules{rules}, at(bj(5, 11))).ok());
    std::vector<DueCallback> d = due_callbacks(s, bj(24, 9));
    REQUIRE(d.size() == 1);
    CHECK(d[0].case_id == "c-2");
    CHECK(d[0].reason == DueReason::KeyCustomer);
    CHECK(d[0].due_day == day_of(2));  // 1 November is a Sunday
    RecordCallback done = call("cb-1", "c-2", 0, CallbackOutcome::Done);
    done.phone = "139 0000 1111";
    REQUIRE(apply(s, done, at(bj(24, 10))).ok());
    CHECK(due_callbacks(s, bj(30, 9)).empty());          // called this month
    d = due_callbacks(s, bj(1, 9, 0, 12));               // December: due again
    REQUIRE(d.size() == 1);
    CHECK(d[0].reason == DueReason::KeyCustomer);
}
