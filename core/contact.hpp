// The contact log (《客户咨询记录表》, 呼入/呼出记录): every call or contact with its start,
// end, direction, caller, question and agent; it may open a case or be attached to one.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/result.hpp"

namespace kefu {

constexpr const char* kContactType = "contact";

enum class ContactDirection : uint8_t { Inbound, Outbound, Count };
const char* name_of(ContactDirection d);
std::string label_key(ContactDirection d);  // "contact.direction.inbound"

struct Contact {
    std::string id;
    int64_t started_ms = 0;
    int64_t ended_ms = 0;
    ContactDirection direction = ContactDirection::Inbound;
    std::string phone;
    std::string customer;
    std::string question;
    Actor agent;
    std::string case_id;  // the case it opened or was attached to; empty: none
    int64_t duration_ms() const { return ended_ms > started_ms ? ended_ms - started_ms : 0; }
};

Contact contact_from_record(const Record& r);
nlohmann::json contact_to_data(const Contact& c);

// Commands (see apply() in app_state.hpp). The agent is the command's actor.
struct LogContact {
    std::string id;
    int64_t started_ms = 0;
    int64_t ended_ms = 0;
    ContactDirection direction = ContactDirection::Inbound;
    std::string phone, customer, question;
    std::string case_id;
};
struct AttachContact {
    std::string id;
    uint64_t base_rev = 0;
    std::string case_id;
};

// Contacts, newest first: all of them, or those of one case, or those from one number.
std::vector<Contact> list_contacts(const RecordStore& store, size_t limit = 500);
std::vector<Contact> contacts_of_case(const RecordStore& store, const std::string& case_id);

constexpr int64_t kCallTargetMs = 3 * 60'000;  // the seeds: calls within 3 minutes…
constexpr int64_t kCallLimitMs = 5 * 60'000;   // …5 at most

}  // namespace kefu
