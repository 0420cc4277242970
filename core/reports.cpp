#include "core/reports.hpp"

#include <algorithm>
#include <map>

#include "core/app_state.hpp"
#include "core/agents.hpp"
#include "core/contact.hpp"

namespace kefu {

namespace {

const char* const kKpiNames[] = {"on_time", "complaint_resolution", "callback_rate", "satisfaction", "completeness",
                                 "first_contact", "call_duration", "breaches", "backlog"};
static_assert(sizeof(kKpiNames) / sizeof(kKpiNames[0]) == static_cast<size_t>(Kpi::Count));

int64_t event(const CaseRow& r, CaseEvent e) { return r.events[static_cast<size_t>(e)]; }

// The facts each KPI counts, per case; one definition for the number and its drill-down.
struct CaseFacts {
    bool closed_in = false, on_time = false;
    bool complaint_in = false, complaint_resolved = false;
    bool opened_in = false, complete = false, first_contact = false;
};

CaseFacts facts(const AppState& s, const CaseRow& r, const ReportScope& scope) {
    CaseFacts f;
    const WorkCalendar& cal = s.calendar;
    const int64_t closed = event(r, CaseEvent::Closed);
    if (r.status == CaseStatus::Closed && closed) {
        const int64_t day = cal.local_day(closed);
        f.closed_in = day >= scope.from_day && day <= scope.to_day;
        f.on_time = !r.sla_breached_final;
    }
    const int64_t opened_day = cal.local_day(r.created_ms);
    f.opened_in = opened_day >= scope.from_day && opened_day <= scope.to_day;
    if (f.opened_in) {
        f.complete = r.missing == 0;
        f.first_contact = event(r, CaseEvent::Answered) != 0 && event(r, CaseEvent::Forwarded) == 0 && r.reopenings == 0;
        if (is_complaint(r)) {
            f.complaint_in = true;
            f.complaint_resolved = r.status == CaseStatus::Closed;
        }
    }
    return f;
}

void rate(KpiValue& k, int64_t num, int64_t den, double target) {
    k.numerator = num;
    k.denominator = den;
    k.has = den > 0;
    k.value = den > 0 ? 100.0 * static_cast<double>(num) / static_cast<double>(den) : 0.0;
    k.target = target;
}

}  // namespace

void set_team(ReportScope& scope, const RecordStore& store, const std::string& team) {
    scope.team = team;
    scope.members.clear();
    if (team.empty()) return;
    for (const AgentProfile& a : all_agents(store))
        if (a.team == team) scope.members.push_back(a.name);
    if (scope.members.empty()) scope.members.push_back(std::string("\x1f") + team);  // a name nobody signs with
    std::sort(scope.members.begin(), scope.members.end());
}

ScoreFilter score_filter(const ReportScope& scope) {
    ScoreFilter f;
    f.from_day = scope.from_day;
    f.to_day = scope.to_day;
    f.agent_name = scope.agent;
    if (!scope.team.empty()) f.agent_names = scope.members;
    f.category = scope.category;
    f.department = scope.department;
    return f;
}

bool agent_in_scope(const ReportScope& s, std::string_view name) {
    if (!s.agent.empty() && name != s.agent) return false;
    if (!s.team.empty() && !std::binary_search(s.members.begin(), s.members.end(), name)) return false;
    return true;
}

bool case_in_scope(const CaseRow& r, const ReportScope& s) {
    if (!agent_in_scope(s, r.recorder)) return false;
    if (s.category >= 0 && static_cast<int>(r.category) != s.category) return false;
    if (s.department >= 0 && static_cast<int>(r.department) != s.department) return false;
    return true;
}

bool is_complaint(const CaseRow& r) { return r.kind == CaseKind::Complaint || r.priority == CasePriority::MajorComplaint; }

const char* name_of(Kpi k) { return kKpiNames[static_cast<size_t>(k)]; }
std::string label_key(Kpi k) { return std::string("report.kpi.") + name_of(k); }
std::string definition_key(Kpi k) { return std::string("report.def.") + name_of(k); }

bool KpiValue::ok() const {
    if (!has || std::isnan(target)) return true;
    return higher_is_better ? value >= target - 1e-9 : value <= target + 1e-9;
}

KpiReport compute_kpis(const AppState& s, const ReportScope& scope, int64_t now_ms) {
    KpiReport rep;
    rep.kpis.resize(static_cast<size_t>(Kpi::Count));
    for (size_t i = 0; i < rep.kpis.size(); ++i) rep.kpis[i].kpi = static_cast<Kpi>(i);
    int64_t closed = 0, on_time = 0, complaints = 0, resolved = 0, opened = 0, complete = 0, first = 0;
    int64_t called_back = 0, open_now = 0, breached_cases = 0;
    std::map<std::string, int64_t> by_rule;
    const int64_t today = s.calendar.local_day(now_ms);
    for (size_t i = 0; i < s.cases.size(); ++i) {
        const CaseRow& r = s.cases.row(i);
        if (!case_in_scope(r, scope)) continue;
        const CaseFacts f = facts(s, r, scope);
        if (f.closed_in) {
            ++closed;
            on_time += f.on_time;
            const CallbackRow* cb = s.callbacks.size() ? s.callbacks.for_case(r.id) : nullptr;
            called_back += cb && cb->finished && cb->last == CallbackOutcome::Done;
        }
        if (f.opened_in) {
            ++opened;
            complete += f.complete;
            first += f.first_contact;
            complaints += f.complaint_in;
            resolved += f.complaint_resolved;
            // Deadlines missed, per rule: only cases whose state says so are re-planned.
            const SlaState st = r.sla_state(now_ms);
            if (r.sla_breached_final || st == SlaState::Breached) {
                bool any = false;
                for (const SlaClock& c : s.cases.clocks(r, s.calendar, s.sla_rules))
                    if ((c.stopped && c.final_state == SlaState::Breached) || (!c.stopped && clock_state(c, now_ms) == SlaState::Breached)) {
                        ++by_rule[c.rule < s.sla_rules.size() ? s.sla_rules[c.rule].id : std::string("?")];
                        any = true;
                    }
                breached_cases += any;
            }
        }
        if (is_open(r.status)) {
            ++open_now;
            const int64_t age = today - s.calendar.local_day(r.created_ms);
            rep.backlog_by_age[age < 1 ? 0 : age < 3 ? 1 : age < 7 ? 2 : 3] += 1;
        }
    }
    rate(rep.kpis[static_cast<size_t>(Kpi::OnTime)], on_time, closed, 100.0);
    rate(rep.kpis[static_cast<size_t>(Kpi::ComplaintResolution)], resolved, complaints, 100.0);
    rate(rep.kpis[static_cast<size_t>(Kpi::CallbackRate)], called_back, closed, kCallbackRateTarget);
    rate(rep.kpis[static_cast<size_t>(Kpi::Completeness)], complete, opened, 100.0);
    rate(rep.kpis[static_cast<size_t>(Kpi::FirstContact)], first, opened, NAN);

    const Scores sc = s.responses.scores(score_filter(scope));
    KpiValue& sat = rep.kpis[static_cast<size_t>(Kpi::Satisfaction)];
    sat.has = sc.has_score();
    sat.value = sc.score();
    sat.numerator = sc.scored;
    sat.denominator = sc.responses;
    sat.target = kSatisfactionTarget;

    // Calls: the contact log (the seeds' guideline: 3 minutes, 5 at most).
    int64_t total_ms = 0;
    for (const ContactRow& c : s.contacts.rows(s.records)) {
        const int64_t day = s.calendar.local_day(c.started_ms);
        if (day < scope.from_day || day > scope.to_day || c.ended_ms <= c.started_ms) continue;
        if (!agent_in_scope(scope, s.contacts.agent_name(c))) continue;
        ++rep.calls;
        total_ms += c.duration_ms();
        rep.calls_over_target += c.duration_ms() > kCallTargetMs;
        rep.calls_over_limit += c.duration_ms() > kCallLimitMs;
    }
    KpiValue& calls = rep.kpis[static_cast<size_t>(Kpi::CallDuration)];
    calls.has = rep.calls > 0;
    calls.value = rep.calls ? static_cast<double>(total_ms) / static_cast<double>(rep.calls) / 60000.0 : 0.0;
    calls.numerator = rep.calls - rep.calls_over_target;
    calls.denominator = rep.calls;
    calls.target = static_cast<double>(kCallTargetMs) / 60000.0;
    calls.higher_is_better = false;

    KpiValue& br = rep.kpis[static_cast<size_t>(Kpi::Breaches)];
    br.has = opened > 0;
    br.value = static_cast<double>(breached_cases);
    br.numerator = breached_cases;
    br.denominator = opened;
    br.target = 0;
    br.higher_is_better = false;
    rep.breaches_by_rule.assign(by_rule.begin(), by_rule.end());

    KpiValue& backlog = rep.kpis[static_cast<size_t>(Kpi::Backlog)];
    backlog.has = true;
    backlog.value = static_cast<double>(open_now);
    backlog.numerator = rep.backlog_by_age[3];  // the oldest: over a week
    backlog.denominator = open_now;
    backlog.higher_is_better = false;
    return rep;
}

std::vector<DrillRow> kpi_drilldown(const AppState& s, const ReportScope& scope, Kpi kpi, int64_t now_ms) {
    std::vector<DrillRow> out;
    if (kpi == Kpi::CallDuration) {
        for (const ContactRow& c : s.contacts.rows(s.records)) {
            const int64_t day = s.calendar.local_day(c.started_ms);
            if (day < scope.from_day || day > scope.to_day || c.ended_ms <= c.started_ms) continue;
            if (!agent_in_scope(scope, s.contacts.agent_name(c))) continue;
            out.push_back({c.id, c.duration_ms() <= kCallTargetMs});
        }
    } else if (kpi == Kpi::Satisfaction) {
        for (const ResponseRow* r : s.responses.select(score_filter(scope))) {
            if (r->case_id.empty() || r->score < 0) continue;  // a kiosk answer has no case to open; unscored ones count nowhere
            out.push_back({r->case_id, r->score >= kSatisfactionTarget});
        }
    } else {
        const int64_t today = s.calendar.local_day(now_ms);
        for (size_t i = 0; i < s.cases.size(); ++i) {
            const CaseRow& r = s.cases.row(i);
            if (!case_in_scope(r, scope)) continue;
            const CaseFacts f = facts(s, r, scope);
            switch (kpi) {
                case Kpi::OnTime:
                    if (f.closed_in) out.push_back({r.id, f.on_time});
                    break;
                case Kpi::CallbackRate:
                    if (f.closed_in) {
                        const CallbackRow* cb = s.callbacks.for_case(r.id);
                        out.push_back({r.id, cb && cb->finished && cb->last == CallbackOutcome::Done});
                    }
                    break;
                case Kpi::ComplaintResolution:
                    if (f.complaint_in) out.push_back({r.id, f.complaint_resolved});
                    break;
                case Kpi::Completeness:
                    if (f.opened_in) out.push_back({r.id, f.complete});
                    break;
                case Kpi::FirstContact:
                    if (f.opened_in) out.push_back({r.id, f.first_contact});
                    break;
                case Kpi::Breaches:
                    if (f.opened_in) {
                        const SlaState st = r.sla_state(now_ms);
                        out.push_back({r.id, !(r.sla_breached_final || st == SlaState::Breached)});
                    }
                    break;
                case Kpi::Backlog:
                    if (is_open(r.status)) out.push_back({r.id, today - s.calendar.local_day(r.created_ms) < 7});
                    break;
                default: break;
            }
        }
    }
    std::stable_partition(out.begin(), out.end(), [](const DrillRow& d) { return !d.hit; });
    return out;
}

}  // namespace kefu
