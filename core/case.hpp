// Cases (个案/工单): the seed form 《客户问题处理表》 as a value, its lifecycle as an explicit
// state machine, what each stage requires (completeness), and the checks that help an agent
// type a valid phone number.
//
// A Case is read from and written to a record of type "case" (record.hpp); the commands that
// change cases live in case_commands.hpp and go through apply() like every other change.
#pragma once
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/record.hpp"
#include "core/result.hpp"
#include "core/sla.hpp"

namespace kefu {

constexpr const char* kCaseType = "case";

// ---- [SECTION] vocabularies ------------------------------------------------------------
// Each enum has a stable name (stored, exported) and a translation key "case.<what>.<name>".
enum class CaseCategory : uint8_t { Technical, Service, Sales, Other, Count };
enum class CaseKind : uint8_t { Consultation, Complaint, Fault, OrderProblem, Suggestion, Count };
enum class CaseChannel : uint8_t { InboundCall, OutboundCall, Online, Email, Visitor, Kiosk, Count };
enum class CasePriority : uint8_t { Normal, Urgent, MajorComplaint, Count };
enum class CaseStatus : uint8_t {
    Recorded,          // 已记录
    Answered,          // 当场解答
    Forwarded,         // 已转交部门
    SolutionReturned,  // 部门已反馈方案
    Replied,           // 已答复客户
    FollowUpNeeded,    // 需跟进
    Reviewed,          // 已审核
    Closed,            // 已结案
    Reopened,          // 已重新打开
    Count
};
// The departments of the seeds; a case may also name another one in free text.
enum class Department : uint8_t { None, Technical, Product, Sales, Service, Other, Count };

const char* name_of(CaseCategory v);
const char* name_of(CaseKind v);
const char* name_of(CaseChannel v);
const char* name_of(CasePriority v);
const char* name_of(CaseStatus v);
const char* name_of(Department v);
bool parse_name(std::string_view s, CaseCategory& out);
bool parse_name(std::string_view s, CaseKind& out);
bool parse_name(std::string_view s, CaseChannel& out);
bool parse_name(std::string_view s, CasePriority& out);
bool parse_name(std::string_view s, CaseStatus& out);
bool parse_name(std::string_view s, Department& out);
// "case.category.technical", "case.status.forwarded", …
std::string label_key(CaseCategory v);
std::string label_key(CaseKind v);
std::string label_key(CaseChannel v);
std::string label_key(CasePriority v);
std::string label_key(CaseStatus v);
std::string label_key(Department v);
bool is_open(CaseStatus s);  // not closed (reviewed cases still count as open until closed)

// ---- [SECTION] the form -------------------------------------------------------------------
struct Customer {
    std::string name;        // 姓名
    std::string salutation;  // 先生 / 女士 / …
    std::string mobile;      // Mb
    std::string telephone;   // Tel
    std::string district;    // 所在地/城区
    std::string address;     // 通讯地址
    std::string company;     // 公司名称
    bool operator==(const Customer& o) const;
};

// A section of the form with the person who wrote it and when (记录人/拟案人/处理人/审核人).
struct Signed {
    std::string text;
    Actor by;          // agent_id empty when the person is not an agent (a department's drafter)
    int64_t at_ms = 0;
    bool empty() const { return text.empty(); }
    bool operator==(const Signed& o) const { return text == o.text && by == o.by && at_ms == o.at_ms; }
};

struct Reopening {
    int64_t at_ms = 0;
    Actor by;
    std::string reason;
};

struct Case {
    std::string id;       // record id, stable
    std::string form_no;  // 表单号 "KF-20261123-0007", unique (renumbered if an import collides)
    CaseCategory category = CaseCategory::Service;
    CaseKind kind = CaseKind::Consultation;
    CaseChannel channel = CaseChannel::InboundCall;
    CasePriority priority = CasePriority::Normal;
    CaseStatus status = CaseStatus::Recorded;
    Customer customer;
    Signed description;  // 用户事件描述 + 记录人
    Signed acceptance;   // 受理记录
    Signed solution;     // 处理方案 + 拟案人
    Signed result;       // 处理结果 + 处理人
    Signed review;       // 审核 + 审核人
    Department department = Department::None;
    std::string department_other;  // the department's name when Department::Other
    std::string handler;           // 处理人 in the department
    std::string order_no;          // for order problems (问题订单)
    std::string follow_up_of;      // id of the case this one follows up
    std::vector<std::string> follow_ups;  // ids of its follow-up cases
    std::array<int64_t, static_cast<size_t>(CaseEvent::Count)> events{};  // SLA facts, this cycle
    std::vector<std::pair<int64_t, int64_t>> pauses;  // waiting for the customer: [from, to), to 0 = now
    int64_t escalated_at_ms = 0;  // when it became a major complaint (重大投诉)
    std::vector<Reopening> reopenings;

    bool paused() const { return !pauses.empty() && pauses.back().second == 0; }
    int64_t event(CaseEvent e) const { return events[static_cast<size_t>(e)]; }
};

// Record data <-> Case. Reading never fails: unknown values fall back to defaults, so a
// case from a newer version still opens.
Case case_from_record(const Record& r);
// The same into an existing Case, reusing its strings' storage (for reading many cases).
void read_case(const Record& r, Case& into);
Case case_from_data(const std::string& id, const nlohmann::json& data);
nlohmann::json case_to_data(const Case& c);
CaseTimes case_times(const Case& c);

// ---- [SECTION] lifecycle --------------------------------------------------------------------
enum class CaseAction : uint8_t { Answer, Forward, ReturnSolution, Reply, FollowUp, Review, Close, Reopen, Count };
const char* name_of(CaseAction a);
std::string label_key(CaseAction a);  // "case.action.forward"
bool transition_allowed(CaseStatus from, CaseAction a);
// "error.case.cannot_forward": the message when the state machine refuses an action.
const char* refusal_key(CaseAction a);
CaseStatus transition_target(CaseAction a);
// Every action allowed from a status, in the order the form shows its buttons.
std::vector<CaseAction> allowed_actions(CaseStatus from);

// ---- [SECTION] completeness and field checks ----------------------------------------------
enum class CaseField : uint8_t {
    CustomerName, CustomerPhone, Description, Recorder, OrderNo, Acceptance, Department, Handler,
    Solution, Drafter, Result, ResultHandler, Review, Reviewer, Count
};
const char* name_of(CaseField f);
std::string label_key(CaseField f);  // "case.field.customer_phone"
// The fields the case's stage requires and that are still empty (the completeness KPI).
std::vector<CaseField> missing_fields(const Case& c);

enum class PhoneKind : uint8_t { Empty, Mobile, Landline, NoAreaCode, HasLetters, Invalid };
// Mainland numbers: a mobile has 11 digits starting with 1 (an optional +86/0086 prefix);
// a landline has an area code starting with 0 and a 7–8 digit number, optionally an
// extension ("010-62345678-123", "021 5888 1234 转 8"). Spaces and dashes are ignored.
PhoneKind classify_phone(std::string_view phone);
// Digits only ("+86 138-1234-1234" -> "13812341234"), for matching callers.
std::string phone_digits(std::string_view phone);

// Advice shown beside the fields (never blocks saving): keys "case.check.*".
std::vector<FieldIssue> check_case_fields(const Case& c);

constexpr size_t kMaxCaseText = 80000;   // bytes per free-text section: 20,000 characters even at 4 bytes each (emoji, Extension B)
constexpr size_t kMaxCaseShort = 200;    // names, phones, order numbers…

// ---- [SECTION] form numbers ---------------------------------------------------------------
// "KF-20261123-0007": the local date and a sequence number within that day. A station of a
// team puts its station code between them ("KF-20261123-B-0007"): the code is claimed once,
// online, when the station joins (team_sync.hpp), so two stations never mint the same number,
// even offline.
std::string format_form_no(int64_t local_day, int seq, std::string_view station = {});
bool parse_form_no(std::string_view s, int64_t& local_day, int& seq);
bool parse_form_no(std::string_view s, int64_t& local_day, int& seq, std::string& station);
// Station codes: 1–3 of A–Z and 0–9, starting with a letter ("A", "B", …, "Z", "AA", …).
bool valid_station_code(std::string_view code);
// The n-th code of that sequence (0: "A"); codes are tried in this order when claiming one.
std::string station_code_at(size_t n);

}  // namespace kefu
