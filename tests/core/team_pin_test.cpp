// PIN hashes stay out of the team database (issue "Team security", secrets stay secret): the
// team's copy of an agent record carries no hash, not even in its history; a desk keeps its
// own through every pull; an agent with no PIN at a desk signs in there with the team
// password (SignInByTeam), and the PIN follows them through their own `_users` document
// (TeamPinSync). The server side (the validation refusing a hash, a hostile member reading
// none): tests/e2e/rules.test.mjs.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/agents.hpp"
#include "core/app_state.hpp"
#include "core/pull.hpp"
#include "core/team_account.hpp"
#include "core/team_doc.hpp"
#include "core/team_session.hpp"
#include "tests/core/join_server.hpp"

using namespace kefu;
using json = nlohmann::json;

namespace {
using test::JoinServer;
using test::run;

constexpr int64_t kAt = 1'796'000'000'000;  // 2026-11-30, the stated time of these tests
const std::string kSalt = "AAECAwQFBgcICQoLDA0ODw==";
const std::string kHashA = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=";
const std::string kHashB = "AAAAAAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=";
PinHash pin_with(const std::string& hash, int64_t at = 0) {
    PinHash p{kPinAlgorithm, kPinIterations, kSalt, hash};
    p.set_at_ms = at;
    return p;
}
const CommandContext kSetup{{"local", "一号工作台"}, kAt};
const CommandContext kAdmin{{"9000", "管理员"}, kAt + 1000};

// A desk with its administrator and the agent 1002, who changed their PIN once.
AppState desk() {
    AppState s;
    REQUIRE(apply(s, SaveAgent{{"9000", "管理员", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, kSetup).ok());
    REQUIRE(apply(s, SaveAgent{{"1002", "张敏", Role::Agent, "一组", true, pin_with(kHashA), 0}, 0}, kAdmin).ok());
    AgentProfile a;
    REQUIRE(find_agent(s.records, "1002", a));
    a.pin = pin_with(kHashB);
    REQUIRE(apply(s, SaveAgent{a, a.rev}, CommandContext{{"1002", "张敏"}, kAt + 2000}).ok());
    return s;
}

TeamDoc server_copy(const AppState& s, const std::string& id) {
    const Record* r = s.records.find_any(kAgentType, id);
    REQUIRE(r);
    const json doc = json::parse(to_team_doc(*r, s.records.history(kAgentType, id), "3-x").dump());  // as it travels
    TeamDoc d;
    std::vector<FieldIssue> issues;
    const bool read = from_team_doc(doc, d, issues);
    for (const FieldIssue& i : issues) MESSAGE(i.path << " " << i.key << " " << i.detail);
    REQUIRE(read);
    return d;
}


TeamSignIn sign_in(JoinServer& s, const std::string& account, const std::string& password) {
    TeamSignIn in({"/team/db", account, password});
    run(in, s);
    return in;
}
}  // namespace

TEST_CASE("team PINs: the team's copy of an agent holds no PIN hash, in its data or its history") {
    const AppState s = desk();
    const Record* r = s.records.find(kAgentType, "1002");
    REQUIRE(r);
    REQUIRE(r->data().contains("pin"));
    const json doc = to_team_doc(*r, s.records.history(kAgentType, "1002"), "");
    const std::string text = doc.dump();
    CHECK(text.find(kHashA) == std::string::npos);
    CHECK(text.find(kHashB) == std::string::npos);
    CHECK(text.find(kSalt) == std::string::npos);
    CHECK_FALSE(doc["data"].contains("pin"));
    CHECK(doc["data"]["name"] == "张敏");
    CHECK(doc["history"].size() == 2);  // the PIN change is an entry still, with nothing in it
    CHECK(doc["history"][1]["fields"].empty());
    CHECK(doc["rev"] == r->rev);

    // A document that brings one (a server written before, a hostile member): not taken.
    json planted = doc;
    planted["data"]["pin"] = pin_to_json(pin_with(kHashA));
    TeamDoc d;
    std::vector<FieldIssue> issues;
    REQUIRE(from_team_doc(json::parse(planted.dump()), d, issues));
    CHECK_FALSE(d.record.data().contains("pin"));
    // Records of other types are as they were.
    CHECK_FALSE(team_private_field("case", "pin"));
    CHECK(team_private_field(kAgentType, "pin"));
}

TEST_CASE("team PINs: a desk keeps its own PIN through every pull; a new desk gets none") {
    AppState a = desk();
    const TeamDoc first = server_copy(a, "1002");
    // The desk's own copy, pulled back: the same record (the PIN's entries compared without it).
    const Record* mine = a.records.find(kAgentType, "1002");
    CHECK(plan_pull(mine, a.records.history(kAgentType, "1002"), first, kAt + 5000).kind == PullKind::Same);

    // Another desk takes it in: no PIN there.
    AppState b;
    REQUIRE(apply(b, SaveAgent{{"9000", "管理员", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, kSetup).ok());
    PullStep step = plan_pull(nullptr, {}, first, kAt + 5000);
    REQUIRE(step.kind == PullKind::New);
    REQUIRE(b.records.apply_change(step.change).ok);
    AgentProfile there;
    REQUIRE(find_agent(b.records, "1002", there));
    CHECK(there.pin.empty());
    // There an administrator edits the agent (the team, not the PIN): allowed without a PIN.
    there.team = "二组";
    REQUIRE(apply(b, SaveAgent{there, there.rev}, kAdmin).ok());
    const TeamDoc edited = [&] {
        const Record* r = b.records.find(kAgentType, "1002");
        TeamDoc d;
        std::vector<FieldIssue> issues;
        REQUIRE(from_team_doc(json::parse(to_team_doc(*r, b.records.history(kAgentType, "1002"), "4-y").dump()), d, issues));
        return d;
    }();

    // Back at the first desk: a fast-forward that keeps this desk's PIN.
    step = plan_pull(mine, a.records.history(kAgentType, "1002"), edited, kAt + 6000);
    REQUIRE(step.kind == PullKind::FastForward);
    REQUIRE(a.records.apply_change(step.change).ok);
    AgentProfile here;
    REQUIRE(find_agent(a.records, "1002", here));
    CHECK(here.team == "二组");
    CHECK(here.pin.hash == kHashB);

    // The agent changes their PIN here while the team changes elsewhere: merged, the new PIN kept.
    here.pin = pin_with(kHashA);
    REQUIRE(apply(a, SaveAgent{here, here.rev}, CommandContext{{"1002", "张敏"}, kAt + 7000}).ok());
    there.team = "三组";
    REQUIRE(find_agent(b.records, "1002", there));
    there.team = "三组";
    REQUIRE(apply(b, SaveAgent{there, there.rev}, kAdmin).ok());
    const Record* theirs = b.records.find(kAgentType, "1002");
    TeamDoc later;
    std::vector<FieldIssue> issues;
    REQUIRE(from_team_doc(json::parse(to_team_doc(*theirs, b.records.history(kAgentType, "1002"), "5-z").dump()), later, issues));
    step = plan_pull(a.records.find(kAgentType, "1002"), a.records.history(kAgentType, "1002"), later, kAt + 8000);
    REQUIRE(step.kind == PullKind::Merge);
    CHECK(step.conflicts.empty());
    REQUIRE(a.records.apply_change(step.change).ok);
    REQUIRE(find_agent(a.records, "1002", here));
    CHECK(here.team == "三组");
    CHECK(here.pin.hash == kHashA);
    CHECK(here.pin.set_at_ms == kAt + 7000);  // when the agent chose it
}

TEST_CASE("team PINs: an agent with no PIN at a desk signs in with the team password, once the account is theirs") {
    AppState b;
    REQUIRE(apply(b, SaveAgent{{"9000", "管理员", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, kSetup).ok());
    const AppState a = desk();
    REQUIRE(b.records.apply_change(plan_pull(nullptr, {}, server_copy(a, "1002"), kAt).change).ok);
    const CommandContext nobody{{"", "一号工作台"}, kAt + 9000};
    const size_t logged = access_log(b.records).size();

    // The PIN pad has nothing to compare with: refused, and no wrong PIN is counted.
    ApplyOutcome out = apply(b, SignIn{"1002", kHashB}, nobody);
    CHECK(out.result.error.key == "error.signin.no_pin");
    CHECK(access_log(b.records).size() == logged);
    // Without a team account there is no team password either.
    out = apply(b, SignInByTeam{"1002", pin_with(kHashB, kAt + 2000)}, nobody);
    CHECK(out.result.error.key == "error.signin.no_team_account");

    AgentProfile z;
    REQUIRE(find_agent(b.records, "1002", z));
    z.team_account = "kefu.1002.q7kmzp";
    REQUIRE(apply(b, SaveAgent{z, z.rev}, kAdmin).ok());
    // A malformed hash is refused; the account's is kept as the agent's, and the sign-in logged.
    CHECK(apply(b, SignInByTeam{"1002", pin_with("short")}, nobody).result.error.key == "error.agent.pin");
    out = apply(b, SignInByTeam{"1002", pin_with(kHashB, kAt + 2000)}, nobody);
    REQUIRE(out.ok());
    REQUIRE(find_agent(b.records, "1002", z));
    CHECK(z.pin.hash == kHashB);
    CHECK(z.pin.set_at_ms == kAt + 2000);  // the account's time, not now: the copies compare
    const std::vector<HistoryEntry> h = b.records.history(kAgentType, "1002");
    CHECK(h.back().by.agent_id == "1002");  // the agent's own change (the server checks the author)
    const std::vector<AccessEntry> log = access_log(b.records, 1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].event == AccessEvent::SignIn);
    CHECK(log[0].agent == "1002");
    CHECK(log[0].detail == "team");
    // From now on the PIN pad works at this desk; the same hash again changes no record.
    CHECK(apply(b, SignIn{"1002", kHashB}, nobody).ok());
    const uint64_t rev = z.rev;
    REQUIRE(apply(b, SignInByTeam{"1002", pin_with(kHashB, kAt + 2000)}, nobody).ok());
    REQUIRE(find_agent(b.records, "1002", z));
    CHECK(z.rev == rev);
}

TEST_CASE("team PINs: the account keeps the agent's PIN; the newer copy counts, a new desk adopts it") {
    JoinServer s = JoinServer::prepared();
    // The administrator makes the account with the PIN this desk holds.
    TeamAccount made({"/team/db", "admin", "administrator-pw", "kefu.1002.q7kmzp", "zhangmin-team-pw", "agent", kAt,
                      pin_to_json(pin_with(kHashA, kAt))});
    run(made, s);
    REQUIRE(made.done());
    CHECK(pin_from_json(s.users["kefu.1002.q7kmzp"].kefu_pin).hash == kHashA);
    REQUIRE(sign_in(s, "kefu.1002.q7kmzp", "zhangmin-team-pw").done());

    // A new desk (no PIN): the account's is adopted, nothing written.
    s.seen.clear();
    TeamPinSync fresh({"/team/db", "kefu.1002.q7kmzp", PinHash{}});
    run(fresh, s);
    REQUIRE(fresh.done());
    CHECK(fresh.adopt().hash == kHashA);
    CHECK(fresh.adopt().set_at_ms == kAt);
    CHECK_FALSE(fresh.uploaded());
    REQUIRE(s.seen.size() == 1);
    CHECK(s.seen[0].cookie);

    // The agent chose a new PIN at a desk: that desk's is newer, it goes up; the password stays.
    TeamPinSync newer({"/team/db", "kefu.1002.q7kmzp", pin_with(kHashB, kAt + 60'000)});
    run(newer, s);
    REQUIRE(newer.done());
    CHECK(newer.uploaded());
    CHECK(newer.adopt().empty());
    CHECK(pin_from_json(s.users["kefu.1002.q7kmzp"].kefu_pin).hash == kHashB);
    CHECK(s.users["kefu.1002.q7kmzp"].password == "zhangmin-team-pw");
    // A desk still holding the old one takes the new one; one in step does nothing.
    TeamPinSync older({"/team/db", "kefu.1002.q7kmzp", pin_with(kHashA, kAt)});
    run(older, s);
    REQUIRE(older.done());
    CHECK(older.adopt().hash == kHashB);
    CHECK_FALSE(older.uploaded());
    TeamPinSync same({"/team/db", "kefu.1002.q7kmzp", pin_with(kHashB, kAt + 60'000)});
    run(same, s);
    CHECK(same.done());
    CHECK(same.adopt().empty());
    CHECK_FALSE(same.uploaded());

    // Another desk wrote meanwhile: read again and write over the newer state.
    int conflicts = 0;
    s.before = [&](const HttpRequest& r, JoinServer& srv) {
        if (r.method == "PUT" && conflicts++ == 0) ++srv.users["kefu.1002.q7kmzp"].rev;
    };
    TeamPinSync raced({"/team/db", "kefu.1002.q7kmzp", pin_with(kHashA, kAt + 120'000)});
    run(raced, s);
    CHECK(raced.done());
    CHECK(pin_from_json(s.users["kefu.1002.q7kmzp"].kefu_pin).hash == kHashA);
    s.before = nullptr;

    // Another member reads no one else's: refused, nothing adopted.
    TeamAccount other({"/team/db", "admin", "administrator-pw", "kefu.1003.abc", "lisi-team-pw-12", "agent", kAt});
    run(other, s);
    REQUIRE(other.done());
    REQUIRE(sign_in(s, "kefu.1003.abc", "lisi-team-pw-12").done());
    TeamPinSync nosy({"/team/db", "kefu.1002.q7kmzp", PinHash{}});
    run(nosy, s);
    CHECK(nosy.failed());
    CHECK(nosy.adopt().empty());
}
