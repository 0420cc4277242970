#include "core/agents.hpp"

#include <algorithm>

#include "core/app_state.hpp"
#include "core/record_write.hpp"
#include "core/json_util.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {
const char* const kRoleNames[] = {"agent", "lead", "admin"};
static_assert(sizeof(kRoleNames) / sizeof(kRoleNames[0]) == static_cast<size_t>(Role::Count));
const char* const kEventNames[] = {"sign_in", "wrong_pin", "sign_out", "lock", "refused", "kiosk_exit", "import_refused", "bad_address"};
static_assert(sizeof(kEventNames) / sizeof(kEventNames[0]) == static_cast<size_t>(AccessEvent::Count));

template <typename Enum, size_t N>
bool parse_enum(std::string_view s, const char* const (&names)[N], Enum& out) {
    for (size_t i = 0; i < N; ++i)
        if (s == names[i]) {
            out = static_cast<Enum>(i);
            return true;
        }
    return false;
}

size_t utf8_chars(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size();) {
        decode_utf8(s, i);
        ++n;
    }
    return n;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

AccessEntry access_from_record(const Record& r) {
    const nlohmann::json d = r.data();
    AccessEntry e;
    e.id = r.id;
    e.at_ms = json_int(d, "at");
    parse_enum(json_string(d, "event"), kEventNames, e.event);
    e.agent = json_string(d, "agent");
    e.detail = json_string(d, "detail");
    e.actor = r.created_by;
    return e;
}

bool earlier(const AccessEntry& a, const AccessEntry& b) { return a.at_ms != b.at_ms ? a.at_ms < b.at_ms : a.id < b.id; }

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
bool parse_name(std::string_view s, Role& out) { return parse_enum(s, kRoleNames, out); }
const char* name_of(AccessEvent e) { return kEventNames[static_cast<size_t>(e)]; }
bool parse_name(std::string_view s, AccessEvent& out) { return parse_enum(s, kEventNames, out); }
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
    if (!a.team_account.empty()) d["team_account"] = a.team_account;
    if (!a.pin.empty()) d["pin"] = pin_to_json(a.pin);
    return d;
}

nlohmann::json pin_to_json(const PinHash& p) {
    nlohmann::json d = {{"algorithm", p.algorithm}, {"iterations", p.iterations}, {"salt", p.salt}, {"hash", p.hash}};
    if (p.set_at_ms > 0) d["at"] = p.set_at_ms;
    return d;
}

PinHash pin_from_json(const nlohmann::json& p) {
    PinHash out;
    if (!p.is_object()) return out;
    out.algorithm = json_string(p, "algorithm");
    out.iterations = static_cast<uint32_t>(std::clamp<int64_t>(json_int(p, "iterations"), 0, UINT32_MAX));
    out.salt = json_string(p, "salt");
    out.hash = json_string(p, "hash");
    out.set_at_ms = std::max<int64_t>(0, json_int(p, "at"));
    return out;
}

bool valid_team_account(std::string_view agent_id, std::string_view account) {
    const std::string prefix = "kefu." + std::string(agent_id) + ".";
    if (account.size() <= prefix.size() || account.size() > prefix.size() + 16 || account.substr(0, prefix.size()) != prefix) return false;
    for (const char c : account.substr(prefix.size()))
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return true;
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
    if (const std::string account = json_string(d, "team_account"); valid_team_account(a.id, account)) a.team_account = account;
    if (d.contains("pin")) a.pin = pin_from_json(d["pin"]);
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

// ---- the access log ------------------------------------------------------------------------

std::vector<AccessEntry> access_log(const RecordStore& store, size_t newest) {
    std::vector<AccessEntry> out;
    store.for_each(kAccessType, [&](const Record& r) { out.push_back(access_from_record(r)); });
    std::sort(out.begin(), out.end(), [](const AccessEntry& a, const AccessEntry& b) { return earlier(b, a); });
    if (out.size() > newest) out.resize(newest);
    return out;
}

PinStreaks::Streak* PinStreaks::find(std::string_view agent, bool create) {
    auto it = std::lower_bound(streaks_.begin(), streaks_.end(), agent, [](const auto& p, std::string_view k) { return p.first < k; });
    if (it != streaks_.end() && it->first == agent) return &it->second;
    if (!create) return nullptr;
    return &streaks_.insert(it, {std::string(agent), Streak{}})->second;
}

void PinStreaks::note(const Record& r) {
    const AccessEntry e = access_from_record(r);
    if (e.event == AccessEvent::SignIn) {
        if (Streak* st = find(e.agent, false)) *st = Streak{};
    } else if (e.event == AccessEvent::WrongPin) {
        Streak* st = find(e.agent, true);
        ++st->failures;
        st->last_ms = std::max(st->last_ms, e.at_ms);
    }
}

void PinStreaks::rebuild(const RecordStore& store) {
    streaks_.clear();
    std::vector<const Record*> events;
    store.for_each(kAccessType, [&](const Record& r) { events.push_back(&r); });
    std::sort(events.begin(), events.end(), [](const Record* a, const Record* b) {
        return earlier(access_from_record(*a), access_from_record(*b));
    });
    for (const Record* r : events) note(*r);
}

int PinStreaks::failures(std::string_view agent) const {
    auto it = std::lower_bound(streaks_.begin(), streaks_.end(), agent, [](const auto& p, std::string_view k) { return p.first < k; });
    return it != streaks_.end() && it->first == agent ? it->second.failures : 0;
}

int64_t PinStreaks::wait_ms(std::string_view agent, int64_t now_ms) const {
    auto it = std::lower_bound(streaks_.begin(), streaks_.end(), agent, [](const auto& p, std::string_view k) { return p.first < k; });
    if (it == streaks_.end() || it->first != agent) return 0;
    return std::max<int64_t>(0, it->second.last_ms + pin_backoff_ms(it->second.failures) - now_ms);
}

void log_access(AppState& s, AccessEvent event, const std::string& agent, const std::string& detail,
                const CommandContext& ctx, ApplyOutcome& out) {
    const std::string stem = std::to_string(ctx.now_ms) + "-";
    int n = 0;
    while (s.records.find_any(kAccessType, stem + std::to_string(n))) ++n;
    nlohmann::json d = {{"event", name_of(event)}, {"at", ctx.now_ms}, {"agent", agent}};
    if (!detail.empty()) d["detail"] = detail;
    Change change;
    const ApplyResult written = s.records.create(kAccessType, stem + std::to_string(n), d, ctx, &change);
    if (written.ok) out.changes.push_back(std::move(change));
}

ApplyResult may_leave_kiosk(const AppState& s, const std::string& agent_id, int64_t now_ms) {
    AgentProfile a;
    if (!find_agent(s.records, agent_id, a) || !a.active || a.role != Role::Admin) return ApplyResult::failure("kiosk.exit.admin_only");
    if (const int64_t wait = s.pin_streaks.wait_ms(a.id, now_ms); wait > 0)
        return ApplyResult::failure("error.signin.wait", std::to_string((wait + 999) / 1000));
    return ApplyResult::success();
}

// ---- commands ------------------------------------------------------------------------------

namespace {

ApplyOutcome apply_command(AppState& s, const SaveAgent& c, const CommandContext& ctx) {
    AgentProfile a = c.agent;
    if (!valid_agent_id(a.id)) return refused(ApplyResult::failure("error.agent.id", a.id));
    if (!valid_utf8(a.name) || blank(a.name) || utf8_chars(a.name) > kMaxAgentNameChars)
        return refused(ApplyResult::failure("error.agent.name"));
    if (!valid_utf8(a.team) || utf8_chars(a.team) > kMaxTeamChars) return refused(ApplyResult::failure("error.agent.team"));
    if (a.role >= Role::Count) return refused(ApplyResult::failure("error.agent.role"));
    AgentProfile current;
    const bool exists = find_agent(s.records, a.id, current);
    if (c.base_rev == 0 && exists) return refused(ApplyResult::failure("error.agent.exists", a.id));
    if (a.pin.empty() && exists) a.pin = current.pin;  // an edit without a new PIN keeps the old one
    else if (a.pin.set_at_ms <= 0) a.pin.set_at_ms = ctx.now_ms;  // a new one, chosen now
    if (a.team_account.empty() && exists) a.team_account = current.team_account;
    if (!a.team_account.empty() && !valid_team_account(a.id, a.team_account)) return refused(ApplyResult::failure("error.agent.team_account", a.team_account));
    // A new agent needs a PIN; one of the team may have none at this desk yet (PINs stay at
    // the desks: team_doc.hpp), and an edit of it by an administrator here keeps it so.
    if ((!a.pin.empty() || !exists) && !valid_pin_hash(a.pin)) return refused(ApplyResult::failure("error.agent.pin"));
    if (s.agents.empty() && (a.role != Role::Admin || !a.active)) return refused(ApplyResult::failure("error.agent.first_admin"));
    if (!s.agents.empty() && (a.role != Role::Admin || !a.active)) {
        const bool another_admin = std::any_of(s.agents.begin(), s.agents.end(), [&](const AgentProfile& o) {
            return o.id != a.id && o.active && o.role == Role::Admin;
        });
        if (!another_admin) return refused(ApplyResult::failure("error.agent.last_admin"));
    }
    if (c.sign_in && !s.agents.empty()) return refused(ApplyResult::failure("error.agent.exists", a.id));
    ApplyOutcome out = save_record(s.records, kAgentType, a.id, c.base_rev, agent_to_data(a), ctx, "error.agent.not_found");
    if (out.ok() && c.sign_in) log_access(s, AccessEvent::SignIn, a.id, "", ctx, out);
    return out;
}

ApplyOutcome apply_command(AppState& s, const SignIn& c, const CommandContext& ctx) {
    AgentProfile a;
    if (!find_agent(s.records, c.agent_id, a) || !a.active) return refused(ApplyResult::failure("error.signin.unknown", c.agent_id));
    if (c.leaving_kiosk && a.role != Role::Admin) return refused(ApplyResult::failure("kiosk.exit.admin_only"));
    if (const int64_t wait = s.pin_streaks.wait_ms(a.id, ctx.now_ms); wait > 0)
        return refused(ApplyResult::failure("error.signin.wait", std::to_string((wait + 999) / 1000)));
    // No PIN of this agent's at this desk: the team password signs them in here (SignInByTeam).
    if (a.pin.empty()) return refused(ApplyResult::failure("error.signin.no_pin", a.id));
    ApplyOutcome out;
    if (same_hash(c.derived_hash, a.pin.hash)) {
        log_access(s, AccessEvent::SignIn, a.id, "", ctx, out);
        if (c.leaving_kiosk) log_access(s, AccessEvent::KioskExit, a.id, "", ctx, out);
        out.result = ApplyResult::success();
    } else {
        log_access(s, AccessEvent::WrongPin, a.id, "", ctx, out);
        out.result = ApplyResult::failure("error.signin.wrong_pin");
    }
    return out;
}

ApplyOutcome apply_command(AppState& s, const SignInByTeam& c, const CommandContext& ctx) {
    AgentProfile a;
    if (!find_agent(s.records, c.agent_id, a) || !a.active) return refused(ApplyResult::failure("error.signin.unknown", c.agent_id));
    if (a.team_account.empty()) return refused(ApplyResult::failure("error.signin.no_team_account", a.id));
    if (!valid_pin_hash(c.pin)) return refused(ApplyResult::failure("error.agent.pin"));
    ApplyOutcome out;
    // The hash kept here is the agent's own change (they proved who they are to the server).
    const CommandContext as_agent{Actor{a.id, a.name}, ctx.now_ms};
    if (!a.pin.same(c.pin) || a.pin.set_at_ms != c.pin.set_at_ms) {
        a.pin = c.pin;
        if (a.pin.set_at_ms <= 0) a.pin.set_at_ms = ctx.now_ms;
        out = save_record(s.records, kAgentType, a.id, a.rev, agent_to_data(a), as_agent, "error.agent.not_found");
        if (!out.ok()) return out;
    }
    log_access(s, AccessEvent::SignIn, a.id, "team", as_agent, out);
    out.result = ApplyResult::success();
    return out;
}

ApplyOutcome apply_command(AppState& s, const LogAccess& c, const CommandContext& ctx) {
    // Sign-ins, wrong PINs and refusals are written by the core itself, never claimed by a caller.
    if (c.event == AccessEvent::SignIn || c.event == AccessEvent::WrongPin || c.event == AccessEvent::Refused || c.event >= AccessEvent::Count)
        return refused(ApplyResult::failure("error.access.event", name_of(c.event)));
    if (!valid_agent_id(c.agent_id) && !c.agent_id.empty()) return refused(ApplyResult::failure("error.access.event", name_of(c.event)));
    ApplyOutcome out;
    // What a caller writes into the log is kept short and readable (it may come from a crafted address).
    const std::string detail = valid_utf8(c.detail) ? std::string(utf8_prefix(c.detail, 120)) : std::string("?");
    log_access(s, c.event, c.agent_id, detail, ctx, out);
    out.result = ApplyResult::success();
    return out;
}

constexpr CommandInfo kAgentCommands[] = {
    {"SaveAgent", Role::Admin}, {"SignIn", Role::Agent}, {"LogAccess", Role::Agent}, {"SignInByTeam", Role::Agent}};
static_assert(covers<AgentCmd>(kAgentCommands), "one row per agent command, in the variant's order");

}  // namespace

ApplyOutcome apply_family(AppState& s, const AgentCmd& c, const CommandContext& ctx) {
    return std::visit([&](const auto& x) { return apply_command(s, x, ctx); }, c);
}
const char* family_command_name(const AgentCmd& c) { return kAgentCommands[c.index()].name; }
Role family_role(const AppState& s, const AgentCmd& c, const Actor& actor) {
    if (const auto* save = std::get_if<SaveAgent>(&c)) {
        AgentProfile cur;
        if (save->agent.id == actor.agent_id && find_agent(s.records, save->agent.id, cur) && cur.role == save->agent.role &&
            cur.team == save->agent.team && cur.active == save->agent.active &&
            (save->agent.team_account.empty() || save->agent.team_account == cur.team_account))
            return Role::Agent;
    }
    return kAgentCommands[c.index()].role;
}

}  // namespace kefu
