// The commands that change cases. Each becomes record changes through RecordStore (one
// revision per command, history with every field it touched); a transition that the state
// machine does not allow is refused with "error.case.cannot_<action>" and the case's status
// as the detail (a translation key, "case.status.closed").
#pragma once
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/calendar.hpp"
#include "core/case.hpp"
#include "core/command.hpp"
#include "core/contact.hpp"
#include "core/sla.hpp"

namespace kefu {

// A new case from intake. `id` comes from the caller (new_record_id) so that tests are
// deterministic; the form number is assigned by the command.
struct CreateCase {
    std::string id;
    CaseCategory category = CaseCategory::Service;
    CaseKind kind = CaseKind::Consultation;
    CaseChannel channel = CaseChannel::InboundCall;
    CasePriority priority = CasePriority::Normal;
    Customer customer;
    std::string description;
    std::string acceptance;
    std::string order_no;
    // The call this case was opened from (logged already, `from_contact_rev` as read): attached
    // to the new case in the same command, so that neither is saved without the other.
    std::string from_contact;
    uint64_t from_contact_rev = 0;
};
// What a customer must give at the kiosk (whoever sends it): a name, a phone number with at
// least 7 digits, and what the problem is. kiosk.req.need_*
ApplyResult check_kiosk_request(const CreateCase& cmd);
// Saves the editable parts of the form: category, kind, channel, priority, customer,
// description, acceptance, order number. Status and signed sections change only through
// the lifecycle commands below.
struct EditCase {
    std::string id;
    uint64_t base_rev = 0;
    Case edited;
};
struct AnswerCase { std::string id; uint64_t base_rev = 0; std::string answer; };  // 当场解答
struct ForwardCase {
    std::string id;
    uint64_t base_rev = 0;
    Department department = Department::Technical;
    std::string department_other;
    std::string handler;
};
struct RecordSolution { std::string id; uint64_t base_rev = 0; std::string solution; std::string drafter; };
struct ReplyToCustomer { std::string id; uint64_t base_rev = 0; std::string result; };
// Marks the case as needing follow-up and opens the follow-up case (linked both ways).
struct OpenFollowUp { std::string id; uint64_t base_rev = 0; std::string new_id; std::string reason; };
struct ReviewCase { std::string id; uint64_t base_rev = 0; std::string review; };
struct CloseCase { std::string id; uint64_t base_rev = 0; };
struct ReopenCase { std::string id; uint64_t base_rev = 0; std::string reason; };
struct PauseCase { std::string id; uint64_t base_rev = 0; };   // waiting for the customer
struct ResumeCase { std::string id; uint64_t base_rev = 0; };

// A lifecycle step taken on a form with unsaved changes is one action to the agent: the
// changes are saved and the step taken in one command, both or neither (the step then runs
// on the revision the save made). Without `save`, the step alone.
using CaseStep = std::variant<AnswerCase, ForwardCase, RecordSolution, ReplyToCustomer, OpenFollowUp, ReviewCase, CloseCase,
                              ReopenCase, PauseCase, ResumeCase>;
struct RunCaseStep {
    std::optional<EditCase> save;
    CaseStep step;
};

// Working calendar and SLA rules (Settings); stored as records of type "config".
struct SetCalendar { WorkCalendar calendar; };
struct SetSlaRules { std::vector<SlaRule> rules; };

constexpr const char* kConfigType = "config";
constexpr const char* kCalendarId = "calendar";
constexpr const char* kSlaRulesId = "sla_rules";

// "<prefix>-<ms base 36>-<salt base 36>" ('c' cases, 'k' contacts): unique as long as the
// salt is random (two stations never meet on the same id).
std::string new_record_id(char prefix, int64_t now_ms, uint32_t salt);

struct AppState;
using CaseCmd = std::variant<CreateCase, EditCase, AnswerCase, ForwardCase, RecordSolution, ReplyToCustomer,
                             OpenFollowUp, ReviewCase, CloseCase, ReopenCase, PauseCase, ResumeCase, RunCaseStep,
                             SetCalendar, SetSlaRules, LogContact, AttachContact>;
ApplyOutcome apply_family(AppState& s, const CaseCmd& c, const CommandContext& ctx);
const char* family_command_name(const CaseCmd& c);
Role family_role(const AppState& s, const CaseCmd& c, const Actor& actor);

// After an import: an imported case whose form number another case already has gets the
// next free number of its day (an Update by the importing agent, so the history says so).
std::vector<Change> renumber_form_clashes(AppState& s, const std::vector<Change>& imported, const CommandContext& ctx);

// Joining a team: every case whose form number has no station code (numbered while the
// station worked alone) gets this station's code inside its number, same day and sequence —
// KF-20261124-0007 becomes KF-20261124-A-0007 — so that numbers stay unique across the team's
// stations. One Update per case by the joining administrator (the history keeps the old
// number; the case list still finds the case by it).
std::vector<Change> add_station_code(AppState& s, const std::string& station, const CommandContext& ctx);
// How many cases a join would renumber so; `example`: the first one's number.
size_t cases_without_station_code(const AppState& s, std::string* example = nullptr);

}  // namespace kefu
