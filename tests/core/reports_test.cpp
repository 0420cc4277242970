#include "core/reports.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>

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

// ---- the named reports, the work log, the report document's files ------------------------
#include "core/agents.hpp"
#include "core/named_reports.hpp"
#include "core/report_export.hpp"

namespace {

Translator zh_translator() {
    Translator tr;
    for (Language l : {Language::ZhCN, Language::En}) {
        StringTable t;
        REQUIRE(t.load_json(test::read_source_file(std::string("assets/i18n/") + language_tag(l) + ".json")).empty());
        tr.set_table(l, std::move(t));
    }
    tr.set_language(Language::ZhCN);
    return tr;
}

const DocTable* find_table(const ReportDoc& d, const std::string& title) {
    for (const DocSection& s : d.sections)
        for (const DocTable& t : s.tables)
            if (t.title.rfind(title, 0) == 0) return &t;
    return nullptr;
}

const std::vector<std::string>* find_row(const DocTable& t, const std::string& first) {
    for (const auto& r : t.rows)
        if (!r.empty() && r[0] == first) return &r;
    return nullptr;
}

size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

}  // namespace

TEST_CASE("agent daily statistics: per agent and per day, counted by hand") {
    const AppState s = fixture();
    const Translator tr = zh_translator();
    const ReportDoc d = build_report(s, ReportKind::AgentDaily, week(), bj(27, 17), tr);
    CHECK(d.title == "话务人员日常工作统计表");
    CHECK(d.period == "2026-11-23 – 2026-11-27");
    const DocTable* t = find_table(d, "按坐席");
    REQUIRE(t);
    REQUIRE(t->rows.size() == 3);  // 张敏, 李强, total
    CHECK(t->total_row);
    // 呼入 呼出 通话 平均 超5 新建 当场 转交 结案 投诉 回访 满意度
    const auto* zm = find_row(*t, "张敏");
    REQUIRE(zm);
    CHECK(*zm == std::vector<std::string>{"张敏", "2", "0", "8.0", "4.0", "1", "2", "1", "1", "3", "1", "1 / 1", "100.0"});
    const auto* lq = find_row(*t, "李强");
    REQUIRE(lq);
    CHECK(*lq == std::vector<std::string>{"李强", "0", "0", "0.0", "—", "0", "1", "1", "0", "1", "0", "0 / 0", "80.0"});
    CHECK(t->rows.back() == std::vector<std::string>{"合计（2 人）", "2", "0", "8.0", "4.0", "1", "3", "2", "1", "4", "1", "1 / 1", "90.0"});

    const DocTable* days = find_table(d, "按日");
    REQUIRE(days);
    REQUIRE(days->rows.size() == 5);
    CHECK(days->rows[0][0] == "2026-11-23");
    CHECK(days->rows[0][1] == "1");  // k-1
    CHECK(days->rows[0][6] == "2");  // c-1, c-2 opened
    CHECK(days->rows[0][9] == "2");  // c-1, c-4 closed
    CHECK(days->rows[2][11] == "1 / 1");  // the callback on the 25th

    // One agent's scope keeps only that agent.
    ReportScope one = week();
    one.agent = "李强";
    const ReportDoc d1 = build_report(s, ReportKind::AgentDaily, one, bj(27, 17), tr);
    const DocTable* t1 = find_table(d1, "按坐席");
    REQUIRE(t1);
    REQUIRE(t1->rows.size() == 2);
    CHECK(t1->rows[0][0] == "李强");
}

TEST_CASE("complaint statistics and the daily complaint report") {
    const AppState s = fixture();
    const Translator tr = zh_translator();
    const ReportDoc d = build_report(s, ReportKind::Complaints, week(), bj(27, 17), tr);
    REQUIRE_FALSE(d.sections.empty());
    REQUIRE(d.sections[0].paragraphs.size() == 1);
    CHECK(d.sections[0].paragraphs[0].find("本期受理投诉 1 件，其中重大投诉 0 件；已结案 0 件，未结 1 件，投诉解决率 0.0%") == 0);
    const DocTable* list = find_table(d, "投诉明细");
    REQUIRE(list);
    REQUIRE(list->rows.size() == 1);
    CHECK(list->row_case[0] == "c-2");
    CHECK(list->rows[0][0] == s.cases.find("c-2")->form_no);
    const DocTable* by_dept = find_table(d, "按处理部门");
    REQUIRE(by_dept);
    REQUIRE(by_dept->rows.size() == 1);
    CHECK(by_dept->rows[0] == std::vector<std::string>{tr.get(label_key(Department::Technical)), "1", "0", "0", "1", "0.0%"});

    // The daily report for the 23rd: c-2 received (phone masked), still open.
    ReportScope day = week();
    day.from_day = day.to_day = day_of(23);
    const ReportDoc daily = build_report(s, ReportKind::DailyComplaints, day, bj(27, 17), tr);
    CHECK(daily.period == "2026-11-23");
    const DocTable* received = find_table(daily, "当日受理的投诉");
    REQUIRE(received);
    REQUIRE(received->rows.size() == 1);
    CHECK(received->rows[0][0] == "10:00");
    CHECK(received->rows[0][3] == "138****1234");
    CHECK(received->rows[0][4] == "问题描述");
    const DocTable* open = find_table(daily, "未结投诉");
    REQUIRE(open);
    REQUIRE(open->rows.size() == 1);
    CHECK(open->rows[0][2] == "0");
    // The 25th: nothing received, c-2 still open two days on.
    day.from_day = day.to_day = day_of(25);
    const ReportDoc later = build_report(s, ReportKind::DailyComplaints, day, bj(27, 17), tr);
    const DocTable* none = find_table(later, "当日受理的投诉");
    REQUIRE(none);
    CHECK(none->rows.empty());
    CHECK(none->empty_text == "当日没有。");
    const DocTable* still = find_table(later, "未结投诉");
    REQUIRE(still);
    REQUIRE(still->rows.size() == 1);
    CHECK(still->rows[0][2] == "2");
    // The 22nd, before c-2 existed: no open complaint.
    day.from_day = day.to_day = day_of(22);
    const ReportDoc earlier = build_report(s, ReportKind::DailyComplaints, day, bj(27, 17), tr);
    const DocTable* before = find_table(earlier, "未结投诉");
    REQUIRE(before);
    CHECK(before->rows.empty());
}

TEST_CASE("feedback per department lists the cases forwarded to each") {
    const AppState s = fixture();
    const Translator tr = zh_translator();
    const ReportDoc d = build_report(s, ReportKind::Department, week(), bj(27, 17), tr);
    const DocTable* overview = find_table(d, "概况");
    REQUIRE(overview);
    REQUIRE(overview->rows.size() == 4);  // product, sales, technical, service ("other" only when used)
    const auto* tech = find_row(*overview, tr.get(label_key(Department::Technical)));
    REQUIRE(tech);
    CHECK((*tech)[1] == "1");  // forwarded
    CHECK((*tech)[2] == "1");  // waiting for the department
    const auto* product = find_row(*overview, tr.get(label_key(Department::Product)));
    REQUIRE(product);
    CHECK((*product)[1] == "0");
    const DocTable* cases = find_table(d, tr.get(label_key(Department::Technical)) + "：1 件");
    REQUIRE(cases);
    REQUIRE(cases->rows.size() == 1);
    CHECK(cases->row_case[0] == "c-2");
    CHECK(cases->rows[0][4] == "问题描述");
    REQUIRE_FALSE(d.sections[0].charts.empty());
    CHECK(d.sections[0].charts[0].kind == ChartKind::StackedBar);
}

TEST_CASE("weekly summary: the KPIs against the previous period, volume by channel") {
    const AppState s = fixture();
    const Translator tr = zh_translator();
    const ReportDoc d = build_report(s, ReportKind::Summary, week(), bj(27, 17), tr);
    const DocTable* kpis = find_table(d, "关键指标");
    REQUIRE(kpis);
    const auto* on_time = find_row(*kpis, "工作任务按时完成率");
    REQUIRE(on_time);
    CHECK((*on_time)[1] == "75.0%");
    CHECK((*on_time)[2] == "—");  // the week before closed nothing
    CHECK((*on_time)[4] == "≥ 100%");
    CHECK((*on_time)[5] == "未达标");
    CHECK_FALSE(find_row(*kpis, "未结工单"));  // "now" in both periods: not compared
    const DocTable* channels = find_table(d, "按渠道");
    REQUIRE(channels);
    REQUIRE(channels->rows.size() == 2);  // inbound calls, total
    CHECK(channels->rows[0][1] == "3");
    CHECK(channels->rows[0][2] == "100.0%");
    CHECK(d.sections[1].paragraphs[0] == "本期新建工单 3 张，通话 2 通，结案 4 张；受理投诉 1 件（重大投诉 0 件）。");
}

TEST_CASE("reports of an empty period and of ten years with a thousand agents stay readable") {
    const Translator tr = zh_translator();
    {
        const AppState s = fixture();
        ReportScope empty;
        empty.from_day = days_from_civil({2020, 3, 1});
        empty.to_day = days_from_civil({2020, 3, 7});
        for (int k = 0; k < static_cast<int>(ReportKind::Count); ++k) {
            const ReportDoc d = build_report(s, static_cast<ReportKind>(k), empty, bj(27, 17), tr);
            CAPTURE(k);
            CHECK_FALSE(d.sections.empty());
            for (const DocSection& sec : d.sections)
                for (const DocTable& t : sec.tables)
                    if (t.rows.empty()) CHECK_FALSE(t.empty_text.empty());  // says "none", never a bare header
        }
        const ReportDoc none = build_report(s, ReportKind::AgentDaily, empty, bj(27, 17), tr);
        const DocTable* agents = find_table(none, "按坐席");
        REQUIRE(agents);
        CHECK(agents->rows.empty());
        CHECK(agents->empty_text == "该时间段内没有话务记录。");
    }
    AppState s;
    for (int i = 0; i < 1000; ++i) {
        CreateCase c;
        c.id = "big-" + std::to_string(i);
        c.kind = CaseKind::Complaint;
        c.customer = {"客户" + std::to_string(i), "", "13900000000", "", "", "", ""};
        c.description = "投诉";
        const std::string agent = "坐席" + std::to_string(i);
        const int64_t t = days_from_civil({2016, 1, 1}) * kMsPerDay + static_cast<int64_t>(i) * 3 * kMsPerDay + 2 * kMsPerHour;
        REQUIRE(apply(s, c, CommandContext{{std::to_string(i), agent}, t}).ok());
    }
    ReportScope decade;
    decade.from_day = days_from_civil({2016, 1, 1});
    decade.to_day = days_from_civil({2025, 12, 31});
    const ReportDoc agents = build_report(s, ReportKind::AgentDaily, decade, bj(27, 17), tr);
    const DocTable* per_agent = find_table(agents, "按坐席");
    REQUIRE(per_agent);
    CHECK(per_agent->rows.size() == 1001);
    CHECK(per_agent->rows.back()[0] == "合计（1000 人）");
    CHECK(per_agent->rows.back()[6] == "1000");
    const DocTable* months = find_table(agents, "按月");  // ten years: by month, not 3,653 days
    REQUIRE(months);
    CHECK(months->rows.size() == 120);
    const ReportDoc complaints = build_report(s, ReportKind::Complaints, decade, bj(27, 17), tr);
    const DocTable* list = find_table(complaints, "投诉明细");
    REQUIRE(list);
    CHECK(list->rows.size() == kMaxListedRows);
    CHECK(list->title.find("共 1000 条") != std::string::npos);
    CHECK(list->rows[0][2] == "客户999");  // newest first
    const std::string html = doc_to_html(agents);
    CHECK(count_of(html, "<tr") == 1 + 1001 + 1 + 120);  // two headers, 1001 agents, 120 months
}

TEST_CASE("the daily work log: drafted from the day, edited, saved, refused when stale") {
    AppState s = fixture();
    const Translator tr = zh_translator();
    const std::string draft = draft_work_log(s, "张敏", day_of(23), bj(23, 18), tr);
    const std::string c1 = s.cases.find("c-1")->form_no, c2 = s.cases.find("c-2")->form_no;
    CHECK(draft.find("工作日志 2026-11-23 · 张敏") == 0);
    CHECK(draft.find("通话 1 通（呼入 1，呼出 0）") != std::string::npos);
    CHECK(draft.find("新建工单 2 张，其中当场解答 1 张、转交部门 1 张；结案 2 张") != std::string::npos);
    CHECK(draft.find("1. 09:00 " + c1) != std::string::npos);
    CHECK(draft.find("2. 10:00 " + c2) != std::string::npos);
    const size_t special = draft.find("三、特殊情况");
    const size_t open = draft.find("四、未结事项");
    REQUIRE(special != std::string::npos);
    REQUIRE(open != std::string::npos);
    CHECK(draft.find("- " + c2, special) < open);  // the complaint is reported to the lead…
    CHECK(draft.find("- " + c2, open) != std::string::npos);  // …and followed up tomorrow
    CHECK(draft.find("- " + c1, open) == std::string::npos);  // closed: not open

    WorkLog w;
    CHECK_FALSE(find_work_log(s.records, "张敏", day_of(23), w));
    const std::string edited = draft + "客户王丽情绪激动，已安抚。";
    REQUIRE(apply(s, SaveWorkLog{"张敏", day_of(23), 0, edited}, at(bj(23, 18))).ok());
    REQUIRE(find_work_log(s.records, "张敏", day_of(23), w));
    CHECK(w.text == edited);
    CHECK(w.rev == 1);
    // A second save from a stale copy is refused; from the current revision it lands.
    const ApplyOutcome stale = apply(s, SaveWorkLog{"张敏", day_of(23), 0, "别处的草稿"}, at(bj(23, 19)));
    CHECK_FALSE(stale.ok());
    REQUIRE(apply(s, SaveWorkLog{"张敏", day_of(23), w.rev, "改过的日志"}, at(bj(23, 19))).ok());
    REQUIRE(find_work_log(s.records, "张敏", day_of(23), w));
    CHECK(w.text == "改过的日志");
    CHECK(apply(s, SaveWorkLog{"张敏", day_of(24), 0, "第二天"}, at(bj(24, 18))).ok());
    const std::vector<WorkLog> logs = work_logs_of(s.records, "张敏");
    REQUIRE(logs.size() == 2);
    CHECK(logs[0].day == day_of(24));
    CHECK(work_logs_of(s.records, "李强").empty());
    // Refusals: no agent, too long, invalid UTF-8.
    CHECK(apply(s, SaveWorkLog{"", day_of(23), 0, "x"}, at(bj(23, 18))).result.error.key == "report.error.log_agent");
    CHECK(apply(s, SaveWorkLog{"李强", day_of(23), 0, std::string(kMaxWorkLogBytes + 1, 'a')}, at(bj(23, 18))).result.error.key ==
          "report.error.log_too_long");
    CHECK(apply(s, SaveWorkLog{"李强", day_of(23), 0, "\xff\xfe"}, at(bj(23, 18))).result.error.key == "report.error.log_encoding");
    // Its export: one paragraph, the text as saved.
    const ReportDoc doc = work_log_doc(w, tr);
    REQUIRE(doc.sections.size() == 1);
    CHECK(doc.sections[0].paragraphs[0] == "改过的日志");
}

TEST_CASE("report files: CSV of every table, JSON, self-contained HTML with SVG charts") {
    AppState s = fixture();
    // A customer whose name would break HTML and a spreadsheet.
    CreateCase evil;
    evil.id = "c-evil";
    evil.kind = CaseKind::Complaint;
    evil.customer = {"<script>alert(1)</script>", "", "13812341234", "", "", "", ""};
    evil.description = "=HYPERLINK(\"x\"), \"引号\"\n第二行";
    REQUIRE(apply(s, evil, at(bj(24, 11))).ok());
    const Translator tr = zh_translator();
    const ReportDoc d = build_report(s, ReportKind::Complaints, week(), bj(27, 17), tr);

    const std::string html = doc_to_html(d);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<html lang=\"zh-CN\">") != std::string::npos);
    CHECK(html.find("@page { size: A4") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);  // escaped, never live
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("src=") == std::string::npos);   // nothing to fetch
    CHECK(html.find("href=") == std::string::npos);
    CHECK(count_of(html, "<svg") == 1);  // the stacked bars of complaints per day
    CHECK(count_of(html, "<table>") == count_of(html, "</table>"));
    CHECK(count_of(html, "<rect") >= 2);  // two bars, one per day with complaints
    CHECK(html.find("<title>11-24 · 未结: 1</title>") != std::string::npos);  // hover value

    const std::string csv = to_csv(doc_rows(d));
    CHECK(csv.rfind("\xEF\xBB\xBF客户投诉统计表\r\n", 0) == 0);
    CHECK(csv.find("\"<script>alert(1)</script>\"") == std::string::npos);  // no comma or quote: not quoted
    CHECK(csv.find("<script>alert(1)</script>") != std::string::npos);
    CHECK(csv.find("投诉明细\r\n") != std::string::npos);

    const json j = json::parse(doc_to_json(d));
    CHECK(j["format"] == "kefu.report_doc");
    CHECK(j["kind"] == "complaints");
    bool listed = false;
    for (const json& sec : j["sections"])
        for (const json& t : sec["tables"])
            if (t.contains("case_ids"))
                for (const json& id : t["case_ids"]) listed = listed || id == "c-evil";
    CHECK(listed);

    // The SVG of a line chart: a gap where a value is missing; bars stack.
    ReportDoc chart_doc;
    DocSection sec;
    DocChart line;
    line.kind = ChartKind::Line;
    line.labels = {"a", "b", "c", "d"};
    line.series = {{"分数", {90, NAN, 96, 97}}};
    line.target = 95;
    line.target_label = "目标 95";
    sec.charts.push_back(line);
    chart_doc.sections.push_back(sec);
    const std::string svg = doc_to_html(chart_doc);
    CHECK(count_of(svg, " M") == 2);  // two runs: a, then c–d
    CHECK(count_of(svg, "<circle") == 3);
    CHECK(svg.find("stroke-dasharray") != std::string::npos);
    CHECK(svg.find("目标 95") != std::string::npos);
}

TEST_CASE("the call index behind the reports follows new and changed calls after its first use") {
    AppState s = fixture();
    const int64_t now = bj(27, 17);
    CHECK(compute_kpis(s, week(), now).calls == 2);  // built here
    REQUIRE(apply(s, LogContact{"k-3", bj(25, 9), bj(25, 9, 4), ContactDirection::Outbound, "13812341234", "王丽", "回访", "c-1"}, at(bj(25, 9, 4), "1002", "李强"))
                .ok());
    const KpiReport r = compute_kpis(s, week(), now);
    CHECK(r.calls == 3);
    CHECK(r.get(Kpi::CallDuration).value == doctest::Approx(4.0));  // (2 + 6 + 4) / 3
    CHECK(r.calls_over_target == 2);
    ReportScope li = week();
    li.agent = "李强";
    CHECK(compute_kpis(s, li, now).calls == 1);  // signed by the agent who logged it
    const Translator tr = zh_translator();
    const ReportDoc d = build_report(s, ReportKind::AgentDaily, li, now, tr);
    const DocTable* t = find_table(d, "按坐席");
    REQUIRE(t);
    REQUIRE_FALSE(t->rows.empty());
    CHECK(t->rows[0][2] == "1");  // one outbound call
    // A rebuilt state (as after a reload or an import) counts the same.
    AppState again;
    again.records = s.records;
    refresh_derived(again);
    CHECK(compute_kpis(again, week(), now).calls == 3);
}

TEST_CASE("KPIs over the National Day holiday: working-hour deadlines skip it, calendar-day ones do not") {
    AppState s = fixture();
    auto at_oct = [](int month, int day, int h, int mi = 0) { return days_from_civil({2026, month, day}) * kMsPerDay + (h - 8) * kMsPerHour + mi * kMsPerMinute; };
    auto open_answer_close = [&](const char* id, int64_t opened, int64_t answered) {
        CreateCase c;
        c.id = id;
        c.customer = {"周文", "先生", "13812345678", "", "", "", ""};
        c.description = "节前来电咨询";
        REQUIRE(apply(s, c, at(opened)).ok());
        REQUIRE(apply(s, AnswerCase{id, rev(s, id), "已解答"}, at(answered)).ok());
        REQUIRE(apply(s, CloseCase{id, rev(s, id)}, at(answered + 10 * kMsPerMinute)).ok());
    };
    // Both opened 30 September 17:30, half an hour before the holiday (1–7 October).
    // h-1 answered 8 October 09:30: within 2 working hours (30 min + 30 min), but past the
    // 3 calendar days of "reply". h-2 answered 10:45: past both.
    open_answer_close("h-1", at_oct(9, 30, 17, 30), at_oct(10, 8, 9, 30));
    open_answer_close("h-2", at_oct(9, 30, 17, 30), at_oct(10, 8, 10, 45));
    ReportScope holiday;
    holiday.from_day = days_from_civil({2026, 9, 28});
    holiday.to_day = days_from_civil({2026, 10, 11});
    const KpiReport r = compute_kpis(s, holiday, bj(27, 17));
    CHECK(r.get(Kpi::OnTime).denominator == 2);
    CHECK(r.get(Kpi::OnTime).numerator == 0);
    CHECK(r.get(Kpi::Breaches).value == doctest::Approx(2.0));
    std::map<std::string, int64_t> by_rule(r.breaches_by_rule.begin(), r.breaches_by_rule.end());
    CHECK(by_rule["reply"] == 2);
    CHECK(by_rule["forward"] == 1);  // only h-2: the holiday's working hours are not counted
    CHECK(by_rule.size() == 2);
}

TEST_CASE("KPIs: a reopened case is closed once and not a first-contact resolution; a re-rated survey counts once") {
    AppState s = fixture();
    // c-1 (answered on the spot, closed on the 23rd) is reopened and closed again on the 24th.
    REQUIRE(apply(s, ReopenCase{"c-1", rev(s, "c-1"), "客户反映问题再次出现"}, at(bj(24, 10))).ok());
    REQUIRE(apply(s, AnswerCase{"c-1", rev(s, "c-1"), "再次指导客户操作"}, at(bj(24, 10, 5))).ok());
    REQUIRE(apply(s, CloseCase{"c-1", rev(s, "c-1")}, at(bj(24, 10, 10))).ok());
    // The customer of c-1 re-rates: 3 and 3 (60) replaces 5 and 5 (100).
    SurveyResponse again;
    again.id = "r-1";
    again.survey_id = "survey-zh-default";
    again.case_id = "c-1";
    SurveyAnswer a;
    a.question = "overall", a.kind = QuestionKind::Rating, a.value = 3;
    SurveyAnswer b = a;
    b.question = "attitude";
    again.answers = {a, b};
    REQUIRE(apply(s, SubmitResponse{again}, at(bj(26, 11))).ok());

    const KpiReport r = compute_kpis(s, week(), bj(27, 17));
    CHECK(r.get(Kpi::OnTime).denominator == 4);  // c-1, c-3, c-4, c-5: c-1 still once
    CHECK(r.get(Kpi::FirstContact).denominator == 3);
    CHECK(r.get(Kpi::FirstContact).numerator == 1);  // c-3 only: c-1 was reopened, c-2 forwarded
    CHECK(r.get(Kpi::Satisfaction).denominator == 2);  // two responses, not three
    CHECK(r.get(Kpi::Satisfaction).value == doctest::Approx(70.0));  // (60 + 80) / 2
    const std::vector<DrillRow> first = kpi_drilldown(s, week(), Kpi::FirstContact, bj(27, 17));
    REQUIRE(first.size() == 3);
    CHECK(first.back().id == "c-3");
    CHECK(first.back().hit);
}

TEST_CASE("a team's scope: the agents whose profiles name that team, in every KPI and report") {
    AppState s = fixture();
    auto agent = [&](const char* id, const char* name, const char* team) {
        AgentProfile a;
        a.id = id;
        a.name = name;
        a.team = team;
        REQUIRE(s.records.create(kAgentType, id, agent_to_data(a), {{"9000", "管理员"}, 1}).ok);
    };
    agent("1001", "张敏", "一组");
    agent("1002", "李强", "二组");
    ReportScope one = week();
    set_team(one, s.records, "一组");
    CHECK(one.members == std::vector<std::string>{"张敏"});
    const KpiReport r1 = compute_kpis(s, one, bj(27, 17));
    CHECK(r1.get(Kpi::OnTime).denominator == 3);  // 张敏's c-1, c-4, c-5 (c-3 is 李强's)
    CHECK(r1.get(Kpi::Satisfaction).value == doctest::Approx(100.0));  // only r-1
    CHECK(r1.calls == 2);
    ReportScope two = week();
    set_team(two, s.records, "二组");
    const KpiReport r2 = compute_kpis(s, two, bj(27, 17));
    CHECK(r2.get(Kpi::OnTime).denominator == 1);
    CHECK(r2.get(Kpi::Satisfaction).value == doctest::Approx(80.0));
    CHECK(r2.calls == 0);
    const Translator tr = zh_translator();
    const ReportDoc d = build_report(s, ReportKind::AgentDaily, two, bj(27, 17), tr);
    const DocTable* t = find_table(d, "按坐席");
    REQUIRE(t);
    REQUIRE(t->rows.size() == 2);  // 李强 and the total
    CHECK(t->rows[0][0] == "李强");
    CHECK(d.scope.find("班组：二组") != std::string::npos);
    // A team nobody is in matches nothing (not everything).
    ReportScope none = week();
    set_team(none, s.records, "三组");
    CHECK(compute_kpis(s, none, bj(27, 17)).get(Kpi::OnTime).denominator == 0);
    CHECK_FALSE(compute_kpis(s, none, bj(27, 17)).get(Kpi::Satisfaction).has);
}
