#include "core/case.hpp"

#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "core/json_util.hpp"
#include "core/msgpack_text.hpp"
#include "core/utf8.hpp"

namespace kefu {

// ---- [SECTION] vocabularies ------------------------------------------------------------
namespace {

constexpr const char* kCategoryNames[] = {"technical", "service", "sales", "other"};
constexpr const char* kKindNames[] = {"consultation", "complaint", "fault", "order_problem", "suggestion"};
constexpr const char* kChannelNames[] = {"inbound_call", "outbound_call", "online", "email", "visitor", "kiosk"};
constexpr const char* kPriorityNames[] = {"normal", "urgent", "major_complaint"};
constexpr const char* kStatusNames[] = {"recorded", "answered", "forwarded", "solution_returned", "replied",
                                        "follow_up_needed", "reviewed", "closed", "reopened"};
constexpr const char* kDepartmentNames[] = {"none", "technical", "product", "sales", "service", "other"};
constexpr const char* kActionNames[] = {"answer", "forward", "return_solution", "reply", "follow_up", "review", "close", "reopen"};
constexpr const char* kRefusalKeys[] = {"error.case.cannot_answer", "error.case.cannot_forward",
                                        "error.case.cannot_return_solution", "error.case.cannot_reply",
                                        "error.case.cannot_follow_up", "error.case.cannot_review",
                                        "error.case.cannot_close", "error.case.cannot_reopen"};
constexpr const char* kFieldNames[] = {"customer_name", "customer_phone", "description", "recorder", "order_no",
                                       "acceptance", "department", "handler", "solution", "drafter", "result",
                                       "result_handler", "review", "reviewer"};

template <typename E, size_t N>
constexpr bool table_fits(const char* const (&)[N]) { return N == static_cast<size_t>(E::Count); }
static_assert(table_fits<CaseCategory>(kCategoryNames), "a name per category");
static_assert(table_fits<CaseKind>(kKindNames), "a name per kind");
static_assert(table_fits<CaseChannel>(kChannelNames), "a name per channel");
static_assert(table_fits<CasePriority>(kPriorityNames), "a name per priority");
static_assert(table_fits<CaseStatus>(kStatusNames), "a name per status");
static_assert(table_fits<Department>(kDepartmentNames), "a name per department");
static_assert(table_fits<CaseAction>(kActionNames), "a name per action");
static_assert(table_fits<CaseField>(kFieldNames), "a name per field");
static_assert(table_fits<CaseAction>(kRefusalKeys), "a refusal message per action");

template <typename E, size_t N>
bool parse_in(const char* const (&names)[N], std::string_view s, E& out) {
    for (size_t i = 0; i < N; ++i)
        if (s == names[i]) return out = static_cast<E>(i), true;
    return false;
}

std::string key_of(const char* what, const char* name) { return std::string("case.") + what + "." + name; }

}  // namespace

const char* name_of(CaseCategory v) { return kCategoryNames[static_cast<size_t>(v)]; }
const char* name_of(CaseKind v) { return kKindNames[static_cast<size_t>(v)]; }
const char* name_of(CaseChannel v) { return kChannelNames[static_cast<size_t>(v)]; }
const char* name_of(CasePriority v) { return kPriorityNames[static_cast<size_t>(v)]; }
const char* name_of(CaseStatus v) { return kStatusNames[static_cast<size_t>(v)]; }
const char* name_of(Department v) { return kDepartmentNames[static_cast<size_t>(v)]; }
const char* name_of(CaseAction a) { return kActionNames[static_cast<size_t>(a)]; }
const char* name_of(CaseField f) { return kFieldNames[static_cast<size_t>(f)]; }
const char* refusal_key(CaseAction a) { return kRefusalKeys[static_cast<size_t>(a)]; }
bool parse_name(std::string_view s, CaseCategory& out) { return parse_in(kCategoryNames, s, out); }
bool parse_name(std::string_view s, CaseKind& out) { return parse_in(kKindNames, s, out); }
bool parse_name(std::string_view s, CaseChannel& out) { return parse_in(kChannelNames, s, out); }
bool parse_name(std::string_view s, CasePriority& out) { return parse_in(kPriorityNames, s, out); }
bool parse_name(std::string_view s, CaseStatus& out) { return parse_in(kStatusNames, s, out); }
bool parse_name(std::string_view s, Department& out) { return parse_in(kDepartmentNames, s, out); }
std::string label_key(CaseCategory v) { return key_of("category", name_of(v)); }
std::string label_key(CaseKind v) { return key_of("kind", name_of(v)); }
std::string label_key(CaseChannel v) { return key_of("channel", name_of(v)); }
std::string label_key(CasePriority v) { return key_of("priority", name_of(v)); }
std::string label_key(CaseStatus v) { return key_of("status", name_of(v)); }
std::string label_key(Department v) { return key_of("department", name_of(v)); }
std::string label_key(CaseAction a) { return key_of("action", name_of(a)); }
std::string label_key(CaseField f) { return key_of("field", name_of(f)); }

bool is_open(CaseStatus s) { return s != CaseStatus::Closed; }

bool Customer::operator==(const Customer& o) const {
    return name == o.name && salutation == o.salutation && mobile == o.mobile && telephone == o.telephone &&
           district == o.district && address == o.address && company == o.company;
}

// ---- [SECTION] record data <-> Case -------------------------------------------------------
namespace {

using nlohmann::json;

json actor_data(const Actor& a) { return {{"agent_id", a.agent_id}, {"name", a.name}}; }
Actor actor_of(const json& j) { return {json_string(j, "agent_id"), json_string(j, "name")}; }


json signed_data(const Signed& s) { return {{"text", s.text}, {"by", actor_data(s.by)}, {"at", s.at_ms}}; }
Signed signed_of(const json& data, const char* key) {
    Signed s;
    auto it = data.find(key);
    if (it == data.end() || !it->is_object()) return s;
    s.text = json_string(*it, "text");
    if (auto by = it->find("by"); by != it->end()) s.by = actor_of(*by);
    s.at_ms = json_int(*it, "at");
    return s;
}

template <typename E>
E enum_of(const json& data, const char* key, E fallback) {
    E v = fallback;
    auto it = data.find(key);
    if (it != data.end() && it->is_string() && parse_name(it->get_ref<const std::string&>(), v)) return v;
    return fallback;
}

std::string ref_to(const std::string& id) { return std::string(kCaseType) + "/" + id; }
std::string id_from_ref(const std::string& ref) {
    const std::string prefix = std::string(kCaseType) + "/";
    return ref.compare(0, prefix.size(), prefix) == 0 ? ref.substr(prefix.size()) : std::string();
}

}  // namespace

Case case_from_data(const std::string& id, const json& d) {
    Case c;
    c.id = id;
    if (!d.is_object()) return c;
    c.form_no = json_string(d, "form_no");
    c.category = enum_of(d, "category", c.category);
    c.kind = enum_of(d, "kind", c.kind);
    c.channel = enum_of(d, "channel", c.channel);
    c.priority = enum_of(d, "priority", c.priority);
    c.status = enum_of(d, "status", c.status);
    if (auto cu = d.find("customer"); cu != d.end() && cu->is_object()) {
        c.customer.name = json_string(*cu, "name");
        c.customer.salutation = json_string(*cu, "salutation");
        c.customer.mobile = json_string(*cu, "mobile");
        c.customer.telephone = json_string(*cu, "telephone");
        c.customer.district = json_string(*cu, "district");
        c.customer.address = json_string(*cu, "address");
        c.customer.company = json_string(*cu, "company");
    }
    c.description = signed_of(d, "description");
    c.acceptance = signed_of(d, "acceptance");
    c.solution = signed_of(d, "solution");
    c.result = signed_of(d, "result");
    c.review = signed_of(d, "review");
    c.department = enum_of(d, "department", c.department);
    c.department_other = json_string(d, "department_other");
    c.handler = json_string(d, "handler");
    c.order_no = json_string(d, "order_no");
    c.follow_up_of = id_from_ref(json_string(d, "follow_up_of_ref"));
    if (auto f = d.find("follow_up_refs"); f != d.end() && f->is_array())
        for (const auto& r : *f)
            if (r.is_string() && !id_from_ref(r.get<std::string>()).empty()) c.follow_ups.push_back(id_from_ref(r.get<std::string>()));
    if (auto ev = d.find("events"); ev != d.end() && ev->is_object())
        for (size_t i = 0; i < c.events.size(); ++i) c.events[i] = json_int(*ev, case_event_name(static_cast<CaseEvent>(i)));
    if (auto p = d.find("pauses"); p != d.end() && p->is_array())
        for (const auto& span : *p)
            if (span.is_array() && span.size() == 2 && span[0].is_number_integer() && span[1].is_number_integer())
                c.pauses.emplace_back(span[0].get<int64_t>(), span[1].get<int64_t>());
    c.escalated_at_ms = json_int(d, "escalated_at");
    if (auto r = d.find("reopenings"); r != d.end() && r->is_array())
        for (const auto& e : *r)
            if (e.is_object()) c.reopenings.push_back({json_int(e, "at"), e.contains("by") ? actor_of(e["by"]) : Actor{}, json_string(e, "reason")});
    return c;
}

namespace {

// The stored MessagePack read straight into a Case: the case index decodes every case at
// start-up, and nlohmann's tree decode took 20 µs a case (2 s for 100,000).
class CaseReader {
public:
    explicit CaseReader(std::string_view blob) : in_(blob) {}

    bool read(Case& c) {
        size_t n = 0;
        if (!in_.map_header(n)) return false;
        for (size_t i = 0; i < n; ++i) {
            std::string_view key;
            if (!in_.str(key) || !field(key, c)) return false;
        }
        return in_.at_end();
    }

private:
    bool text(std::string& out) {
        if (in_.is_nil()) return in_.skip() && (out.clear(), true);
        std::string_view v;
        if (!in_.str(v)) return false;
        out.assign(v.data(), v.size());
        return true;
    }
    template <typename E>
    bool choice(E& out) {
        std::string_view v;
        if (!in_.is_str()) return in_.skip();
        if (!in_.str(v)) return false;
        parse_name(v, out);  // unknown names keep the default, as case_from_data does
        return true;
    }
    bool number(int64_t& out) {
        if (!in_.integer(out)) return false;
        return true;
    }
    bool actor(Actor& a) {
        size_t n = 0;
        if (!in_.map_header(n)) return false;
        for (size_t i = 0; i < n; ++i) {
            std::string_view key;
            if (!in_.str(key)) return false;
            if (key == "agent_id" ? !text(a.agent_id) : key == "name" ? !text(a.name) : !in_.skip()) return false;
        }
        return true;
    }
    bool signed_section(Signed& s) {
        size_t n = 0;
        if (!in_.map_header(n)) return false;
        for (size_t i = 0; i < n; ++i) {
            std::string_view key;
            if (!in_.str(key)) return false;
            const bool ok = key == "text" ? text(s.text) : key == "by" ? actor(s.by) : key == "at" ? number(s.at_ms) : in_.skip();
            if (!ok) return false;
        }
        return true;
    }
    bool customer(Customer& c) {
        size_t n = 0;
        if (!in_.map_header(n)) return false;
        for (size_t i = 0; i < n; ++i) {
            std::string_view key;
            if (!in_.str(key)) return false;
            std::string* slot = key == "name" ? &c.name : key == "salutation" ? &c.salutation : key == "mobile" ? &c.mobile
                              : key == "telephone" ? &c.telephone : key == "district" ? &c.district
                              : key == "address" ? &c.address : key == "company" ? &c.company : nullptr;
            if (slot ? !text(*slot) : !in_.skip()) return false;
        }
        return true;
    }
    bool case_ref(std::string& id) {
        std::string ref;
        if (!text(ref)) return false;
        id = id_from_ref(ref);
        return true;
    }
    bool field(std::string_view key, Case& c) {
        if (key == "form_no") return text(c.form_no);
        if (key == "category") return choice(c.category);
        if (key == "kind") return choice(c.kind);
        if (key == "channel") return choice(c.channel);
        if (key == "priority") return choice(c.priority);
        if (key == "status") return choice(c.status);
        if (key == "department") return choice(c.department);
        if (key == "customer") return customer(c.customer);
        if (key == "description") return signed_section(c.description);
        if (key == "acceptance") return signed_section(c.acceptance);
        if (key == "solution") return signed_section(c.solution);
        if (key == "result") return signed_section(c.result);
        if (key == "review") return signed_section(c.review);
        if (key == "department_other") return text(c.department_other);
        if (key == "handler") return text(c.handler);
        if (key == "order_no") return text(c.order_no);
        if (key == "follow_up_of_ref") return case_ref(c.follow_up_of);
        if (key == "escalated_at") return number(c.escalated_at_ms);
        size_t n = 0;
        if (key == "follow_up_refs") {
            if (!in_.array_header(n)) return false;
            for (size_t i = 0; i < n; ++i) {
                std::string id;
                if (!case_ref(id)) return false;
                if (!id.empty()) c.follow_ups.push_back(id);
            }
            return true;
        }
        if (key == "events") {
            if (!in_.map_header(n)) return false;
            for (size_t i = 0; i < n; ++i) {
                std::string_view name;
                int64_t at = 0;
                CaseEvent e;
                if (!in_.str(name) || !number(at)) return false;
                if (parse_case_event(name, e)) c.events[static_cast<size_t>(e)] = at;
            }
            return true;
        }
        if (key == "pauses") {
            if (!in_.array_header(n)) return false;
            for (size_t i = 0; i < n; ++i) {
                size_t two = 0;
                int64_t from = 0, to = 0;
                if (!in_.array_header(two) || two != 2 || !number(from) || !number(to)) return false;
                c.pauses.emplace_back(from, to);
            }
            return true;
        }
        if (key == "reopenings") {
            if (!in_.array_header(n)) return false;
            for (size_t i = 0; i < n; ++i) {
                size_t fields = 0;
                Reopening r;
                if (!in_.map_header(fields)) return false;
                for (size_t f = 0; f < fields; ++f) {
                    std::string_view k;
                    if (!in_.str(k)) return false;
                    const bool ok = k == "at" ? number(r.at_ms) : k == "by" ? actor(r.by) : k == "reason" ? text(r.reason) : in_.skip();
                    if (!ok) return false;
                }
                c.reopenings.push_back(std::move(r));
            }
            return true;
        }
        return in_.skip();
    }

    MsgpackText in_;
};

}  // namespace

void read_case(const Record& r, Case& c) {
    // Cleared field by field so that the strings keep their capacity: the index reads
    // 100,000 cases through one Case.
    for (std::string* s : {&c.form_no, &c.customer.name, &c.customer.salutation, &c.customer.mobile, &c.customer.telephone,
                           &c.customer.district, &c.customer.address, &c.customer.company, &c.description.text,
                           &c.description.by.agent_id, &c.description.by.name, &c.acceptance.text, &c.acceptance.by.agent_id,
                           &c.acceptance.by.name, &c.solution.text, &c.solution.by.agent_id, &c.solution.by.name,
                           &c.result.text, &c.result.by.agent_id, &c.result.by.name, &c.review.text, &c.review.by.agent_id,
                           &c.review.by.name, &c.department_other, &c.handler, &c.order_no, &c.follow_up_of})
        s->clear();
    c.description.at_ms = c.acceptance.at_ms = c.solution.at_ms = c.result.at_ms = c.review.at_ms = 0;
    c.category = CaseCategory::Service;
    c.kind = CaseKind::Consultation;
    c.channel = CaseChannel::InboundCall;
    c.priority = CasePriority::Normal;
    c.status = CaseStatus::Recorded;
    c.department = Department::None;
    c.follow_ups.clear();
    c.events = {};
    c.pauses.clear();
    c.escalated_at_ms = 0;
    c.reopenings.clear();
    c.id = r.id;
    if (r.data_blob.empty()) return;
    if (CaseReader(r.data_blob).read(c)) return;
    c = case_from_data(r.id, r.data());  // anything unusual: the tolerant tree reader
}

Case case_from_record(const Record& r) {
    Case c;
    read_case(r, c);
    return c;
}

// Empty parts are left out (readers default them): a fresh case would otherwise carry five
// empty signed sections and a dozen empty strings, a third of its stored size.
json case_to_data(const Case& c) {
    json d = {{"form_no", c.form_no}, {"category", name_of(c.category)}, {"kind", name_of(c.kind)},
              {"channel", name_of(c.channel)}, {"priority", name_of(c.priority)}, {"status", name_of(c.status)}};
    json customer = json::object();
    const std::pair<const char*, const std::string*> parts[] = {
        {"name", &c.customer.name},         {"salutation", &c.customer.salutation}, {"mobile", &c.customer.mobile},
        {"telephone", &c.customer.telephone}, {"district", &c.customer.district},   {"address", &c.customer.address},
        {"company", &c.customer.company}};
    for (const auto& [key, value] : parts)
        if (!value->empty()) customer[key] = *value;
    if (!customer.empty()) d["customer"] = customer;
    const std::pair<const char*, const Signed*> sections[] = {{"description", &c.description}, {"acceptance", &c.acceptance},
                                                              {"solution", &c.solution},       {"result", &c.result},
                                                              {"review", &c.review}};
    for (const auto& [key, section] : sections)
        if (!section->text.empty() || !section->by.name.empty() || !section->by.agent_id.empty() || section->at_ms)
            d[key] = signed_data(*section);
    if (c.department != Department::None) d["department"] = name_of(c.department);
    if (!c.department_other.empty()) d["department_other"] = c.department_other;
    if (!c.handler.empty()) d["handler"] = c.handler;
    if (!c.order_no.empty()) d["order_no"] = c.order_no;
    if (!c.follow_up_of.empty()) d["follow_up_of_ref"] = ref_to(c.follow_up_of);
    if (!c.follow_ups.empty()) {
        json refs = json::array();
        for (const std::string& id : c.follow_ups) refs.push_back(ref_to(id));
        d["follow_up_refs"] = refs;
    }
    json events = json::object();
    for (size_t i = 0; i < c.events.size(); ++i)
        if (c.events[i]) events[case_event_name(static_cast<CaseEvent>(i))] = c.events[i];
    if (!events.empty()) d["events"] = events;
    if (!c.pauses.empty()) {
        json pauses = json::array();
        for (const auto& [from, to] : c.pauses) pauses.push_back({from, to});
        d["pauses"] = pauses;
    }
    if (c.escalated_at_ms) d["escalated_at"] = c.escalated_at_ms;
    if (!c.reopenings.empty()) {
        json reopenings = json::array();
        for (const Reopening& r : c.reopenings) reopenings.push_back({{"at", r.at_ms}, {"by", actor_data(r.by)}, {"reason", r.reason}});
        d["reopenings"] = reopenings;
    }
    return d;
}

CaseTimes case_times(const Case& c) {
    CaseTimes t;
    t.kind = name_of(c.kind);
    t.events = c.events;
    t.pauses = c.pauses;
    return t;
}

// ---- [SECTION] lifecycle --------------------------------------------------------------------
namespace {

constexpr uint32_t bit(CaseStatus s) { return 1u << static_cast<unsigned>(s); }

struct TransitionRule {
    uint32_t from;  // bit set of statuses
    CaseStatus to;
};

// The seeds' procedure: recorded -> answered on the spot, or forwarded to a department ->
// solution returned -> reply to the customer -> accepted (review, close) or not (follow-up)
// -> reviewed by the lead -> closed. A closed or reviewed case can be reopened.
constexpr TransitionRule kTransitions[] = {
    /* Answer */ {bit(CaseStatus::Recorded) | bit(CaseStatus::Reopened), CaseStatus::Answered},
    /* Forward */ {bit(CaseStatus::Recorded) | bit(CaseStatus::Reopened) | bit(CaseStatus::Forwarded) | bit(CaseStatus::SolutionReturned), CaseStatus::Forwarded},
    /* ReturnSolution */ {bit(CaseStatus::Forwarded), CaseStatus::SolutionReturned},
    /* Reply */ {bit(CaseStatus::SolutionReturned), CaseStatus::Replied},
    /* FollowUp */ {bit(CaseStatus::Answered) | bit(CaseStatus::Replied), CaseStatus::FollowUpNeeded},
    /* Review */ {bit(CaseStatus::Answered) | bit(CaseStatus::Replied) | bit(CaseStatus::FollowUpNeeded), CaseStatus::Reviewed},
    /* Close */ {bit(CaseStatus::Answered) | bit(CaseStatus::Replied) | bit(CaseStatus::FollowUpNeeded) | bit(CaseStatus::Reviewed), CaseStatus::Closed},
    /* Reopen */ {bit(CaseStatus::Closed) | bit(CaseStatus::Reviewed), CaseStatus::Reopened},
};
static_assert(sizeof(kTransitions) / sizeof(kTransitions[0]) == static_cast<size_t>(CaseAction::Count), "a rule per action");

}  // namespace

bool transition_allowed(CaseStatus from, CaseAction a) {
    return a < CaseAction::Count && from < CaseStatus::Count && (kTransitions[static_cast<size_t>(a)].from & bit(from)) != 0;
}

CaseStatus transition_target(CaseAction a) { return kTransitions[static_cast<size_t>(a)].to; }

std::vector<CaseAction> allowed_actions(CaseStatus from) {
    std::vector<CaseAction> out;
    for (size_t a = 0; a < static_cast<size_t>(CaseAction::Count); ++a)
        if (transition_allowed(from, static_cast<CaseAction>(a))) out.push_back(static_cast<CaseAction>(a));
    return out;
}

// ---- [SECTION] completeness and field checks ----------------------------------------------
std::vector<CaseField> missing_fields(const Case& c) {
    std::vector<CaseField> out;
    auto need = [&](bool present, CaseField f) {
        if (!present) out.push_back(f);
    };
    need(!c.customer.name.empty(), CaseField::CustomerName);
    need(!c.customer.mobile.empty() || !c.customer.telephone.empty(), CaseField::CustomerPhone);
    need(!c.description.empty(), CaseField::Description);
    need(c.description.empty() || !c.description.by.name.empty(), CaseField::Recorder);
    if (c.kind == CaseKind::OrderProblem) need(!c.order_no.empty(), CaseField::OrderNo);
    const bool past_intake = c.status != CaseStatus::Recorded && c.status != CaseStatus::Reopened;
    const bool forwarded = c.event(CaseEvent::Forwarded) != 0;
    if (past_intake && c.status != CaseStatus::Answered && forwarded) need(!c.acceptance.empty(), CaseField::Acceptance);
    if (forwarded) {
        need(c.department != Department::None && (c.department != Department::Other || !c.department_other.empty()), CaseField::Department);
        need(!c.handler.empty(), CaseField::Handler);
    }
    if (forwarded && c.status != CaseStatus::Forwarded && c.status != CaseStatus::Reopened) {
        need(!c.solution.empty(), CaseField::Solution);
        need(c.solution.empty() || !c.solution.by.name.empty(), CaseField::Drafter);
    }
    const bool answered = c.status == CaseStatus::Answered || c.status == CaseStatus::Replied || c.status == CaseStatus::FollowUpNeeded ||
                          c.status == CaseStatus::Reviewed || c.status == CaseStatus::Closed;
    if (answered) {
        need(!c.result.empty(), CaseField::Result);
        need(c.result.empty() || !c.result.by.name.empty(), CaseField::ResultHandler);
    }
    if (c.status == CaseStatus::Reviewed || c.status == CaseStatus::Closed) {
        need(!c.review.empty(), CaseField::Review);
        need(c.review.empty() || !c.review.by.name.empty(), CaseField::Reviewer);
    }
    return out;
}

namespace {

bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

// Cuts an extension written after 转 / ext / x / #; returns false if what follows is not 1–6 digits.
bool split_extension(std::string_view& phone) {
    static const std::string_view kMarks[] = {"\xE8\xBD\xAC" /* 转 */, "ext.", "ext", "EXT", "x", "X", "#"};
    for (std::string_view mark : kMarks) {
        const size_t at = phone.find(mark);
        if (at == std::string_view::npos) continue;
        std::string_view ext = phone.substr(at + mark.size());
        while (!ext.empty() && (ext.front() == ' ' || ext.front() == ':')) ext.remove_prefix(1);
        while (!ext.empty() && ext.back() == ' ') ext.remove_suffix(1);
        if (ext.empty() || ext.size() > 6 || !std::all_of(ext.begin(), ext.end(), is_digit)) return false;
        phone = phone.substr(0, at);
        return true;
    }
    return true;
}

bool landline_digits(const std::string& d) {
    if (d.size() == 10 && (d.compare(0, 3, "400") == 0 || d.compare(0, 3, "800") == 0)) return true;  // service numbers
    if (d.empty() || d[0] != '0') return false;
    // Area codes: 010 and 02x have 3 digits, the rest 4; then a 7–8 digit number.
    const size_t area = (d.size() > 2 && (d[1] == '1' || d[1] == '2')) ? 3 : 4;
    const size_t rest = d.size() >= area ? d.size() - area : 0;
    return rest >= 7 && rest <= 8;
}

}  // namespace

std::string phone_digits(std::string_view phone) {
    std::string d;
    for (char ch : phone)
        if (is_digit(ch)) d += ch;
    return d;
}

PhoneKind classify_phone(std::string_view phone) {
    while (!phone.empty() && phone.front() == ' ') phone.remove_prefix(1);
    while (!phone.empty() && phone.back() == ' ') phone.remove_suffix(1);
    if (phone.empty()) return PhoneKind::Empty;
    if (!split_extension(phone)) return PhoneKind::Invalid;
    bool letters = false, other = false;
    for (char ch : phone) {
        const unsigned char u = static_cast<unsigned char>(ch);
        if (is_digit(ch) || ch == ' ' || ch == '-' || ch == '(' || ch == ')' || ch == '+') continue;
        if ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') letters = true;
        else other = true;
    }
    if (letters) return PhoneKind::HasLetters;
    if (other) return PhoneKind::Invalid;
    std::string d = phone_digits(phone);
    if (d.size() == 13 && d.compare(0, 2, "86") == 0) d.erase(0, 2);
    else if (d.size() == 15 && d.compare(0, 4, "0086") == 0) d.erase(0, 4);
    if (d.size() == 11 && d[0] == '1' && d[1] >= '3') return PhoneKind::Mobile;
    if (landline_digits(d)) return PhoneKind::Landline;
    // "010-62345678-123": a trailing dash group as extension.
    const size_t last_dash = phone.rfind('-');
    if (last_dash != std::string_view::npos && phone.find('-') != last_dash) {
        const std::string ext = phone_digits(phone.substr(last_dash + 1));
        if (!ext.empty() && ext.size() <= 6 && landline_digits(phone_digits(phone.substr(0, last_dash)))) return PhoneKind::Landline;
    }
    if ((d.size() == 7 || d.size() == 8) && d[0] != '0' && d[0] != '1') return PhoneKind::NoAreaCode;
    return PhoneKind::Invalid;
}

std::vector<FieldIssue> check_case_fields(const Case& c) {
    std::vector<FieldIssue> out;
    switch (classify_phone(c.customer.mobile)) {
        case PhoneKind::Landline: out.push_back({"customer.mobile", "case.check.mobile_is_landline", c.customer.mobile}); break;
        case PhoneKind::HasLetters: out.push_back({"customer.mobile", "case.check.phone_letters", c.customer.mobile}); break;
        case PhoneKind::NoAreaCode:
        case PhoneKind::Invalid:
            out.push_back({"customer.mobile", "case.check.mobile_digits", std::to_string(phone_digits(c.customer.mobile).size())});
            break;
        default: break;
    }
    switch (classify_phone(c.customer.telephone)) {
        case PhoneKind::HasLetters: out.push_back({"customer.telephone", "case.check.phone_letters", c.customer.telephone}); break;
        case PhoneKind::NoAreaCode: out.push_back({"customer.telephone", "case.check.area_code", c.customer.telephone}); break;
        case PhoneKind::Invalid: out.push_back({"customer.telephone", "case.check.telephone", c.customer.telephone}); break;
        default: break;
    }
    if (c.kind == CaseKind::OrderProblem && c.order_no.empty()) out.push_back({"order_no", "case.check.order_no", ""});
    if (c.priority == CasePriority::MajorComplaint && c.kind != CaseKind::Complaint)
        out.push_back({"priority", "case.check.major_not_complaint", ""});
    const std::pair<const char*, const Signed*> texts[] = {{"description", &c.description}, {"acceptance", &c.acceptance},
                                                           {"solution", &c.solution}, {"result", &c.result}, {"review", &c.review}};
    for (const auto& [path, s] : texts)
        if (s->text.size() > kMaxCaseText) out.push_back({path, "case.check.too_long", std::to_string(kMaxCaseText)});
    return out;
}

// ---- [SECTION] form numbers ---------------------------------------------------------------
std::string format_form_no(int64_t local_day, int seq, std::string_view station) {
    const CivilDate d = civil_from_days(local_day);
    char buf[48];
    std::snprintf(buf, sizeof buf, "KF-%04d%02d%02d-", d.year % 10000, d.month % 100, d.day % 100);
    std::string out = buf;
    if (!station.empty()) out.append(station).push_back('-');
    std::snprintf(buf, sizeof buf, "%04d", seq);
    return out + buf;
}

bool valid_station_code(std::string_view code) {
    if (code.empty() || code.size() > 3 || code[0] < 'A' || code[0] > 'Z') return false;
    return std::all_of(code.begin(), code.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || is_digit(ch); });
}

std::string station_code_at(size_t n) {
    // A..Z, then AA..ZZ (676), then AAA..: bijective base 26.
    std::string out;
    ++n;
    while (n > 0 && out.size() < 3) {
        --n;
        out.insert(out.begin(), static_cast<char>('A' + n % 26));
        n /= 26;
    }
    return out;
}

bool parse_form_no(std::string_view s, int64_t& local_day, int& seq, std::string& station) {
    if (s.size() < 16 || s.compare(0, 3, "KF-") != 0 || s[11] != '-') return false;
    const std::string ymd = std::string(s.substr(3, 4)) + "-" + std::string(s.substr(7, 2)) + "-" + std::string(s.substr(9, 2));
    CivilDate d;
    if (!parse_ymd(ymd, d)) return false;
    std::string_view tail = s.substr(12);
    std::string code;
    if (const size_t dash = tail.find('-'); dash != std::string_view::npos) {
        code = std::string(tail.substr(0, dash));
        if (!valid_station_code(code)) return false;
        tail = tail.substr(dash + 1);
    }
    if (tail.empty() || tail.size() > 6 || !std::all_of(tail.begin(), tail.end(), is_digit)) return false;
    local_day = days_from_civil(d);
    seq = std::stoi(std::string(tail));
    station = std::move(code);
    return true;
}

bool parse_form_no(std::string_view s, int64_t& local_day, int& seq) {
    std::string station;
    return parse_form_no(s, local_day, seq, station);
}

}  // namespace kefu
