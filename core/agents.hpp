// Agents and roles (issue "Modes", first slice): agent profiles with 工号, name, role and team;
// the parameters of the PIN hash (PBKDF2-SHA256, computed by the browser's WebCrypto; only
// the salted hash is stored); the slow-down after wrong PINs; and which role each command
// needs (permissions.hpp). Sign-in, the first-run flow and enforcement in apply() come with
// the sign-in screen.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"

namespace kefu {

constexpr const char* kAgentType = "agent";

// Ordered: each role may do what the ones before it may.
enum class Role : uint8_t { Agent, Lead, Admin, Count };
const char* name_of(Role r);            // "agent", "lead", "admin"
bool parse_name(std::string_view s, Role& out);
std::string label_key(Role r);          // "agent.role.lead"

// PBKDF2 with HMAC-SHA256 over the PIN's UTF-8 bytes and a random 16-byte salt, 32 bytes out.
// 1,200,000 iterations: twice OWASP's 2023 figure for PBKDF2-SHA256, because a PIN has few
// digits and the slowness and the backoff below are what protect it. WebCrypto in this
// machine's headless Chromium takes 70 ms for 600,000, so about 140 ms per sign-in (budget
// 100–500 ms; BENCHMARKS.md).
constexpr const char* kPinAlgorithm = "PBKDF2-SHA256";
constexpr uint32_t kPinIterations = 1'200'000;
constexpr size_t kPinSaltBytes = 16;
constexpr size_t kPinHashBytes = 32;
constexpr size_t kMinPinDigits = 4, kMaxPinDigits = 12;

struct PinHash {
    std::string algorithm;  // kPinAlgorithm
    uint32_t iterations = 0;
    std::string salt;       // base64
    std::string hash;       // base64
    bool empty() const { return hash.empty(); }
};
// A PIN is 4–12 ASCII digits.
bool valid_pin(std::string_view pin);
// Stored parameters the app accepts: the algorithm, at least kPinIterations, salt and hash of
// the right lengths (an import cannot lower the cost or plant a blank PIN).
bool valid_pin_hash(const PinHash& h);
// Compares two hashes in time independent of where they differ.
bool same_hash(std::string_view a, std::string_view b);

// Wrong PINs in a row → how long the sign-in waits before the next try: none for the first
// three, then 1 s, 2 s, 4 s … up to 5 minutes.
int64_t pin_backoff_ms(int failures);

struct AgentProfile {
    std::string id;    // 工号: 1–16 letters or digits, the record id
    std::string name;  // 姓名
    Role role = Role::Agent;
    std::string team;  // 班组, reports can be scoped to one
    bool active = true;
    PinHash pin;
    uint64_t rev = 0;
};
bool valid_agent_id(std::string_view id);
nlohmann::json agent_to_data(const AgentProfile& a);
AgentProfile agent_from_record(const Record& r);
std::vector<AgentProfile> all_agents(const RecordStore& store);  // by 工号
bool find_agent(const RecordStore& store, std::string_view id, AgentProfile& out);

}  // namespace kefu
