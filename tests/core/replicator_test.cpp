#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/replicator.hpp"
#include "tests/core/fake_couch.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

using kefu::test::FakeCouch;

json case_doc(int i, uint64_t rev = 1) {
    Record r;
    r.type = "case";
    r.id = "c-" + std::to_string(i);
    r.rev = rev;
    r.created_at_ms = 1000 + i;
    r.updated_at_ms = 1000 + i + static_cast<int64_t>(rev) - 1;
    r.created_by = r.updated_by = {"1001", "张敏"};
    r.set_data({{"title", "来电 " + std::to_string(i) + (rev > 1 ? "（补充）" : "")}});
    std::vector<HistoryEntry> history;
    for (uint64_t n = 1; n <= rev; ++n) {
        HistoryEntry h;
        h.rev = n;
        h.at_ms = r.created_at_ms + static_cast<int64_t>(n) - 1;
        h.by = r.created_by;
        history.push_back(h);
    }
    return json::parse(to_team_doc(r, history, "").dump());
}

// Runs the replicator against the server until only the live feed is left (or it holds);
// the app's side: what was handed over is "durable" at once (or never, app_durable=false).
size_t run(PullReplicator& rep, FakeCouch& server, int64_t now = 0, bool app_durable = true) {
    size_t pulled = 0;
    for (int guard = 0; guard < 1000; ++guard) {
        bool answered = false;
        for (const HttpRequest& r : rep.take_requests()) {
            if (r.live) continue;  // the long poll would wait for a change
            answered = true;
            rep.on_response(server.answer(r), now);
        }
        pulled += rep.take_pulled().size();
        if (app_durable) rep.durable(now);
        if (!answered) break;
    }
    return pulled;
}

// One round: every request answered (long polls too: the server answers them at once), what
// was pulled taken and durable at once. Returns how many documents were pulled.
size_t step(PullReplicator& rep, FakeCouch& server) {
    for (const HttpRequest& r : rep.take_requests()) rep.on_response(server.answer(r), 0);
    const size_t n = rep.take_pulled().size();
    rep.durable(0);
    return n;
}

// The id of the n-th document in _all_docs order (1-based).
std::string rep_last_id_of_page(const FakeCouch& server, size_t n) {
    auto it = server.docs.begin();
    std::advance(it, static_cast<long>(n - 1));
    return it->first;
}

}  // namespace

TEST_CASE("pull replication: a first sync pages through the feed, checkpointing after each durable page") {
    FakeCouch server;
    for (int i = 0; i < 1234; ++i) server.put(case_doc(i));
    server.put({{"_id", "_design/kefu"}, {"views", json::object()}});  // not a record: never fetched
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000});
    rep.start(0);
    CHECK(run(rep, server) == 1234);
    CHECK(server.bulk_gets == 3);  // 500 + 500 + 234
    CHECK(rep.since() == "1235");
    CHECK(server.locals["_local/kefu-A1"]["last_seq"] == "1235");
    CHECK(rep.state() == PullReplicator::State::Live);

    // A restart resumes from the checkpoint: nothing is downloaded again.
    PullReplicator again({"A1", 500, 25'000, 1'000, 60'000});
    again.start(0);
    CHECK(run(again, server) == 0);
    CHECK(again.since() == "1235");

    // A change made elsewhere arrives through the feed.
    server.put(case_doc(7));
    PullReplicator third({"A1", 500, 25'000, 1'000, 60'000});
    third.start(0);
    CHECK(run(third, server) == 1);
}

TEST_CASE("pull replication: the checkpoint never moves before the app made the page durable") {
    FakeCouch server;
    for (int i = 0; i < 10; ++i) server.put(case_doc(i));
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000});
    rep.start(0);
    CHECK(run(rep, server, 0, /*app_durable=*/false) == 10);
    CHECK(server.locals.count("_local/kefu-A1") == 0);
    CHECK(rep.since() == "0");
    // The tab closes before IndexedDB confirmed: the next start pulls the same page again
    // (merging a document twice changes nothing).
    PullReplicator next({"A1", 500, 25'000, 1'000, 60'000});
    next.start(0);
    CHECK(run(next, server) == 10);
    CHECK(server.locals["_local/kefu-A1"]["last_seq"] == "10");
}

TEST_CASE("pull replication: an empty station bootstraps from _all_docs, then follows _changes from the sequence it noted") {
    FakeCouch server;
    for (int i = 0; i < 1234; ++i) server.put(case_doc(i));
    server.put({{"_id", "_design/kefu"}, {"views", json::object()}});
    server.put({{"_id", "kefu-station:A"}, {"claimed_by", "x"}});  // not a record: skipped
    const std::string noted = std::to_string(server.seq);
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000, 0});
    rep.start(0, /*fresh=*/true);
    size_t pulled = 0;
    // The first page arrives; meanwhile another desk changes a case already paged and adds one.
    for (int guard = 0; guard < 20 && server.all_docs < 1; ++guard) pulled += step(rep, server);
    CHECK(rep.bootstrapping());
    CHECK(rep.paging());
    json changed = case_doc(3, 2);
    changed["_rev"] = server.docs["case:c-3"]["_rev"];
    server.put(changed);
    server.put(case_doc(5000));
    pulled += run(rep, server);
    CHECK(server.seq_reads == 1);
    CHECK(server.all_docs == 3);   // 500 + 500 + 237 rows (two of them not records): a short page ends it
    CHECK(server.bulk_gets == 1);  // the two documents changed after the noted sequence
    // c-5000 comes twice: in a later page of the bootstrap, and in the feed since the noted
    // sequence, with c-3's second revision (merging a document twice changes nothing).
    CHECK(pulled == 1234 + 1 + 2);
    CHECK_FALSE(rep.bootstrapping());
    CHECK(rep.state() == PullReplicator::State::Live);
    CHECK(server.locals["_local/kefu-A1"]["last_seq"] == std::to_string(server.seq));
    CHECK_FALSE(server.locals["_local/kefu-A1"].contains("bootstrap_after"));
    CHECK(noted != std::to_string(server.seq));

    // A station that already holds records (not fresh) reads the feed from the start instead.
    PullReplicator old({"B1", 500, 25'000, 1'000, 60'000, 0});
    old.start(0, /*fresh=*/false);
    const size_t before = server.all_docs;
    CHECK(run(old, server) == 1235);
    CHECK(old.take_refused().empty());
    CHECK(rep.take_refused().empty());
    CHECK(server.all_docs == before);
}

TEST_CASE("pull replication: a first sync cut off during its bootstrap resumes after the last durable page") {
    FakeCouch server;
    for (int i = 0; i < 1300; ++i) server.put(case_doc(i));
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000, 0});
    rep.start(0, true);
    size_t pulled = 0;
    for (int guard = 0; guard < 20 && pulled < 1000; ++guard) pulled += step(rep, server);
    for (const HttpRequest& r : rep.take_requests())  // the checkpoint of the second page lands
        if (r.method == "PUT") rep.on_response(server.answer(r), 0);
    REQUIRE(pulled == 1000);
    const json checkpoint = server.locals["_local/kefu-A1"];
    REQUIRE(checkpoint.contains("bootstrap_after"));
    CHECK(checkpoint["bootstrap_after"] == rep_last_id_of_page(server, 1000));
    // The tab closes; the next start is not "fresh" any more (it holds 1000 records).
    PullReplicator next({"A1", 500, 25'000, 1'000, 60'000, 0});
    next.start(0, false);
    CHECK(run(next, server) == 300);
    CHECK(server.locals["_local/kefu-A1"]["last_seq"] == "1300");
    CHECK_FALSE(server.locals["_local/kefu-A1"].contains("bootstrap_after"));
}

TEST_CASE("pull replication: pages are fetched while the app saves; no more than max_ahead wait to be durable") {
    FakeCouch server;
    for (int i = 0; i < 3000; ++i) server.put(case_doc(i));
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000, 0, 3});
    rep.start(0);
    // The app applies every page but IndexedDB never confirms (a full disk): the pull holds.
    CHECK(run(rep, server, 0, /*app_durable=*/false) == 1500);
    CHECK(rep.state() == PullReplicator::State::Held);
    CHECK(rep.take_requests().empty());
    CHECK(server.locals.count("_local/kefu-A1") == 0);
    // IndexedDB confirms: the checkpoint moves, and the pull goes on.
    rep.durable(0);
    CHECK(run(rep, server) == 1500);
    CHECK(server.locals["_local/kefu-A1"]["last_seq"] == "3000");
}

TEST_CASE("pull replication: while paging, the checkpoint is written at most every checkpoint_every_ms; caught up, at once") {
    FakeCouch server;
    for (int i = 0; i < 2000; ++i) server.put(case_doc(i));
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000, 2'000});
    rep.start(10'000);
    size_t puts = 0;
    int64_t now = 10'000;
    for (int guard = 0; guard < 100 && rep.state() != PullReplicator::State::Live; ++guard) {
        for (const HttpRequest& r : rep.take_requests()) {
            puts += r.method == "PUT";
            rep.on_response(server.answer(r), now);
        }
        rep.take_pulled();
        rep.durable(now);
        now += 500;  // every step takes half a second
        rep.tick(now);
    }
    for (const HttpRequest& r : rep.take_requests()) {
        if (r.live) continue;
        puts += r.method == "PUT";
        rep.on_response(server.answer(r), now);
    }
    CHECK(server.locals["_local/kefu-A1"]["last_seq"] == "2000");
    CHECK(puts >= 2);
    CHECK(puts <= 3);  // 4 pages over ~4 s: not one per page
}

TEST_CASE("pull replication: a hostile document is refused and listed; the rest arrive") {
    FakeCouch server;
    server.put(case_doc(1));
    json evil = case_doc(2);
    evil["data"]["title"] = std::string(70 * 1024, 'x');
    server.put(evil);
    json liar = case_doc(3);
    liar["_id"] = "case:c-999";  // claims another record
    server.put(liar);
    server.put(case_doc(4));
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000});
    rep.start(0);
    std::vector<RefusedDoc> refused;
    size_t pulled = 0;
    for (int guard = 0; guard < 50 && rep.state() != PullReplicator::State::Live; ++guard) {
        for (const HttpRequest& r : rep.take_requests()) rep.on_response(server.answer(r), 0);
        pulled += rep.take_pulled().size();
        for (RefusedDoc& d : rep.take_refused()) refused.push_back(std::move(d));
        rep.durable(0);
    }
    CHECK(pulled == 2);
    REQUIRE(refused.size() == 2);
    CHECK(refused[0].doc_id == "case:c-2");
    CHECK(refused[0].issues[0].key == "import.err.too_long");
    CHECK(refused[1].issues[0].key == "team.err.doc_id");
}

TEST_CASE("pull replication: server errors back off and retry; wrong credentials stop it with the reason") {
    FakeCouch server;
    server.put(case_doc(1));
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000});
    rep.start(0);
    server.fail_next = 503;
    for (const HttpRequest& r : rep.take_requests()) rep.on_response(server.answer(r), 10'000);
    CHECK(rep.state() == PullReplicator::State::Waiting);
    CHECK(rep.error().key == "team.err.server");
    CHECK(rep.retry_at_ms() == 11'000);
    rep.tick(10'500);
    CHECK(rep.take_requests().empty());  // not yet
    rep.tick(11'000);
    server.fail_next = 0;
    // No answer at all next (network down): the wait doubles.
    std::vector<HttpRequest> again = rep.take_requests();
    REQUIRE(again.size() == 1);
    rep.on_response({again[0].id, 0, ""}, 11'000);
    CHECK(rep.error().key == "team.err.unreachable");
    CHECK(rep.retry_at_ms() == 13'000);
    rep.tick(13'000);
    CHECK(run(rep, server, 13'000) == 1);
    CHECK(rep.state() == PullReplicator::State::Live);

    PullReplicator denied({"B2", 500, 25'000, 1'000, 60'000});
    denied.start(0);
    server.fail_next = 401;
    for (const HttpRequest& r : denied.take_requests()) denied.on_response(server.answer(r), 0);
    CHECK(denied.state() == PullReplicator::State::Failed);
    CHECK(denied.error().key == "team.err.credentials");
    CHECK(denied.error().detail == "test");
    CHECK(denied.take_requests().empty());  // no retry storm
}

TEST_CASE("pull replication: responses to requests it did not make, or answered twice, are ignored") {
    FakeCouch server;
    server.put(case_doc(1));
    PullReplicator rep({"A1", 500, 25'000, 1'000, 60'000});
    rep.start(0);
    std::vector<HttpRequest> reqs = rep.take_requests();
    REQUIRE(reqs.size() == 1);
    rep.on_response({reqs[0].id + 77, 200, "{}"}, 0);
    CHECK(rep.state() == PullReplicator::State::ReadingCheckpoint);
    const HttpResponse first = server.answer(reqs[0]);
    rep.on_response(first, 0);
    rep.on_response(first, 0);  // a duplicate
    CHECK(rep.take_requests().size() == 1);
    CHECK(url_encode("34-g1AAAA/+x") == "34-g1AAAA%2F%2Bx");
}

TEST_CASE("push: every document's answer is handled on its own; a refusal is never skipped") {
    const std::vector<std::string> sent = {"case:c-1", "case:c-2", "case:c-3", "case:c-4"};
    const std::string answer = R"([
        {"ok": true, "id": "case:c-1", "rev": "2-aaa"},
        {"id": "case:c-2", "error": "conflict", "reason": "Document update conflict."},
        {"id": "case:c-3", "error": "forbidden", "reason": "只有组长可以审核工单"},
        {"id": "case:c-9", "ok": true, "rev": "1-zzz"}
    ])";
    const std::vector<PushOutcome> out = read_bulk_docs(201, answer, sent);
    REQUIRE(out.size() == 4);
    CHECK(out[0].kind == PushOutcome::Kind::Saved);
    CHECK(out[0].server_rev == "2-aaa");
    CHECK(out[1].kind == PushOutcome::Kind::Conflict);
    CHECK(out[2].kind == PushOutcome::Kind::Refused);
    CHECK(out[2].reason == "只有组长可以审核工单");
    CHECK(out[3].kind == PushOutcome::Kind::Failed);  // no answer for it: pushed again later
    // The whole request refused, a server error, or garbage: nothing counts as saved.
    for (const PushOutcome& o : read_bulk_docs(401, R"({"error":"unauthorized","reason":"Name or password is incorrect."})", sent)) {
        CHECK(o.kind == PushOutcome::Kind::Refused);
        CHECK(o.reason == "Name or password is incorrect.");
    }
    // A document refused because the server knows no sender (a session cookie it no longer
    // accepts): not the record's fault, it goes up again once signed in.
    const std::vector<PushOutcome> nobody =
        read_bulk_docs(201, R"([{"id": "case:c-1", "error": "unauthorized", "reason": "not a member of this team"}])", sent);
    CHECK(nobody[0].kind == PushOutcome::Kind::Failed);
    CHECK(nobody[0].nobody);
    CHECK_FALSE(out[2].nobody);
    for (const PushOutcome& o : read_bulk_docs(500, "{}", sent)) CHECK(o.kind == PushOutcome::Kind::Failed);
    for (const PushOutcome& o : read_bulk_docs(201, "not json", sent)) CHECK(o.kind == PushOutcome::Kind::Failed);
    // The body carries each document whole.
    const json body = json::parse(bulk_docs_body({case_doc(1), case_doc(2)}));
    CHECK(body["docs"].size() == 2);
    CHECK(body["docs"][1]["_id"] == "case:c-2");
}

#include "core/sync_ledger.hpp"

TEST_CASE("sync ledger: what is pending, what the server holds, what it refused; it survives a reload") {
    RecordStore s;
    const CommandContext ctx{{"1001", "张敏"}, 1000};
    REQUIRE(s.create("case", "c-1", {{"title", "登录失败"}}, ctx).ok);
    REQUIRE(s.create("case", "c-2", {{"title", "退款"}}, ctx).ok);
    REQUIRE(s.create("settings", "workstation", {{"language", "zh-CN"}}, ctx).ok);  // the station's own: never pushed
    SyncLedger l;
    CHECK(l.pending_count(s) == 2);
    // c-1 pulled from the server at revision 1; c-2 pushed and saved.
    l.pulled("case:c-1", "1-aaa", 1);
    l.pushed({{"case:c-2", PushOutcome::Kind::Saved, "1-bbb", ""}}, {1});
    CHECK(l.pending_count(s) == 0);
    CHECK(l.server_rev("case:c-2") == "1-bbb");
    // A local edit makes it pending again; a refusal keeps it out of the queue (shown instead)
    // until it changes again.
    REQUIRE(s.update("case", "c-1", 1, {{"title", "登录失败（App）"}}, CommandContext{{"1001", "张敏"}, 2000}).ok);
    REQUIRE(l.pending(s).size() == 1);
    CHECK(l.pending(s)[0]->id == "c-1");
    l.pushed({{"case:c-1", PushOutcome::Kind::Refused, "", "只有组长可以修改"}}, {2});
    CHECK(l.pending_count(s) == 0);
    REQUIRE(l.refused().size() == 1);
    CHECK(l.refused()[0].second == "只有组长可以修改");
    // Saved through a reload of the ledger.
    const SyncLedger back = SyncLedger::from_json(json::parse(l.to_json().dump()));
    CHECK(back.pending_count(s) == 0);
    CHECK(back.server_rev("case:c-1") == "1-aaa");
    CHECK(back.refused().size() == 1);
    REQUIRE(s.update("case", "c-1", 2, {{"title", "登录失败（组长已同意）"}}, CommandContext{{"1001", "张敏"}, 3000}).ok);
    CHECK(back.pending_count(s) == 1);  // changed again: pushed again
    // A tombstone is pushed like any change; a conflict or a failure leaves it pending.
    REQUIRE(s.remove("case", "c-2", 1, CommandContext{{"1001", "张敏"}, 4000}).ok);
    SyncLedger l2 = back;
    l2.pushed({{"case:c-2", PushOutcome::Kind::Conflict, "", ""}}, {2});
    CHECK(l2.pending_count(s) == 2);
    // A damaged ledger reads as empty: everything is pending (the next pull sorts it out).
    CHECK(SyncLedger::from_json(json::parse(R"({"format":"kefu.sync-ledger","docs":[1,2]})")).pending_count(s) == 2);
    CHECK(SyncLedger::from_json(json("garbage")).pending_count(s) == 2);

    // The text form the station writes (no JSON tree of the whole ledger) says the same.
    l.pushed({{"case:c-2", PushOutcome::Kind::Refused, "", "引号 \" 反斜杠 \\ 换行\n"}}, {2});
    const std::string text = l.to_text();
    CHECK(json::parse(text) == l.to_json());
    const SyncLedger again = SyncLedger::from_text(text);
    CHECK(again.to_json() == l.to_json());
    CHECK(again.refused_count() == l.refused_count());
    CHECK(SyncLedger::from_text(text.substr(0, text.size() / 2)).to_json()["docs"].empty());  // torn: empty
    CHECK(SyncLedger::from_text(R"({"format":"other","docs":{"case:c-1":{"r":"1-a","k":1}}})").to_json()["docs"].empty());
    CHECK(SyncLedger::from_text(R"({"format":"kefu.sync-ledger","docs":[1,2]})").pending_count(s) == 2);
}
