#include "core/contact.hpp"

#include <algorithm>

#include "core/json_util.hpp"

namespace kefu {

namespace {
constexpr const char* kDirectionNames[] = {"inbound", "outbound"};
static_assert(sizeof(kDirectionNames) / sizeof(kDirectionNames[0]) == static_cast<size_t>(ContactDirection::Count),
              "a name per direction");
}  // namespace

const char* name_of(ContactDirection d) { return kDirectionNames[static_cast<size_t>(d)]; }
std::string label_key(ContactDirection d) { return std::string("contact.direction.") + name_of(d); }

Contact contact_from_record(const Record& r) {
    const nlohmann::json d = r.data();
    Contact c;
    c.id = r.id;
    c.started_ms = json_int(d, "started_at");
    c.ended_ms = json_int(d, "ended_at");
    if (json_string(d, "direction") == "outbound") c.direction = ContactDirection::Outbound;
    c.phone = json_string(d, "phone");
    c.customer = json_string(d, "customer");
    c.question = json_string(d, "question");
    c.agent = r.created_by;
    const std::string ref = json_string(d, "case_ref");
    if (ref.rfind("case/", 0) == 0) c.case_id = ref.substr(5);
    return c;
}

nlohmann::json contact_to_data(const Contact& c) {
    return {{"started_at", c.started_ms},
            {"ended_at", c.ended_ms},
            {"direction", name_of(c.direction)},
            {"phone", c.phone},
            {"customer", c.customer},
            {"question", c.question},
            {"case_ref", c.case_id.empty() ? nlohmann::json(nullptr) : nlohmann::json("case/" + c.case_id)}};
}

std::vector<Contact> list_contacts(const RecordStore& store, size_t limit) {
    std::vector<Contact> out;
    store.for_each(kContactType, [&](const Record& r) { out.push_back(contact_from_record(r)); });
    std::sort(out.begin(), out.end(), [](const Contact& a, const Contact& b) {
        return a.started_ms != b.started_ms ? a.started_ms > b.started_ms : a.id > b.id;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

std::vector<Contact> contacts_of_case(const RecordStore& store, const std::string& case_id) {
    std::vector<Contact> out;
    store.for_each(kContactType, [&](const Record& r) {
        Contact c = contact_from_record(r);
        if (c.case_id == case_id) out.push_back(std::move(c));
    });
    std::sort(out.begin(), out.end(), [](const Contact& a, const Contact& b) { return a.started_ms > b.started_ms; });
    return out;
}

}  // namespace kefu
