// Callbacks (主动回访, 《客户回访记录表》): which cases are due a call back, the record of
// each call (time, company, contact person and phone, result and evaluation, agent, the
// survey response taken), the outcome of every attempt, and the callback rate the seeds
// target (≥ 60%).
//
// Records: "callback" (one per call-back of a case; every attempt is appended to it) and
// config/callback_rules. The due list reads the case index and a small callback index kept
// in AppState, so that it stays a scan of compact rows over 100,000 cases.
//
// Definitions (README and the workspace say the same):
//   due      a closed case, `days_after_close` working days after the day it was closed
//            (complaints and major complaints after `complaint_days`, and always, even when
//            callbacks of ordinary cases are switched off); a key customer once a calendar
//            month (on its first working day), on their latest case; an unreachable
//            customer again on the next working day, up to `max_attempts` tries; a call
//            not made `list_days` after it fell due leaves the list (missed, in the rate)
//   callback rate = closed cases of the period whose customer was reached and called back
//            (outcome "done") ÷ cases closed in the period
//   response rate = callbacks done with a survey response ÷ callbacks done
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <optional>

#include "core/calendar.hpp"
#include "core/survey.hpp"
#include "core/command.hpp"
#include "core/record.hpp"
#include "core/result.hpp"

namespace kefu {

constexpr const char* kCallbackType = "callback";
constexpr const char* kCallbackRulesId = "callback_rules";  // config record
constexpr double kCallbackRateTarget = 60.0;

enum class CallbackOutcome : uint8_t { Done, Refused, Unreachable, WrongNumber, Count };
const char* name_of(CallbackOutcome o);
bool parse_name(std::string_view s, CallbackOutcome& out);
std::string label_key(CallbackOutcome o);  // "callback.outcome.done"

struct CallbackAttempt {
    int64_t at_ms = 0;
    Actor by;
    CallbackOutcome outcome = CallbackOutcome::Done;
    std::string note;
};

struct Callback {
    std::string id;
    std::string case_id;
    std::string company;  // 公司名称
    std::string contact;  // 联系人 (受理人)
    std::string phone;
    std::string result;   // 回访结果及对我司的评价
    std::string response_id;  // the survey response taken in this call, if any
    std::vector<CallbackAttempt> attempts;
    int64_t retry_at_ms = 0;  // unreachable: when to try again (0: no retry planned)
    uint64_t rev = 0;
    bool finished = false;    // done, refused, wrong number, or out of attempts
};

nlohmann::json callback_to_data(const Callback& c);
Callback callback_from_record(const Record& r);

struct CallbackRules {
    bool closed_cases = true;  // ordinary closed cases get a callback
    int days_after_close = 3;  // working days
    int complaint_days = 1;    // complaints: always called back, sooner
    std::vector<std::string> key_customers;  // phone numbers (digits) called monthly
    int max_attempts = 3;
    int list_days = 30;  // a call not made this many days after it fell due leaves the list (it stays missed in the rate)
};
nlohmann::json callback_rules_to_data(const CallbackRules& r);
CallbackRules callback_rules_from_data(const nlohmann::json& d);
ApplyResult check_callback_rules(const CallbackRules& r);

// Compact: what the due list and the rate need of each case's latest callback.
struct CallbackRow {
    std::string id;
    uint16_t attempts = 0;
    CallbackOutcome last = CallbackOutcome::Done;
    bool finished = false;
    bool has_response = false;
    int64_t last_ms = 0;
    int64_t retry_at_ms = 0;
};

class CallbackIndex {
public:
    void rebuild(const RecordStore& store);
    void refresh(const RecordStore& store, std::string_view id);
    const CallbackRow* for_case(std::string_view case_id) const;
    // When the customer with this phone (digits) was last called back with outcome done.
    int64_t last_done_for_phone(std::string_view digits) const;
    size_t size() const { return by_case_.size(); }
    // Cases whose latest callback is not finished (customer not reached yet).
    const std::unordered_map<std::string, int64_t>& unfinished() const { return unfinished_; }
    // Every call attempt (the agent statistics count them per agent and day).
    struct Attempt {
        int64_t at_ms = 0;
        uint32_t agent = 0;  // interned name: agent_name()
        CallbackOutcome outcome = CallbackOutcome::Done;
    };
    struct Attempts {
        std::string case_id;
        std::vector<Attempt> list;
    };
    const std::unordered_map<std::string, Attempts>& attempts() const { return attempts_; }  // by callback id
    const std::string& agent_name(const Attempt& a) const { return names_[a.agent]; }

private:
    void add(const Callback& c);
    std::unordered_map<std::string, Attempts> attempts_;
    std::vector<std::string> names_;
    std::unordered_map<std::string, uint32_t> name_ids_;
    std::unordered_map<std::string, CallbackRow> by_case_;  // the case's latest callback
    std::unordered_map<std::string, std::string> case_of_;  // callback id -> case id
    std::unordered_map<std::string, int64_t> done_by_phone_;
    std::unordered_map<std::string, int64_t> unfinished_;  // case id -> retry_at_ms
};

enum class DueReason : uint8_t { AfterClose, Complaint, KeyCustomer, Retry, Count };
const char* name_of(DueReason r);
std::string label_key(DueReason r);  // "callback.reason.after_close"

struct DueCallback {
    std::string case_id;
    std::string callback_id;  // an unfinished callback (retry), else empty
    int64_t due_day = 0;      // local day
    DueReason reason = DueReason::AfterClose;
    int attempts = 0;
};

struct AppState;
// Calls due on or before `today + ahead_days`, earliest first (then by case).
std::vector<DueCallback> due_callbacks(const AppState& s, int64_t now_ms, int ahead_days = 0);
// The working day `n` working days after `day` (n = 0: `day` itself if it is worked, else
// the next worked one).
int64_t working_day_after(const WorkCalendar& cal, int64_t day, int n);

struct CallbackRate {
    int64_t closed = 0, called_back = 0;  // the callback rate
    int64_t done = 0, with_response = 0;  // the response rate
    bool has_rate() const { return closed > 0; }
    double rate() const { return closed ? 100.0 * static_cast<double>(called_back) / static_cast<double>(closed) : 0.0; }
    bool has_response_rate() const { return done > 0; }
    double response_rate() const { return done ? 100.0 * static_cast<double>(with_response) / static_cast<double>(done) : 0.0; }
};
// Over cases closed from `from_day` to `to_day` (local days, inclusive).
CallbackRate callback_rate(const AppState& s, int64_t from_day, int64_t to_day);

// ---- commands ---------------------------------------------------------------------------------
// One attempt to call a customer back. A new callback (callback_id not stored yet) is
// created for the case; an unfinished one gets the attempt appended. The record fields
// (company, contact, phone, result, response) replace the stored ones when given.
struct RecordCallback {
    std::string callback_id;
    std::string case_id;
    uint64_t base_rev = 0;
    CallbackOutcome outcome = CallbackOutcome::Done;
    std::string note;
    std::string company, contact, phone, result, response_id;
};
struct SetCallbackRules { CallbackRules rules; };
// The end of a callback call, as the agent sees it: one action. The customer's answers (when
// any were given: the unanswered dropped, complete or partial decided here) and the attempt's
// outcome are saved together, or, if either is refused, neither.
struct FinishCallback {
    RecordCallback callback;  // its response_id is filled in here
    std::optional<SurveyResponse> response;
};

using CallbackCmd = std::variant<RecordCallback, SetCallbackRules, FinishCallback>;
ApplyOutcome apply_family(AppState& s, const CallbackCmd& c, const CommandContext& ctx);
const char* family_command_name(const CallbackCmd& c);
Role family_role(const AppState& s, const CallbackCmd& c, const Actor& actor);

}  // namespace kefu
