// Index:
//   [SECTION] 《话务人员日常工作统计表》
//   [SECTION] 《客户投诉统计表》
//   [SECTION] 《客户投诉处理日报表》
//   [SECTION] 周报 / 月报
//   [SECTION] feedback per department
//   [SECTION] the report header and build_report
//   [SECTION] the draft of a day's work log
#include "core/named_reports.hpp"
#include "core/work_log.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/app_state.hpp"
#include "core/civil_date.hpp"
#include "core/contact.hpp"
#include "core/exchange.hpp"
#include "core/report_export.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {

const char* const kKindNames[] = {"agent_daily", "complaints", "daily_complaints", "summary", "department"};
static_assert(sizeof(kKindNames) / sizeof(kKindNames[0]) == static_cast<size_t>(ReportKind::Count));

using Args = std::vector<std::pair<std::string, std::string>>;

std::string num(int64_t v) { return std::to_string(v); }
std::string fixed(double v, int decimals = 1) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
std::string percent(int64_t a, int64_t b) { return b > 0 ? fixed(100.0 * static_cast<double>(a) / static_cast<double>(b)) + "%" : "—"; }
std::string ymd(int64_t day) { return format_ymd(civil_from_days(day)); }

// Local "HH:MM" of a UTC time.
std::string hhmm(const WorkCalendar& cal, int64_t ms) {
    const int64_t local = ms + static_cast<int64_t>(cal.utc_offset_minutes) * 60'000;
    const int64_t minute = floor_div(local, 60'000) - floor_div(local, kMsPerDay) * 1440;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(minute / 60), static_cast<int>(minute % 60));
    return buf;
}
std::string when(const WorkCalendar& cal, int64_t ms) { return ms ? ymd(cal.local_day(ms)) + " " + hhmm(cal, ms) : ""; }

// At most `chars` characters of a text on one line, "…" when cut.
std::string excerpt(std::string_view text, size_t chars) {
    std::string flat(text);
    for (char& c : flat)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    const std::string cut(utf8_prefix(flat, chars));
    return cut.size() < flat.size() ? cut + "…" : cut;
}

int64_t event(const CaseRow& r, CaseEvent e) { return r.events[static_cast<size_t>(e)]; }
bool in_period(int64_t day, const ReportScope& s) { return day >= s.from_day && day <= s.to_day; }

// Days, or months beyond 62 days: the rows and bars of a period.
struct Buckets {
    std::vector<int64_t> starts;
    std::vector<std::string> labels;
    size_t index(int64_t day) const {
        return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), day) - starts.begin()) - 1;
    }
};

Buckets buckets_of(const ReportScope& s) {
    Buckets b;
    if (s.to_day - s.from_day < 62) {
        for (int64_t d = s.from_day; d <= s.to_day; ++d) {
            b.starts.push_back(d);
            b.labels.push_back(ymd(d).substr(5));
        }
        return b;
    }
    CivilDate c = civil_from_days(s.from_day);
    c.day = 1;
    for (int64_t d = days_from_civil(c); d <= s.to_day;) {
        b.starts.push_back(std::max(d, s.from_day));
        b.labels.push_back(ymd(d).substr(0, 7));
        c.month += 1;
        if (c.month > 12) c.month = 1, c.year += 1;
        d = days_from_civil(c);
    }
    return b;
}

DocTable table(std::string title, std::vector<std::string> columns, std::vector<bool> numeric, std::string empty_text) {
    DocTable t;
    t.title = std::move(title);
    t.columns = std::move(columns);
    t.numeric = std::move(numeric);
    t.empty_text = std::move(empty_text);
    return t;
}

void add_row(DocTable& t, std::vector<std::string> cells, const std::string& case_id = {}) {
    t.rows.push_back(std::move(cells));
    t.row_case.push_back(case_id);
}

// A list capped at kMaxListedRows (the caller sorted newest first), with a note saying so.
void cap_rows(DocTable& t, size_t total, const Translator& tr) {
    if (t.rows.size() <= kMaxListedRows) return;
    t.rows.resize(kMaxListedRows);
    t.row_case.resize(kMaxListedRows);
    t.title += " " + tr.format("report.doc.capped", {{"shown", num(static_cast<int64_t>(kMaxListedRows))}, {"n", num(static_cast<int64_t>(total))}});
}

std::string department_name(const Translator& tr, Department d) {
    return d == Department::None ? tr.get("report.doc.no_department") : tr.get(label_key(d));
}

Case load_case(const AppState& s, const std::string& id) {
    const Record* r = s.records.find(kCaseType, id);
    return r ? case_from_record(*r) : Case{};
}

// The cases of the scope, as row indices, that pass `keep`.
template <typename Keep>
std::vector<const CaseRow*> cases_where(const AppState& s, const ReportScope& scope, Keep keep) {
    std::vector<const CaseRow*> out;
    for (size_t i = 0; i < s.cases.size(); ++i) {
        const CaseRow& r = s.cases.row(i);
        if (case_in_scope(r, scope) && keep(r)) out.push_back(&r);
    }
    return out;
}

// A contact or callback tied to a case passes the scope's category and department only
// through its case; without a case it counts only when neither is chosen.
bool linked_in_scope(const AppState& s, const std::string& case_id, const ReportScope& scope) {
    if (scope.category < 0 && scope.department < 0) return true;
    const CaseRow* r = case_id.empty() ? nullptr : s.cases.find(case_id);
    if (!r) return false;
    ReportScope any_agent = scope;
    any_agent.agent.clear();
    any_agent.team.clear();
    return case_in_scope(*r, any_agent);
}

// ---- [SECTION] 《话务人员日常工作统计表》 ---------------------------------------------------------------
struct AgentStats {
    int64_t calls_in = 0, calls_out = 0, call_ms = 0, over5 = 0;
    int64_t cases = 0, answered = 0, forwarded = 0, closed = 0, complaints = 0;
    int64_t callbacks_done = 0, callback_tries = 0;
    double score_sum = 0;
    int64_t scored = 0;
    void add(const AgentStats& o) {
        calls_in += o.calls_in, calls_out += o.calls_out, call_ms += o.call_ms, over5 += o.over5;
        cases += o.cases, answered += o.answered, forwarded += o.forwarded, closed += o.closed, complaints += o.complaints;
        callbacks_done += o.callbacks_done, callback_tries += o.callback_tries;
        score_sum += o.score_sum, scored += o.scored;
    }
};

// Every fact counted once, per agent and per bucket.
struct Activity {
    std::map<std::string, AgentStats> agents;
    std::vector<AgentStats> buckets;
};

Activity collect_activity(const AppState& s, const ReportScope& scope, const Buckets& b) {
    Activity a;
    a.buckets.resize(b.starts.size());
    const WorkCalendar& cal = s.calendar;
    auto both = [&](const std::string& agent, int64_t day) -> std::pair<AgentStats&, AgentStats&> {
        return {a.agents[agent], a.buckets[b.index(day)]};
    };
    for (const ContactRow& c : s.contacts.rows(s.records)) {
        const int64_t day = cal.local_day(c.started_ms);
        const std::string& agent = s.contacts.agent_name(c);
        if (!in_period(day, scope) || !agent_in_scope(scope, agent)) continue;
        if (!linked_in_scope(s, c.case_id, scope)) continue;
        auto [ag, bu] = both(agent, day);
        for (AgentStats* st : {&ag, &bu}) {
            (c.direction == ContactDirection::Outbound ? st->calls_out : st->calls_in) += 1;
            st->call_ms += c.duration_ms();
            st->over5 += c.duration_ms() > kCallLimitMs;
        }
    }
    for (size_t i = 0; i < s.cases.size(); ++i) {
        const CaseRow& r = s.cases.row(i);
        if (!case_in_scope(r, scope)) continue;
        const int64_t opened = cal.local_day(r.created_ms);
        if (in_period(opened, scope)) {
            auto [ag, bu] = both(r.recorder, opened);
            for (AgentStats* st : {&ag, &bu}) {
                st->cases += 1;
                st->answered += event(r, CaseEvent::Answered) != 0;
                st->forwarded += event(r, CaseEvent::Forwarded) != 0;
                st->complaints += is_complaint(r);
            }
        }
        const int64_t closed_ms = event(r, CaseEvent::Closed);
        if (r.status == CaseStatus::Closed && closed_ms && in_period(cal.local_day(closed_ms), scope)) {
            auto [ag, bu] = both(r.recorder, cal.local_day(closed_ms));
            ag.closed += 1;
            bu.closed += 1;
        }
    }
    for (const auto& [id, cb] : s.callbacks.attempts()) {
        if (!linked_in_scope(s, cb.case_id, scope)) continue;
        for (const CallbackIndex::Attempt& at : cb.list) {
            const int64_t day = cal.local_day(at.at_ms);
            const std::string& agent = s.callbacks.agent_name(at);
            if (!in_period(day, scope) || !agent_in_scope(scope, agent)) continue;
            auto [ag, bu] = both(agent, day);
            for (AgentStats* st : {&ag, &bu}) {
                st->callback_tries += 1;
                st->callbacks_done += at.outcome == CallbackOutcome::Done;
            }
        }
    }
    for (const ResponseRow* r : s.responses.select(score_filter(scope))) {
        if (r->score < 0) continue;
        auto [ag, bu] = both(std::string(s.responses.name_of_agent(*r)), r->day);
        for (AgentStats* st : {&ag, &bu}) {
            st->score_sum += r->score;
            st->scored += 1;
        }
    }
    return a;
}

std::vector<std::string> stats_cells(const AgentStats& st) {
    const int64_t calls = st.calls_in + st.calls_out;
    return {num(st.calls_in),
            num(st.calls_out),
            fixed(static_cast<double>(st.call_ms) / 60000.0),
            calls ? fixed(static_cast<double>(st.call_ms) / static_cast<double>(calls) / 60000.0) : "—",
            num(st.over5),
            num(st.cases),
            num(st.answered),
            num(st.forwarded),
            num(st.closed),
            num(st.complaints),
            num(st.callbacks_done) + " / " + num(st.callback_tries),
            st.scored ? fixed(st.score_sum / static_cast<double>(st.scored)) : "—"};
}

std::vector<std::string> stats_columns(const Translator& tr, const char* first_key) {
    return {tr.get(first_key),
            tr.get("report.col.calls_in"),
            tr.get("report.col.calls_out"),
            tr.get("report.col.talk_minutes"),
            tr.get("report.col.mean_call"),
            tr.get("report.col.over5"),
            tr.get("report.col.cases"),
            tr.get("report.col.answered"),
            tr.get("report.col.forwarded"),
            tr.get("report.col.closed"),
            tr.get("report.col.complaints"),
            tr.get("report.col.callbacks"),
            tr.get("report.col.satisfaction")};
}

std::vector<bool> stats_numeric() { return {false, true, true, true, true, true, true, true, true, true, true, true, true}; }

void agent_daily(ReportDoc& doc, const AppState& s, const ReportScope& scope, const Translator& tr) {
    const Buckets b = buckets_of(scope);
    const Activity a = collect_activity(s, scope, b);
    DocSection per_agent;
    per_agent.title = tr.get("report.doc.per_agent");
    DocTable t = table(per_agent.title, stats_columns(tr, "report.col.agent"), stats_numeric(), tr.get("report.doc.no_activity"));
    AgentStats total;
    for (const auto& [name, st] : a.agents) {
        std::vector<std::string> row{name.empty() ? tr.get("report.doc.unknown_agent") : name};
        for (std::string& c : stats_cells(st)) row.push_back(std::move(c));
        add_row(t, std::move(row));
        total.add(st);
    }
    if (!t.rows.empty()) {
        std::vector<std::string> row{tr.format("report.doc.total_agents", {{"n", num(static_cast<int64_t>(a.agents.size()))}})};
        for (std::string& c : stats_cells(total)) row.push_back(std::move(c));
        add_row(t, std::move(row));
        t.total_row = true;
    }
    per_agent.paragraphs.push_back(tr.get("report.doc.agent_daily_note"));
    per_agent.tables.push_back(std::move(t));
    doc.sections.push_back(std::move(per_agent));

    DocSection per_day;
    const bool monthly = scope.to_day - scope.from_day >= 62;
    per_day.title = tr.get(monthly ? "report.doc.per_month" : "report.doc.per_day");
    DocChart chart;
    chart.kind = ChartKind::Bar;
    chart.integer = true;
    chart.title = tr.get("report.doc.calls_and_cases");
    chart.labels = b.labels;
    DocSeries calls{tr.get("report.col.calls"), {}}, cases{tr.get("report.col.cases"), {}}, closed{tr.get("report.col.closed"), {}};
    DocTable days = table(per_day.title, stats_columns(tr, monthly ? "report.col.month" : "report.col.date"), stats_numeric(), "");
    for (size_t i = 0; i < b.starts.size(); ++i) {
        const AgentStats& st = a.buckets[i];
        calls.values.push_back(static_cast<double>(st.calls_in + st.calls_out));
        cases.values.push_back(static_cast<double>(st.cases));
        closed.values.push_back(static_cast<double>(st.closed));
        std::vector<std::string> row{monthly ? b.labels[i] : ymd(b.starts[i])};
        for (std::string& c : stats_cells(st)) row.push_back(std::move(c));
        add_row(days, std::move(row));
    }
    chart.series = {calls, cases, closed};
    if (b.starts.size() > 1) per_day.charts.push_back(std::move(chart));
    per_day.tables.push_back(std::move(days));
    doc.sections.push_back(std::move(per_day));
}

// ---- [SECTION] 《客户投诉统计表》 --------------------------------------------------------------------
struct ComplaintTally {
    int64_t total = 0, major = 0, closed = 0;
    std::vector<std::string> cells() const {
        std::vector<std::string> c{num(total), num(major), num(closed), num(total - closed), percent(closed, total)};
        return c;
    }
};

void tally_table(DocSection& sec, const std::string& title, const char* first_key, const std::map<std::string, ComplaintTally>& groups,
                 const Translator& tr) {
    DocTable t = table(title, {tr.get(first_key), tr.get("report.col.complaints"), tr.get("report.col.major"), tr.get("report.col.closed"),
                               tr.get("report.col.open"), tr.get("report.col.resolution_rate")},
                       {false, true, true, true, true, true}, tr.get("report.doc.no_complaints"));
    ComplaintTally sum;
    for (const auto& [name, g] : groups) {
        std::vector<std::string> row{name};
        for (std::string& c : g.cells()) row.push_back(std::move(c));
        add_row(t, std::move(row));
        sum.total += g.total, sum.major += g.major, sum.closed += g.closed;
    }
    if (groups.size() > 1) {
        std::vector<std::string> row{tr.get("report.doc.total")};
        for (std::string& c : sum.cells()) row.push_back(std::move(c));
        add_row(t, std::move(row));
        t.total_row = true;
    }
    sec.tables.push_back(std::move(t));
}

void complaints(ReportDoc& doc, const AppState& s, const ReportScope& scope, const Translator& tr) {
    const WorkCalendar& cal = s.calendar;
    std::vector<const CaseRow*> list = cases_where(s, scope, [&](const CaseRow& r) { return is_complaint(r) && in_period(cal.local_day(r.created_ms), scope); });
    std::sort(list.begin(), list.end(), [](const CaseRow* a, const CaseRow* b) { return a->created_ms > b->created_ms; });
    ComplaintTally all;
    int64_t close_ms = 0;
    std::map<std::string, ComplaintTally> by_category, by_department, by_agent;
    const Buckets b = buckets_of(scope);
    DocSeries open_s{tr.get("report.col.open"), std::vector<double>(b.starts.size(), 0.0)};
    DocSeries closed_s{tr.get("report.col.closed"), std::vector<double>(b.starts.size(), 0.0)};
    for (const CaseRow* r : list) {
        const bool major = r->priority == CasePriority::MajorComplaint;
        const bool closed = r->status == CaseStatus::Closed;
        for (ComplaintTally* g : {&all, &by_category[tr.get(label_key(r->category))], &by_department[department_name(tr, r->department)],
                                  &by_agent[r->recorder]}) {
            g->total += 1;
            g->major += major;
            g->closed += closed;
        }
        if (closed) close_ms += std::max<int64_t>(0, event(*r, CaseEvent::Closed) - r->created_ms);
        (closed ? closed_s : open_s).values[b.index(cal.local_day(r->created_ms))] += 1;
    }
    DocSection summary;
    summary.title = tr.get("report.doc.overview");
    summary.paragraphs.push_back(tr.format("report.doc.complaints_summary",
                                           {{"n", num(all.total)}, {"major", num(all.major)}, {"closed", num(all.closed)},
                                            {"open", num(all.total - all.closed)}, {"rate", percent(all.closed, all.total)},
                                            {"hours", all.closed ? fixed(static_cast<double>(close_ms) / static_cast<double>(all.closed) / 3.6e6) : "—"}}));
    if (b.starts.size() > 1 && all.total) {
        DocChart chart;
        chart.kind = ChartKind::StackedBar;
        chart.integer = true;
        chart.title = tr.get("report.doc.complaints_per_day");
        chart.labels = b.labels;
        chart.series = {closed_s, open_s};
        summary.charts.push_back(std::move(chart));
    }
    doc.sections.push_back(std::move(summary));

    DocSection groups;
    groups.title = tr.get("report.doc.complaint_groups");
    tally_table(groups, tr.get("report.doc.by_category"), "report.col.category", by_category, tr);
    tally_table(groups, tr.get("report.doc.by_department"), "report.col.department", by_department, tr);
    tally_table(groups, tr.get("report.doc.by_agent"), "report.col.agent", by_agent, tr);
    doc.sections.push_back(std::move(groups));

    DocSection listing;
    listing.title = tr.get("report.doc.complaint_list");
    DocTable t = table(listing.title,
                       {tr.get("report.col.form_no"), tr.get("report.col.opened"), tr.get("report.col.customer"), tr.get("report.col.category"),
                        tr.get("report.col.level"), tr.get("report.col.department"), tr.get("report.col.status"), tr.get("report.col.closed_at")},
                       {false, false, false, false, false, false, false, false}, tr.get("report.doc.no_complaints"));
    for (const CaseRow* r : list) {
        if (t.rows.size() > kMaxListedRows) break;
        add_row(t,
                {r->form_no, when(cal, r->created_ms), r->customer, tr.get(label_key(r->category)),
                 tr.get(r->priority == CasePriority::MajorComplaint ? label_key(CasePriority::MajorComplaint) : label_key(CaseKind::Complaint)),
                 department_name(tr, r->department), tr.get(label_key(r->status)),
                 r->status == CaseStatus::Closed ? when(cal, event(*r, CaseEvent::Closed)) : ""},
                r->id);
    }
    cap_rows(t, list.size(), tr);
    listing.tables.push_back(std::move(t));
    doc.sections.push_back(std::move(listing));
}

// ---- [SECTION] 《客户投诉处理日报表》 ----------------------------------------------------------------
void daily_complaints(ReportDoc& doc, const AppState& s, const ReportScope& scope, int64_t now_ms, const Translator& tr) {
    const WorkCalendar& cal = s.calendar;
    const int64_t day = scope.to_day;
    doc.period = ymd(day);
    std::vector<const CaseRow*> received, closed_today, still_open;
    for (const CaseRow* r : cases_where(s, scope, [](const CaseRow& r) { return is_complaint(r); })) {
        const int64_t opened = cal.local_day(r->created_ms);
        if (opened > day) continue;
        if (opened == day) received.push_back(r);
        const int64_t closed_ms = event(*r, CaseEvent::Closed);
        const bool closed_by_day = r->status == CaseStatus::Closed && closed_ms && cal.local_day(closed_ms) <= day;
        if (closed_by_day && cal.local_day(closed_ms) == day) closed_today.push_back(r);
        if (!closed_by_day && r->status != CaseStatus::Closed) still_open.push_back(r);
    }
    std::sort(received.begin(), received.end(), [](const CaseRow* a, const CaseRow* b) { return a->created_ms < b->created_ms; });
    std::sort(still_open.begin(), still_open.end(), [](const CaseRow* a, const CaseRow* b) { return a->created_ms < b->created_ms; });
    const int64_t major = std::count_if(received.begin(), received.end(), [](const CaseRow* r) { return r->priority == CasePriority::MajorComplaint; });
    DocSection summary;
    summary.title = tr.get("report.doc.overview");
    summary.paragraphs.push_back(tr.format("report.doc.daily_complaints_summary",
                                           {{"day", ymd(day)}, {"n", num(static_cast<int64_t>(received.size()))}, {"major", num(major)},
                                            {"closed", num(static_cast<int64_t>(closed_today.size()))},
                                            {"open", num(static_cast<int64_t>(still_open.size()))}}));
    doc.sections.push_back(std::move(summary));

    DocSection rec;
    rec.title = tr.get("report.doc.received_today");
    DocTable t = table(rec.title,
                       {tr.get("report.col.time"), tr.get("report.col.form_no"), tr.get("report.col.customer"), tr.get("report.col.phone"),
                        tr.get("report.col.complaint_text"), tr.get("report.col.recorder"), tr.get("report.col.department"),
                        tr.get("report.col.result")},
                       {false, false, false, false, false, false, false, false}, tr.get("report.doc.none_today"));
    for (const CaseRow* r : received) {
        if (t.rows.size() > kMaxListedRows) break;
        const Case c = load_case(s, r->id);
        const std::string phone = !c.customer.mobile.empty() ? c.customer.mobile : c.customer.telephone;
        std::string result = tr.get(label_key(r->status));
        if (!c.result.text.empty()) result += ": " + excerpt(c.result.text, 40);
        else if (!c.solution.text.empty()) result += ": " + excerpt(c.solution.text, 40);
        add_row(t,
                {hhmm(cal, r->created_ms), r->form_no, r->customer, mask_phone(phone),
                 (r->priority == CasePriority::MajorComplaint ? "【" + tr.get(label_key(CasePriority::MajorComplaint)) + "】" : std::string()) +
                     excerpt(c.description.text, 60),
                 r->recorder, department_name(tr, r->department), result},
                r->id);
    }
    cap_rows(t, received.size(), tr);
    rec.tables.push_back(std::move(t));
    doc.sections.push_back(std::move(rec));

    DocSection done;
    done.title = tr.get("report.doc.closed_today");
    DocTable d = table(done.title,
                       {tr.get("report.col.form_no"), tr.get("report.col.opened"), tr.get("report.col.customer"), tr.get("report.col.result"),
                        tr.get("report.col.took")},
                       {false, false, false, false, true}, tr.get("report.doc.none_today"));
    for (const CaseRow* r : closed_today) {
        if (d.rows.size() > kMaxListedRows) break;
        const Case c = load_case(s, r->id);
        const double hours = static_cast<double>(event(*r, CaseEvent::Closed) - r->created_ms) / 3.6e6;
        add_row(d, {r->form_no, when(cal, r->created_ms), r->customer, excerpt(c.result.text, 50), tr.format("report.doc.hours", {{"v", fixed(hours)}})},
                r->id);
    }
    cap_rows(d, closed_today.size(), tr);
    done.tables.push_back(std::move(d));
    doc.sections.push_back(std::move(done));

    DocSection open;
    open.title = tr.get("report.doc.still_open");
    DocTable o = table(open.title,
                       {tr.get("report.col.form_no"), tr.get("report.col.opened"), tr.get("report.col.age_days"), tr.get("report.col.customer"),
                        tr.get("report.col.status"), tr.get("report.col.department")},
                       {false, false, true, false, false, false}, tr.get("report.doc.no_open_complaints"));
    for (const CaseRow* r : still_open) {
        if (o.rows.size() > kMaxListedRows) break;
        add_row(o,
                {r->form_no, ymd(cal.local_day(r->created_ms)), num(day - cal.local_day(r->created_ms)), r->customer, tr.get(label_key(r->status)),
                 department_name(tr, r->department)},
                r->id);
    }
    cap_rows(o, still_open.size(), tr);
    open.tables.push_back(std::move(o));
    doc.sections.push_back(std::move(open));
    (void)now_ms;
}

// ---- [SECTION] 周报 / 月报 ----------------------------------------------------------------------------
std::string kpi_cell(const KpiValue& k) { return k.has ? kpi_value_text(k) : "—"; }

void summary(ReportDoc& doc, const AppState& s, const ReportScope& scope, int64_t now_ms, const Translator& tr) {
    const WorkCalendar& cal = s.calendar;
    ReportScope prev = scope;
    const int64_t len = scope.to_day - scope.from_day + 1;
    prev.to_day = scope.from_day - 1;
    prev.from_day = prev.to_day - len + 1;
    const KpiReport now_r = compute_kpis(s, scope, now_ms);
    const KpiReport prev_r = compute_kpis(s, prev, now_ms);

    DocSection kpis;
    kpis.title = tr.get("report.doc.kpis");
    kpis.paragraphs.push_back(tr.format("report.doc.previous", {{"from", ymd(prev.from_day)}, {"to", ymd(prev.to_day)}}));
    DocTable t = table(kpis.title,
                       {tr.get("report.csv.kpi"), tr.get("report.col.this_period"), tr.get("report.col.previous"), tr.get("report.col.change"),
                        tr.get("report.csv.target"), tr.get("report.csv.met")},
                       {false, true, true, true, true, false}, "");
    for (size_t i = 0; i < now_r.kpis.size(); ++i) {
        const KpiValue& a = now_r.kpis[i];
        const KpiValue& p = prev_r.kpis[i];
        if (a.kpi == Kpi::Backlog) continue;  // the backlog is "now" in both: no comparison
        std::string change = "—";
        if (a.has && p.has) {
            const double d = a.value - p.value;
            change = (d > 0 ? "+" : "") + (a.kpi == Kpi::Breaches ? fixed(d, 0) : fixed(d));
        }
        add_row(t, {tr.get(label_key(a.kpi)), kpi_cell(a), kpi_cell(p), change, kpi_target_text(a),
                    kpi_met_text(a, [&](std::string_view key) { return tr.get(key); })});
    }
    kpis.tables.push_back(std::move(t));
    doc.sections.push_back(std::move(kpis));

    // Volume: cases opened per day (month) by kind, channels, categories.
    const Buckets b = buckets_of(scope);
    std::vector<DocSeries> by_kind;
    for (int k = 0; k < static_cast<int>(CaseKind::Count); ++k)
        by_kind.push_back({tr.get(label_key(static_cast<CaseKind>(k))), std::vector<double>(b.starts.size(), 0.0)});
    std::array<int64_t, static_cast<size_t>(CaseChannel::Count)> channels{};
    std::array<int64_t, static_cast<size_t>(CaseCategory::Count)> categories{};
    std::array<int64_t, static_cast<size_t>(Department::Count)> forwarded{};
    int64_t opened = 0, complaints_n = 0, major = 0;
    for (const CaseRow* r : cases_where(s, scope, [&](const CaseRow& r) { return in_period(cal.local_day(r.created_ms), scope); })) {
        ++opened;
        by_kind[static_cast<size_t>(r->kind)].values[b.index(cal.local_day(r->created_ms))] += 1;
        channels[static_cast<size_t>(r->channel)] += 1;
        categories[static_cast<size_t>(r->category)] += 1;
        if (event(*r, CaseEvent::Forwarded)) forwarded[static_cast<size_t>(r->department)] += 1;
        complaints_n += is_complaint(*r);
        major += r->priority == CasePriority::MajorComplaint;
    }
    DocSection volume;
    volume.title = tr.get("report.doc.volume");
    const KpiReport& k = now_r;
    volume.paragraphs.push_back(tr.format("report.doc.volume_summary",
                                          {{"cases", num(opened)}, {"calls", num(k.calls)}, {"closed", num(k.get(Kpi::OnTime).denominator)},
                                           {"complaints", num(complaints_n)}, {"major", num(major)}}));
    if (opened && b.starts.size() > 1) {
        DocChart chart;
        chart.kind = ChartKind::StackedBar;
        chart.integer = true;
        chart.title = tr.get("report.doc.cases_per_day");
        chart.labels = b.labels;
        chart.series = std::move(by_kind);
        volume.charts.push_back(std::move(chart));
    }
    auto share_table = [&](const std::string& title, const char* first, auto count, size_t n, auto name) {
        DocTable st = table(title, {tr.get(first), tr.get("report.col.cases"), tr.get("report.col.share")}, {false, true, true}, tr.get("report.doc.no_cases"));
        for (size_t i = 0; i < n; ++i)
            if (count(i)) add_row(st, {name(i), num(count(i)), percent(count(i), opened)});
        if (!st.rows.empty()) {
            add_row(st, {tr.get("report.doc.total"), num(opened), percent(opened, opened)});
            st.total_row = true;
        }
        volume.tables.push_back(std::move(st));
    };
    share_table(tr.get("report.doc.by_channel"), "report.col.channel", [&](size_t i) { return channels[i]; }, channels.size(),
                [&](size_t i) { return tr.get(label_key(static_cast<CaseChannel>(i))); });
    share_table(tr.get("report.doc.by_category"), "report.col.category", [&](size_t i) { return categories[i]; }, categories.size(),
                [&](size_t i) { return tr.get(label_key(static_cast<CaseCategory>(i))); });
    share_table(tr.get("report.doc.forwarded_to"), "report.col.department", [&](size_t i) { return i ? forwarded[i] : 0; }, forwarded.size(),
                [&](size_t i) { return department_name(tr, static_cast<Department>(i)); });
    doc.sections.push_back(std::move(volume));

    // Callbacks and satisfaction.
    DocSection care;
    care.title = tr.get("report.doc.callbacks_satisfaction");
    const KpiValue& sat = k.get(Kpi::Satisfaction);
    care.paragraphs.push_back(tr.format("report.doc.care_summary",
                                        {{"done", num(k.get(Kpi::CallbackRate).numerator)}, {"closed", num(k.get(Kpi::CallbackRate).denominator)},
                                         {"rate", percent(k.get(Kpi::CallbackRate).numerator, k.get(Kpi::CallbackRate).denominator)},
                                         {"responses", num(sat.denominator)}, {"score", sat.has ? fixed(sat.value) : "—"}}));
    doc.sections.push_back(std::move(care));

    // The knowledge the team used: FAQ articles that solved cases, templates used most.
    DocSection knowledge;
    knowledge.title = tr.get("report.doc.knowledge");
    std::vector<std::pair<int64_t, std::string>> solved;
    for (const Article& a : all_articles(s)) {
        const ArticleStats st = article_stats(s, a.id);
        int64_t n = 0;
        for (const std::string& id : st.resolved_cases) {
            const CaseRow* r = s.cases.find(id);
            n += r && case_in_scope(*r, scope) && in_period(cal.local_day(r->created_ms), scope);
        }
        if (n) solved.push_back({n, a.question});
    }
    std::sort(solved.begin(), solved.end(), [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
    DocTable faq = table(tr.get("report.doc.faq_solved"), {tr.get("report.col.article"), tr.get("report.col.solved_cases")}, {false, true},
                         tr.get("report.doc.no_faq_use"));
    for (size_t i = 0; i < solved.size() && i < 10; ++i) add_row(faq, {solved[i].second, num(solved[i].first)});
    knowledge.tables.push_back(std::move(faq));
    std::vector<std::pair<int64_t, std::string>> used;
    for (const ReplyTemplate& t2 : visible_templates(s, "")) {
        const TemplateStats st = template_stats(s, t2.id);
        if (st.uses && in_period(cal.local_day(st.last_used_ms), scope)) used.push_back({st.uses, t2.title});
    }
    std::sort(used.begin(), used.end(), [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
    DocTable tpl = table(tr.get("report.doc.templates_used"), {tr.get("report.col.template"), tr.get("report.col.uses_total")}, {false, true},
                         tr.get("report.doc.no_template_use"));
    for (size_t i = 0; i < used.size() && i < 10; ++i) add_row(tpl, {used[i].second, num(used[i].first)});
    knowledge.tables.push_back(std::move(tpl));
    doc.sections.push_back(std::move(knowledge));
}

// ---- [SECTION] feedback per department ------------------------------------------------------------
void department(ReportDoc& doc, const AppState& s, const ReportScope& scope, const Translator& tr) {
    const WorkCalendar& cal = s.calendar;
    std::vector<const CaseRow*> cases = cases_where(s, scope, [&](const CaseRow& r) {
        return r.department != Department::None && event(r, CaseEvent::Forwarded) && in_period(cal.local_day(r.created_ms), scope);
    });
    std::sort(cases.begin(), cases.end(), [](const CaseRow* a, const CaseRow* b) { return a->created_ms > b->created_ms; });
    const std::vector<Department> order = {Department::Product, Department::Sales, Department::Technical, Department::Service, Department::Other};
    struct Tally {
        int64_t total = 0, waiting = 0, answered = 0, closed = 0, answer_ms = 0, answers = 0;
    };
    std::map<Department, Tally> tallies;
    for (const CaseRow* r : cases) {
        Tally& t = tallies[r->department];
        t.total += 1;
        const int64_t returned = event(*r, CaseEvent::SolutionReturned);
        if (r->status == CaseStatus::Closed) t.closed += 1;
        else if (returned || r->status != CaseStatus::Forwarded) t.answered += 1;
        else t.waiting += 1;
        if (returned && returned >= event(*r, CaseEvent::Forwarded)) {
            t.answer_ms += returned - event(*r, CaseEvent::Forwarded);
            t.answers += 1;
        }
    }
    DocSection overview;
    overview.title = tr.get("report.doc.overview");
    overview.paragraphs.push_back(tr.get("report.doc.department_note"));
    DocChart chart;
    chart.kind = ChartKind::StackedBar;
    chart.integer = true;
    chart.title = tr.get("report.doc.department_chart");
    DocSeries waiting{tr.get("report.col.waiting"), {}}, answered{tr.get("report.col.answered_by_dept"), {}}, closed{tr.get("report.col.closed"), {}};
    DocTable t = table(overview.title,
                       {tr.get("report.col.department"), tr.get("report.col.forwarded"), tr.get("report.col.waiting"), tr.get("report.col.answered_by_dept"),
                        tr.get("report.col.closed"), tr.get("report.col.mean_answer")},
                       {false, true, true, true, true, true}, "");
    for (Department d : order) {
        if (scope.department >= 0 && static_cast<int>(d) != scope.department) continue;
        const Tally& x = tallies[d];
        if (d == Department::Other && !x.total) continue;
        chart.labels.push_back(department_name(tr, d));
        waiting.values.push_back(static_cast<double>(x.waiting));
        answered.values.push_back(static_cast<double>(x.answered));
        closed.values.push_back(static_cast<double>(x.closed));
        add_row(t, {department_name(tr, d), num(x.total), num(x.waiting), num(x.answered), num(x.closed),
                    x.answers ? tr.format("report.doc.hours", {{"v", fixed(static_cast<double>(x.answer_ms) / static_cast<double>(x.answers) / 3.6e6)}}) : "—"});
    }
    chart.series = {waiting, answered, closed};
    if (!cases.empty()) overview.charts.push_back(std::move(chart));
    overview.tables.push_back(std::move(t));
    doc.sections.push_back(std::move(overview));

    for (Department d : order) {
        if (scope.department >= 0 && static_cast<int>(d) != scope.department) continue;
        const int64_t total = tallies[d].total;
        if (d == Department::Other && !total) continue;
        DocSection sec;
        sec.title = tr.format("report.doc.department_cases", {{"dept", department_name(tr, d)}, {"n", num(total)}});
        DocTable list = table(sec.title,
                              {tr.get("report.col.form_no"), tr.get("report.col.opened"), tr.get("report.col.customer"), tr.get("report.col.kind"),
                               tr.get("report.col.feedback"), tr.get("report.col.status")},
                              {false, false, false, false, false, false}, tr.get("report.doc.no_feedback"));
        size_t listed = 0;
        for (const CaseRow* r : cases) {
            if (r->department != d) continue;
            if (++listed > kMaxListedRows + 1) break;
            const Case c = load_case(s, r->id);
            add_row(list, {r->form_no, ymd(cal.local_day(r->created_ms)), r->customer, tr.get(label_key(r->kind)), excerpt(c.description.text, 60),
                           tr.get(label_key(r->status))},
                    r->id);
        }
        cap_rows(list, static_cast<size_t>(total), tr);
        sec.tables.push_back(std::move(list));
        doc.sections.push_back(std::move(sec));
    }
}

}  // namespace

const char* name_of(ReportKind k) { return kKindNames[static_cast<size_t>(k)]; }
std::string label_key(ReportKind k) { return std::string("report.kind.") + name_of(k); }

// ---- [SECTION] the report header and build_report ---------------------------------------------
std::string period_text(const ReportScope& scope) {
    return scope.from_day == scope.to_day ? ymd(scope.from_day) : ymd(scope.from_day) + " – " + ymd(scope.to_day);
}

std::string scope_text(const ReportScope& scope, const Translator& tr) {
    return (scope.agent.empty() ? tr.get("survey.all_agents") : scope.agent) + " · " +
           (scope.team.empty() ? std::string() : tr.format("report.team", {{"team", scope.team}}) + " · ") +
           (scope.category < 0 ? tr.get("survey.all_categories") : tr.get(label_key(static_cast<CaseCategory>(scope.category)))) + " · " +
           (scope.department < 0 ? tr.get("report.all_departments") : tr.get(label_key(static_cast<Department>(scope.department))));
}

ReportDoc build_report(const AppState& s, ReportKind kind, const ReportScope& scope, int64_t now_ms, const Translator& tr) {
    ReportDoc doc;
    doc.kind = name_of(kind);
    doc.title = tr.get(label_key(kind));
    doc.period = period_text(scope);
    doc.scope = scope_text(scope, tr);
    doc.lang = language_tag(tr.language());
    doc.generated = tr.format("report.doc.generated", {{"at", when(s.calendar, now_ms)},
                                                         {"station", s.settings.station_name.empty() ? tr.get("status.station_none") : s.settings.station_name}});
    switch (kind) {
        case ReportKind::AgentDaily: agent_daily(doc, s, scope, tr); break;
        case ReportKind::Complaints: complaints(doc, s, scope, tr); break;
        case ReportKind::DailyComplaints: daily_complaints(doc, s, scope, now_ms, tr); break;
        case ReportKind::Summary: summary(doc, s, scope, now_ms, tr); break;
        case ReportKind::Department: department(doc, s, scope, tr); break;
        case ReportKind::Count: break;
    }
    return doc;
}

// ---- [SECTION] the draft of a day's work log ---------------------------------------------------------
std::string draft_work_log(const AppState& s, const std::string& agent, int64_t day, int64_t now_ms, const Translator& tr) {
    const WorkCalendar& cal = s.calendar;
    ReportScope scope;
    scope.from_day = scope.to_day = day;
    scope.agent = agent;
    Buckets b;
    b.starts = {day};
    b.labels = {ymd(day)};
    const Activity a = collect_activity(s, scope, b);
    const AgentStats& st = a.buckets[0];
    std::string text = tr.format("report.log.heading", {{"day", ymd(day)}, {"agent", agent}}) + "\n\n";
    text += tr.get("report.log.workload") + "\n";
    text += tr.format("report.log.workload_line",
                      {{"calls", num(st.calls_in + st.calls_out)}, {"in", num(st.calls_in)}, {"out", num(st.calls_out)},
                       {"minutes", fixed(static_cast<double>(st.call_ms) / 60000.0, 0)}, {"cases", num(st.cases)}, {"answered", num(st.answered)},
                       {"forwarded", num(st.forwarded)}, {"closed", num(st.closed)}, {"callbacks", num(st.callbacks_done)},
                       {"tries", num(st.callback_tries)}}) +
            "\n\n";
    // Every case the agent recorded that day, with what became of it.
    std::vector<const CaseRow*> today = cases_where(s, scope, [&](const CaseRow& r) { return cal.local_day(r.created_ms) == day; });
    std::sort(today.begin(), today.end(), [](const CaseRow* x, const CaseRow* y) { return x->created_ms < y->created_ms; });
    text += tr.get("report.log.feedback") + "\n";
    if (today.empty()) text += tr.get("report.log.none") + "\n";
    int n = 0;
    for (const CaseRow* r : today) {
        if (++n > 200) {
            text += tr.format("report.log.more", {{"n", num(static_cast<int64_t>(today.size()) - 200)}}) + "\n";
            break;
        }
        const Case c = load_case(s, r->id);
        text += std::to_string(n) + ". " + hhmm(cal, r->created_ms) + " " + r->form_no + " " + r->customer + "（" + tr.get(label_key(r->category)) + "·" +
                tr.get(label_key(r->kind)) + "）：" + excerpt(c.description.text, 50) + " —— " + tr.get(label_key(r->status)) + "\n";
    }
    // What the team lead must hear about (the seeds: 特殊客户情况需向部门组长汇报).
    text += "\n" + tr.get("report.log.special") + "\n";
    bool any = false;
    for (const CaseRow* r : today) {
        const bool major = r->priority == CasePriority::MajorComplaint;
        const bool late = r->sla_breached_final || r->sla_state(now_ms) == SlaState::Breached;
        if (!major && !is_complaint(*r) && !late) continue;
        any = true;
        text += "- " + r->form_no + " " + r->customer + "：" +
                (major ? tr.get(label_key(CasePriority::MajorComplaint)) : is_complaint(*r) ? tr.get(label_key(CaseKind::Complaint)) : std::string()) +
                (late ? (major || is_complaint(*r) ? "，" : "") + tr.get("report.log.past_deadline") : std::string()) + "\n";
    }
    if (!any) text += tr.get("report.log.none") + "\n";
    // Still open among the agent's cases, oldest first: tomorrow's work.
    std::vector<const CaseRow*> open = cases_where(s, scope, [&](const CaseRow& r) { return is_open(r.status) && cal.local_day(r.created_ms) <= day; });
    std::sort(open.begin(), open.end(), [](const CaseRow* x, const CaseRow* y) { return x->created_ms < y->created_ms; });
    text += "\n" + tr.get("report.log.open") + "\n";
    if (open.empty()) text += tr.get("report.log.none") + "\n";
    for (size_t i = 0; i < open.size() && i < 50; ++i) {
        const CaseRow* r = open[i];
        text += "- " + r->form_no + " " + r->customer + "：" + tr.get(label_key(r->status)) +
                (r->department != Department::None ? "（" + department_name(tr, r->department) + "）" : std::string()) + "\n";
    }
    if (open.size() > 50) text += tr.format("report.log.more", {{"n", num(static_cast<int64_t>(open.size()) - 50)}}) + "\n";
    text += "\n" + tr.get("report.log.notes") + "\n";
    return text;
}

}  // namespace kefu
