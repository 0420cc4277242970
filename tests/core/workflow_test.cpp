// One user action is one command that succeeds or fails whole: the record store's undo scope,
// finishing a callback (the survey answers with the callback's outcome), and a case created
// from a call (the case with the call attached).
#include <doctest/doctest.h>

#include "core/app_state.hpp"
#include "core/civil_date.hpp"
#include "tests/core/test_support.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

int64_t bj(int day, int h, int mi = 0) { return days_from_civil({2026, 11, day}) * kMsPerDay + (h - 8) * kMsPerHour + mi * kMsPerMinute; }
CommandContext at(int64_t ms) { return {{"1001", "张敏"}, ms}; }

AppState station() {
    AppState s;
    REQUIRE(parse_default_surveys(test::read_source_file("assets/surveys/default.json"), s.builtin_surveys).ok);
    WorkCalendar cal;
    REQUIRE(parse_calendar(json::parse(test::read_source_file("assets/calendars/cn-2026.json")), cal).empty());
    REQUIRE(apply(s, SetCalendar{cal}, at(bj(1, 8))).ok());
    CreateCase c;
    c.id = "c-1";
    c.customer = {"王丽", "女士", "13812341234", "", "", "", "星辰科技"};
    c.description = "宽带断线";
    REQUIRE(apply(s, c, at(bj(2, 9))).ok());
    return s;
}

SurveyAnswer rating(const char* q, int v) {
    SurveyAnswer a;
    a.question = q;
    a.kind = QuestionKind::Rating;
    a.value = v;
    return a;
}

}  // namespace

TEST_CASE("an undo scope puts back every record written in it, as it was") {
    RecordStore store;
    const CommandContext ctx = at(bj(2, 9));
    REQUIRE(store.create("note", "n-1", {{"text", "first"}}, ctx).ok);
    REQUIRE(store.update("note", "n-1", 1, {{"text", "second"}}, ctx).ok);
    const size_t total = store.total();
    {
        UndoScope undo(store);
        REQUIRE(store.update("note", "n-1", 2, {{"text", "third"}}, ctx).ok);
        REQUIRE(store.create("note", "n-2", {{"text", "new"}}, ctx).ok);
        REQUIRE(store.remove("note", "n-1", 3, ctx).ok);
        CHECK(store.count("note") == 1);
        // leaves without commit(): rolled back
    }
    CHECK(store.total() == total);
    CHECK(store.count("note") == 1);
    CHECK(store.find_any("note", "n-2") == nullptr);
    const Record* n1 = store.find("note", "n-1");
    REQUIRE(n1);
    CHECK(n1->rev == 2);
    CHECK(n1->data()["text"] == "second");
    CHECK(store.history("note", "n-1").size() == 2);
    {
        UndoScope undo(store);
        REQUIRE(store.create("note", "n-3", {{"text", "kept"}}, ctx).ok);
        undo.commit();
    }
    CHECK(store.find("note", "n-3") != nullptr);
}

TEST_CASE("finishing a callback: the answers and the outcome together; a refused step leaves neither") {
    AppState s = station();
    const size_t before = s.records.total();
    FinishCallback bad;
    bad.callback.callback_id = "k-1";
    bad.callback.case_id = "c-1";
    bad.callback.outcome = CallbackOutcome::Count;  // refused by the callback step, after the answers
    SurveyResponse r;
    r.id = "v-1";
    r.survey_id = "survey-zh-default";
    r.case_id = "c-1";
    r.answers = {rating("overall", 5), rating("attitude", -1), rating("speed", 4)};
    bad.response = r;
    CHECK_FALSE(apply(s, bad, at(bj(3, 10))).ok());
    CHECK(s.records.total() == before);
    CHECK(s.records.find_any(kResponseType, "v-1") == nullptr);
    CHECK(s.responses.find_for_case("c-1", "survey-zh-default") == nullptr);

    FinishCallback good = bad;
    good.callback.outcome = CallbackOutcome::Done;
    const ApplyOutcome out = apply(s, good, at(bj(3, 10)));
    REQUIRE(out.ok());
    CHECK(out.changes.size() == 2);
    const Record* resp = s.records.find(kResponseType, "v-1");
    REQUIRE(resp);
    const SurveyResponse saved = response_from_record(*resp);
    CHECK(saved.answers.size() == 2);  // the unanswered one is not stored
    CHECK_FALSE(saved.complete);       // "solved" and "attitude" are required: a partial response
    CHECK(saved.channel == SurveyChannel::Callback);
    const Record* cb = s.records.find(kCallbackType, "k-1");
    REQUIRE(cb);
    CHECK(callback_from_record(*cb).response_id == "v-1");
    CHECK(callback_from_record(*cb).finished);
}

TEST_CASE("settling a response: complete exactly when every required question is answered") {
    AppState s = station();
    Survey def;
    REQUIRE(find_survey_version(s, "survey-zh-default", 0, def));
    SurveyResponse r;
    for (const SurveyQuestion& q : def.questions) {
        SurveyAnswer a;
        a.question = q.id;
        a.kind = q.kind;
        if (q.required) a.value = q.kind == QuestionKind::YesNo ? 1 : 4;
        r.answers.push_back(a);
    }
    settle_response(def, r);
    CHECK(r.complete);
    CHECK(r.answers.size() == static_cast<size_t>(std::count_if(def.questions.begin(), def.questions.end(), [](const SurveyQuestion& q) { return q.required; })));
    r.answers.pop_back();
    settle_response(def, r);
    CHECK_FALSE(r.complete);
}

TEST_CASE("a case from a call: the case and the call's link saved together, or neither") {
    AppState s = station();
    LogContact call;
    call.id = "t-1";
    call.started_ms = bj(3, 9);
    call.ended_ms = bj(3, 9, 2);
    call.phone = "13912345678";
    REQUIRE(apply(s, call, at(bj(3, 9, 2))).ok());
    const size_t before = s.records.total();
    const size_t cases = s.cases.size();

    CreateCase bad;
    bad.id = "c-2";
    bad.customer = {"李强", "先生", "13912345678", "", "", "", ""};
    bad.description = "发票抬头写错";
    bad.from_contact = "t-1";
    bad.from_contact_rev = 7;  // a revision the call never had: the link is refused
    CHECK_FALSE(apply(s, bad, at(bj(3, 9, 3))).ok());
    CHECK(s.records.total() == before);
    CHECK(s.records.find_any(kCaseType, "c-2") == nullptr);
    CHECK(s.cases.size() == cases);

    CreateCase good = bad;
    good.from_contact_rev = s.records.find(kContactType, "t-1")->rev;
    const ApplyOutcome out = apply(s, good, at(bj(3, 9, 3)));
    REQUIRE(out.ok());
    CHECK(out.changes.size() == 2);
    CHECK(s.cases.find("c-2") != nullptr);
    CHECK(s.records.find(kContactType, "t-1")->data()["case_ref"] == "case/c-2");
}

TEST_CASE("a kiosk request needs a name, a phone number and the problem, checked in the core whoever sends it") {
    AppState s = station();
    CreateCase k;
    k.id = "c-k1";
    k.channel = CaseChannel::Kiosk;
    k.customer.name = "  ";
    k.customer.mobile = "139 1234 5678";
    k.description = "宽带每天晚上掉线";
    const CommandContext kiosk{{kKioskActor, "自助服务"}, bj(3, 10)};
    CHECK(apply(s, k, kiosk).result.error.key == "kiosk.req.need_name");
    k.customer.name = "陈志远";
    k.customer.mobile = "139-12";
    CHECK(apply(s, k, kiosk).result.error.key == "kiosk.req.need_phone");
    k.customer.mobile = "139 1234 5678";
    k.description = " \n ";
    CHECK(apply(s, k, kiosk).result.error.key == "kiosk.req.need_description");
    CHECK(s.records.find_any(kCaseType, "c-k1") == nullptr);
    k.description = "宽带每天晚上掉线";
    CHECK(apply(s, k, kiosk).ok());
    // An agent's case from another channel is not held to the kiosk's rule.
    CreateCase agent;
    agent.id = "c-a1";
    agent.channel = CaseChannel::Email;
    agent.description = "邮件来信，待补充联系方式";
    CHECK(apply(s, agent, at(bj(3, 10))).ok());
}

TEST_CASE("a lifecycle step on a form with unsaved changes: saved and taken together, or neither") {
    AppState s = station();
    Case edited = case_from_record(*s.records.find(kCaseType, "c-1"));
    edited.description.text = "宽带断线，已重启光猫";
    const uint64_t rev = s.records.find(kCaseType, "c-1")->rev;
    // The step is refused (an answer must say something): the edit is not saved either.
    CHECK_FALSE(apply(s, RunCaseStep{EditCase{"c-1", rev, edited}, AnswerCase{"c-1", rev, ""}}, at(bj(3, 10))).ok());
    CHECK(s.records.find(kCaseType, "c-1")->rev == rev);
    CHECK(case_from_record(*s.records.find(kCaseType, "c-1")).description.text == "宽带断线");
    // Both: the step runs on the revision the save made.
    const ApplyOutcome out = apply(s, RunCaseStep{EditCase{"c-1", rev, edited}, AnswerCase{"c-1", rev, "已指导客户重新拨号。"}}, at(bj(3, 10)));
    REQUIRE(out.ok());
    CHECK(out.changes.size() == 2);
    const Case after = case_from_record(*s.records.find(kCaseType, "c-1"));
    CHECK(after.description.text == "宽带断线，已重启光猫");
    CHECK(after.status == CaseStatus::Answered);
    CHECK(s.cases.find("c-1")->status == CaseStatus::Answered);
    // A save of another case than the step's is refused.
    CHECK_FALSE(apply(s, RunCaseStep{EditCase{"c-9", 1, edited}, CloseCase{"c-1", s.records.find(kCaseType, "c-1")->rev}}, at(bj(3, 11))).ok());
}
