#include "core/app_state.hpp"
#include "core/case.hpp"
#include "core/civil_date.hpp"
#include "core/exchange.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace kefu;
using nlohmann::json;

namespace {

// 2026-11-23 (a Monday) at hh:mm Beijing time.
int64_t bj(int day, int h, int mi = 0, int month = 11) {
    return days_from_civil({2026, month, day}) * kMsPerDay + (h - 8) * kMsPerHour + mi * kMsPerMinute;
}
CommandContext at(int64_t ms, const char* id = "1001", const char* name = "张敏") { return {{id, name}, ms}; }

AppState with_calendar() {
    AppState s;
    WorkCalendar cal;
    REQUIRE(parse_calendar(json::parse(test::read_source_file("assets/calendars/cn-2026.json")), cal).empty());
    REQUIRE(apply(s, SetCalendar{cal}, at(bj(1, 0, 0, 1))).ok());
    return s;
}

CreateCase intake(const std::string& id, CaseKind kind = CaseKind::Consultation) {
    CreateCase c;
    c.id = id;
    c.category = CaseCategory::Technical;
    c.kind = kind;
    c.customer = {"王丽", "女士", "13812341234", "", "朝阳区", "北京市朝阳区建国路 88 号", "北京星辰科技有限公司"};
    c.description = "客户反映 App 登录时提示“密码错误”，重置密码后仍然无法登录。";
    return c;
}

uint64_t rev_of(const AppState& s, const std::string& id) { return s.records.find(kCaseType, id)->rev; }
Case load(const AppState& s, const std::string& id) { return case_from_record(*s.records.find(kCaseType, id)); }

}  // namespace

TEST_CASE("the lifecycle table: exactly the transitions of the seeds' procedure") {
    using S = CaseStatus;
    using A = CaseAction;
    const std::map<A, std::set<S>> allowed = {
        {A::Answer, {S::Recorded, S::Reopened}},
        {A::Forward, {S::Recorded, S::Reopened, S::Forwarded, S::SolutionReturned}},
        {A::ReturnSolution, {S::Forwarded}},
        {A::Reply, {S::SolutionReturned}},
        {A::FollowUp, {S::Answered, S::Replied}},
        {A::Review, {S::Answered, S::Replied, S::FollowUpNeeded}},
        {A::Close, {S::Answered, S::Replied, S::FollowUpNeeded, S::Reviewed}},
        {A::Reopen, {S::Closed, S::Reviewed}},
    };
    int pairs = 0;
    for (int a = 0; a < static_cast<int>(A::Count); ++a)
        for (int st = 0; st < static_cast<int>(S::Count); ++st) {
            const bool expected = allowed.at(static_cast<A>(a)).count(static_cast<S>(st)) > 0;
            CHECK_MESSAGE(transition_allowed(static_cast<S>(st), static_cast<A>(a)) == expected,
                          name_of(static_cast<A>(a)) << " from " << name_of(static_cast<S>(st)));
            ++pairs;
        }
    CHECK(pairs == 72);
    CHECK(allowed_actions(S::Closed) == std::vector<A>{A::Reopen});
    CHECK(allowed_actions(S::Recorded) == std::vector<A>{A::Answer, A::Forward});
}

TEST_CASE("a case through the whole procedure: intake, forward, solution, reply, review, close") {
    AppState s = with_calendar();
    REQUIRE(apply(s, intake("c-1"), at(bj(23, 9, 5))).ok());
    Case c = load(s, "c-1");
    CHECK(c.form_no == "KF-20261123-0001");
    CHECK(c.status == CaseStatus::Recorded);
    CHECK(c.description.by.name == "张敏");
    CHECK(c.event(CaseEvent::Opened) == bj(23, 9, 5));
    CHECK(missing_fields(c).empty());

    CHECK(apply(s, ForwardCase{"c-1", rev_of(s, "c-1"), Department::Technical, "", "李工"}, at(bj(23, 10))).ok());
    c = load(s, "c-1");
    CHECK(c.status == CaseStatus::Forwarded);
    // Forwarded without an acceptance record: completeness says so.
    CHECK(missing_fields(c) == std::vector<CaseField>{CaseField::Acceptance});
    Case edited = c;
    edited.acceptance.text = "已核实客户身份，告知 2 个工作日内回复。";
    CHECK(apply(s, EditCase{"c-1", rev_of(s, "c-1"), edited}, at(bj(23, 10, 1))).ok());
    CHECK(missing_fields(load(s, "c-1")).empty());
    CHECK(load(s, "c-1").event(CaseEvent::Accepted) == bj(23, 10, 1));

    CHECK(apply(s, RecordSolution{"c-1", rev_of(s, "c-1"), "账号被锁定，已解锁并指导客户修改密码。", "李工"}, at(bj(24, 15))).ok());
    CHECK(apply(s, ReplyToCustomer{"c-1", rev_of(s, "c-1"), "已电话告知客户，客户确认可以正常登录。"}, at(bj(24, 16))).ok());
    c = load(s, "c-1");
    CHECK(c.solution.by.name == "李工");
    CHECK(c.result.by.name == "张敏");
    CHECK(missing_fields(c).empty());
    CHECK(apply(s, ReviewCase{"c-1", rev_of(s, "c-1"), "处理及时，记录完整。"}, at(bj(25, 9), "2001", "赵组长")).ok());
    CHECK(apply(s, CloseCase{"c-1", rev_of(s, "c-1")}, at(bj(25, 9, 1), "2001", "赵组长")).ok());
    c = load(s, "c-1");
    CHECK(c.status == CaseStatus::Closed);
    CHECK(c.review.by.agent_id == "2001");
    CHECK(missing_fields(c).empty());

    // Every clock met: forwarded in 55 working minutes, solution in 14 working hours, reply in 31 h.
    const CaseRow* row = s.cases.find("c-1");
    REQUIRE(row);
    CHECK(row->status == CaseStatus::Closed);
    CHECK(row->sla_state(bj(30, 12)) == SlaState::Met);

    // The history shows each step with who and when, status included.
    const auto hist = s.records.history(kCaseType, "c-1");
    REQUIRE(hist.size() == 7);
    std::vector<std::string> statuses;
    for (const HistoryEntry& e : hist)
        for (const FieldChange& f : e.fields)
            if (f.field == "status") statuses.push_back(f.after.get<std::string>());
    CHECK(statuses == std::vector<std::string>{"forwarded", "solution_returned", "replied", "reviewed", "closed"});
    CHECK(hist[5].by.name == "赵组长");
}

TEST_CASE("forbidden transitions are refused with the status in the message, and nothing changes") {
    AppState s = with_calendar();
    REQUIRE(apply(s, intake("c-1"), at(bj(23, 9))).ok());
    const uint64_t rev = rev_of(s, "c-1");
    const uint64_t version = s.version;
    ApplyOutcome o = apply(s, CloseCase{"c-1", rev}, at(bj(23, 9, 1)));
    CHECK_FALSE(o.ok());
    CHECK(o.result.error.key == "error.case.cannot_close");
    CHECK(o.result.error.detail == "case.status.recorded");
    o = apply(s, ReplyToCustomer{"c-1", rev, "x"}, at(bj(23, 9, 1)));
    CHECK(o.result.error.key == "error.case.cannot_reply");
    o = apply(s, RecordSolution{"c-1", rev, "x", "y"}, at(bj(23, 9, 1)));
    CHECK(o.result.error.key == "error.case.cannot_return_solution");
    o = apply(s, ReopenCase{"c-1", rev, "x"}, at(bj(23, 9, 1)));
    CHECK(o.result.error.key == "error.case.cannot_reopen");
    CHECK(o.changes.empty());
    CHECK(rev_of(s, "c-1") == rev);
    CHECK(s.version == version);

    // Required text, a stale revision, a clock earlier than the case.
    CHECK(apply(s, AnswerCase{"c-1", rev, "   "}, at(bj(23, 9, 2))).result.error.key == "error.case.answer_empty");
    CHECK(apply(s, ForwardCase{"c-1", rev, Department::Other, "", ""}, at(bj(23, 9, 2))).result.error.key ==
          "error.case.department_needed");
    CHECK(apply(s, AnswerCase{"c-1", rev + 5, "好的"}, at(bj(23, 9, 2))).result.error.key == "error.record.revision");
    CHECK(apply(s, AnswerCase{"c-1", rev, "好的"}, at(bj(22, 9))).result.error.key == "error.case.clock");
    CHECK(apply(s, AnswerCase{"nope", 1, "好的"}, at(bj(23, 9, 2))).result.error.key == "error.record.not_found");
    CHECK(rev_of(s, "c-1") == rev);

    // Closed, then reopened: a new cycle with its own clocks, the reason kept.
    REQUIRE(apply(s, AnswerCase{"c-1", rev, "已告知客户在登录页点击“忘记密码”。"}, at(bj(23, 9, 3))).ok());
    REQUIRE(apply(s, CloseCase{"c-1", rev_of(s, "c-1")}, at(bj(23, 9, 4))).ok());
    CHECK(apply(s, AnswerCase{"c-1", rev_of(s, "c-1"), "again"}, at(bj(23, 9, 5))).result.error.detail == "case.status.closed");
    REQUIRE(apply(s, ReopenCase{"c-1", rev_of(s, "c-1"), "客户来电：仍无法登录。"}, at(bj(24, 11))).ok());
    const Case c = load(s, "c-1");
    CHECK(c.status == CaseStatus::Reopened);
    CHECK(c.reopenings.size() == 1);
    CHECK(c.event(CaseEvent::Opened) == bj(24, 11));
    CHECK(c.event(CaseEvent::Answered) == 0);
    CHECK(allowed_actions(c.status) == std::vector<CaseAction>{CaseAction::Answer, CaseAction::Forward});
}

TEST_CASE("follow-up cases are linked both ways") {
    AppState s = with_calendar();
    REQUIRE(apply(s, intake("c-1", CaseKind::Complaint), at(bj(23, 9))).ok());
    REQUIRE(apply(s, AnswerCase{"c-1", 1, "已致歉并解释原因。"}, at(bj(23, 9, 10))).ok());
    REQUIRE(apply(s, OpenFollowUp{"c-1", 2, "c-2", "客户不接受解释，要求补偿。"}, at(bj(23, 9, 20))).ok());
    const Case parent = load(s, "c-1"), child = load(s, "c-2");
    CHECK(parent.status == CaseStatus::FollowUpNeeded);
    CHECK(parent.follow_ups == std::vector<std::string>{"c-2"});
    CHECK(child.follow_up_of == "c-1");
    CHECK(child.kind == CaseKind::Complaint);
    CHECK(child.customer == parent.customer);
    CHECK(child.form_no == "KF-20261123-0002");
    CHECK(child.status == CaseStatus::Recorded);
    // The links are references the importer checks.
    CHECK(s.records.find(kCaseType, "c-2")->data()["follow_up_of_ref"] == "case/c-1");
    CHECK(s.records.find(kCaseType, "c-1")->data()["follow_up_refs"] == json::array({"case/c-2"}));
    // A follow-up id already taken is refused before anything changes.
    CHECK(apply(s, OpenFollowUp{"c-2", 1, "c-1", "x"}, at(bj(23, 9, 30))).result.error.key == "error.record.exists");
}

TEST_CASE("completeness per stage") {
    Case c;
    c.status = CaseStatus::Recorded;
    auto missing = [&] { return missing_fields(c); };
    CHECK(missing() == std::vector<CaseField>{CaseField::CustomerName, CaseField::CustomerPhone, CaseField::Description});
    c.customer.name = "王丽";
    c.customer.telephone = "010-62345678";
    c.description = {"无法登录", {"1001", "张敏"}, 1};
    c.kind = CaseKind::OrderProblem;
    CHECK(missing() == std::vector<CaseField>{CaseField::OrderNo});
    c.order_no = "DD20261123001";
    CHECK(missing().empty());
    c.status = CaseStatus::Forwarded;
    c.events[static_cast<size_t>(CaseEvent::Forwarded)] = 2;
    CHECK(missing() == std::vector<CaseField>{CaseField::Acceptance, CaseField::Department, CaseField::Handler});
    c.acceptance = {"已受理", {"1001", "张敏"}, 2};
    c.department = Department::Sales;
    c.handler = "周经理";
    c.status = CaseStatus::Replied;
    CHECK(missing() == std::vector<CaseField>{CaseField::Solution, CaseField::Result});
    c.solution = {"补发配件", {"", ""}, 3};
    CHECK(missing() == std::vector<CaseField>{CaseField::Drafter, CaseField::Result});
    c.solution.by.name = "周经理";
    c.result = {"已告知客户", {"1001", "张敏"}, 4};
    CHECK(missing().empty());
    c.status = CaseStatus::Closed;
    CHECK(missing() == std::vector<CaseField>{CaseField::Review});
    // Answered on the spot needs the answer, not an acceptance record or a department.
    Case spot;
    spot.customer = {"李强", "先生", "13900001111", "", "", "", ""};
    spot.description = {"咨询积分有效期", {"1001", "张敏"}, 1};
    spot.status = CaseStatus::Answered;
    CHECK(missing_fields(spot) == std::vector<CaseField>{CaseField::Result});
}

TEST_CASE("phone numbers: mobiles, landlines with area codes and extensions, and what is wrong") {
    const std::map<std::string, PhoneKind> cases = {
        {"", PhoneKind::Empty},
        {"13812341234", PhoneKind::Mobile},
        {"138 1234 1234", PhoneKind::Mobile},
        {"+86 138-1234-1234", PhoneKind::Mobile},
        {"008613812341234", PhoneKind::Mobile},
        {"1381234123", PhoneKind::Invalid},
        {"23812341234", PhoneKind::Invalid},
        {"12012341234", PhoneKind::Invalid},
        {"010-62345678", PhoneKind::Landline},
        {"(021) 5888 1234", PhoneKind::Landline},
        {"0755-8765432", PhoneKind::Landline},
        {"010-62345678-123", PhoneKind::Landline},
        {"021 58881234 转 8", PhoneKind::Landline},
        {"010-62345678 ext 12", PhoneKind::Landline},
        {"400-810-8888", PhoneKind::Landline},
        {"62345678", PhoneKind::NoAreaCode},
        {"0106234", PhoneKind::Invalid},
        {"138abcd1234", PhoneKind::HasLetters},
        {"call me", PhoneKind::HasLetters},
        {"１３８１２３４１２３４", PhoneKind::Invalid},
        {"010-62345678 转 abc", PhoneKind::Invalid},
    };
    for (const auto& entry : cases) CHECK_MESSAGE(classify_phone(entry.first) == entry.second, entry.first);
    CHECK(phone_digits("+86 138-1234-1234") == "8613812341234");

    Case c;
    c.customer.mobile = "010-62345678";
    c.customer.telephone = "6234abcd";
    c.kind = CaseKind::OrderProblem;
    c.priority = CasePriority::MajorComplaint;
    std::vector<std::string> keys;
    for (const FieldIssue& i : check_case_fields(c)) keys.push_back(i.path + " " + i.key);
    CHECK(keys == std::vector<std::string>{"customer.mobile case.check.mobile_is_landline", "customer.telephone case.check.phone_letters",
                                           "order_no case.check.order_no", "priority case.check.major_not_complaint"});
    c = Case{};
    c.customer.mobile = "1381234";
    REQUIRE(check_case_fields(c).size() == 1);
    CHECK(check_case_fields(c)[0].detail == "7");
}

TEST_CASE("long text, emoji and mixed scripts are kept; invalid text is refused with a message") {
    AppState s = with_calendar();
    CreateCase c = intake("c-long");
    std::string long_text;
    while (long_text.size() < 10000 * 3) long_text += "长";
    c.description = long_text + " 😀 Mixed English 和中文 ١٢٣";
    REQUIRE(apply(s, c, at(bj(23, 9))).ok());
    CHECK(load(s, "c-long").description.text == c.description);
    c.id = "c-bad";
    c.description = "ok\xff";
    ApplyOutcome o = apply(s, c, at(bj(23, 9)));
    CHECK(o.result.error.key == "error.case.encoding");
    c.description = std::string(kMaxCaseText + 1, 'x');
    CHECK(apply(s, c, at(bj(23, 9))).result.error.key == "error.case.too_long");
    c.description = "fine";
    c.customer.name = std::string(300, 'n');
    CHECK(apply(s, c, at(bj(23, 9))).result.error.key == "error.case.too_long");
    CHECK(s.records.count(kCaseType) == 1);
}

TEST_CASE("form numbers: sequential per day, unique even after an import from another station") {
    AppState a = with_calendar(), b = with_calendar();
    for (int i = 0; i < 3; ++i) REQUIRE(apply(a, intake("a-" + std::to_string(i)), at(bj(23, 9, i))).ok());
    REQUIRE(apply(a, intake("a-next"), at(bj(24, 9))).ok());
    CHECK(load(a, "a-2").form_no == "KF-20261123-0003");
    CHECK(load(a, "a-next").form_no == "KF-20261124-0001");
    // Station B numbered its own cases of the same day the same way.
    for (int i = 0; i < 2; ++i) REQUIRE(apply(b, intake("b-" + std::to_string(i)), at(bj(23, 10, i))).ok());
    CHECK(load(b, "b-1").form_no == "KF-20261123-0002");

    ExportFilter f;
    f.types = {kCaseType};
    const std::string file = export_json(a.records, f, {"test", bj(25, 9), {"1001", "张敏"}});
    auto plan = std::make_shared<ImportPlan>(plan_import(b.records, file));
    REQUIRE(plan->valid());
    const ApplyOutcome o = apply(b, ApplyImport{plan, ConflictPolicy::KeepMine}, at(bj(25, 10), "1002", "李强"));
    REQUIRE(o.ok());
    std::set<std::string> numbers;
    b.records.for_each(kCaseType, [&](const Record& r) { numbers.insert(case_from_record(r).form_no); });
    CHECK(numbers.size() == 6);  // 2 + 4 cases, every number different
    CHECK(numbers.count("KF-20261123-0005"));
    CHECK(load(b, "b-0").form_no == "KF-20261123-0001");  // local numbers never move
    // The renumbering is in the imported case's history, by the importing agent.
    const auto hist = b.records.history(kCaseType, "a-0");
    REQUIRE_FALSE(hist.empty());
    CHECK(hist.back().by.name == "李强");
    CHECK(hist.back().fields.at(0).field == "form_no");
    CHECK(b.cases.find_form_no(load(b, "a-0").form_no)->id == "a-0");
}

TEST_CASE("case index: search in Chinese and mixed text, filters, sort, caller lookup") {
    AppState s = with_calendar();
    CreateCase c = intake("c-1");
    REQUIRE(apply(s, c, at(bj(23, 9))).ok());
    c = intake("c-2", CaseKind::Complaint);
    c.customer = {"李强", "先生", "13900001111", "010-62345678", "海淀区", "", "Acme Trading Ltd."};
    c.description = "The refund for order DD-2026-1187 has not arrived；退款十天未到账。";
    c.category = CaseCategory::Sales;
    REQUIRE(apply(s, c, at(bj(23, 10))).ok());
    c = intake("c-3");
    c.customer.name = "ＺＨＡＮＧ Wei";
    c.description = "宽带晚上频繁掉线";
    REQUIRE(apply(s, c, at(bj(23, 11))).ok());
    REQUIRE(apply(s, ForwardCase{"c-3", 1, Department::Technical, "", "李工"}, at(bj(23, 11, 30))).ok());

    auto ids = [&](const CaseQuery& q, int64_t now = bj(23, 12)) {
        std::vector<std::string> out;
        for (uint32_t i : s.cases.query(q, now)) out.push_back(s.cases.row(i).id);
        return out;
    };
    CaseQuery q;
    q.sort = CaseSort::Created;
    q.descending = false;
    CHECK(ids(q) == std::vector<std::string>{"c-1", "c-2", "c-3"});
    q.text = "登录";  // a Chinese substring, no spaces around it
    CHECK(ids(q) == std::vector<std::string>{"c-1"});
    q.text = "退款";
    CHECK(ids(q) == std::vector<std::string>{"c-2"});
    q.text = "REFUND 到账";  // mixed scripts, any case, two terms
    CHECK(ids(q) == std::vector<std::string>{"c-2"});
    q.text = "refund 登录";  // both terms must match
    CHECK(ids(q).empty());
    q.text = "zhang";  // full-width letters folded
    CHECK(ids(q) == std::vector<std::string>{"c-3"});
    q.text = "１１８７";  // full-width digits find the order number in the text
    CHECK(ids(q) == std::vector<std::string>{"c-2"});
    q.text = "KF-20261123-0002";
    CHECK(ids(q) == std::vector<std::string>{"c-2"});
    q.text = "62345678";
    CHECK(ids(q) == std::vector<std::string>{"c-2"});
    q.text = "李工";  // the department's handler
    CHECK(ids(q) == std::vector<std::string>{"c-3"});

    q.text.clear();
    q.kinds = 1u << static_cast<unsigned>(CaseKind::Complaint);
    CHECK(ids(q) == std::vector<std::string>{"c-2"});
    q.kinds = 0;
    q.statuses = 1u << static_cast<unsigned>(CaseStatus::Forwarded);
    CHECK(ids(q) == std::vector<std::string>{"c-3"});
    q.statuses = 0;
    q.departments = 1u << static_cast<unsigned>(Department::Technical);
    CHECK(ids(q) == std::vector<std::string>{"c-3"});
    q.departments = 0;
    q.created_from_ms = bj(23, 9, 30);
    q.created_to_ms = bj(23, 10, 30);
    CHECK(ids(q) == std::vector<std::string>{"c-2"});
    q.created_from_ms = q.created_to_ms = 0;
    q.sort = CaseSort::Customer;
    CHECK(ids(q).size() == 3);
    q.sort = CaseSort::FormNo;
    q.descending = true;
    CHECK(ids(q) == std::vector<std::string>{"c-3", "c-2", "c-1"});

    // SLA: at 11:05 c-1 (forward due 11:00) is breached, c-2's forward clock is due soon.
    q = CaseQuery{};
    q.sla_states = 1u << static_cast<unsigned>(SlaState::Breached);
    CHECK(ids(q, bj(23, 11, 5)) == std::vector<std::string>{"c-1"});
    q.sla_states = 0;
    q.sort = CaseSort::Sla;
    q.descending = false;
    CHECK(ids(q, bj(23, 11, 35)).front() == "c-1");
    CHECK(s.cases.find("c-2")->sla_state(bj(23, 11, 35)) == SlaState::DueSoon);

    CHECK(s.cases.by_phone("+86 139 0000 1111").size() == 1);
    CHECK(s.cases.by_phone("13812341234").size() == 2);  // c-1 and c-3 share the caller
    CHECK(s.cases.by_phone("123").empty());
    CHECK(s.cases.agents() == std::vector<std::string>{"张敏"});
}

TEST_CASE("pauses while waiting for the customer and a changed calendar re-plan the SLA") {
    AppState s = with_calendar();
    REQUIRE(apply(s, intake("c-1"), at(bj(23, 9))).ok());
    REQUIRE(apply(s, PauseCase{"c-1", 1}, at(bj(23, 9, 30))).ok());
    CHECK(apply(s, PauseCase{"c-1", 2}, at(bj(23, 9, 31))).result.error.key == "error.case.already_paused");
    CHECK(s.cases.find("c-1")->sla_state(bj(30, 9)) == SlaState::Paused);
    REQUIRE(apply(s, ResumeCase{"c-1", 2}, at(bj(23, 13, 30))).ok());
    // 30 working minutes used before the pause: 90 left from 13:30 -> due 15:00.
    CHECK(s.cases.find("c-1")->sla_deadline_ms == bj(23, 15));
    CHECK(apply(s, ResumeCase{"c-1", 3}, at(bj(23, 13, 31))).result.error.key == "error.case.not_paused");

    // Working hours 09:00-12:00 only: the forward deadline moves to the next morning.
    WorkCalendar mornings = s.calendar;
    for (int d = 0; d < 5; ++d) mornings.week[static_cast<size_t>(d)] = {{9 * 60, 12 * 60}};
    REQUIRE(apply(s, SetCalendar{mornings}, at(bj(23, 14))).ok());
    CHECK(s.cases.find("c-1")->sla_deadline_ms == bj(24, 10, 30));
    // A calendar without working hours is refused with the calendar's own message.
    WorkCalendar none = s.calendar;
    for (auto& d : none.week) d.clear();
    none.workdays.clear();
    CHECK(apply(s, SetCalendar{none}, at(bj(23, 14))).result.error.key == "calendar.err.no_hours");
    // The calendar is data: it survives a rebuild from the records.
    AppState again;
    again.records = s.records;
    refresh_derived(again);
    CHECK(again.calendar.week[0].at(0).end_min == 12 * 60);
    CHECK(again.cases.find("c-1")->sla_deadline_ms == bj(24, 10, 30));
}

TEST_CASE("an old open case shows a breached SLA; every label has a translation key of its own") {
    AppState s = with_calendar();
    REQUIRE(apply(s, intake("c-old"), at(bj(2, 10, 0, 3))).ok());
    CHECK(s.cases.find("c-old")->sla_state(bj(23, 9)) == SlaState::Breached);
    std::set<std::string> keys;
    for (int i = 0; i < static_cast<int>(CaseStatus::Count); ++i) keys.insert(label_key(static_cast<CaseStatus>(i)));
    for (int i = 0; i < static_cast<int>(CaseAction::Count); ++i) keys.insert(label_key(static_cast<CaseAction>(i)));
    CHECK(keys.size() == static_cast<size_t>(CaseStatus::Count) + static_cast<size_t>(CaseAction::Count));
}

TEST_CASE("the fast MessagePack case reader agrees with the tolerant JSON reader") {
    Case c;
    c.id = "c-9";
    c.form_no = "KF-20261123-0009";
    c.category = CaseCategory::Sales;
    c.kind = CaseKind::OrderProblem;
    c.channel = CaseChannel::Kiosk;
    c.priority = CasePriority::MajorComplaint;
    c.status = CaseStatus::Reopened;
    c.customer = {"王丽", "女士", "13812341234", "010-62345678", "朝阳区", "建国路 88 号", "星辰科技"};
    c.description = {"描述 😀", {"1001", "张敏"}, 5};
    c.acceptance = {"受理", {"1001", "张敏"}, 6};
    c.solution = {"方案", {"", "李工"}, 7};
    c.result = {"结果", {"1002", "李强"}, 8};
    c.review = {"审核", {"2001", "赵组长"}, 9};
    c.department = Department::Other;
    c.department_other = "法务部";
    c.handler = "周律师";
    c.order_no = "DD1";
    c.follow_up_of = "c-1";
    c.follow_ups = {"c-10", "c-11"};
    c.events[static_cast<size_t>(CaseEvent::Opened)] = 1'795'000'000'000;
    c.events[static_cast<size_t>(CaseEvent::Closed)] = -5;
    c.pauses = {{10, 20}, {30, 0}};
    c.escalated_at_ms = 4'000'000'000'000;
    c.reopenings = {{11, {"1001", "张敏"}, "仍无法登录"}};
    Record r;
    r.id = c.id;
    r.set_data(case_to_data(c));
    const Case fast = case_from_record(r);
    const Case slow = case_from_data(r.id, r.data());
    CHECK(case_to_data(fast) == case_to_data(c));
    CHECK(case_to_data(slow) == case_to_data(c));
    // Extra fields from a newer version and unknown names are tolerated by both.
    json d = case_to_data(c);
    d["future_field"] = {{"nested", json::array({1, 2.5, nullptr})}};
    d["status"] = "archived_in_v9";
    r.set_data(d);
    CHECK(case_from_record(r).status == CaseStatus::Recorded);
    CHECK(case_from_record(r).form_no == c.form_no);
    // A wrong type falls back to the tolerant reader instead of failing.
    d["customer"] = "not an object";
    r.set_data(d);
    CHECK(case_from_record(r).customer.name.empty());
    CHECK(case_from_record(r).handler == "周律师");
}

TEST_CASE("the contact log: calls with duration, opening or attached to a case, found per case") {
    AppState s = with_calendar();
    REQUIRE(apply(s, intake("c-1"), at(bj(23, 9, 2))).ok());
    LogContact call{"k-1", bj(23, 9), bj(23, 9, 4), ContactDirection::Inbound, "13812341234", "王丽", "无法登录", "c-1"};
    REQUIRE(apply(s, call, at(bj(23, 9, 4))).ok());
    LogContact later{"k-2", bj(24, 10), bj(24, 10, 2), ContactDirection::Outbound, "13812341234", "王丽", "回访", ""};
    REQUIRE(apply(s, later, at(bj(24, 10, 2))).ok());
    std::vector<Contact> all = list_contacts(s.records);
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == "k-2");  // newest first
    CHECK(all[1].duration_ms() == 4 * kMsPerMinute);
    CHECK(all[1].duration_ms() > kCallTargetMs);
    CHECK(all[1].agent.name == "张敏");
    CHECK(contacts_of_case(s.records, "c-1").size() == 1);
    REQUIRE(apply(s, AttachContact{"k-2", 1, "c-1"}, at(bj(24, 10, 3))).ok());
    CHECK(contacts_of_case(s.records, "c-1").size() == 2);
    // The case reference is checked like any other on import.
    CHECK(s.records.find(kContactType, "k-2")->data()["case_ref"] == "case/c-1");

    LogContact bad = call;
    bad.id = "k-3";
    bad.ended_ms = bad.started_ms - 1;  // ends before it starts
    CHECK(apply(s, bad, at(bj(24, 11))).result.error.key == "error.contact.times");
    bad.ended_ms = bad.started_ms;
    bad.case_id = "nope";
    CHECK(apply(s, bad, at(bj(24, 11))).result.error.key == "error.record.not_found");
    CHECK(apply(s, AttachContact{"k-1", 1, "nope"}, at(bj(24, 11))).result.error.key == "error.record.not_found");
    CHECK(list_contacts(s.records).size() == 2);
}

TEST_CASE("empty parts are not stored, and a part emptied by an edit is removed") {
    AppState s = with_calendar();
    CreateCase c = intake("c-1", CaseKind::OrderProblem);
    c.order_no = "DD1";
    REQUIRE(apply(s, c, at(bj(23, 9))).ok());
    json d = s.records.find(kCaseType, "c-1")->data();
    CHECK_FALSE(d.contains("solution"));  // nothing written yet
    CHECK_FALSE(d.contains("pauses"));
    CHECK(d["order_no"] == "DD1");
    Case edited = load(s, "c-1");
    edited.order_no.clear();
    edited.customer.company.clear();
    REQUIRE(apply(s, EditCase{"c-1", 1, edited}, at(bj(23, 9, 5))).ok());
    d = s.records.find(kCaseType, "c-1")->data();
    CHECK_FALSE(d.contains("order_no"));
    CHECK_FALSE(d["customer"].contains("company"));
    CHECK(load(s, "c-1").order_no.empty());
    const auto hist = s.records.history(kCaseType, "c-1");
    bool order_removed = false;
    for (const FieldChange& f : hist.back().fields) order_removed |= f.field == "order_no" && f.before == "DD1" && f.after.is_null();
    CHECK(order_removed);
    CHECK(missing_fields(load(s, "c-1")) == std::vector<CaseField>{CaseField::OrderNo});
}
