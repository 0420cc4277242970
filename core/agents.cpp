#include "core/agents.hpp"

#include <algorithm>

#include "core/json_util.hpp"

namespace kefu {

namespace {
const char* const kRoleNames[] = {"agent", "lead", "admin"};
static_assert(sizeof(kRoleNames) / sizeof(kRoleNames[0]) == static_cast<size_t>(Role::Count));

// Bytes a base64 text decodes to (padding counted), or SIZE_MAX when it is not base64.
size_t base64_bytes(std::string_view s) {
    if (s.empty() || s.size() % 4 != 0) return SIZE_MAX;
    size_t pad = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool body = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (c == '=' && i + 2 >= s.size()) ++pad;
        else if (!body || pad) return SIZE_MAX;
    }
    return s.size() / 4 * 3 - pad;
}
}  // namespace

const char* name_of(Role r) { return kRoleNames[static_cast<size_t>(r)]; }
bool parse_name(std::string_view s, Role& out) {
    for (size_t i = 0; i < static_cast<size_t>(Role::Count); ++i)
        if (s == kRoleNames[i]) {
            out = static_cast<Role>(i);
            return true;
        }
    return false;
}
std::string label_key(Role r) { return std::string("agent.role.") + name_of(r); }

bool valid_pin(std::string_view pin) {
    return pin.size() >= kMinPinDigits && pin.size() <= kMaxPinDigits && std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_pin_hash(const PinHash& h) {
    return h.algorithm == kPinAlgorithm && h.iterations >= kPinIterations && base64_bytes(h.salt) == kPinSaltBytes &&
           base64_bytes(h.hash) == kPinHashBytes;
}

bool same_hash(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff = static_cast<unsigned char>(diff | (x ^ y));
    }
    return diff == 0;
}

int64_t pin_backoff_ms(int failures) {
    if (failures <= 3) return 0;
    const int doublings = std::min(failures - 4, 20);
    return std::min<int64_t>(int64_t{1000} << doublings, 5 * 60'000);
}

bool valid_agent_id(std::string_view id) {
    return !id.empty() && id.size() <= 16 &&
           std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
}

nlohmann::json agent_to_data(const AgentProfile& a) {
    nlohmann::json d = {{"name", a.name}, {"role", name_of(a.role)}, {"active", a.active}};
    if (!a.team.empty()) d["team"] = a.team;
    if (!a.pin.empty())
        d["pin"] = {{"algorithm", a.pin.algorithm}, {"iterations", a.pin.iterations}, {"salt", a.pin.salt}, {"hash", a.pin.hash}};
    return d;
}

AgentProfile agent_from_record(const Record& r) {
    const nlohmann::json d = r.data();
    AgentProfile a;
    a.id = r.id;
    a.rev = r.rev;
    a.name = json_string(d, "name");
    parse_name(json_string(d, "role"), a.role);
    a.team = json_string(d, "team");
    a.active = json_bool(d, "active", true);
    if (d.contains("pin") && d["pin"].is_object()) {
        const nlohmann::json& p = d["pin"];
        a.pin.algorithm = json_string(p, "algorithm");
        a.pin.iterations = static_cast<uint32_t>(std::clamp<int64_t>(json_int(p, "iterations"), 0, UINT32_MAX));
        a.pin.salt = json_string(p, "salt");
        a.pin.hash = json_string(p, "hash");
    }
    return a;
}

std::vector<AgentProfile> all_agents(const RecordStore& store) {
    std::vector<AgentProfile> out;
    store.for_each(kAgentType, [&](const Record& r) { out.push_back(agent_from_record(r)); });
    std::sort(out.begin(), out.end(), [](const AgentProfile& a, const AgentProfile& b) { return a.id < b.id; });
    return out;
}

bool find_agent(const RecordStore& store, std::string_view id, AgentProfile& out) {
    const Record* r = store.find(kAgentType, id);
    if (!r) return false;
    out = agent_from_record(*r);
    return true;
}

}  // namespace kefu
