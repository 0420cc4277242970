#include "core/record.hpp"

#include <doctest/doctest.h>

using namespace kefu;
using nlohmann::json;

namespace {
CommandContext at(int64_t ms, const char* agent = "1001", const char* name = "张敏") { return {{agent, name}, ms}; }
}  // namespace

TEST_CASE("create, update, delete: revisions, who/when, tombstones") {
    RecordStore s;
    Change c;
    REQUIRE(s.create("case", "KF-1", {{"title", "无法登录"}, {"status", "recorded"}}, at(1000), &c).ok);
    CHECK(c.op == ChangeOp::Create);
    CHECK(c.rev == 1);
    const Record* r = s.find("case", "KF-1");
    REQUIRE(r);
    CHECK(r->rev == 1);
    CHECK(r->created_at_ms == 1000);
    CHECK(r->created_by.name == "张敏");

    REQUIRE(s.update("case", "KF-1", 1, {{"status", "forwarded"}, {"title", nullptr}}, at(2000, "1002", "李强"), &c).ok);
    CHECK(c.rev == 2);
    CHECK(c.set == json{{"status", "forwarded"}});
    CHECK(c.unset == std::vector<std::string>{"title"});
    r = s.find("case", "KF-1");
    CHECK(r->data() == json{{"status", "forwarded"}});
    CHECK(r->updated_by.agent_id == "1002");
    CHECK(r->created_by.agent_id == "1001");

    REQUIRE(s.remove("case", "KF-1", 2, at(3000), &c).ok);
    CHECK(s.find("case", "KF-1") == nullptr);
    REQUIRE(s.find_any("case", "KF-1") != nullptr);
    CHECK(s.find_any("case", "KF-1")->deleted);
    CHECK(s.count("case") == 0);
    CHECK(s.total() == 1);

    const auto h = s.history("case", "KF-1");
    REQUIRE_FALSE(h.empty());
    REQUIRE(h.size() == 3);
    CHECK(h[1].fields.size() == 2);
    CHECK(h[2].op == ChangeOp::Delete);
    CHECK(h[2].at_ms == 3000);
}

TEST_CASE("refusals: stale revision, unknown, deleted, duplicate, bad ids and data") {
    RecordStore s;
    REQUIRE(s.create("faq", "a1", {{"q", "怎么开发票?"}}, at(1)).ok);
    REQUIRE(s.update("faq", "a1", 1, {{"q", "如何开具发票?"}}, at(2)).ok);
    auto r = s.update("faq", "a1", 1, {{"q", "x"}}, at(3));
    CHECK(r.error.key == "error.record.conflict");
    CHECK(r.error.detail == "1 → 2");
    CHECK(s.create("faq", "a1", json::object(), at(3)).error.key == "error.record.exists");
    CHECK(s.update("faq", "zz", 1, {{"q", "x"}}, at(3)).error.key == "error.record.not_found");
    CHECK(s.create("FAQ", "a2", json::object(), at(3)).error.key == "error.record.invalid_type");
    CHECK(s.create("faq", "has space", json::object(), at(3)).error.key == "error.record.invalid_id");
    CHECK(s.create("faq", std::string(65, 'x'), json::object(), at(3)).error.key == "error.record.invalid_id");
    CHECK(s.create("faq", "a3", json::array(), at(3)).error.key == "error.record.invalid_data");
    CHECK(s.create("faq", "big", {{"x", std::string(kMaxRecordBytes, 'x')}}, at(3)).error.key == "error.record.too_large");
    const ApplyResult bad_utf8 = s.create("faq", "u", {{"q", std::string("\xE5\xB7", 2)}}, at(3));
    CHECK(bad_utf8.error.key == "error.record.invalid_data");
    CHECK(bad_utf8.error.detail == "invalid UTF-8");
    CHECK(s.create("faq", "u2", {{std::string("\xFF"), "key"}}, at(3)).error.detail == "invalid UTF-8");
    REQUIRE(s.remove("faq", "a1", 2, at(4)).ok);
    CHECK(s.update("faq", "a1", 3, {{"q", "x"}}, at(5)).error.key == "error.record.deleted");
    CHECK(s.create("faq", "a1", json::object(), at(5)).error.key == "error.record.deleted");
    CHECK(s.version() == 3);
}

TEST_CASE("apply_change enforces revision order (replay cannot skip or repeat a change)") {
    RecordStore s;
    Change c1, c2;
    REQUIRE(s.create("t", "x", {{"a", 1}}, at(1), &c1).ok);
    REQUIRE(s.update("t", "x", 1, {{"a", 2}}, at(2), &c2).ok);
    RecordStore replay;
    CHECK(replay.apply_change(c2).error.key == "error.record.not_found");
    REQUIRE(replay.apply_change(c1).ok);
    CHECK(replay.apply_change(c1).error.key == "error.record.exists");
    REQUIRE(replay.apply_change(c2).ok);
    CHECK(replay.apply_change(c2).error.key == "error.record.revision");
    CHECK(replay.find("t", "x")->data() == s.find("t", "x")->data());
}

TEST_CASE("change and record JSON forms round-trip, and malformed ones are refused") {
    RecordStore s;
    Change c;
    REQUIRE(s.create("case", "KF-9", {{"客户", "王女士"}, {"n", 3}}, at(7), &c).ok);
    REQUIRE(s.update("case", "KF-9", 1, {{"n", nullptr}, {"m", true}}, at(8), &c).ok);
    Change back;
    REQUIRE(change_from_json(change_to_json(c), back));
    CHECK(change_to_json(back) == change_to_json(c));

    const Record& r = *s.find("case", "KF-9");
    Record r2;
    std::vector<HistoryEntry> h2;
    REQUIRE(record_from_json(record_to_json(r, s.history("case", "KF-9")), r2, h2));
    CHECK(record_to_json(r2, h2) == record_to_json(r, s.history("case", "KF-9")));

    std::string why;
    CHECK_FALSE(change_from_json(json{{"op", "explode"}}, back, &why));
    CHECK(why == "op");
    json bad = change_to_json(c);
    bad["rev"] = -1;
    CHECK_FALSE(change_from_json(bad, back, &why));
    CHECK(why == "rev");
    json badr = record_to_json(r, {});
    badr["id"] = "bad id";
    CHECK_FALSE(record_from_json(badr, r2, h2, &why));
}
