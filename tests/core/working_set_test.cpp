// The working set (working_set.hpp): the rule, the `_selector` CouchDB gets saying the same,
// and the pull reading the filtered feed (fake_couch.hpp plays both kinds of server).
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "core/app_state.hpp"
#include "core/replicator.hpp"
#include "core/server_find.hpp"
#include "core/settings.hpp"
#include "core/team.hpp"
#include "core/team_sync.hpp"
#include "core/working_set.hpp"
#include "tests/core/fake_couch.hpp"

using namespace kefu;
using kefu::test::FakeCouch;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kNow = 1'796'000'000'000 + 5 * 3'600'000;  // 2026-11-29 in the morning (stated, never the clock)

Record record(const std::string& type, const std::string& id, int64_t updated_at, const std::string& status = "") {
    Record r;
    r.type = type;
    r.id = id;
    r.rev = 1;
    r.created_at_ms = updated_at;
    r.updated_at_ms = updated_at;
    r.created_by = r.updated_by = {"1001", "张敏"};
    json d = {{"note", "来电"}};
    if (!status.empty()) d["status"] = status;
    r.set_data(d);
    return r;
}

json doc_of(const Record& r) {
    std::vector<HistoryEntry> history;
    for (uint64_t n = 1; n <= r.rev; ++n) {
        HistoryEntry h;
        h.rev = n;
        h.at_ms = n == r.rev ? r.updated_at_ms : r.created_at_ms;
        h.by = r.updated_by;
        history.push_back(h);
    }
    return json::parse(to_team_doc(r, history, "").dump());
}

// The design document as scripts/team_server.py writes it for pouchdb-server (the filter's
// JavaScript itself is exercised against the real server in tests/e2e/team_working_set).
json design(const char* how) {
    return {{"_id", "_design/kefu"}, {"kefu", {{"working_set", how}}}, {"filters", {{"working_set", "function (doc, req) {…}"}}}};
}

// The fake's design-document filter: what the JavaScript filter decides, read as the station reads a document.
bool design_filter(const json& doc, const std::string& after) {
    TeamDoc d;
    std::vector<FieldIssue> issues;
    if (!from_team_doc(doc, d, issues)) return true;  // not a record: the filter lets it through, the station skips it
    return in_working_set(d.record, std::stoll(after));
}

// Runs the pull until only the live feed is left (kept in `live`); every page durable at once.
std::set<std::string> pull_all(PullReplicator& rep, FakeCouch& server, int64_t now, std::vector<HttpRequest>* live = nullptr) {
    std::set<std::string> got;
    for (int guard = 0; guard < 200; ++guard) {
        bool answered = false;
        for (const HttpRequest& r : rep.take_requests()) {
            if (r.live) {
                if (live) live->push_back(r);
                continue;
            }
            answered = true;
            rep.on_response(server.answer(r), now);
        }
        for (const TeamDoc& d : rep.take_pulled()) got.insert(d.record.id);
        rep.durable(now);
        if (!answered) break;
    }
    return got;
}

// A team database: old and recent, open and closed cases, calls, an agent and a template.
void fill(FakeCouch& server) {
    server.put(doc_of(record("case", "old-closed", kNow - 200 * kDay, "closed")));
    server.put(doc_of(record("case", "old-open", kNow - 200 * kDay, "forwarded")));
    server.put(doc_of(record("case", "recent-closed", kNow - 5 * kDay, "closed")));
    server.put(doc_of(record("case", "sixty-days", kNow - 60 * kDay, "closed")));
    server.put(doc_of(record("contact", "old-call", kNow - 200 * kDay)));
    server.put(doc_of(record("contact", "new-call", kNow - kDay)));
    server.put(doc_of(record("agent", "1001", kNow - 900 * kDay)));
    server.put(doc_of(record("template", "tpl-1", kNow - 400 * kDay)));
}

// fill()'s database on a server prepared with the working set's filter of kind `how`.
FakeCouch prepared(const char* how) {
    FakeCouch server;
    fill(server);
    server.put(design(how));
    if (std::string(how) == "design") server.design_filter = design_filter;
    return server;
}

PullReplicator::Options options(int days) {
    PullReplicator::Options o;
    o.station = "B";
    o.page = 3;
    o.keep_days = days;
    return o;
}


}  // namespace

TEST_CASE("working set: configuration always; dated records while recent; cases while open") {
    const int64_t cutoff = working_set_cutoff_ms(kNow, 30);
    CHECK(cutoff % kDay == 0);  // a whole UTC day: every request of the day asks the same
    CHECK(cutoff <= kNow - 30 * kDay);
    CHECK(cutoff > kNow - 31 * kDay);
    CHECK(in_working_set(record("agent", "1001", 0), cutoff));
    CHECK(in_working_set(record("faq", "a-1", 0), cutoff));
    CHECK(in_working_set(record("template_stats", "t:A", 0), cutoff));
    CHECK(in_working_set(record("case", "c", cutoff, "closed"), cutoff));
    CHECK_FALSE(in_working_set(record("case", "c", cutoff - 1, "closed"), cutoff));
    CHECK(in_working_set(record("case", "c", cutoff - 1, "recorded"), cutoff));
    CHECK(in_working_set(record("case", "c", 0, "reopened"), cutoff));
    CHECK_FALSE(in_working_set(record("case", "c", 0, ""), cutoff));  // as Mango reads it: no status, no match
    CHECK_FALSE(in_working_set(record("contact", "k", cutoff - 1), cutoff));
    CHECK_FALSE(in_working_set(record("callback", "k", cutoff - 1, "recorded"), cutoff));  // only cases are "open"
    CHECK(in_working_set(record("survey_response", "k", cutoff + 1), cutoff));

    CHECK(valid_working_set_days(0));
    CHECK(valid_working_set_days(30));
    CHECK_FALSE(valid_working_set_days(3));
    CHECK_FALSE(valid_working_set_days(-1));
    CHECK_FALSE(valid_working_set_days(kMaxWorkingSetDays + 1));
    CHECK(working_set_wider(90, 30));
    CHECK(working_set_wider(0, 30));
    CHECK_FALSE(working_set_wider(30, 90));
    CHECK_FALSE(working_set_wider(30, 0));
    CHECK_FALSE(working_set_wider(30, 30));
}

TEST_CASE("working set: the _selector CouchDB gets says exactly what in_working_set says") {
    const char* types[] = {"case", "contact", "callback", "survey_response", "access", "work_log", "script_run",
                           "agent", "config", "faq", "template", "survey", "faq_stats"};
    const char* statuses[] = {"", "recorded", "forwarded", "closed", "reopened", "reviewed"};
    std::mt19937 rng(20261206);
    const int64_t cutoff = working_set_cutoff_ms(kNow, 30);
    const json selector = json::parse(working_set_selector(cutoff)).at("selector");
    int in = 0, out = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::string type = types[rng() % std::size(types)];
        const int64_t at = cutoff + (static_cast<int64_t>(rng() % 4001) - 2000) * 3'600'000;
        const Record r = record(type, "r-" + std::to_string(i), at, statuses[rng() % std::size(statuses)]);
        CAPTURE(type);
        CAPTURE(at - cutoff);
        const bool want = in_working_set(r, cutoff);
        CHECK(FakeCouch::mango(selector, doc_of(r)) == want);
        (want ? in : out)++;
    }
    CHECK(in > 200);  // both sides of the rule were tried
    CHECK(out > 200);
}

TEST_CASE("working set: the pull learns the server's filter from the design document and reads only the working set") {
    const std::set<std::string> wanted = {"old-open", "recent-closed", "new-call", "1001", "tpl-1"};
    SUBCASE("pouchdb-server: the design document's filter") {
        FakeCouch server = prepared("design");
        PullReplicator rep(options(30));
        rep.start(kNow, /*fresh=*/true);
        CHECK(pull_all(rep, server, kNow) == wanted);  // no bootstrap: _all_docs cannot filter
        CHECK(server.all_docs == 0);
        CHECK(server.last_changes_method == "GET");
        CHECK(rep.server_filter() == ServerFilter::Design);
        CHECK(server.locals["_local/kefu-B"]["working_set_days"] == 30);
    }
    SUBCASE("Apache CouchDB: a _selector") {
        FakeCouch server = prepared("selector");
        PullReplicator rep(options(30));
        rep.start(kNow, true);
        CHECK(pull_all(rep, server, kNow) == wanted);
        CHECK(server.last_changes_method == "POST");
        CHECK(rep.server_filter() == ServerFilter::Selector);
        CHECK_FALSE(rep.working_set_unsupported());
    }
    SUBCASE("a server prepared before working sets: everything, and the station says so") {
        FakeCouch server;
        fill(server);
        PullReplicator rep(options(30));
        rep.start(kNow, true);
        CHECK(pull_all(rep, server, kNow).size() == 8);
        CHECK(rep.working_set_unsupported());
        CHECK(rep.working_set_days() == kKeepEverything);
        CHECK_FALSE(server.locals["_local/kefu-B"].contains("working_set_days"));
    }
    SUBCASE("a station keeping everything never reads the design document") {
        FakeCouch server = prepared("design");
        PullReplicator rep(options(kKeepEverything));
        rep.start(kNow, true);
        CHECK(pull_all(rep, server, kNow).size() == 8);
        CHECK(server.all_docs > 0);  // it bootstraps
        CHECK_FALSE(rep.working_set_unsupported());
    }
}

TEST_CASE("working set: a wider set reads the feed again from the start; a narrower one keeps the checkpoint") {
    FakeCouch server = prepared("design");
    {
        PullReplicator rep(options(30));
        rep.start(kNow, true);
        CHECK(pull_all(rep, server, kNow).size() == 5);
    }
    {
        PullReplicator rep(options(90));  // the lead widened it: the 60-day-old case arrives now
        rep.start(kNow, false);
        const std::set<std::string> got = pull_all(rep, server, kNow);
        CHECK(got.count("sixty-days") == 1);
        CHECK(got.count("old-closed") == 0);
        CHECK(server.locals["_local/kefu-B"]["working_set_days"] == 90);
    }
    {
        PullReplicator rep(options(30));  // narrower again: nothing is read twice
        rep.start(kNow, false);
        CHECK(pull_all(rep, server, kNow).empty());
    }
    {
        PullReplicator rep(options(kKeepEverything));  // everything: the rest arrives
        rep.start(kNow, false);
        const std::set<std::string> got = pull_all(rep, server, kNow);
        CHECK(got.count("old-closed") == 1);
        CHECK(got.count("old-call") == 1);
    }
    // Time passes: the cutoff moves on, the live feed still brings a change to an old case
    // (a change makes it recent).
    PullReplicator rep(options(30));
    rep.start(kNow + 40 * kDay, false);
    std::vector<HttpRequest> live;
    pull_all(rep, server, kNow + 40 * kDay, &live);
    REQUIRE(live.size() == 1);
    CHECK(live[0].path.find("filter=kefu/working_set&after=" + std::to_string(working_set_cutoff_ms(kNow + 40 * kDay, 30))) != std::string::npos);
    Record reopened = record("case", "old-closed", kNow + 40 * kDay, "reopened");
    reopened.rev = 2;
    reopened.created_at_ms = kNow - 200 * kDay;
    json d = doc_of(reopened);
    d["_rev"] = server.docs["case:old-closed"]["_rev"];
    server.put(d);
    std::set<std::string> got;
    rep.on_response(server.answer(live[0]), kNow + 40 * kDay);  // the long poll answers
    for (int i = 0; i < 5; ++i) {
        for (const TeamDoc& t : rep.take_pulled()) got.insert(t.record.id);
        rep.durable(kNow + 40 * kDay);
        for (const HttpRequest& r : rep.take_requests()) rep.on_response(server.answer(r), kNow + 40 * kDay);
    }
    CHECK(got.count("old-closed") == 1);
    CHECK(rep.take_refused().empty());
}

TEST_CASE("working set: a station setting, set when joining or later by an administrator") {
    AppState s;
    const CommandContext ctx{{"1001", "张敏"}, kNow};
    CHECK(apply(s, SetTeamWorkingSet{30}, ctx).result.error.key == "team.err.not_in_team");
    CHECK(apply(s, JoinTeam{"/team/db", "kefu-station-b", "B", 3}, ctx).result.error.key == "team.err.keep_days");
    REQUIRE(apply(s, JoinTeam{"/team/db", "kefu-station-b", "B", 30}, ctx).ok());
    CHECK(s.settings.team_keep_days == 30);
    REQUIRE(apply(s, SetTeamWorkingSet{90}, ctx).ok());
    CHECK(s.settings.team_keep_days == 90);
    CHECK(apply(s, SetTeamWorkingSet{5000}, ctx).result.error.key == "team.err.keep_days");
    // It lives in the station's settings record: a reload reads it back.
    CHECK(settings_from_records(s.records, Settings{}).team_keep_days == 90);
    REQUIRE(apply(s, SetTeamWorkingSet{kKeepEverything}, ctx).ok());
    CHECK(settings_from_records(s.records, Settings{}).team_keep_days == 0);
    REQUIRE(apply(s, SetTeamWorkingSet{30}, ctx).ok());
    REQUIRE(apply(s, LeaveTeam{}, ctx).ok());
    CHECK(s.settings.team_keep_days == 0);
}

TEST_CASE("finding older cases on the server: one indexed query per kind of text; answers checked like any pulled document") {
    // A phone: mobile and telephone, each with the ways people write the number.
    std::vector<std::string> bodies = server_find_bodies(" 13800001111 ");
    REQUIRE(bodies.size() == 2);
    json q = json::parse(bodies[0]);
    CHECK(q["selector"]["data.customer.mobile"]["$in"] == json::array({"13800001111", "138 0000 1111", "138-0000-1111"}));
    CHECK(q["limit"] == kServerFindLimit);
    CHECK(json::parse(bodies[1])["selector"].contains("data.customer.telephone"));
    q = json::parse(server_find_bodies("138 0000 1111")[0]);
    CHECK(q["selector"]["data.customer.mobile"]["$in"][0] == "138 0000 1111");
    CHECK(q["selector"]["data.customer.mobile"]["$in"][1] == "13800001111");
    // A form number, as typed and in capitals.
    bodies = server_find_bodies("kf-20260312-a-0007");
    REQUIRE(bodies.size() == 1);
    CHECK(json::parse(bodies[0])["selector"]["data.form_no"]["$in"] == json::array({"kf-20260312-a-0007", "KF-20260312-A-0007"}));
    // A name: from its first characters (the index's range).
    bodies = server_find_bodies("刘");
    REQUIRE(bodies.size() == 1);
    q = json::parse(bodies[0])["selector"]["data.customer.name"];
    CHECK(q["$gte"] == "刘");
    CHECK(q["$lt"] == "刘\xEF\xBF\xBF");
    CHECK(server_find_bodies("   ").empty());
    CHECK(server_find_bodies("\xFF\xFE").empty());  // not UTF-8: nothing asked

    // The answers: cases kept once each, other types skipped, a hostile document refused.
    json good = doc_of(record("case", "old-1", kNow - 400 * kDay, "closed"));
    json hostile = good;
    hostile["_id"] = "case:someone-else";  // the body says old-1
    json agent = doc_of(record("agent", "1001", kNow));
    std::vector<TeamDoc> found;
    std::vector<RefusedDoc> refused;
    CHECK(read_server_find(json{{"docs", {good, hostile, agent}}}.dump(), found, refused));
    CHECK(read_server_find(json{{"docs", {good}}}.dump(), found, refused));  // the phone's second query finds it again
    REQUIRE(found.size() == 1);
    CHECK(found[0].record.id == "old-1");
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].doc_id == "case:someone-else");
    CHECK_FALSE(read_server_find(R"({"error":"not_found"})", found, refused));
    CHECK_FALSE(read_server_find("<html>", found, refused));
}

TEST_CASE("working set: a station lets go of what its working set no longer covers once the server holds it; never what waits to go up, is in conflict or is on screen") {
    FakeCouch server;
    fill(server);
    AppState s;
    const CommandContext admin{{"1001", "张敏"}, kNow};
    REQUIRE(apply(s, JoinTeam{"/team/db", "kefu-station-b", "B", kKeepEverything}, admin).ok());
    CHECK(apply(s, ReleaseRecords{{{"case", "old-closed", 1}}}, admin).result.error.key == "team.err.keeps_everything");
    // It kept everything so far (the pull below takes it all); now the administrator narrows it.
    REQUIRE(apply(s, SetTeamWorkingSet{30}, admin).ok());
    TeamSync::Options o;
    o.station = "B";
    o.page = 3;
    o.agent = "1001", o.agent_name = "张敏";  // signed in to the team (else nothing would go up anyway)
    TeamSync sync(o);
    sync.start(kNow, true);
    for (int guard = 0; guard < 100; ++guard) {  // everything pulled and applied; the live feed left open
        bool answered = false;
        for (const HttpRequest& r : sync.take_requests()) {
            if (r.live) continue;
            answered = true;
            sync.on_response(server.answer(r), s.records, kNow);
        }
        std::vector<TeamDoc> docs = sync.take_pulled();
        if (!docs.empty()) {
            REQUIRE(apply(s, ApplyPulled{docs}, admin).ok());
            sync.applied(docs, s.records, kNow);
        }
        sync.durable(kNow);
        if (!answered && docs.empty()) break;
    }
    REQUIRE(s.records.find("case", "old-closed") != nullptr);
    REQUIRE(s.cases.find("old-closed") != nullptr);
    // An old call this station holds and the server does not (it waits to go up).
    s.records.restore(record("contact", "local-only", kNow - 200 * kDay), {});
    REQUIRE(sync.pending_count(s.records) == 1);

    CHECK(sync.records_to_release(s.records, {}, kKeepEverything, kNow, "", 100).empty());
    auto ids = [](const std::vector<ReleaseRecords::Item>& items) {
        std::set<std::string> out;
        for (const auto& i : items) out.insert(i.type + ":" + i.id);
        return out;
    };
    // Not: the open old case, the recent one, the agent and the template (not dated), the call
    // in conflict, the one waiting to go up, the case on screen.
    CHECK(ids(sync.records_to_release(s.records, {"contact:old-call"}, 30, kNow, "case:sixty-days", 100)) ==
          std::set<std::string>{"case:old-closed"});
    const std::vector<ReleaseRecords::Item> items = sync.records_to_release(s.records, {}, 30, kNow, "", 100);
    CHECK(ids(items) == std::set<std::string>{"case:old-closed", "case:sixty-days", "contact:old-call"});
    CHECK(sync.records_to_release(s.records, {}, 30, kNow, "", 1).size() == 1);  // at most `limit`, oldest first

    // The command checks again: a revision that moved on, or a record back in the working set, stays.
    std::vector<ReleaseRecords::Item> asked = items;
    asked.push_back({"case", "old-open", 1});  // open: in the working set
    asked.push_back({"case", "recent-closed", 7});  // not at that revision
    const ApplyOutcome out = apply(s, ReleaseRecords{asked}, CommandContext{{"", ""}, kNow});  // no one's act
    REQUIRE(out.ok());
    REQUIRE(out.changes.size() == 3);
    CHECK(sync.released(asked, s.records) == 3);
    for (const char* gone : {"old-closed", "sixty-days"}) {
        CHECK(s.records.find_any("case", gone) == nullptr);  // no tombstone: simply not here
        CHECK(s.cases.find(gone) == nullptr);
        CHECK(server.docs.count(std::string("case:") + gone) == 1);  // the team keeps it
    }
    CHECK(s.records.find_any("contact", "old-call") == nullptr);
    CHECK(s.records.find("case", "old-open") != nullptr);
    CHECK(s.records.find("case", "recent-closed") != nullptr);
    CHECK(s.records.find("agent", "1001") != nullptr);
    CHECK(sync.ledger().find("case:old-closed") == nullptr);
    CHECK(sync.pending_count(s.records) == 1);  // letting go is never pushed (nothing deleted on the server)
    CHECK(sync.records_to_release(s.records, {}, 30, kNow, "", 100).empty());

    // Journaled and replayed like any change: a reload agrees.
    const json j = change_to_json(out.changes[0]);
    CHECK(j["op"] == "release");
    Change back;
    REQUIRE(change_from_json(j, back));
    CHECK(back.op == ChangeOp::Release);
    RecordStore other;
    other.restore(record(back.type, back.id, kNow - 200 * kDay, "closed"), {});
    REQUIRE(other.apply_change(back).ok);
    CHECK(other.find_any(back.type, back.id) == nullptr);
    CHECK_FALSE(other.apply_change(back).ok);  // not there to let go of twice

    // Found on the server again and opened: it comes back, like any pulled document.
    TeamDoc found;
    std::vector<FieldIssue> issues;
    REQUIRE(from_team_doc(server.docs["case:old-closed"], found, issues));
    REQUIRE(apply(s, ApplyPulled{{found}}, admin).ok());
    CHECK(s.cases.find("old-closed") != nullptr);
}
