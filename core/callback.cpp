#include "core/callback.hpp"

#include <algorithm>

#include "core/app_state.hpp"
#include "core/record_write.hpp"
#include "core/reports.hpp"
#include "core/civil_date.hpp"
#include "core/json_util.hpp"
#include "core/utf8.hpp"

namespace kefu {

// The commands of the family, one by one (apply_family below picks one).
ApplyOutcome apply_callback(AppState& s, const RecordCallback& c, const CommandContext& ctx);
ApplyOutcome apply_callback(AppState& s, const SetCallbackRules& c, const CommandContext& ctx);
ApplyOutcome apply_callback(AppState& s, const FinishCallback& c, const CommandContext& ctx);

using json = nlohmann::json;

namespace {

const char* const kOutcomeNames[] = {"done", "refused", "unreachable", "wrong_number"};
static_assert(sizeof(kOutcomeNames) / sizeof(kOutcomeNames[0]) == static_cast<size_t>(CallbackOutcome::Count));
const char* const kReasonNames[] = {"after_close", "complaint", "key_customer", "retry"};
static_assert(sizeof(kReasonNames) / sizeof(kReasonNames[0]) == static_cast<size_t>(DueReason::Count));

bool worked(const WorkCalendar& cal, int64_t day) { return !cal.hours_on(day).empty(); }

}  // namespace

const char* name_of(CallbackOutcome o) { return kOutcomeNames[static_cast<size_t>(o)]; }
bool parse_name(std::string_view s, CallbackOutcome& out) {
    for (size_t i = 0; i < static_cast<size_t>(CallbackOutcome::Count); ++i)
        if (s == kOutcomeNames[i]) return out = static_cast<CallbackOutcome>(i), true;
    return false;
}
std::string label_key(CallbackOutcome o) { return std::string("callback.outcome.") + name_of(o); }
const char* name_of(DueReason r) { return kReasonNames[static_cast<size_t>(r)]; }
std::string label_key(DueReason r) { return std::string("callback.reason.") + name_of(r); }

// ---- [SECTION] records ------------------------------------------------------------------------
json callback_to_data(const Callback& c) {
    json attempts = json::array();
    for (const CallbackAttempt& a : c.attempts) {
        json item = {{"at", a.at_ms}, {"by", {{"id", a.by.agent_id}, {"name", a.by.name}}}, {"outcome", name_of(a.outcome)}};
        if (!a.note.empty()) item["note"] = a.note;
        attempts.push_back(std::move(item));
    }
    json d = {{"case", c.case_id}, {"attempts", attempts}, {"finished", c.finished}};
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"company", &c.company}, {"contact", &c.contact},
                                     {"phone", &c.phone}, {"result", &c.result}, {"response", &c.response_id}})
        if (!value->empty()) d[key] = *value;
    if (c.retry_at_ms) d["retry_at"] = c.retry_at_ms;
    return d;
}

Callback callback_from_record(const Record& r) {
    const json d = r.data();
    Callback c;
    c.id = r.id;
    c.rev = r.rev;
    c.case_id = json_string(d, "case");
    c.company = json_string(d, "company");
    c.contact = json_string(d, "contact");
    c.phone = json_string(d, "phone");
    c.result = json_string(d, "result");
    c.response_id = json_string(d, "response");
    c.retry_at_ms = json_int(d, "retry_at");
    c.finished = json_bool(d, "finished", false);
    if (auto it = d.find("attempts"); it != d.end() && it->is_array())
        for (const json& item : *it) {
            if (!item.is_object()) continue;
            CallbackAttempt a;
            a.at_ms = json_int(item, "at");
            if (auto by = item.find("by"); by != item.end() && by->is_object()) a.by = {json_string(*by, "id"), json_string(*by, "name")};
            parse_name(json_string(item, "outcome"), a.outcome);
            a.note = json_string(item, "note");
            c.attempts.push_back(std::move(a));
        }
    return c;
}

json callback_rules_to_data(const CallbackRules& r) {
    return {{"closed_cases", r.closed_cases}, {"days_after_close", r.days_after_close}, {"complaint_days", r.complaint_days},
            {"key_customers", r.key_customers}, {"max_attempts", r.max_attempts}, {"list_days", r.list_days}};
}

CallbackRules callback_rules_from_data(const json& d) {
    CallbackRules r;
    r.closed_cases = json_bool(d, "closed_cases", true);
    r.days_after_close = static_cast<int>(json_int(d, "days_after_close", 3));
    r.complaint_days = static_cast<int>(json_int(d, "complaint_days", 1));
    r.key_customers = json_string_list(d, "key_customers");
    r.max_attempts = static_cast<int>(json_int(d, "max_attempts", 3));
    r.list_days = static_cast<int>(json_int(d, "list_days", 30));
    return r;
}

ApplyResult check_callback_rules(const CallbackRules& r) {
    if (r.days_after_close < 0 || r.days_after_close > 60) return ApplyResult::failure("error.callback.days", std::to_string(r.days_after_close));
    if (r.complaint_days < 0 || r.complaint_days > 60) return ApplyResult::failure("error.callback.days", std::to_string(r.complaint_days));
    if (r.list_days < 1 || r.list_days > 366) return ApplyResult::failure("error.callback.days", std::to_string(r.list_days));
    if (r.max_attempts < 1 || r.max_attempts > 10) return ApplyResult::failure("error.callback.attempts", std::to_string(r.max_attempts));
    if (r.key_customers.size() > 1000) return ApplyResult::failure("error.callback.too_many_key_customers");
    for (const std::string& p : r.key_customers)
        if (p.size() < 5 || p.size() > 20 || p.find_first_not_of("0123456789") != std::string::npos)
            return ApplyResult::failure("error.callback.key_customer_phone", p);
    return ApplyResult::success();
}

// ---- [SECTION] the callback index ---------------------------------------------------------------
void CallbackIndex::add(const Callback& c) {
    case_of_[c.id] = c.case_id;
    Attempts& mine = attempts_[c.id];
    mine.case_id = c.case_id;
    mine.list.clear();
    for (const CallbackAttempt& a : c.attempts) {
        auto [name, fresh] = name_ids_.try_emplace(a.by.name, static_cast<uint32_t>(names_.size()));
        if (fresh) names_.push_back(a.by.name);
        mine.list.push_back({a.at_ms, name->second, a.outcome});
    }
    CallbackRow& row = by_case_[c.case_id];
    const int64_t last_ms = c.attempts.empty() ? 0 : c.attempts.back().at_ms;
    if (!row.id.empty() && row.id != c.id && row.last_ms > last_ms) return;  // an older callback of the case
    row.id = c.id;
    row.attempts = static_cast<uint16_t>(std::min<size_t>(c.attempts.size(), 0xffff));
    row.last = c.attempts.empty() ? CallbackOutcome::Unreachable : c.attempts.back().outcome;
    row.finished = c.finished;
    row.has_response = !c.response_id.empty();
    row.last_ms = last_ms;
    row.retry_at_ms = c.retry_at_ms;
    if (row.finished) unfinished_.erase(c.case_id);
    else unfinished_[c.case_id] = c.retry_at_ms;
    if (row.last == CallbackOutcome::Done && !c.phone.empty()) {
        const std::string digits = phone_digits(c.phone);
        int64_t& at = done_by_phone_[digits];
        at = std::max(at, last_ms);
    }
}

void CallbackIndex::rebuild(const RecordStore& store) {
    by_case_.clear();
    case_of_.clear();
    done_by_phone_.clear();
    unfinished_.clear();
    attempts_.clear();
    names_.clear();
    name_ids_.clear();
    store.for_each(kCallbackType, [&](const Record& r) { add(callback_from_record(r)); });
}

void CallbackIndex::refresh(const RecordStore& store, std::string_view id) {
    const Record* r = store.find(kCallbackType, id);
    auto known = case_of_.find(std::string(id));
    if (!r || (known != case_of_.end() && known->second != json_string(r->data(), "case"))) {
        rebuild(store);  // deleted or moved to another case: rare
        return;
    }
    add(callback_from_record(*r));
}

const CallbackRow* CallbackIndex::for_case(std::string_view case_id) const {
    // Called for every case by the due list: one buffer, no allocation per lookup.
    thread_local std::string key;
    key.assign(case_id.data(), case_id.size());
    auto it = by_case_.find(key);
    return it == by_case_.end() ? nullptr : &it->second;
}

int64_t CallbackIndex::last_done_for_phone(std::string_view digits) const {
    auto it = done_by_phone_.find(std::string(digits));
    return it == done_by_phone_.end() ? 0 : it->second;
}

// ---- [SECTION] the due list -------------------------------------------------------------------
int64_t working_day_after(const WorkCalendar& cal, int64_t day, int n) {
    int64_t d = day;
    if (n == 0) {
        for (int guard = 0; guard < 3660 && !worked(cal, d); ++guard) ++d;
        return d;
    }
    for (int guard = 0; n > 0 && guard < 3660; ++guard) {
        ++d;
        if (worked(cal, d)) --n;
    }
    return d;
}

std::vector<DueCallback> due_callbacks(const AppState& s, int64_t now_ms, int ahead_days) {
    const CallbackRules& rules = s.callback_rules;
    const WorkCalendar& cal = s.calendar;
    const int64_t today = cal.local_day(now_ms);
    const int64_t horizon = today + ahead_days;
    std::unordered_map<int64_t, int64_t> due_after, due_complaint;  // closing day -> due day, computed once per day
    auto due_day = [&](std::unordered_map<int64_t, int64_t>& cache, int64_t closed_day, int n) {
        auto it = cache.find(closed_day);
        if (it == cache.end()) it = cache.emplace(closed_day, working_day_after(cal, closed_day, n)).first;
        return it->second;
    };
    std::vector<DueCallback> out;
    // Tried and not reached: again when planned.
    for (const auto& [case_id, retry_at_ms] : s.callbacks.unfinished()) {
        const CallbackRow* cb = s.callbacks.for_case(case_id);
        const int64_t day = retry_at_ms ? cal.local_day(retry_at_ms) : today;
        if (cb && day <= horizon) out.push_back({case_id, cb->id, day, DueReason::Retry, cb->attempts});
    }
    // Closed cases not called back yet, from those closed in the last weeks: a scan of the
    // compact rows; the callback index is only asked about cases that are due.
    const int64_t oldest_due = today - rules.list_days;
    for (size_t i = 0; i < s.cases.size(); ++i) {
        const CaseRow& row = s.cases.row(i);
        if (row.status != CaseStatus::Closed) continue;
        const int64_t closed_ms = row.events[static_cast<size_t>(CaseEvent::Closed)];
        if (!closed_ms) continue;
        const int64_t closed_day = cal.local_day(closed_ms);
        if (closed_day < oldest_due - 120) continue;  // due long ago under any rule (at most 60 working days)
        const bool complaint = is_complaint(row);
        if (!complaint && !rules.closed_cases) continue;
        const int64_t day = complaint ? due_day(due_complaint, closed_day, rules.complaint_days) : due_day(due_after, closed_day, rules.days_after_close);
        if (day > horizon || day < oldest_due) continue;
        if (s.callbacks.for_case(row.id)) continue;  // called back (or being tried: listed above)
        out.push_back({row.id, std::string(), day, complaint ? DueReason::Complaint : DueReason::AfterClose, 0});
    }
    // Key customers: once a calendar month, on their latest case.
    if (!rules.key_customers.empty()) {
        const CivilDate t = civil_from_days(today);
        const int64_t month_start = days_from_civil({t.year, t.month, 1});
        const int64_t first_working = working_day_after(cal, month_start, 0);
        for (const std::string& phone : rules.key_customers) {
            if (cal.local_day(s.callbacks.last_done_for_phone(phone)) >= month_start && s.callbacks.last_done_for_phone(phone) != 0) continue;
            const CaseRow* latest = nullptr;
            for (size_t i = 0; i < s.cases.size(); ++i) {
                const CaseRow& row = s.cases.row(i);
                if (row.phones.find(phone) == std::string::npos) continue;
                if (!latest || row.created_ms > latest->created_ms) latest = &row;
            }
            if (!latest || first_working > horizon) continue;
            const bool listed = std::any_of(out.begin(), out.end(), [&](const DueCallback& d) { return d.case_id == latest->id; });
            if (!listed) out.push_back({latest->id, std::string(), first_working, DueReason::KeyCustomer, 0});
        }
    }
    std::sort(out.begin(), out.end(), [](const DueCallback& a, const DueCallback& b) {
        return a.due_day != b.due_day ? a.due_day < b.due_day : a.case_id < b.case_id;
    });
    return out;
}

CallbackRate callback_rate(const AppState& s, int64_t from_day, int64_t to_day) {
    CallbackRate rate;
    for (size_t i = 0; i < s.cases.size(); ++i) {
        const CaseRow& row = s.cases.row(i);
        const int64_t closed_ms = row.events[static_cast<size_t>(CaseEvent::Closed)];
        if (row.status != CaseStatus::Closed || !closed_ms) continue;
        const int64_t day = s.calendar.local_day(closed_ms);
        if (day < from_day || day > to_day) continue;
        ++rate.closed;
        const CallbackRow* cb = s.callbacks.for_case(row.id);
        if (cb && cb->finished && cb->last == CallbackOutcome::Done) {
            ++rate.called_back;
            ++rate.done;
            rate.with_response += cb->has_response;
        }
    }
    return rate;
}

// ---- [SECTION] commands -----------------------------------------------------------------------
ApplyOutcome apply_callback(AppState& s, const RecordCallback& c, const CommandContext& ctx) {
    if (!valid_record_id(c.callback_id)) return refused(ApplyResult::failure("error.record.invalid_id", c.callback_id));
    for (const std::string* text : {&c.note, &c.company, &c.contact, &c.phone, &c.result}) {
        if (!valid_utf8(*text)) return refused(ApplyResult::failure("error.callback.encoding"));
        if (text->size() > kMaxCaseText) return refused(ApplyResult::failure("error.callback.too_long"));
    }
    if (c.outcome >= CallbackOutcome::Count) return refused(ApplyResult::failure("error.callback.outcome"));
    Callback cb;
    const Record* cur = s.records.find(kCallbackType, c.callback_id);
    if (cur) {
        cb = callback_from_record(*cur);
        if (cb.finished) return refused(ApplyResult::failure("error.callback.finished"));
    } else {
        if (s.records.find_any(kCallbackType, c.callback_id)) return refused(ApplyResult::failure("error.callback.not_found", c.callback_id));
        if (!s.cases.find(c.case_id)) return refused(ApplyResult::failure("error.record.not_found", c.case_id));
        cb.id = c.callback_id;
        cb.case_id = c.case_id;
    }
    if (!c.response_id.empty() && !s.records.find(kResponseType, c.response_id))
        return refused(ApplyResult::failure("error.callback.no_response", c.response_id));
    for (const auto& [from, to] : {std::pair<const std::string*, std::string*>{&c.company, &cb.company}, {&c.contact, &cb.contact},
                                   {&c.phone, &cb.phone}, {&c.result, &cb.result}, {&c.response_id, &cb.response_id}})
        if (!from->empty()) *to = *from;
    cb.attempts.push_back({ctx.now_ms, ctx.actor, c.outcome, c.note});
    cb.retry_at_ms = 0;
    if (c.outcome == CallbackOutcome::Unreachable && static_cast<int>(cb.attempts.size()) < s.callback_rules.max_attempts) {
        const int64_t next = working_day_after(s.calendar, s.calendar.local_day(ctx.now_ms), 1);
        cb.retry_at_ms = s.calendar.day_start_utc(next);
    } else {
        cb.finished = true;  // reached, refused, wrong number, or out of attempts
    }
    if (cur) return replace_record(s.records, kCallbackType, cb.id, c.base_rev, callback_to_data(cb), ctx);
    ApplyOutcome out;
    create_record(s.records, kCallbackType, cb.id, callback_to_data(cb), ctx, out);
    return out;
}

ApplyOutcome apply_callback(AppState& s, const SetCallbackRules& c, const CommandContext& ctx) {
    if (ApplyResult r = check_callback_rules(c.rules); !r.ok) return refused(r);
    return write_record(s.records, kConfigType, kCallbackRulesId, callback_rules_to_data(c.rules), ctx);
}

ApplyOutcome apply_callback(AppState& s, const FinishCallback& c, const CommandContext& ctx) {
    UndoScope undo(s.records);  // both records, or neither
    ApplyOutcome out;
    RecordCallback cb = c.callback;
    if (c.response) {
        SurveyResponse r = *c.response;
        r.channel = SurveyChannel::Callback;
        Survey def;
        if (!find_survey_version(s, r.survey_id, r.version, def))
            return refused(ApplyResult::failure("error.survey.version_gone", std::to_string(r.version)));
        settle_response(def, r);
        // Re-rating the same case updates the response it already has (the same rule as SubmitResponse).
        r.id = stored_response_id(s, r);
        cb.response_id = r.id;
        out = apply_family(s, SurveyCmd{SubmitResponse{r}}, ctx);
        if (!out.ok()) return out;
    }
    ApplyOutcome second = apply_callback(s, cb, ctx);
    if (!second.ok()) return second;  // the response written above is rolled back
    for (Change& ch : second.changes) out.changes.push_back(std::move(ch));
    out.result = ApplyResult::success();
    undo.commit();
    return out;
}

// ---- the family -----------------------------------------------------------------------------
namespace {
constexpr CommandInfo kCallbackCmds[] = {
    {"RecordCallback", Role::Agent},
    {"SetCallbackRules", Role::Admin},
    {"FinishCallback", Role::Agent},
};
static_assert(covers<CallbackCmd>(kCallbackCmds), "one row per callback command, in the variant's order");
}  // namespace

ApplyOutcome apply_family(AppState& s, const CallbackCmd& c, const CommandContext& ctx) {
    return std::visit([&](const auto& x) { return apply_callback(s, x, ctx); }, c);
}
const char* family_command_name(const CallbackCmd& c) { return kCallbackCmds[c.index()].name; }
Role family_role(const AppState&, const CallbackCmd& c, const Actor&) {
    return kCallbackCmds[c.index()].role;
}

}  // namespace kefu
