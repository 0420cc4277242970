#include "core/sla.hpp"

#include <algorithm>

#include "core/civil_date.hpp"
#include "core/json_util.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {

constexpr const char* kEventNames[] = {"opened", "accepted", "forwarded", "answered", "solution_returned", "replied", "closed"};
static_assert(sizeof(kEventNames) / sizeof(kEventNames[0]) == static_cast<size_t>(CaseEvent::Count), "a name per event");
constexpr const char* kUnitNames[] = {"working_hours", "working_days", "hours", "days"};
static_assert(sizeof(kUnitNames) / sizeof(kUnitNames[0]) == static_cast<size_t>(SlaUnit::Count), "a name per unit");
constexpr const char* kStateNames[] = {"met", "ok", "paused", "due_soon", "breached"};
static_assert(sizeof(kStateNames) / sizeof(kStateNames[0]) == static_cast<size_t>(SlaState::Count), "a name per state");

template <size_t N>
bool parse_name(const char* const (&names)[N], std::string_view s, size_t& out) {
    for (size_t i = 0; i < N; ++i)
        if (s == names[i]) return out = i, true;
    return false;
}

int64_t allowed_ms(const SlaRule& r, const WorkCalendar& cal) {
    switch (r.unit) {
        case SlaUnit::WorkingHours: return r.amount * kMsPerHour;
        case SlaUnit::WorkingDays: return r.amount * cal.standard_day_ms();
        case SlaUnit::Hours: return r.amount * kMsPerHour;
        default: return r.amount * kMsPerDay;
    }
}

// Walks the clock from `start` until `need` ms of counted time (working or wall) have
// passed, skipping pauses. Returns kNever with `left` set when an open pause stops it first.
int64_t reach(const WorkCalendar& cal, bool working, int64_t start, int64_t need,
              const std::vector<std::pair<int64_t, int64_t>>& pauses, int64_t* left) {
    auto measure = [&](int64_t a, int64_t b) { return working ? working_ms_between(cal, a, b) : std::max<int64_t>(0, b - a); };
    auto advance = [&](int64_t a, int64_t n) { return working ? add_working_ms(cal, a, n) : a + n; };
    int64_t cursor = start;
    for (const auto& [from, to] : pauses) {
        if (to != 0 && to <= cursor) continue;
        const int64_t pause_from = std::max(from, cursor);
        const int64_t avail = measure(cursor, pause_from);
        if (avail >= need) return advance(cursor, need);
        need -= avail;
        if (to == 0) {
            if (left) *left = need;
            return kNever;
        }
        cursor = to;
    }
    return advance(cursor, need);
}

}  // namespace

const char* case_event_name(CaseEvent e) { return kEventNames[static_cast<size_t>(e)]; }
bool parse_case_event(std::string_view s, CaseEvent& out) {
    size_t i = 0;
    return parse_name(kEventNames, s, i) && (out = static_cast<CaseEvent>(i), true);
}
const char* sla_unit_name(SlaUnit u) { return kUnitNames[static_cast<size_t>(u)]; }
bool parse_sla_unit(std::string_view s, SlaUnit& out) {
    size_t i = 0;
    return parse_name(kUnitNames, s, i) && (out = static_cast<SlaUnit>(i), true);
}
const char* sla_state_name(SlaState s) { return kStateNames[static_cast<size_t>(s)]; }

std::vector<SlaRule> default_sla_rules() {
    using E = CaseEvent;
    return {
        {"forward", "转交处理部门", "Forward to a department", {}, E::Opened,
         {E::Forwarded, E::Answered, E::Closed}, 2, SlaUnit::WorkingHours, 25},
        {"department_result", "处理部门反馈结果", "Department returns a result", {},
         E::Forwarded, {E::SolutionReturned, E::Closed}, 2, SlaUnit::WorkingDays, 25},
        {"reply", "答复客户", "Reply to the customer", {}, E::Opened,
         {E::Replied, E::Answered, E::Closed}, 3, SlaUnit::Days, 25},
        {"complaint_response", "投诉首次响应", "Complaint: first response", {"complaint"}, E::Opened,
         {E::Accepted, E::Answered, E::Replied, E::Closed}, 24, SlaUnit::Hours, 25},
        {"complaint_solution", "投诉解决", "Complaint: solution", {"complaint"}, E::Opened,
         {E::Replied, E::Answered, E::Closed}, 72, SlaUnit::Hours, 25},
    };
}

std::vector<FieldIssue> parse_sla_rules(const nlohmann::json& doc, std::vector<SlaRule>& out) {
    std::vector<FieldIssue> issues;
    auto err = [&](std::string path, const char* key, std::string detail = {}) {
        if (issues.size() < 50) issues.push_back({std::move(path), key, std::move(detail)});
    };
    if (!doc.is_object() || json_string(doc, "format") != kSlaRulesFormat) {
        err("format", "sla.err.format", doc.is_object() ? json_string(doc, "format") : "");
        return issues;
    }
    auto list = doc.find("rules");
    if (list == doc.end() || !list->is_array()) return err("rules", "sla.err.type", "[]"), issues;
    std::vector<SlaRule> rules;
    for (size_t i = 0; i < list->size(); ++i) {
        const nlohmann::json& j = (*list)[i];
        const std::string p = "rules[" + std::to_string(i) + "]";
        if (!j.is_object()) {
            err(p, "sla.err.type", "{}");
            continue;
        }
        SlaRule r;
        r.id = json_string(j, "id");
        r.name_zh = json_string(j, "name_zh");
        r.name_en = json_string(j, "name_en");
        if (r.id.empty() || r.id.size() > 64) err(p + ".id", "sla.err.id");
        for (const SlaRule& other : rules)
            if (other.id == r.id) err(p + ".id", "sla.err.duplicate", r.id);
        if (r.name_zh.size() > 200 || r.name_en.size() > 200 || !valid_utf8(r.name_zh) || !valid_utf8(r.name_en))
            err(p + ".name_zh", "sla.err.name");
        if (!parse_case_event(json_string(j, "start"), r.start)) err(p + ".start", "sla.err.event", json_string(j, "start"));
        auto stops = j.find("stops");
        if (stops == j.end() || !stops->is_array() || stops->empty()) err(p + ".stops", "sla.err.type", "[\"replied\"]");
        else
            for (const auto& s : *stops) {
                CaseEvent e;
                if (!s.is_string() || !parse_case_event(s.get<std::string>(), e)) err(p + ".stops", "sla.err.event", s.dump());
                else r.stops.push_back(e);
            }
        auto kinds = j.find("kinds");
        if (kinds != j.end()) {
            if (!kinds->is_array()) err(p + ".kinds", "sla.err.type", "[\"complaint\"]");
            else
                for (const auto& k : *kinds)
                    if (k.is_string() && k.get<std::string>().size() <= 32) r.kinds.push_back(k.get<std::string>());
                    else err(p + ".kinds", "sla.err.type", k.dump());
        }
        auto amount = j.find("amount");
        if (amount == j.end() || !amount->is_number_integer() || amount->get<int64_t>() < 1 || amount->get<int64_t>() > 1000)
            err(p + ".amount", "sla.err.amount", amount == j.end() ? "" : amount->dump());
        else
            r.amount = amount->get<int64_t>();
        if (!parse_sla_unit(json_string(j, "unit"), r.unit)) err(p + ".unit", "sla.err.unit", json_string(j, "unit"));
        auto soon = j.find("due_soon_percent");
        if (soon != j.end()) {
            if (!soon->is_number_integer() || soon->get<int64_t>() < 0 || soon->get<int64_t>() > 90)
                err(p + ".due_soon_percent", "sla.err.percent", soon->dump());
            else
                r.due_soon_percent = soon->get<int>();
        }
        rules.push_back(std::move(r));
    }
    if (rules.size() > 1000) err("rules", "sla.err.too_many");
    if (issues.empty()) out = std::move(rules);
    return issues;
}

nlohmann::json sla_rules_to_json(const std::vector<SlaRule>& rules) {
    nlohmann::json list = nlohmann::json::array();
    for (const SlaRule& r : rules) {
        nlohmann::json stops = nlohmann::json::array();
        for (CaseEvent e : r.stops) stops.push_back(case_event_name(e));
        list.push_back({{"id", r.id}, {"name_zh", r.name_zh}, {"name_en", r.name_en}, {"kinds", r.kinds},
                        {"start", case_event_name(r.start)}, {"stops", stops}, {"amount", r.amount},
                        {"unit", sla_unit_name(r.unit)}, {"due_soon_percent", r.due_soon_percent}});
    }
    return {{"format", kSlaRulesFormat}, {"version", 1}, {"rules", list}};
}

std::vector<SlaClock> plan_clocks(const std::vector<SlaRule>& rules, const WorkCalendar& cal, const CaseTimes& t) {
    std::vector<SlaClock> clocks;
    for (size_t i = 0; i < rules.size(); ++i) {
        const SlaRule& r = rules[i];
        if (!r.kinds.empty() && std::find(r.kinds.begin(), r.kinds.end(), t.kind) == r.kinds.end()) continue;
        const int64_t start = t.at(r.start);
        if (start == 0) continue;
        SlaClock c;
        c.rule = static_cast<uint16_t>(i);
        c.working = r.working();
        c.start_ms = start;
        for (CaseEvent e : r.stops) {
            const int64_t at = t.at(e);
            if (at != 0 && at >= start && (!c.stopped || at < c.stopped_ms)) c.stopped = true, c.stopped_ms = at;
        }
        const int64_t allowed = allowed_ms(r, cal);
        const int64_t calm = allowed - allowed * r.due_soon_percent / 100;
        int64_t left = 0;
        c.deadline_ms = reach(cal, c.working, start, allowed, t.pauses, &left);
        c.due_soon_ms = reach(cal, c.working, start, calm, t.pauses, nullptr);
        if (c.deadline_ms == kNever && left > 0) {
            c.paused = true;
            c.left_when_paused_ms = left;
        }
        if (c.stopped) c.final_state = c.stopped_ms <= c.deadline_ms ? SlaState::Met : SlaState::Breached;
        c.uncertain = uncertain_year(c, cal) != 0;
        clocks.push_back(c);
    }
    return clocks;
}

int uncertain_year(const SlaClock& c, const WorkCalendar& cal) {
    if (!c.working) return 0;
    const int64_t until = c.stopped ? std::min(c.stopped_ms, c.deadline_ms) : c.deadline_ms == kNever ? c.start_ms : c.deadline_ms;
    return cal.unknown_year_between(c.start_ms, until);
}

SlaState clock_state(const SlaClock& c, int64_t now_ms) {
    if (c.stopped) return c.final_state;
    if (c.paused) return SlaState::Paused;
    if (now_ms >= c.deadline_ms) return SlaState::Breached;
    if (now_ms >= c.due_soon_ms) return SlaState::DueSoon;
    return SlaState::Ok;
}

int64_t clock_left_ms(const SlaClock& c, const WorkCalendar& cal, int64_t now_ms) {
    if (c.paused) return c.left_when_paused_ms;
    const int64_t at = c.stopped ? c.stopped_ms : now_ms;
    if (c.deadline_ms == kNever) return kNever;
    if (at >= c.deadline_ms) return -(at - c.deadline_ms);
    return c.working ? working_ms_between(cal, at, c.deadline_ms) : c.deadline_ms - at;
}

const SlaClock* most_urgent_clock(const std::vector<SlaClock>& clocks, int64_t now_ms) {
    const SlaClock* best = nullptr;
    for (const SlaClock& c : clocks) {
        if (!best) {
            best = &c;
            continue;
        }
        const SlaState a = clock_state(c, now_ms), b = clock_state(*best, now_ms);
        if (a > b || (a == b && c.deadline_ms < best->deadline_ms)) best = &c;
    }
    return best;
}

SlaState worst_state(const std::vector<SlaClock>& clocks, int64_t now_ms) {
    SlaState worst = SlaState::Met;
    for (const SlaClock& c : clocks) worst = std::max(worst, clock_state(c, now_ms));
    return worst;
}

}  // namespace kefu
