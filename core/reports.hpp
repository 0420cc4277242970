// Reports: the seeds' KPIs over a period and a scope (agent, case category, department),
// each against its target with an ok/missed state, a one-line definition, and the records
// behind the number (drill-down). Pure functions of AppState and "now".
//
// Definitions (the UI and the README show the same):
//   on-time completion   cases closed in the period with no deadline missed ÷ cases closed
//   complaint resolution complaints (and major complaints) opened in the period and closed
//                        ÷ complaints opened in the period
//   callback rate        cases closed in the period and called back (reached) ÷ cases closed
//   satisfaction         the survey score of responses in the period (see survey.hpp)
//   completeness         cases opened in the period with every field their stage needs
//                        ÷ cases opened in the period
//   first-contact        cases opened in the period answered on the spot, never forwarded or
//   resolution           reopened ÷ cases opened in the period
//   call duration        mean length of the calls in the period; the seeds' guideline is
//                        3 minutes, 5 at most (the share over 5 minutes is shown too)
//   deadline breaches    deadlines missed (or overdue now) by cases opened in the period,
//                        per rule
//   open backlog         cases open now, by age (scope filters apply, the period does not)
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/survey.hpp"

namespace kefu {

struct AppState;
struct CaseRow;
class RecordStore;

struct ReportScope {
    int64_t from_day = 0, to_day = 0;  // local days, inclusive
    std::string agent;                 // recorder / agent name; empty: everyone
    std::string team;                  // 班组 of the agent profiles; empty: every team
    std::vector<std::string> members;  // the team's agent names, sorted (set_team fills it)
    int category = -1;                 // CaseCategory; -1 any
    int department = -1;               // Department; -1 any
};

enum class Kpi : uint8_t { OnTime, ComplaintResolution, CallbackRate, Satisfaction, Completeness, FirstContact, CallDuration, Breaches, Backlog, Count };
const char* name_of(Kpi k);
std::string label_key(Kpi k);       // "report.kpi.on_time"
std::string definition_key(Kpi k);  // "report.def.on_time"

struct KpiValue {
    Kpi kpi = Kpi::OnTime;
    bool has = false;          // false: no data in the period ("—", never 0)
    double value = 0;          // % for rates, points, minutes, or a count
    double target = NAN;       // NaN: no target
    bool higher_is_better = true;
    int64_t numerator = 0, denominator = 0;
    // ok / missed against the target; true when there is no target or no data.
    bool ok() const;
};

struct KpiReport {
    std::vector<KpiValue> kpis;  // one per Kpi, in order
    int64_t calls = 0, calls_over_target = 0, calls_over_limit = 0;
    std::vector<std::pair<std::string, int64_t>> breaches_by_rule;  // rule id, count
    std::array<int64_t, 4> backlog_by_age{};                       // < 1 day, 1–3, 3–7, > 7 days
    const KpiValue& get(Kpi k) const { return kpis[static_cast<size_t>(k)]; }
};

// Scopes the report to one team: the names of the agent profiles in it (none: nothing matches).
void set_team(ReportScope& scope, const RecordStore& store, const std::string& team);
// Whether work signed by this agent name is in the scope's agent and team.
bool agent_in_scope(const ReportScope& s, std::string_view name);
// The survey responses of the scope: its period, agent, team, category and department.
ScoreFilter score_filter(const ReportScope& scope);
// A case within the scope's agent (recorder), team, category and department (not the period).
bool case_in_scope(const CaseRow& r, const ReportScope& s);
// A complaint, or any case marked a major complaint.
bool is_complaint(const CaseRow& r);

KpiReport compute_kpis(const AppState& s, const ReportScope& scope, int64_t now_ms);

// The records behind a KPI: case ids (contact ids for call duration), each marked whether it
// counts toward the good side of the number; the misses first.
struct DrillRow {
    std::string id;
    bool hit = false;
};
std::vector<DrillRow> kpi_drilldown(const AppState& s, const ReportScope& scope, Kpi kpi, int64_t now_ms);

}  // namespace kefu
