// SLA clocks: the deadlines the seeds set for a case, counted on the working-time calendar.
//
// A rule says when its clock starts (a case event), which events stop it, how long it may
// run (working hours, working days, or plain hours/days) and which kinds of case it applies
// to. Rules are data (kefu.sla-rules JSON, editable in Settings); the defaults are the
// seeds' five deadlines. A case may be paused while waiting for the customer: paused time
// does not count.
//
// A clock's deadline does not depend on "now" (except while paused), so it is planned once
// per case revision (plan_clocks) and the per-frame question "ok / due soon / breached?" is
// two comparisons (clock_state).
#pragma once
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/result.hpp"

namespace kefu {

// What happened to a case, first occurrence in the current cycle (a reopen starts a new one).
enum class CaseEvent : uint8_t { Opened, Accepted, Forwarded, Answered, SolutionReturned, Replied, Closed, Count };
const char* case_event_name(CaseEvent e);
bool parse_case_event(std::string_view s, CaseEvent& out);

enum class SlaUnit : uint8_t { WorkingHours, WorkingDays, Hours, Days, Count };
const char* sla_unit_name(SlaUnit u);
bool parse_sla_unit(std::string_view s, SlaUnit& out);

struct SlaRule {
    std::string id;
    std::string name_zh, name_en;
    std::vector<std::string> kinds;  // case kinds it applies to; empty: every case
    CaseEvent start = CaseEvent::Opened;
    std::vector<CaseEvent> stops;
    int64_t amount = 1;
    SlaUnit unit = SlaUnit::WorkingHours;
    int due_soon_percent = 25;  // "due soon" in the last 25% of the allowed time
    bool working() const { return unit == SlaUnit::WorkingHours || unit == SlaUnit::WorkingDays; }
};

constexpr const char* kSlaRulesFormat = "kefu.sla-rules";
std::vector<SlaRule> default_sla_rules();
std::vector<FieldIssue> parse_sla_rules(const nlohmann::json& doc, std::vector<SlaRule>& out);
nlohmann::json sla_rules_to_json(const std::vector<SlaRule>& rules);

// The facts of a case the clocks need.
struct CaseTimes {
    std::string kind;
    std::array<int64_t, static_cast<size_t>(CaseEvent::Count)> events{};  // 0: has not happened
    std::vector<std::pair<int64_t, int64_t>> pauses;  // [from, to); to == 0: paused now
    int64_t at(CaseEvent e) const { return events[static_cast<size_t>(e)]; }
};

enum class SlaState : uint8_t { Met, Ok, Paused, DueSoon, Breached, Count };  // worse states last
const char* sla_state_name(SlaState s);

struct SlaClock {
    uint16_t rule = 0;       // index into the rules
    bool working = false;    // counted in working time
    bool stopped = false;    // a stop event happened (then `state` is final: Met or Breached)
    bool paused = false;     // paused now: the deadline is not known yet
    // Counted in working time through a year whose holidays are not entered (WorkCalendar::
    // years): computed from the weekly hours alone, so possibly wrong. Shown as such.
    bool uncertain = false;
    SlaState final_state = SlaState::Ok;
    int64_t start_ms = 0;
    int64_t due_soon_ms = kNever;  // from this instant: due soon
    int64_t deadline_ms = kNever;
    int64_t stopped_ms = 0;
    int64_t left_when_paused_ms = 0;  // allowed time left at the pause (working ms if working)
};

// Every clock that has started for this case.
std::vector<SlaClock> plan_clocks(const std::vector<SlaRule>& rules, const WorkCalendar& cal, const CaseTimes& times);
SlaState clock_state(const SlaClock& c, int64_t now_ms);
// Time left (> 0; working time for working-time rules) or overdue (< 0, wall time).
int64_t clock_left_ms(const SlaClock& c, const WorkCalendar& cal, int64_t now_ms);
// The year not entered that makes an uncertain clock so (0 when the clock is certain).
int uncertain_year(const SlaClock& c, const WorkCalendar& cal);
// The clock to show first: the worst state, then the earliest deadline; nullptr if none.
const SlaClock* most_urgent_clock(const std::vector<SlaClock>& clocks, int64_t now_ms);
// The worst state over the clocks; Met when there are none.
SlaState worst_state(const std::vector<SlaClock>& clocks, int64_t now_ms);

}  // namespace kefu
