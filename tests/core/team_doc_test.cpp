#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/app_state.hpp"
#include "core/team_doc.hpp"

using namespace kefu;
using nlohmann::json;

namespace {
// A case with three revisions, one of them by another agent.
RecordStore three_revisions() {
    RecordStore s;
    REQUIRE(s.create("case", "c-mf3k2a-9x1", {{"title", "登录失败"}, {"customer", {{"name", "王丽"}}}}, CommandContext{{"1001", "张敏"}, 1000}).ok);
    REQUIRE(s.update("case", "c-mf3k2a-9x1", 1, {{"priority", "urgent"}}, CommandContext{{"1001", "张敏"}, 2000}).ok);
    REQUIRE(s.update("case", "c-mf3k2a-9x1", 2, {{"title", "登录失败（App）"}}, CommandContext{{"2001", "赵组长"}, 3000}).ok);
    return s;
}
}  // namespace

TEST_CASE("team documents: ids") {
    CHECK(team_doc_id("case", "c-mf3k2a-9x1") == "case:c-mf3k2a-9x1");
    std::string type, id;
    REQUIRE(parse_team_doc_id("work_log:2026-11-24:00ff", type, id));  // ids may hold ':' themselves
    CHECK(type == "work_log");
    CHECK(id == "2026-11-24:00ff");
    CHECK_FALSE(parse_team_doc_id("_design/kefu", type, id));
    CHECK_FALSE(parse_team_doc_id("_local/checkpoint", type, id));
    CHECK_FALSE(parse_team_doc_id("Case:c-1", type, id));   // types are lower case
    CHECK_FALSE(parse_team_doc_id("case:", type, id));
    CHECK_FALSE(parse_team_doc_id("case:c 1", type, id));   // no spaces in ids
    CHECK_FALSE(parse_team_doc_id("no-colon", type, id));
}

TEST_CASE("team documents: a record and its whole history round-trip, the server's _rev beside it") {
    const RecordStore s = three_revisions();
    const Record& r = *s.find("case", "c-mf3k2a-9x1");
    const json doc = to_team_doc(r, s.history("case", "c-mf3k2a-9x1"), "3-a1b2");
    CHECK(doc["_id"] == "case:c-mf3k2a-9x1");
    CHECK(doc["_rev"] == "3-a1b2");
    CHECK(doc["rev"] == 3);
    CHECK(doc["history"].size() == 3);
    CHECK_FALSE(to_team_doc(r, {}, "").contains("_rev"));  // never pushed: no _rev
    // What the server sends back (it may add fields of its own: _revisions, _conflicts).
    json pulled = json::parse(doc.dump());
    pulled["_revisions"] = {{"start", 3}, {"ids", {"a1b2"}}};
    TeamDoc back;
    std::vector<FieldIssue> issues;
    REQUIRE(from_team_doc(pulled, back, issues));
    CHECK(issues.empty());
    CHECK(back.server_rev == "3-a1b2");
    CHECK(back.record.type == "case");
    CHECK(back.record.id == "c-mf3k2a-9x1");
    CHECK(back.record.rev == 3);
    CHECK(back.record.updated_by == Actor{"2001", "赵组长"});
    CHECK(back.record.data() == r.data());
    std::vector<HistoryEntry> h;
    REQUIRE(decode_history(back.history_blob, h));
    CHECK(h.size() == 3);
    CHECK(h[2].fields[0].before == "登录失败");
}

TEST_CASE("team documents: a tombstone is an ordinary document that keeps its history") {
    RecordStore s = three_revisions();
    REQUIRE(s.remove("case", "c-mf3k2a-9x1", 3, CommandContext{{"2001", "赵组长"}, 4000}).ok);
    // Documents arrive as text (numbers read back unsigned, as the validator expects).
    const json doc = json::parse(to_team_doc(*s.find_any("case", "c-mf3k2a-9x1"), s.history("case", "c-mf3k2a-9x1"), "3-a1b2").dump());
    CHECK(doc["deleted"] == true);
    CHECK_FALSE(doc.contains("_deleted"));
    TeamDoc back;
    std::vector<FieldIssue> issues;
    REQUIRE(from_team_doc(doc, back, issues));
    CHECK(back.record.deleted);
    CHECK(back.record.rev == 4);
}

TEST_CASE("team documents: hostile or foreign documents are refused with their problems, never read") {
    const RecordStore s = three_revisions();
    const json good = json::parse(to_team_doc(*s.find("case", "c-mf3k2a-9x1"), s.history("case", "c-mf3k2a-9x1"), "3-a1b2").dump());
    TeamDoc fine;
    std::vector<FieldIssue> none;
    REQUIRE(from_team_doc(good, fine, none));
    auto refused = [](const json& doc) {
        TeamDoc out;
        out.record.id = "untouched";
        std::vector<FieldIssue> issues;
        const bool ok = from_team_doc(doc, out, issues);
        CHECK(out.record.id == "untouched");  // nothing half-read
        return ok ? std::string("accepted") : issues.empty() ? std::string("no reason") : issues[0].key;
    };
    json d = good;
    d["_id"] = "case:c-someone-else";
    CHECK(refused(d) == "team.err.doc_id");  // the body claims another record
    d = good;
    d["_id"] = "_design/kefu";
    CHECK(refused(d) == "team.err.doc_id");
    d = good;
    d.erase("kefu");
    CHECK(refused(d) == "import.err.missing");
    d = good;
    d["kefu"] = 2;
    CHECK(refused(d) == "import.err.version_newer");
    d = good;
    d["_deleted"] = true;
    CHECK(refused(d) == "team.err.server_deleted");
    d = good;
    d["rev"] = -1;
    CHECK(refused(d) == "import.err.range");
    d = good;
    d["data"]["title"] = std::string(70 * 1024, 'x');
    CHECK(refused(d) == "import.err.too_long");
    d = good;
    d["history"].erase(2);  // the history no longer reaches the revision the document claims
    CHECK(refused(d) == "import.err.history_rev");
    d = good;
    std::swap(d["history"][0], d["history"][1]);  // out of order
    CHECK(refused(d) == "import.err.history_order");
    d = good;
    d["data"] = json::array();
    CHECK(refused(d) == "import.err.type");
    CHECK(refused(json::array()) == "import.err.type");
    CHECK(refused(json("case:c-1")) == "import.err.type");
}
