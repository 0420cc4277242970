// The contact log (《客户咨询记录表》, 呼入/呼出记录): every call or contact with its start,
// end, direction, caller, question and agent; it may open a case or be attached to one.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
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

// The calls the reports count, one small row each, built from the records on first use
// (start-up does not pay for it) and kept current by sync_derived afterwards. A report over
// 100,000 calls scans rows here instead of decoding every record.
struct ContactRow {
    std::string id;
    std::string case_id;
    int64_t started_ms = 0, ended_ms = 0;
    ContactDirection direction = ContactDirection::Inbound;
    uint32_t agent = 0;  // interned agent name
    int64_t duration_ms() const { return ended_ms > started_ms ? ended_ms - started_ms : 0; }
};

class ContactIndex {
public:
    // Every row; builds them from the store the first time.
    const std::vector<ContactRow>& rows(const RecordStore& store) const;
    const std::string& agent_name(const ContactRow& r) const { return names_[r.agent]; }
    // After a contact record changed: keeps built rows current (nothing to do before).
    void refresh(const RecordStore& store, const std::string& id);
    void invalidate() { built_ = false; }

private:
    void put(const Record& r) const;
    mutable bool built_ = false;
    mutable std::vector<ContactRow> rows_;
    mutable std::unordered_map<std::string, uint32_t> by_id_;
    mutable std::vector<std::string> names_;
    mutable std::unordered_map<std::string, uint32_t> name_ids_;
};

constexpr int64_t kCallTargetMs = 3 * 60'000;  // the seeds: calls within 3 minutes…
constexpr int64_t kCallLimitMs = 5 * 60'000;   // …5 at most

}  // namespace kefu
