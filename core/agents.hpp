// Agents and roles (issue "Modes"): agent profiles with 工号, name, role and team; the
// parameters of the PIN hash (PBKDF2-SHA256, derived by the browser's WebCrypto; only the
// salted hash is stored); sign-in checked here against the stored hash, with the slow-down
// after wrong PINs; the access log (sign-ins, wrong PINs, locks, refused commands). Which
// role each command needs, and its enforcement in apply(), is in permissions.hpp.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.hpp"
#include "core/record.hpp"

namespace kefu {

constexpr const char* kAgentType = "agent";

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
    // When the agent chose it (set by SaveAgent): of two copies (this desk's, the one in the
    // agent's own team account) the newer counts.
    int64_t set_at_ms = 0;
    bool empty() const { return hash.empty(); }
    bool same(const PinHash& o) const { return hash == o.hash && salt == o.salt && iterations == o.iterations && algorithm == o.algorithm; }
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
    // The agent's team account ("kefu.<工号>.<tag>", core/team_account.hpp), made by an
    // administrator; empty: none yet (the agent cannot sign in to the team).
    std::string team_account = {};
};
bool valid_agent_id(std::string_view id);
// `account` is a team account of the agent `agent_id`: "kefu.<agent_id>.<1–16 letters or digits>".
bool valid_team_account(std::string_view agent_id, std::string_view account);
nlohmann::json agent_to_data(const AgentProfile& a);
nlohmann::json pin_to_json(const PinHash& p);
PinHash pin_from_json(const nlohmann::json& p);  // empty for anything but an object
AgentProfile agent_from_record(const Record& r);
std::vector<AgentProfile> all_agents(const RecordStore& store);  // by 工号
bool find_agent(const RecordStore& store, std::string_view id, AgentProfile& out);
constexpr size_t kMaxAgentNameChars = 20, kMaxTeamChars = 20;

// Actors that are not agents: the kiosk's customers (they may only leave a request and
// answer the survey) and the station itself before any agent exists. Neither is a valid 工号.
constexpr const char* kKioskActor = "~kiosk";

// ---- the access log ------------------------------------------------------------------------
// One record per event, id "<ms>-<n>", never edited: who signed in or out, each wrong PIN, each
// lock, each command refused for want of a role, each try to leave the kiosk.
constexpr const char* kAccessType = "access";
enum class AccessEvent : uint8_t { SignIn, WrongPin, SignOut, Lock, Refused, KioskExit, ImportRefused, BadAddress, Count };
// "sign_in", "wrong_pin", "sign_out", "lock", "refused", "kiosk_exit", "import_refused" (a file that tried to
// raise rights or bring demo data), "bad_address" (an unknown ?mode= in the address)
const char* name_of(AccessEvent e);
bool parse_name(std::string_view s, AccessEvent& out);
struct AccessEntry {
    std::string id;
    int64_t at_ms = 0;
    AccessEvent event = AccessEvent::SignIn;
    std::string agent;   // whose PIN or session (for Refused: who tried)
    std::string detail;  // Refused: the command; Lock: "idle" or "manual"
    Actor actor;         // who wrote the entry
};
std::vector<AccessEntry> access_log(const RecordStore& store, size_t newest = SIZE_MAX);  // newest first

// Wrong PINs in a row per agent since their last sign-in (from the access log), for the backoff.
class PinStreaks {
public:
    void rebuild(const RecordStore& store);
    void note(const Record& access_record);
    int failures(std::string_view agent) const;
    // How long the agent must still wait before the next try at `now_ms` (0: may try now).
    int64_t wait_ms(std::string_view agent, int64_t now_ms) const;
private:
    struct Streak { int failures = 0; int64_t last_ms = 0; };
    std::vector<std::pair<std::string, Streak>> streaks_;  // few agents: a sorted vector
    Streak* find(std::string_view agent, bool create);
};

// ---- commands ------------------------------------------------------------------------------
// Creates (base_rev 0) or edits an agent. A new agent needs a PIN hash; an edit without one
// keeps the PIN, and one without a team account keeps the account (only valid_team_account()s). The first agent of a station is its administrator; the last active
// administrator cannot be demoted or deactivated. Profiles are never deleted (history names
// them): deactivate instead.
struct SaveAgent {
    AgentProfile agent;
    uint64_t base_rev = 0;
    // First run: the station's first administrator is created and signed in by one command
    // (the sign-in logged with it); refused once the station has agents.
    bool sign_in = false;
};
// The PIN typed at the sign-in screen, derived with the agent's salt and iterations: right →
// the sign-in is logged; wrong → "error.signin.wrong_pin" and the failure is logged (the one
// refusal that writes a record); during a backoff → "error.signin.wait" (seconds), nothing written.
struct SignIn {
    std::string agent_id;
    std::string derived_hash;
    // An administrator leaving the kiosk: refused for anyone else ("kiosk.exit.admin_only");
    // the sign-in and the kiosk's end are logged together.
    bool leaving_kiosk = false;
};
// An agent signs in at a desk that has no PIN of theirs (a new desk of the team: PIN hashes
// never go into the team database) with their team password instead: the caller ran the
// team sign-in (core/team_session.hpp) and hands over the PIN hash kept in the agent's own
// team account, or one the agent has just chosen. The agent must have a team account; the
// hash is kept here as the agent's (a change by the agent), and the sign-in is logged
// ("team"). Like SignIn, open to whoever sits at the desk: the team password is the proof.
struct SignInByTeam {
    std::string agent_id;
    PinHash pin;
};
// Whether `agent_id` may try to leave the kiosk now (an active administrator, not in a PIN
// backoff): the kiosk's exit screen asks before deriving the PIN; SignIn checks it again.
ApplyResult may_leave_kiosk(const AppState& s, const std::string& agent_id, int64_t now_ms);
// The session ends: signed out, switched, or locked (detail "idle"/"manual"); leaving the kiosk;
// an import refused for trying to raise rights or bring demo data; an unknown start parameter.
struct LogAccess { AccessEvent event = AccessEvent::SignOut; std::string agent_id; std::string detail; };

using AgentCmd = std::variant<SaveAgent, SignIn, LogAccess, SignInByTeam>;
ApplyOutcome apply_family(AppState& s, const AgentCmd& c, const CommandContext& ctx);
const char* family_command_name(const AgentCmd& c);
// Agents may change their own name and PIN, never their role, team or standing; the rest of
// SaveAgent is the administrator's. Signing in and logging a session's end are open to anyone.
Role family_role(const AppState& s, const AgentCmd& c, const Actor& actor);
// Appends one access-log entry to `out.changes` (used by apply() for refused commands too).
void log_access(AppState& s, AccessEvent event, const std::string& agent, const std::string& detail,
                const CommandContext& ctx, ApplyOutcome& out);

}  // namespace kefu
