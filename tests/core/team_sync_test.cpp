// Stations replicating through one in-memory CouchDB (fake_couch.hpp): the whole loop of
// team_sync.hpp with real AppStates, the ApplyPulled command and the merge.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <set>

#include "core/app_state.hpp"
#include "core/exchange.hpp"
#include "core/faq.hpp"
#include "core/team_join.hpp"
#include "core/case.hpp"
#include "core/civil_date.hpp"
#include "core/join_preview.hpp"
#include "core/pull.hpp"
#include "core/team.hpp"
#include "core/team_sync.hpp"
#include "tests/core/fake_couch.hpp"

using namespace kefu;
using kefu::test::FakeCouch;
using nlohmann::json;

namespace {

constexpr int64_t kT0 = 1'796'000'000'000;  // 2026-11-29 (a stated time, never the clock)

TeamSync::Options signed_in(TeamSync::Options o, const std::string& agent, const std::string& name) {
    o.agent = agent, o.agent_name = name;
    return o;
}

struct Station {
    AppState s;
    TeamSync sync;
    std::string agent_id, agent_name;
    bool online = true;
    std::vector<HttpRequest> live;  // long polls waiting for a change

    // The agent at the desk is signed in to the team (the station's own account pushes nothing).
    Station(const std::string& code, std::string id, std::string name)
        : sync(signed_in({code, 50, 25'000, 1'000, 60'000}, id, name)), agent_id(std::move(id)), agent_name(std::move(name)) {
        REQUIRE(apply(s, JoinTeam{"/team/db", "station-" + code, code}, ctx(kT0)).ok());
    }
    CommandContext ctx(int64_t now) const { return {{agent_id, agent_name}, now}; }
    ApplyResult run(const Command& c, int64_t now) {
        ApplyOutcome o = apply(s, c, ctx(now));
        if (o.ok() && !o.changes.empty()) sync.changed(s.records, now);
        return o.result;
    }
};

// Runs every station's requests against the server until nothing moves: pulled documents are
// applied at once (one ApplyPulled) and durable at once; a long poll is answered when the
// server has something newer than its `since`.
void settle(std::vector<Station*> stations, FakeCouch& server, int64_t now) {
    for (int round = 0; round < 500; ++round) {
        bool moved = false;
        for (Station* st : stations) {
            std::vector<HttpRequest> reqs = st->sync.take_requests();
            for (HttpRequest& r : reqs) {
                if (r.live) {
                    st->live.push_back(std::move(r));
                    continue;
                }
                moved = true;
                st->sync.on_response(st->online ? server.answer(r) : HttpResponse{r.id, 0, ""}, st->s.records, now);
            }
            for (auto it = st->live.begin(); it != st->live.end();) {
                const uint64_t since = std::stoull(FakeCouch::query(it->path, "since"));
                if (st->online && server.seq > since) {
                    HttpRequest r = *it;
                    it = st->live.erase(it);
                    moved = true;
                    st->sync.on_response(server.answer(r), st->s.records, now);
                } else {
                    ++it;
                }
            }
            std::vector<TeamDoc> docs = st->sync.take_pulled();
            if (!docs.empty()) {
                moved = true;
                REQUIRE(apply(st->s, ApplyPulled{docs}, st->ctx(now)).ok());
                st->sync.applied(docs, st->s.records, now);
                st->sync.durable(now);
            }
        }
        if (!moved) return;
    }
    FAIL("the stations never settled");
}

// Time passes from `from` to `to` in steps: each station's retries come due, then everything
// settles (two desks back online after a while apart).
void catch_up(std::vector<Station*> stations, FakeCouch& server, int64_t from, int64_t to, int64_t step = 5000) {
    for (int64_t t = from; t < to; t += step) {
        for (Station* st : stations) st->sync.tick(st->s.records, t);
        settle(stations, server, t);
    }
}

CreateCase intake(const std::string& id) {
    CreateCase c;
    c.id = id;
    c.category = CaseCategory::Technical;
    c.customer = {"王丽", "女士", "13812341234", "", "朝阳区", "北京市朝阳区建国路 88 号", "北京星辰科技有限公司"};
    c.description = "客户反映 App 登录时提示“密码错误”。";
    return c;
}

// Two desks of one team, both holding case c-1 (recorded at A, pulled by B).
struct TwoDesks {
    FakeCouch server;
    Station a{"A", "1001", "张敏"}, b{"B", "2001", "李强"};
    TwoDesks() {
        a.sync.start(kT0);
        b.sync.start(kT0);
        REQUIRE(a.run(intake("c-1"), kT0).ok);
        settle({&a, &b}, server, kT0);
        REQUIRE(b.s.records.find(kCaseType, "c-1") != nullptr);
    }
};

Case load(const AppState& s, const std::string& id) {
    const Record* r = s.records.find(kCaseType, id);
    REQUIRE(r != nullptr);
    return case_from_record(*r);
}

}  // namespace

TEST_CASE("team: a station code goes inside the form number; codes are short and never collide") {
    CHECK(format_form_no(days_from_civil({2026, 12, 6}), 7) == "KF-20261206-0007");
    CHECK(format_form_no(days_from_civil({2026, 12, 6}), 7, "B") == "KF-20261206-B-0007");
    int64_t day = 0;
    int seq = 0;
    std::string code;
    REQUIRE(parse_form_no("KF-20261206-AB-0012", day, seq, code));
    CHECK(code == "AB");
    CHECK(seq == 12);
    CHECK(day == days_from_civil({2026, 12, 6}));
    REQUIRE(parse_form_no("KF-20261206-0012", day, seq, code));
    CHECK(code.empty());
    CHECK_FALSE(parse_form_no("KF-20261206-b-0012", day, seq, code));
    CHECK_FALSE(parse_form_no("KF-20261206-ABCD-0012", day, seq, code));
    CHECK_FALSE(parse_form_no("KF-20261206-B-", day, seq, code));
    CHECK(station_code_at(0) == "A");
    CHECK(station_code_at(25) == "Z");
    CHECK(station_code_at(26) == "AA");
    CHECK(station_code_at(26 + 676) == "AAA");
    std::set<std::string> codes;
    for (size_t i = 0; i < 2000; ++i) {
        const std::string c = station_code_at(i);
        CHECK(valid_station_code(c));
        codes.insert(c);
    }
    CHECK(codes.size() == 2000);
    CHECK_FALSE(valid_station_code("1A"));
    CHECK_FALSE(valid_station_code(""));

    AppState s;
    CHECK(apply(s, JoinTeam{"/team/db", "front-desk", "a1"}, {{"1001", "张敏"}, kT0}).result.error.key == "team.err.station_code");
    CHECK(apply(s, JoinTeam{"", "front-desk", "A"}, {{"1001", "张敏"}, kT0}).result.error.key == "team.err.address");
    REQUIRE(apply(s, JoinTeam{"/team/db", "front-desk", "C"}, {{"1001", "张敏"}, kT0}).ok());
    REQUIRE(apply(s, intake("c-1"), {{"1001", "张敏"}, kT0}).ok());
    REQUIRE(apply(s, intake("c-2"), {{"1001", "张敏"}, kT0}).ok());
    const std::string today = format_form_no(s.calendar.local_day(kT0), 1, "C");
    CHECK(load(s, "c-1").form_no == today);
    CHECK(load(s, "c-2").form_no == format_form_no(s.calendar.local_day(kT0), 2, "C"));
    REQUIRE(apply(s, LeaveTeam{}, {{"1001", "张敏"}, kT0}).ok());
    CHECK_FALSE(s.settings.in_team());
    CHECK(s.records.find(kCaseType, "c-1") != nullptr);  // leaving keeps every record
}

TEST_CASE("team: joining gives the numbers of the station's own cases its code; the old number still finds the case") {
    AppState s;
    refresh_derived(s);
    const CommandContext ctx{{"1001", "张敏"}, kT0};
    REQUIRE(apply(s, intake("c-1"), ctx).ok());
    REQUIRE(apply(s, intake("c-2"), ctx).ok());
    const int64_t day = s.calendar.local_day(kT0);
    CHECK(load(s, "c-2").form_no == format_form_no(day, 2));
    CHECK(cases_without_station_code(s) == 2);
    const ApplyOutcome joined = apply(s, JoinTeam{"/team/db", "front-desk", "C"}, ctx);
    REQUIRE(joined.ok());
    CHECK(joined.changes.size() == 3);  // the settings, and one update per case
    CHECK(load(s, "c-1").form_no == format_form_no(day, 1, "C"));
    CHECK(load(s, "c-2").form_no == format_form_no(day, 2, "C"));
    CHECK(cases_without_station_code(s) == 0);
    // The history keeps the number the customer may have been given, and the list finds it.
    const std::vector<HistoryEntry> h = s.records.history(kCaseType, "c-2");
    REQUIRE(h.size() == 2);
    REQUIRE(h.back().fields.size() == 1);
    CHECK(h.back().fields[0].field == "form_no");
    CHECK(h.back().fields[0].before == format_form_no(day, 2));
    CaseQuery q;
    q.text = format_form_no(day, 2);
    const std::vector<uint32_t> found = s.cases.query(q, kT0);
    REQUIRE(found.size() == 1);
    CHECK(s.cases.row(found[0]).id == "c-2");
    // The next case continues the station's sequence of the day.
    REQUIRE(apply(s, intake("c-3"), ctx).ok());
    CHECK(load(s, "c-3").form_no == format_form_no(day, 3, "C"));
    // Leaving and joining again (another code): only codeless numbers would move; none are left.
    REQUIRE(apply(s, LeaveTeam{}, ctx).ok());
    REQUIRE(apply(s, intake("c-4"), ctx).ok());
    CHECK(load(s, "c-4").form_no == format_form_no(day, 3));  // 0001 and 0002 were given out: never again
    const ApplyOutcome again = apply(s, JoinTeam{"/team/db", "front-desk", "C"}, ctx);
    REQUIRE(again.ok());
    // C-0003 is c-3's: it gets the station's next of the day, C-0004.
    CHECK(load(s, "c-4").form_no == format_form_no(day, 4, "C"));
    CHECK(load(s, "c-1").form_no == format_form_no(day, 1, "C"));
}

TEST_CASE("team: a case created at A appears at B, B's answer comes back to A; settings stay each desk's own") {
    FakeCouch server;
    Station a("A", "1001", "张敏"), b("B", "2001", "李强");
    a.sync.start(kT0);
    b.sync.start(kT0);
    settle({&a, &b}, server, kT0);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);

    REQUIRE(a.run(intake("c-a1"), kT0 + 1000).ok);
    REQUIRE(b.run(intake("c-b1"), kT0 + 1000).ok);
    settle({&a, &b}, server, kT0 + 2000);
    REQUIRE(b.s.records.find(kCaseType, "c-a1") != nullptr);
    REQUIRE(a.s.records.find(kCaseType, "c-b1") != nullptr);
    // Both desks minted number 1 of the day, without talking: the station code tells them apart.
    CHECK(load(b.s, "c-a1").form_no != load(b.s, "c-b1").form_no);
    CHECK(load(b.s, "c-a1").form_no.find("-A-") != std::string::npos);
    CHECK(b.s.cases.find("c-a1") != nullptr);  // the derived index knows the pulled case

    const uint64_t rev = b.s.records.find(kCaseType, "c-a1")->rev;
    REQUIRE(b.run(AnswerCase{"c-a1", rev, "已指导客户清除缓存后重新登录，问题解决。"}, kT0 + 3000).ok);
    settle({&a, &b}, server, kT0 + 4000);
    CHECK(load(a.s, "c-a1").status == CaseStatus::Answered);
    CHECK(a.s.records.history(kCaseType, "c-a1").size() == b.s.records.history(kCaseType, "c-a1").size());
    CHECK(a.sync.pending_count(a.s.records) == 0);
    CHECK(b.sync.pending_count(b.s.records) == 0);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);

    for (const auto& [id, doc] : server.docs) CHECK(id.rfind("settings:", 0) != 0);
    CHECK(a.s.settings.team_station == "A");
    CHECK(b.s.settings.team_station == "B");
}

TEST_CASE("team: the same case edited at two desks offline: other fields merge, the same field is kept twice") {
    TwoDesks desks;
    FakeCouch& server = desks.server;
    Station &a = desks.a, &b = desks.b;

    a.online = b.online = false;
    Case ea = load(a.s, "c-1");
    ea.customer.name = "王丽华";                         // A fixes the name
    ea.description.text = "客户反映 App 登录失败（A 补充：安卓 14）。";  // both change the description
    REQUIRE(a.run(EditCase{"c-1", a.s.records.find(kCaseType, "c-1")->rev, ea}, kT0 + 1000).ok);
    Case eb = load(b.s, "c-1");
    eb.customer.mobile = "13900001111";                   // B adds the mobile
    eb.description.text = "客户反映 App 登录失败（B 补充：已重置密码）。";
    REQUIRE(b.run(EditCase{"c-1", b.s.records.find(kCaseType, "c-1")->rev, eb}, kT0 + 1500).ok);
    settle({&a, &b}, server, kT0 + 2000);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Offline);
    CHECK(a.sync.error().key == "team.err.unreachable");

    a.online = b.online = true;
    catch_up({&a, &b}, server, kT0 + 3000, kT0 + 200'000);
    const Case at_a = load(a.s, "c-1"), at_b = load(b.s, "c-1");
    CHECK(at_a.customer.name == "王丽华");
    CHECK(at_a.customer.mobile == "13900001111");
    CHECK(a.s.records.find(kCaseType, "c-1")->data_blob == b.s.records.find(kCaseType, "c-1")->data_blob);
    // The description both changed: one value in the field, both in the conflict list, at both desks.
    const json data = a.s.records.find(kCaseType, "c-1")->data();
    REQUIRE(data.contains(kConflictsField));
    const std::string all = data[kConflictsField].dump();
    CHECK(all.find("A 补充") != std::string::npos);
    CHECK(all.find("B 补充") != std::string::npos);
    CHECK(records_in_conflict(a.s) == std::vector<std::string>{"case:c-1"});
    CHECK(records_in_conflict(b.s) == std::vector<std::string>{"case:c-1"});
    CHECK(a.sync.pending_count(a.s.records) == 0);
    CHECK(b.sync.pending_count(b.s.records) == 0);
    CHECK(server.docs.size() == 1);  // nothing doubled
}

TEST_CASE("team: a write the server refuses stays here, is listed with its reason, and is not retried until it changes") {
    FakeCouch server;
    server.refuse = [](const json& d) { return d["_id"].get<std::string>() == "case:c-2" ? std::string("only leads delete") : std::string(); };
    Station a("A", "1001", "张敏");
    a.sync.start(kT0);
    REQUIRE(a.run(intake("c-1"), kT0).ok);
    REQUIRE(a.run(intake("c-2"), kT0).ok);
    settle({&a}, server, kT0);
    CHECK(server.docs.count("case:c-1") == 1);
    CHECK(server.docs.count("case:c-2") == 0);
    REQUIRE(a.sync.refused().size() == 1);
    CHECK(a.sync.refused()[0].first == "case:c-2");
    CHECK(a.sync.refused()[0].second == "only leads delete");
    CHECK(a.s.records.find(kCaseType, "c-2") != nullptr);
    const size_t pushes = server.bulk_docs;
    catch_up({&a}, server, kT0, kT0 + 300'000, 10'000);
    CHECK(server.bulk_docs == pushes);  // not hammered
    server.refuse = nullptr;
    const uint64_t rev = a.s.records.find(kCaseType, "c-2")->rev;
    REQUIRE(a.run(AnswerCase{"c-2", rev, "已答复。"}, kT0 + 400'000).ok);
    settle({&a}, server, kT0 + 400'000);
    CHECK(server.docs.count("case:c-2") == 1);
    CHECK(a.sync.refused().empty());
}

// The server's append-only rule (deploy/validate_doc_update.js): what it holds stays, entry by entry.
std::string append_only(const FakeCouch& server, const json& d) {
    const auto it = server.docs.find(d["_id"].get<std::string>());
    if (it == server.docs.end()) return {};
    const json& held = it->second["history"];
    if (d["history"].size() < held.size()) return "history is append-only: entries were removed";
    for (size_t i = 0; i < held.size(); ++i)
        if (d["history"][i] != held[i]) return "history is append-only: entry " + std::to_string(i + 1) + " was changed";
    return {};
}

TEST_CASE("team: with an agent signed in, the changes other agents made here go up with theirs, each entry saying via them; "
          "the desk's history then says so too") {
    FakeCouch server;
    server.refuse = [&](const json& d) { return append_only(server, d); };
    std::vector<std::string> pushes;  // the documents' ids, push by push
    server.on_request = [&](const HttpRequest& r) {
        if (r.path != "_bulk_docs") return;
        std::string ids;
        const json body = json::parse(r.body);
        for (const json& d : body["docs"]) ids += d["_id"].get<std::string>() + " ";
        pushes.push_back(ids);
    };
    Station a("A", "2001", "李强");
    TeamSync::Options o{"A", 50, 25'000, 1'000, 60'000};
    o.agent = "1001", o.agent_name = "张敏";  // 张敏 signed in to the team; 李强 worked here offline before and signed out
    a.sync = TeamSync(o);
    REQUIRE(a.run(intake("c-2"), kT0).ok);
    a.agent_id = "1001", a.agent_name = "张敏";
    REQUIRE(a.run(intake("c-1"), kT0).ok);
    // A case 李强 recorded and 张敏 then answered.
    a.agent_id = "2001", a.agent_name = "李强";
    REQUIRE(a.run(intake("c-3"), kT0).ok);
    a.agent_id = "1001", a.agent_name = "张敏";
    REQUIRE(a.run(AnswerCase{"c-3", a.s.records.find(kCaseType, "c-3")->rev, "已答复。"}, kT0).ok);
    a.sync.start(kT0);
    settle({&a}, server, kT0);
    REQUIRE(pushes.size() == 1);  // one sender, one push
    for (const char* id : {"case:c-1", "case:c-2", "case:c-3"}) CHECK(pushes[0].find(id) != std::string::npos);
    const json via = {{"agent_id", "1001"}, {"name", "张敏"}};
    const json& c2 = server.docs.at("case:c-2")["history"];
    REQUIRE(c2.size() == 1);
    CHECK(c2[0]["by"]["agent_id"] == "2001");  // still 李强's change
    CHECK(c2[0]["via"] == via);                // sent by 张敏
    CHECK_FALSE(server.docs.at("case:c-1")["history"][0].contains("via"));  // her own
    const json& c3 = server.docs.at("case:c-3")["history"];
    REQUIRE(c3.size() == 2);
    CHECK(c3[0]["via"] == via);
    CHECK_FALSE(c3[1].contains("via"));
    // The desk's own history says it too, so the next change goes up on top of the server's.
    const std::vector<HistoryEntry> mine = a.s.records.history(kCaseType, "c-3");
    REQUIRE(mine.size() == 2);
    CHECK(mine[0].by.name == "李强");
    CHECK(mine[0].via == Actor{"1001", "张敏"});
    CHECK(mine[1].via.agent_id.empty());
    REQUIRE(a.run(PauseCase{"c-3", a.s.records.find(kCaseType, "c-3")->rev}, kT0 + 1000).ok);
    settle({&a}, server, kT0 + 1000);
    CHECK(a.sync.refused().empty());
    CHECK(server.docs.at("case:c-3")["history"].size() == 3);
    CHECK(a.sync.pending_count(a.s.records) == 0);
}

TEST_CASE("team: a desk that did not send a relayed change takes its `via` from the server; a later change of it is accepted") {
    FakeCouch server;
    server.refuse = [&](const json& d) { return append_only(server, d); };
    Station a("A", "2001", "李强");
    TeamSync::Options o{"A", 50, 25'000, 1'000, 60'000};
    o.agent = "1001", o.agent_name = "张敏";
    a.sync = TeamSync(o);
    a.sync.start(kT0);
    Station b("B", "3001", "王芳");
    b.sync.start(kT0);
    settle({&a, &b}, server, kT0);
    REQUIRE(a.run(intake("c-1"), kT0).ok);  // 李强's, relayed by 张敏
    settle({&a, &b}, server, kT0);
    const std::vector<HistoryEntry> at_b = b.s.records.history(kCaseType, "c-1");
    REQUIRE(at_b.size() == 1);
    CHECK(at_b[0].via == Actor{"1001", "张敏"});
    REQUIRE(b.run(PauseCase{"c-1", b.s.records.find(kCaseType, "c-1")->rev}, kT0 + 1000).ok);
    settle({&a, &b}, server, kT0 + 1000);
    CHECK(b.sync.refused().empty());
    CHECK(server.docs.at("case:c-1")["history"].size() == 2);
    CHECK(a.s.records.history(kCaseType, "c-1").size() == 2);
}

TEST_CASE("team: a change the sender's role may not relay is refused and listed; it goes up when an agent who may starts syncing the desk") {
    FakeCouch server;
    // The validation's role rule, as far as this test needs it: 1001 (an agent) relays no change of 2001's (a lead).
    server.refuse = [](const json& d) {
        for (const json& h : d["history"])
            if (h["by"]["agent_id"] == "2001" && h.contains("via") && h["via"]["agent_id"] == "1001") return std::string("only a team lead may make this change");
        return std::string();
    };
    Station a("A", "2001", "赵组长");
    TeamSync::Options o{"A", 50, 25'000, 1'000, 60'000};
    o.agent = "1001", o.agent_name = "张敏";
    a.sync = TeamSync(o);
    REQUIRE(a.run(intake("c-9"), kT0).ok);  // the lead's, made offline; 张敏 signed in since
    a.sync.start(kT0);
    settle({&a}, server, kT0);
    REQUIRE(a.sync.refused().size() == 1);
    CHECK(a.sync.refused()[0].second == "only a team lead may make this change");
    CHECK(server.docs.count("case:c-9") == 0);
    CHECK(a.s.records.history(kCaseType, "c-9")[0].via.agent_id.empty());  // nothing taken on here
    o.agent = "2001", o.agent_name = "赵组长";  // the lead signs in at the desk
    a.sync = TeamSync(o, a.sync.ledger());
    a.sync.start(kT0 + 60'000);
    settle({&a}, server, kT0 + 60'000);
    CHECK(a.sync.refused().empty());
    REQUIRE(server.docs.count("case:c-9") == 1);
    CHECK_FALSE(server.docs.at("case:c-9")["history"][0].contains("via"));  // hers, sent by her
}

TEST_CASE("team: with nobody signed in to the team a desk pulls but pushes nothing; its changes wait (held) and go up with the next "
          "agent's session, relayed") {
    FakeCouch server;
    size_t bulk_docs = 0;
    server.on_request = [&](const HttpRequest& r) { bulk_docs += r.path == "_bulk_docs"; };
    Station b("B", "3001", "王芳");
    b.sync.start(kT0);
    Station a("A", "2001", "李强");
    a.sync = TeamSync(TeamSync::Options{"A", 50, 25'000, 1'000, 60'000});  // nobody signed in to the team here
    a.sync.start(kT0);
    REQUIRE(b.run(intake("c-b"), kT0).ok);
    settle({&a, &b}, server, kT0);
    CHECK(a.s.records.find(kCaseType, "c-b") != nullptr);  // the pull goes on
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);
    REQUIRE(a.run(intake("c-1"), kT0 + 1000).ok);  // 李强, at the desk, not signed in to the team
    REQUIRE(a.run(intake("c-2"), kT0 + 1000).ok);
    const size_t before = bulk_docs;
    settle({&a, &b}, server, kT0 + 1000);
    a.sync.now(a.s.records, kT0 + 2000);  // 立即同步 changes nothing about it
    settle({&a, &b}, server, kT0 + 2000);
    catch_up({&a, &b}, server, kT0 + 2000, kT0 + 120'000);
    CHECK(bulk_docs == before);
    CHECK(server.docs.count("case:c-1") == 0);
    CHECK(a.sync.pending_count(a.s.records) == 2);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Held);
    CHECK(std::string(name_of(TeamSync::Phase::Held)) == "held");
    CHECK(a.sync.refused().empty());
    // 张敏 signs in to the team at that desk: 李强's cases go up with her session, saying so.
    a.sync = TeamSync(signed_in({"A", 50, 25'000, 1'000, 60'000}, "1001", "张敏"), a.sync.ledger());
    a.sync.start(kT0 + 130'000);
    settle({&a, &b}, server, kT0 + 130'000);
    CHECK(bulk_docs == before + 1);
    REQUIRE(server.docs.count("case:c-1") == 1);
    CHECK(server.docs.at("case:c-1")["history"][0]["by"]["agent_id"] == "2001");
    CHECK(server.docs.at("case:c-1")["history"][0]["via"]["agent_id"] == "1001");
    CHECK(b.s.records.find(kCaseType, "c-2") != nullptr);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);
}

TEST_CASE("team: a history entry's `via` survives the journal, the export and the import") {
    RecordStore s;
    REQUIRE(s.create("case", "c-1", {{"status", "open"}}, {{"2001", "李强"}, kT0}).ok);
    std::vector<HistoryEntry> h = s.history("case", "c-1");
    REQUIRE(relay_entries(h, Actor{"1001", "张敏"}, 0));
    CHECK_FALSE(relay_entries(h, Actor{"1001", "张敏"}, 0));  // said once
    std::vector<HistoryEntry> back;
    REQUIRE(decode_history(encode_history(h), back));
    REQUIRE(back.size() == 1);
    CHECK(back[0].via == Actor{"1001", "张敏"});
    CHECK(history_blob_ok(encode_history(h)));
    const Record r = *s.find("case", "c-1");
    const json doc = json::parse(to_team_doc(r, h, "1-a").dump());
    CHECK(doc["history"][0]["via"] == json({{"agent_id", "1001"}, {"name", "张敏"}}));
    TeamDoc read;
    std::vector<FieldIssue> issues;
    REQUIRE(from_team_doc(doc, read, issues));
    std::vector<HistoryEntry> imported;
    REQUIRE(decode_history(read.history_blob, imported));
    CHECK(imported[0].via == Actor{"1001", "张敏"});
    // The export writes it (straight from the stored bytes) as the JSON form does.
    REQUIRE(s.apply_change(put_change(r, encode_history(h), kT0, {"2001", "李强"})).ok);
    const json file = json::parse(export_json(s, ExportFilter{}, ExportMeta{"0.1.0", kT0, {"1001", "张敏"}}));
    REQUIRE(file["records"].size() == 1);
    CHECK(file["records"][0] == json::parse(exchange_record(r, h).dump()));
    CHECK(file["records"][0]["history"][0]["via"]["name"] == "张敏");
    // A `via` with no agent is refused, its place named.
    json bad = doc;
    bad["history"][0]["via"] = {{"agent_id", ""}, {"name", "张敏"}};
    issues.clear();
    CHECK_FALSE(from_team_doc(bad, read, issues));
    REQUIRE_FALSE(issues.empty());
    CHECK(issues[0].path.find("history[0].via") != std::string::npos);
}

TEST_CASE("team: a hostile document in the feed is refused and listed; a pulled settings record is never taken") {
    FakeCouch server;
    json evil = {{"_id", "case:c-evil"}, {"kefu", 1}, {"type", "case"}, {"id", "c-evil"}, {"rev", "x"}};
    server.put(evil);
    Station a("A", "1001", "张敏");
    // Another desk's settings document (a hostile client could write one): never applied here.
    Record other;
    other.type = kSettingsType;
    other.id = kSettingsId;
    other.rev = 1;
    other.set_data({{"language", "en"}, {"language_chosen", true}, {"ui_scale", 1.0}, {"station_name", "evil"}, {"start", "kiosk"}});
    HistoryEntry h;
    h.rev = 1;
    server.put(json::parse(to_team_doc(other, {h}, "").dump()));
    a.sync.start(kT0);
    settle({&a}, server, kT0);
    REQUIRE(a.sync.refused_docs().size() == 1);
    CHECK(a.sync.refused_docs()[0].doc_id == "case:c-evil");
    CHECK(a.s.records.find(kCaseType, "c-evil") == nullptr);
    CHECK_FALSE(a.s.settings.kiosk_start);
    CHECK(a.s.settings.station_name != "evil");
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);
}

TEST_CASE("team: a lead settles a conflict field by field; what is not picked stays listed; a signed section is one field") {
    TwoDesks desks;
    FakeCouch& server = desks.server;
    Station &a = desks.a, &b = desks.b;
    a.online = b.online = false;
    Case ea = load(a.s, "c-1"), eb = load(b.s, "c-1");
    ea.customer.name = "王丽华";
    ea.description.text = "A 的描述";
    eb.customer.name = "王莉";
    eb.description.text = "B 的描述";
    REQUIRE(a.run(EditCase{"c-1", a.s.records.find(kCaseType, "c-1")->rev, ea}, kT0 + 1000).ok);
    REQUIRE(b.run(EditCase{"c-1", b.s.records.find(kCaseType, "c-1")->rev, eb}, kT0 + 1000).ok);
    a.online = b.online = true;
    catch_up({&a, &b}, server, kT0 + 2000, kT0 + 200'000);
    const Record* r = a.s.records.find(kCaseType, "c-1");
    std::vector<FieldConflict> list = field_conflicts(*r);
    REQUIRE(list.size() == 2);  // customer.name and description (one field: its text, signer and time together)
    std::set<std::string> paths;
    for (const FieldConflict& f : list) paths.insert(f.path);
    CHECK(paths == std::set<std::string>{"customer.name", "description"});

    // A stale revision is refused (the roles table checks that settling is a lead's).
    const auto desc = std::find_if(list.begin(), list.end(), [](const FieldConflict& f) { return f.path == "description"; });
    const bool desc_mine_is_b = desc->mine.dump().find("B 的描述") != std::string::npos;
    CHECK(apply(a.s, ResolveConflict{"case", "c-1", r->rev - 1, {{"description", false}}}, a.ctx(kT0 + 300'000)).result.error.key ==
          "error.record.conflict");
    // The lead picks A's description; the name stays listed.
    REQUIRE(a.run(ResolveConflict{"case", "c-1", r->rev, {{"description", desc_mine_is_b}}}, kT0 + 300'000).ok);
    CHECK(load(a.s, "c-1").description.text == "A 的描述");
    list = field_conflicts(*a.s.records.find(kCaseType, "c-1"));
    REQUIRE(list.size() == 1);
    CHECK(list[0].path == "customer.name");
    settle({&a, &b}, server, kT0 + 300'000);
    CHECK(load(b.s, "c-1").description.text == "A 的描述");  // settled at one desk, settled at every desk
    REQUIRE(b.run(ResolveConflict{"case", "c-1", b.s.records.find(kCaseType, "c-1")->rev, {{"customer.name", true}}}, kT0 + 310'000).ok);
    settle({&a, &b}, server, kT0 + 310'000);
    CHECK(records_in_conflict(a.s).empty());
    CHECK(records_in_conflict(b.s).empty());
    CHECK(load(a.s, "c-1").customer.name == load(b.s, "c-1").customer.name);
}

TEST_CASE("team: saving a form over a change another desk made meanwhile merges it; the same field lands in the conflict list") {
    TwoDesks desks;
    FakeCouch& server = desks.server;
    Station &a = desks.a, &b = desks.b;
    // A opens the form (revision r) and types; meanwhile B's change arrives at A.
    const uint64_t seen = a.s.records.find(kCaseType, "c-1")->rev;
    Case typing = load(a.s, "c-1");
    typing.order_no = "DD-A-1";
    typing.customer.name = "王丽（A）";
    Case eb = load(b.s, "c-1");
    eb.customer.mobile = "13900002222";
    eb.customer.name = "王丽（B）";
    REQUIRE(b.run(EditCase{"c-1", b.s.records.find(kCaseType, "c-1")->rev, eb}, kT0 + 1000).ok);
    settle({&a, &b}, server, kT0 + 1000);
    REQUIRE(a.s.records.find(kCaseType, "c-1")->rev > seen);
    // A saves with the revision it saw: not refused, merged.
    REQUIRE(a.run(EditCase{"c-1", seen, typing}, kT0 + 2000).ok);
    const Case at_a = load(a.s, "c-1");
    CHECK(at_a.order_no == "DD-A-1");                  // A's field
    CHECK(at_a.customer.mobile == "13900002222");      // B's field
    CHECK(at_a.customer.name == "王丽（A）");           // both: A's kept in the field…
    const std::vector<FieldConflict> list = field_conflicts(*a.s.records.find(kCaseType, "c-1"));
    REQUIRE(list.size() == 1);                          // …and B's in the list
    CHECK(list[0].path == "customer.name");
    CHECK(list[0].theirs == "王丽（B）");
    CHECK(list[0].mine_by.agent_id == "1001");
    CHECK(list[0].theirs_by.agent_id == "2001");
    settle({&a, &b}, server, kT0 + 3000);
    CHECK(records_in_conflict(b.s) == std::vector<std::string>{"case:c-1"});
    CHECK(load(b.s, "c-1").order_no == "DD-A-1");
}

TEST_CASE("team: a template used at two desks offline is never a conflict; each desk counts in its own shard, everyone sees the sum") {
    FakeCouch server;
    Station a("A", "1001", "张敏"), b("B", "2001", "李强");
    ReplyTemplate t;
    t.id = "tpl-team";
    t.title = "问候";
    t.body = "您好，很高兴为您服务。";
    REQUIRE(apply(a.s, SaveTemplate{t, 0}, a.ctx(kT0)).ok());
    REQUIRE(apply(a.s, UseTemplate{"tpl-team"}, a.ctx(kT0)).ok());  // before the template's first sync: still a shard
    Article art;
    art.id = "f-team";
    art.question = "如何重置密码？";
    art.answer = "在登录页点击“忘记密码”。";
    art.category = "账户";
    REQUIRE(apply(a.s, SaveArticle{art, 0}, a.ctx(kT0)).ok());
    a.sync.start(kT0);
    b.sync.start(kT0);
    settle({&a, &b}, server, kT0);
    REQUIRE(b.s.records.find(kTemplateType, "tpl-team") != nullptr);
    a.online = b.online = false;
    for (int i = 0; i < 3; ++i) {
        REQUIRE(a.run(UseTemplate{"tpl-team"}, kT0 + 1000 + i).ok);
        REQUIRE(b.run(UseTemplate{"tpl-team"}, kT0 + 2000 + i).ok);
    }
    REQUIRE(b.run(RateArticle{"f-team", true}, kT0 + 3000).ok);
    REQUIRE(a.run(RateArticle{"f-team", false}, kT0 + 3000).ok);
    REQUIRE(a.run(RateArticle{"f-team", true}, kT0 + 3001).ok);
    a.online = b.online = true;
    catch_up({&a, &b}, server, kT0 + 5000, kT0 + 200'000);
    CHECK(template_stats(a.s, "tpl-team").uses == 7);
    CHECK(template_stats(b.s, "tpl-team").uses == 7);
    CHECK(template_stats(b.s, "tpl-team").last_used_ms == kT0 + 2002);
    CHECK(article_stats(b.s, "f-team").helpful == 2);
    CHECK(article_stats(b.s, "f-team").not_helpful == 1);
    CHECK(article_stats(a.s, "f-team").helpful == 2);
    CHECK(records_in_conflict(a.s).empty());
    CHECK(records_in_conflict(b.s).empty());
    // Each desk wrote only its own shard; a shard keeps its last history entry only.
    CHECK(server.docs.count("template_stats:tpl-team:A") == 1);
    CHECK(server.docs.count("template_stats:tpl-team:B") == 1);
    CHECK(server.docs.count("template_stats:tpl-team") == 0);
    CHECK(a.s.records.history(kTemplateStatsType, "tpl-team:A").size() == 1);
    CHECK(a.s.records.history(kTemplateStatsType, "tpl-team:B").size() == 1);
    CHECK(a.s.records.find(kTemplateStatsType, "tpl-team:B")->rev == 3);
    CHECK(a.sync.pending_count(a.s.records) == 0);
}

TEST_CASE("team: a database that went back in time (restored from a backup, or made again) gets again what it lost; nothing is doubled") {
    FakeCouch server;
    Station a{"A", "1001", "张敏"}, b{"B", "2001", "李强"};
    a.sync.start(kT0);
    b.sync.start(kT0);
    REQUIRE(a.run(intake("c-1"), kT0).ok);
    REQUIRE(a.run(intake("c-2"), kT0).ok);
    settle({&a, &b}, server, kT0);
    const FakeCouch backup = server;  // the administrator's nightly copy
    REQUIRE(a.run(intake("c-3"), kT0 + 1000).ok);
    Case c1 = load(a.s, "c-1");
    c1.acceptance.text = "已核实客户身份。";
    REQUIRE(a.run(EditCase{"c-1", a.s.records.find(kCaseType, "c-1")->rev, c1}, kT0 + 2000).ok);
    settle({&a, &b}, server, kT0 + 2000);
    CHECK(a.sync.ledger().seq() == server.locals["_local/kefu-A"]["last_seq"].get<std::string>());
    const std::string ledger_text = a.sync.ledger().to_text();  // what A keeps on disk

    // The disk fails; the server comes back from the backup. A reopens with its ledger.
    server = backup;
    REQUIRE(server.docs.count("case:c-3") == 0);
    a.sync = TeamSync(signed_in({"A", 50, 25'000, 1'000, 60'000}, "1001", "张敏"), SyncLedger::from_text(ledger_text));
    a.sync.start(kT0 + 3000);
    settle({&a}, server, kT0 + 3000);
    CHECK(server.revs_diffs >= 1);
    CHECK(a.sync.forgotten_total() == 2);  // c-3 (never there) and c-1 (there at an older revision)
    CHECK(server.docs.count("case:c-3") == 1);
    CHECK(server.docs["case:c-1"]["data"]["acceptance"]["text"] == "已核实客户身份。");
    CHECK(a.sync.pending_count(a.s.records) == 0);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);

    // Deleted and made again: no checkpoint at all. Everything goes up once, nothing twice.
    server = FakeCouch{};
    a.sync = TeamSync(signed_in({"A", 50, 25'000, 1'000, 60'000}, "1001", "张敏"), SyncLedger::from_text(a.sync.ledger().to_text()));
    a.sync.start(kT0 + 4000);
    settle({&a}, server, kT0 + 4000);
    for (const char* id : {"case:c-1", "case:c-2", "case:c-3"}) CHECK(server.docs.count(id) == 1);
    CHECK(server.docs["case:c-1"]["_rev"].get<std::string>().rfind("1-", 0) == 0);  // written once
    CHECK(a.sync.pending_count(a.s.records) == 0);

    // A station whose checkpoint is simply where it was checks nothing.
    const size_t asked = server.revs_diffs;
    a.sync = TeamSync(signed_in({"A", 50, 25'000, 1'000, 60'000}, "1001", "张敏"), SyncLedger::from_text(a.sync.ledger().to_text()));
    a.sync.start(kT0 + 5000);
    settle({&a}, server, kT0 + 5000);
    CHECK(server.revs_diffs == asked);
    CHECK(a.sync.forgotten_total() == 0);

    CHECK(seq_before("9", "10"));
    CHECK(seq_before("12-g1AAAA", "13-g1AAAB"));
    CHECK_FALSE(seq_before("13-g1AAAA", "12-g1AAAB"));
    CHECK_FALSE(seq_before("g1AAAA", "12"));  // not comparable: not a rewind
    CHECK_FALSE(seq_before("12", ""));
}

TEST_CASE("team: a station left open notices the database went back in time when its feed breaks, and sends up again what it lost") {
    FakeCouch server;
    Station a{"A", "1001", "张敏"}, b{"B", "2001", "李强"};
    a.sync.start(kT0);
    b.sync.start(kT0);
    REQUIRE(a.run(intake("c-1"), kT0).ok);
    REQUIRE(a.run(intake("c-2"), kT0).ok);
    settle({&a, &b}, server, kT0);
    const FakeCouch backup = server;
    REQUIRE(a.run(intake("c-3"), kT0 + 1000).ok);
    settle({&a, &b}, server, kT0 + 1000);
    REQUIRE(server.docs.count("case:c-3") == 1);
    REQUIRE(a.sync.pull().state() == PullReplicator::State::Live);

    // The server is stopped and comes back from last night's backup: every open long poll ends
    // without an answer. Nobody reloads the page.
    auto drop_feeds = [&](Station& st, int64_t now, int status = 0) {
        for (HttpRequest& r : std::exchange(st.live, {})) st.sync.on_response(HttpResponse{r.id, status, ""}, st.s.records, now);
    };
    server = backup;
    drop_feeds(a, kT0 + 2000);
    drop_feeds(b, kT0 + 2000);
    catch_up({&a, &b}, server, kT0 + 2000, kT0 + 200'000);  // the first retry after 60 s
    CHECK(a.sync.forgotten_total() == 1);  // c-3, which the backup never had
    CHECK(server.docs.count("case:c-3") == 1);
    CHECK(server.docs["case:c-3"]["_rev"].get<std::string>().rfind("1-", 0) == 0);  // once, not twice
    CHECK(b.s.records.find(kCaseType, "c-3") != nullptr);
    CHECK(a.sync.pending_count(a.s.records) == 0);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);
    CHECK(a.sync.ledger().seq() == server.locals["_local/kefu-A"]["last_seq"].get<std::string>());

    // The database deleted and made again: both desks send up what they hold, once.
    server = FakeCouch{};
    drop_feeds(a, kT0 + 300'000);
    drop_feeds(b, kT0 + 300'000);
    catch_up({&a, &b}, server, kT0 + 300'000, kT0 + 500'000);
    for (const char* id : {"case:c-1", "case:c-2", "case:c-3"}) {
        CHECK(server.docs.count(id) == 1);
        CHECK(server.docs[id]["_rev"].get<std::string>().rfind("1-", 0) == 0);
    }
    CHECK(a.sync.pending_count(a.s.records) == 0);
    CHECK(b.sync.pending_count(b.s.records) == 0);

    // A feed that merely broke (the server is the same) reads the checkpoint and goes on:
    // no _revs_diff check, nothing forgotten.
    const size_t asked = server.revs_diffs;
    const uint64_t forgotten = a.sync.forgotten_total();
    drop_feeds(a, kT0 + 600'000);
    catch_up({&a}, server, kT0 + 600'000, kT0 + 800'000);
    CHECK(server.revs_diffs == asked);
    CHECK(a.sync.forgotten_total() == forgotten);
    CHECK(a.sync.pull().state() == PullReplicator::State::Live);

    // The feed reaching its own time limit (a quiet minute: pouchdb-server never ends a long
    // poll) is no failure: never 离线, the checkpoint is read and the feed goes on at once.
    const size_t gets = server.requests;
    drop_feeds(a, kT0 + 800'000 + kLiveFeedTimeoutMs, kStatusTimedOut);
    CHECK(a.sync.phase(a.s.records) != TeamSync::Phase::Offline);
    CHECK(a.sync.pull().state() == PullReplicator::State::ReadingCheckpoint);
    settle({&a}, server, kT0 + 800'000 + kLiveFeedTimeoutMs);
    CHECK(a.sync.pull().state() == PullReplicator::State::Live);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);
    CHECK(server.requests - gets <= 3);  // the checkpoint, a page of changes
    CHECK(server.revs_diffs == asked);
    // A feed that failed after as long (no answer, not the platform's time limit) is a
    // failure: the station waits before it asks again.
    drop_feeds(a, kT0 + 900'000 + kLiveFeedTimeoutMs);
    CHECK(a.sync.pull().state() == PullReplicator::State::Waiting);
    settle({&a}, server, kT0 + 900'000 + kLiveFeedTimeoutMs);
    CHECK(a.sync.pull().state() == PullReplicator::State::Waiting);
    catch_up({&a}, server, kT0 + 900'000 + kLiveFeedTimeoutMs, kT0 + 1'030'000);  // the retry: 60 s here
    CHECK(a.sync.pull().state() == PullReplicator::State::Live);

    // 立即同步 asks at once: a database made again is noticed without waiting for the feed.
    server = FakeCouch{};
    a.sync.now(a.s.records, kT0 + 1'100'000);
    settle({&a}, server, kT0 + 1'100'000);
    CHECK(server.docs.count("case:c-3") == 1);
    CHECK(a.sync.forgotten_total() > forgotten);
    CHECK(a.sync.phase(a.s.records) == TeamSync::Phase::Synced);
}

TEST_CASE("team: before joining, the preview says record by record what joining does to the records here") {
    FakeCouch server;
    Station a{"A", "1001", "张敏"}, b{"B", "2001", "李强"};
    a.sync.start(kT0);
    b.sync.start(kT0);
    for (const char* id : {"c-1", "c-2", "c-3", "c-4"}) REQUIRE(a.run(intake(id), kT0).ok);
    settle({&a, &b}, server, kT0);
    // A desk that holds the same cases (it left the team, or took an export) and worked on.
    AppState x = b.s;
    const auto edit = [](AppState& s, const std::string& id, void (*change)(Case&), int64_t at, Actor who) {
        Case c = load(s, id);
        change(c);
        REQUIRE(apply(s, EditCase{id, s.records.find(kCaseType, id)->rev, c}, {who, at}).ok());
    };
    const Actor ax{"1001", "张敏"}, xx{"3001", "赵军"};
    edit(a.s, "c-1", [](Case& c) { c.acceptance.text = "团队：已受理。"; }, kT0 + 100, ax);
    edit(a.s, "c-3", [](Case& c) { c.description.text = "团队补充了描述。"; }, kT0 + 100, ax);
    edit(a.s, "c-4", [](Case& c) { c.acceptance.text = "团队这样写。"; }, kT0 + 100, ax);
    a.sync.changed(a.s.records, kT0 + 100);
    settle({&a}, server, kT0 + 100);
    edit(x, "c-2", [](Case& c) { c.acceptance.text = "本站：已受理。"; }, kT0 + 200, xx);
    edit(x, "c-3", [](Case& c) { c.acceptance.text = "本站补充了受理。"; }, kT0 + 200, xx);
    edit(x, "c-4", [](Case& c) { c.acceptance.text = "本站那样写。"; }, kT0 + 200, xx);
    REQUIRE(apply(x, intake("c-5"), {xx, kT0 + 300}).ok());

    std::vector<std::string> ids;
    for (const std::string& type : x.records.types())
        if (team_replicates(type)) x.records.for_each(type, [&](const Record& r) { ids.push_back(team_doc_id(r.type, r.id)); });
    JoinPreview preview({"/team/db", "admin", "pw", kT0 + 400}, ids);
    for (int guard = 0; guard < 10 && !preview.done() && !preview.failed(); ++guard)
        for (const HttpRequest& r : preview.take_requests()) {
            CHECK(r.user == "admin");  // asked as the administrator: the station has no account yet
            preview.on_response(server.answer(r), x);
        }
    REQUIRE(preview.done());
    const auto outcome = [&](const std::string& id) {
        for (const JoinPreview::Item& i : preview.items())
            if (i.doc_id == "case:" + id) return i.outcome;
        return JoinPreview::Outcome::Upload;
    };
    CHECK(outcome("c-1") == JoinPreview::Outcome::TeamNewer);
    CHECK(outcome("c-2") == JoinPreview::Outcome::OursNewer);
    CHECK(outcome("c-3") == JoinPreview::Outcome::Merge);
    CHECK(outcome("c-4") == JoinPreview::Outcome::Merge);
    CHECK(outcome("c-5") == JoinPreview::Outcome::Upload);
    for (const JoinPreview::Item& i : preview.items()) {  // c-4's acceptance was written differently at both desks
        CAPTURE(i.doc_id);
        CHECK((i.conflicts > 0) == (i.doc_id == "case:c-4"));
    }
    CHECK(preview.conflict_fields() >= 1);
    CHECK(preview.count(JoinPreview::Outcome::Merge) == 2);
    CHECK(preview.count(JoinPreview::Outcome::Upload) + preview.items().size() == ids.size());
    CHECK(preview.asked() == ids.size());
    // Nothing was written, here or there.
    CHECK(load(x, "c-4").acceptance.text == "本站那样写。");
    CHECK(server.docs.count("case:c-5") == 0);

    // The wrong password: said plainly, nothing else.
    JoinPreview wrong({"/team/db", "admin", "nope", kT0}, ids);
    for (const HttpRequest& r : wrong.take_requests()) wrong.on_response({r.id, 401, R"({"error":"unauthorized"})"}, x);
    CHECK(wrong.failed());
    CHECK(wrong.error().key == "team.err.credentials");
}

TEST_CASE("team: a kiosk writes its requests and survey answers to its drop-box, reads nothing, and keeps what was set up at it") {
    FakeCouch dropbox;
    std::vector<std::string> paths;
    dropbox.on_request = [&](const HttpRequest& r) { paths.push_back(r.path); };
    Station k("K", "9000", "王管理");
    TeamSync::Options o{"K", 50, 25'000, 1'000, 60'000};
    o.agent = kKioskActor, o.agent_name = "自助终端", o.kiosk = true;
    k.sync = TeamSync(o);
    REQUIRE(k.run(JoinTeam{"/team/kiosk/k", "kefu-kiosk-k-abc123", "K", 0, true}, kT0).ok);
    CHECK(k.s.settings.team_kiosk);
    // The administrator set up an article at the kiosk (its screen shows it): it stays here.
    Article art;
    art.id = "a-kiosk";
    art.question = "营业时间？";
    art.answer = "每天 9:00–18:00。";
    art.category = "门店";
    art.status = ArticleStatus::Published;
    REQUIRE(k.run(SaveArticle{art, 0}, kT0).ok);
    k.sync.start(kT0);
    // A visitor leaves a request on the 留言反馈 screen.
    k.agent_id = kKioskActor, k.agent_name = "自助终端";
    CreateCase req = intake("c-kiosk");
    req.channel = CaseChannel::Kiosk;
    REQUIRE(k.run(req, kT0 + 1000).ok);
    settle({&k}, dropbox, kT0 + 1000);
    REQUIRE(dropbox.docs.count("case:c-kiosk") == 1);
    CHECK(dropbox.docs.at("case:c-kiosk")["history"][0]["by"]["agent_id"] == kKioskActor);
    CHECK_FALSE(dropbox.docs.at("case:c-kiosk")["history"][0].contains("via"));
    CHECK(dropbox.docs.count("article:a-kiosk") == 0);
    CHECK(dropbox.docs.size() == 1);  // nor the settings, the agents, the access log
    CHECK(std::none_of(paths.begin(), paths.end(), [](const std::string& p) { return p.rfind("_changes", 0) == 0 || p.rfind("_local", 0) == 0; }));
    CHECK(k.sync.pending_count(k.s.records) == 0);
    CHECK(k.sync.phase(k.s.records) == TeamSync::Phase::Synced);
    CHECK(k.s.cases.find("c-kiosk")->form_no.find("-K-") != std::string::npos);

    // Joining: the drop-box's design document says the kiosk's code.
    KioskJoin join({"/team/kiosk/k", "kefu-kiosk-k-abc123", "pw"});
    std::vector<HttpRequest> out = join.take_requests();
    REQUIRE(out.size() == 1);
    CHECK(out[0].path == "_design/kefu");
    CHECK(out[0].user == "kefu-kiosk-k-abc123");
    join.on_response({out[0].id, 200, R"({"_id":"_design/kefu","kefu":{"roles":{},"kiosk":{"code":"K","name":"大厅"}}})"});
    REQUIRE(join.done());
    CHECK(join.station_code() == "K");
    KioskJoin wrong({"/team/kiosk/k", "kefu-kiosk-k-abc123", "bad"});
    out = wrong.take_requests();
    wrong.on_response({out[0].id, 401, R"({"error":"unauthorized"})"});
    CHECK(wrong.error().key == "team.err.credentials");
    KioskJoin team_db({"/team/db", "kefu-kiosk-k-abc123", "pw"});
    out = team_db.take_requests();
    team_db.on_response({out[0].id, 200, R"({"_id":"_design/kefu","kefu":{"roles":{}}})"});
    CHECK(team_db.error().key == "team.kiosk.not_dropbox");
}
