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

const std::vector<ContactRow>& ContactIndex::rows(const RecordStore& store) const {
    if (!built_) {
        rows_.clear();
        by_id_.clear();
        names_.clear();
        name_ids_.clear();
        store.for_each(kContactType, [&](const Record& r) { put(r); });
        built_ = true;
    }
    return rows_;
}

void ContactIndex::put(const Record& r) const {
    const Contact c = contact_from_record(r);
    ContactRow row;
    row.id = c.id;
    row.case_id = c.case_id;
    row.started_ms = c.started_ms;
    row.ended_ms = c.ended_ms;
    row.direction = c.direction;
    auto [name, fresh] = name_ids_.try_emplace(c.agent.name, static_cast<uint32_t>(names_.size()));
    if (fresh) names_.push_back(c.agent.name);
    row.agent = name->second;
    auto [at, added] = by_id_.try_emplace(row.id, static_cast<uint32_t>(rows_.size()));
    if (added) rows_.push_back(std::move(row));
    else rows_[at->second] = std::move(row);
}

void ContactIndex::refresh(const RecordStore& store, const std::string& id) {
    if (!built_) return;
    const Record* r = store.find(kContactType, id);
    if (!r) {
        built_ = false;  // deleted: rare, rebuilt on next use
        return;
    }
    put(*r);
}

}  // namespace kefu
