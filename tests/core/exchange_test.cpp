#include "core/app_state.hpp"
#include "core/exchange.hpp"
#include "core/journal.hpp"

#include <doctest/doctest.h>

#include <functional>

using namespace kefu;
using nlohmann::json;

namespace {

CommandContext at(int64_t ms, const char* agent = "1001", const char* name = "张敏") { return {{agent, name}, ms}; }
const ExportMeta kMeta{"0.1.0", 1'763'900'000'000, {"1001", "张敏"}};

AppState sample() {
    AppState s;
    RecordStore& r = s.records;
    REQUIRE(r.create("case", "KF-20261123-0001",
                     {{"title", "无法登录 App"}, {"status", "closed"},
                      {"customer", {{"name", "王女士"}, {"mobile", "13812341234"}, {"telephone", "010-62345678"}}}},
                     at(1'763'800'000'000)).ok);
    REQUIRE(r.update("case", "KF-20261123-0001", 1, {{"customer", {{"name", "王女士"}, {"mobile", "13900001111"}}}},
                     at(1'763'800'100'000, "1002", "李强")).ok);
    REQUIRE(r.create("case", "KF-20261123-0002", {{"title", "Refund not received"}, {"status", "forwarded"},
                                                   {"follow_up_of_ref", "case/KF-20261123-0001"}},
                     at(1'763'850'000'000)).ok);
    REQUIRE(r.create("case", "KF-20261120-0009", {{"title", "旧工单"}, {"status", "closed"}}, at(1'763'600'000'000)).ok);
    REQUIRE(r.remove("case", "KF-20261120-0009", 1, at(1'763'610'000'000)).ok);
    REQUIRE(r.create("faq", "faq-1", {{"q", "如何开发票？"}, {"a", "在订单详情页点击“申请发票”。"}}, at(1'763'000'000'000)).ok);
    REQUIRE(apply(s, SetStationName{"一号坐席"}, at(1'763'700'000'000)).ok());
    return s;
}

std::string full_export(const RecordStore& r, ExportFilter f = {}) { return export_json(r, f, kMeta); }

// The same file planned with json trees everywhere (ImportLimits::read_directly = false)
// must give the same plan: the same errors in the same order, the same records, byte for byte.
void check_same_as_tree_path(const RecordStore& current, const std::string& bytes, const ImportPlan& plan) {
    ImportLimits trees;
    trees.read_directly = false;
    const ImportPlan careful = plan_import(current, bytes, trees);
    CHECK(careful.read_directly == 0);
    REQUIRE(careful.errors.size() == plan.errors.size());
    for (size_t i = 0; i < plan.errors.size(); ++i) {
        CHECK(careful.errors[i].path == plan.errors[i].path);
        CHECK(careful.errors[i].key == plan.errors[i].key);
        CHECK(careful.errors[i].detail == plan.errors[i].detail);
    }
    REQUIRE(careful.items.size() == plan.items.size());
    for (size_t i = 0; i < plan.items.size(); ++i) {
        const ImportItem &a = careful.items[i], &b = plan.items[i];
        CHECK(a.kind == b.kind);
        CHECK(a.record.type == b.record.type);
        CHECK(a.record.id == b.record.id);
        CHECK(a.record.rev == b.record.rev);
        CHECK(a.record.created_at_ms == b.record.created_at_ms);
        CHECK(a.record.updated_at_ms == b.record.updated_at_ms);
        CHECK(a.record.created_by == b.record.created_by);
        CHECK(a.record.updated_by == b.record.updated_by);
        CHECK(a.record.deleted == b.record.deleted);
        CHECK(a.record.data_blob == b.record.data_blob);
        CHECK(a.history_blob == b.history_blob);
    }
    CHECK(careful.warnings.size() == plan.warnings.size());
    CHECK(careful.masked == plan.masked);
}

}  // namespace

TEST_CASE("mask_phone keeps the first 3 and last 4 digits") {
    CHECK(mask_phone("13812341234") == "138****1234");
    CHECK(mask_phone("010-62345678") == "010****5678");
    CHECK(mask_phone("12345") == "***45");
    CHECK(mask_phone("") == "");
    CHECK(mask_phone("无") == "无");
}

TEST_CASE("export -> import into an empty store -> export is the identity") {
    const AppState a = sample();
    const std::string first = full_export(a.records);
    AppState b;
    const ImportPlan plan = plan_import(b.records, first);
    REQUIRE_MESSAGE(plan.valid(), (plan.errors.empty() ? "" : plan.errors[0].path + " " + plan.errors[0].key));
    CHECK(plan.count(ImportKind::New) == 5);
    const ApplyOutcome o = apply_import(b, plan, ConflictPolicy::KeepMine, at(1'764'000'000'000));
    REQUIRE(o.ok());
    CHECK(o.changes.size() == 5);
    CHECK(o.changes[0].op == ChangeOp::Put);
    CHECK(full_export(b.records) == first);
    CHECK(b.settings.station_name == "一号坐席");
    CHECK(b.records.find_any("case", "KF-20261120-0009")->deleted);  // tombstones travel too
}

TEST_CASE("export document: counts, checksum, file name") {
    const AppState a = sample();
    const json doc = json::parse(full_export(a.records));
    CHECK(doc["format"] == "kefu.export");
    CHECK(doc["version"] == 1);
    CHECK(doc["counts"]["case"] == 3);
    CHECK(doc["counts"]["faq"] == 1);
    CHECK(doc["records"].size() == 5);
    CHECK(doc["checksum"].get<std::string>().rfind("crc32:", 0) == 0);
    CHECK(doc["exported_at_utc"] == "2025-11-23T12:13:20Z");
    CHECK(export_file_name(1'763'900'000'000, 480) == "kefu-export-20251123-2013.json");
}

TEST_CASE("filters: types, date range, status, tombstones; masking covers data and history") {
    const AppState a = sample();
    ExportFilter f;
    f.types = {"case"};
    f.from_ms = 1'763'700'000'000;
    f.statuses = {"closed", "forwarded"};
    f.include_deleted = false;
    json doc = json::parse(full_export(a.records, f));
    REQUIRE(doc["records"].size() == 2);
    CHECK(doc["records"][0]["id"] == "KF-20261123-0001");
    f.statuses = {"forwarded"};
    CHECK(json::parse(full_export(a.records, f))["records"].size() == 1);
    f = {};
    f.mask_phones = true;
    const std::string masked = full_export(a.records, f);
    CHECK(masked.find("13812341234") == std::string::npos);
    CHECK(masked.find("13900001111") == std::string::npos);
    CHECK(masked.find("139****1111") != std::string::npos);
    CHECK(masked.find("138****1234") != std::string::npos);  // inside the history's "before"
    AppState b;
    const ImportPlan plan = plan_import(b.records, masked);
    REQUIRE(plan.valid());
    CHECK(plan.masked);
    REQUIRE(plan.warnings.size() == 1);
    CHECK(plan.warnings[0].key == "import.warn.masked");
}

TEST_CASE("merge by id and revision: unchanged, update, older, conflict, deletion") {
    AppState a = sample();
    AppState b;
    REQUIRE(apply_import(b, plan_import(b.records, full_export(a.records)), ConflictPolicy::KeepMine, at(1)).ok());

    // Same file again: nothing to do.
    ImportPlan p = plan_import(b.records, full_export(a.records));
    CHECK(p.count(ImportKind::Unchanged) == 5);

    // A moves on: B fast-forwards (including a deletion).
    REQUIRE(a.records.update("faq", "faq-1", 1, {{"a", "请在“我的订单”中申请发票。"}}, at(2)).ok);
    REQUIRE(a.records.remove("case", "KF-20261123-0002", 1, at(3)).ok);
    const std::string newer = full_export(a.records);
    p = plan_import(b.records, newer);
    CHECK(p.count(ImportKind::Update) == 2);
    REQUIRE(apply_import(b, p, ConflictPolicy::KeepMine, at(4)).ok());
    CHECK(b.records.find("faq", "faq-1")->data()["a"] == "请在“我的订单”中申请发票。");
    CHECK(b.records.find("case", "KF-20261123-0002") == nullptr);
    CHECK(b.records.history("faq", "faq-1").size() == 2);

    // An older file does not roll B back.
    AppState old_a = sample();
    p = plan_import(b.records, full_export(old_a.records));
    CHECK(p.count(ImportKind::Update) == 0);
    CHECK(p.count(ImportKind::Conflict) == 0);

    // Both change the same record: conflict. KeepMine keeps B; TakeTheirs updates B on top of its history.
    REQUIRE(a.records.update("faq", "faq-1", 2, {{"a", "A 的答案"}}, at(5, "2001", "A")).ok);
    REQUIRE(b.records.update("faq", "faq-1", 2, {{"a", "B 的答案"}}, at(6, "3001", "B")).ok);
    p = plan_import(b.records, full_export(a.records));
    CHECK(p.count(ImportKind::Conflict) == 1);
    REQUIRE(apply_import(b, p, ConflictPolicy::KeepMine, at(7)).ok());
    CHECK(b.records.find("faq", "faq-1")->data()["a"] == "B 的答案");
    const ApplyOutcome o = apply_import(b, p, ConflictPolicy::TakeTheirs, at(8, "3001", "B"));
    REQUIRE(o.ok());
    CHECK(b.records.find("faq", "faq-1")->data()["a"] == "A 的答案");
    CHECK(b.records.find("faq", "faq-1")->rev == 4);
    const auto h = b.records.history("faq", "faq-1");
    CHECK(h.back().fields.at(0).before == "B 的答案");  // nothing lost: B's text is in the history
}

TEST_CASE("the earlier settings file format is migrated on import") {
    AppState s = sample();
    const std::string file =
        R"({"format":"kefu.settings","version":1,"language":"en","ui_scale":1.5,"station_name":"大厅自助终端"})";
    const ImportPlan p = plan_import(s.records, file);
    REQUIRE(p.valid());
    CHECK(p.source_version == 0);
    REQUIRE(p.items.size() == 1);
    CHECK(p.items[0].kind == ImportKind::Update);
    REQUIRE(apply_import(s, p, ConflictPolicy::KeepMine, at(9)).ok());
    CHECK(s.settings.station_name == "大厅自助终端");
    CHECK(s.settings.language == Language::En);
    const ImportPlan bad = plan_import(s.records, R"({"format":"kefu.settings","version":1,"language":"xx","ui_scale":1})");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].key == "error.import.field");
}

TEST_CASE("malformed and hostile import files are each refused with a located reason; nothing changes") {
    const AppState base = sample();
    const json good = json::parse(full_export(base.records));
    // Mutates a copy of a valid export; the checksum is recomputed unless the case is about it.
    auto doc = [&](const std::function<void(json&)>& edit, bool fix_checksum = true) {
        json d = good;
        edit(d);
        if (fix_checksum && d.is_object() && d.contains("records") && d.contains("checksum")) {
            const std::string text = d["records"].dump();
            char buf[24];
            std::snprintf(buf, sizeof buf, "crc32:%08x", kefu::crc32(text.data(), text.size()));
            d["checksum"] = buf;
        }
        return d.dump();
    };
    auto rec = [](json& d, int i) -> json& { return d["records"][i]; };
    struct Case {
        std::string name;
        std::string bytes;
        const char* key;
        const char* path;  // prefix of the first error's path
    };
    const std::string deep = std::string(200, '[') + std::string(200, ']');
    const std::string bad_utf8 = "{\"format\":\"kefu.export\",\"version\":1,\"records\":[],\"x\":\"\xC3\x28\"}";
    const std::vector<Case> cases = {
        {"0-byte file", "", "import.err.empty", ""},
        {"not JSON", "客服工作台导出", "import.err.not_json", ""},
        {"truncated JSON", full_export(base.records).substr(0, 500), "import.err.not_json", ""},
        {"invalid UTF-8", bad_utf8, "import.err.not_json", ""},
        {"deep nesting", deep, "import.err.too_deep", ""},
        {"top-level array", "[1,2,3]", "import.err.type", ""},
        {"top-level string", "\"kefu\"", "import.err.type", ""},
        {"wrong format", doc([](json& d) { d["format"] = "zammad.export"; }), "import.err.format", "format"},
        {"no format", doc([](json& d) { d.erase("format"); }), "import.err.format", "format"},
        {"format a number (found by the fuzzer)", R"({"format":1.25,"sta%ion_nme":"大厅"})", "import.err.type", "format"},
        {"version missing", doc([](json& d) { d.erase("version"); }), "import.err.type", "version"},
        {"version string", doc([](json& d) { d["version"] = "1"; }), "import.err.type", "version"},
        {"version from the future", doc([](json& d) { d["version"] = 99; }), "import.err.version_newer", "version"},
        {"version zero", doc([](json& d) { d["version"] = 0; }), "import.err.range", "version"},
        {"records missing", doc([](json& d) { d.erase("records"); }), "import.err.missing", "records"},
        {"records not an array", doc([](json& d) { d["records"] = json::object(); }, false), "import.err.type", "records"},
        {"checksum mismatch", doc([&](json& d) { rec(d, 0)["data"]["title"] = "改过"; }, false), "import.err.checksum", "checksum"},
        {"checksum not a string", doc([](json& d) { d["checksum"] = 5; }, false), "import.err.type", "checksum"},
        {"masked not boolean", doc([](json& d) { d["masked"] = "yes"; }), "import.err.type", "masked"},
        {"record not an object", doc([&](json& d) { rec(d, 1) = 42; }), "import.err.type", "records[1]"},
        {"type missing", doc([&](json& d) { rec(d, 0).erase("type"); }), "import.err.missing", "records[0].type"},
        {"type wrong kind", doc([&](json& d) { rec(d, 0)["type"] = 7; }), "import.err.type", "records[0].type"},
        {"type invalid", doc([&](json& d) { rec(d, 0)["type"] = "Case!"; }), "import.err.invalid", "records[0].type"},
        {"id invalid", doc([&](json& d) { rec(d, 2)["id"] = "has space"; }), "import.err.invalid", "records[2].id"},
        {"id too long", doc([&](json& d) { rec(d, 2)["id"] = std::string(100, 'x'); }), "import.err.too_long", "records[2].id"},
        {"rev negative", doc([&](json& d) { rec(d, 0)["rev"] = -1; }), "import.err.range", "records[0].rev"},
        {"rev zero", doc([&](json& d) { rec(d, 0)["rev"] = 0; }), "import.err.range", "records[0].rev"},
        {"rev float", doc([&](json& d) { rec(d, 0)["rev"] = 1.5; }), "import.err.type", "records[0].rev"},
        {"rev huge", doc([&](json& d) { rec(d, 0)["rev"] = 18446744073709551615ull; }), "import.err.range", "records[0].rev"},
        {"timestamp out of range", doc([&](json& d) { rec(d, 0)["created_at"] = 99999999999999; }), "import.err.range", "records[0].created_at"},
        {"timestamp string", doc([&](json& d) { rec(d, 0)["updated_at"] = "昨天"; }), "import.err.type", "records[0].updated_at"},
        {"actor missing", doc([&](json& d) { rec(d, 0).erase("created_by"); }), "import.err.missing", "records[0].created_by"},
        {"actor name not string", doc([&](json& d) { rec(d, 0)["updated_by"]["name"] = 3; }), "import.err.type", "records[0].updated_by.name"},
        {"deleted not boolean", doc([&](json& d) { rec(d, 0)["deleted"] = 0; }), "import.err.type", "records[0].deleted"},
        {"data missing", doc([&](json& d) { rec(d, 0).erase("data"); }), "import.err.missing", "records[0].data"},
        {"data an array", doc([&](json& d) { rec(d, 0)["data"] = json::array(); }), "import.err.type", "records[0].data"},
        {"huge string", doc([&](json& d) { rec(d, 0)["data"]["title"] = std::string(70000, 'x'); }), "import.err.too_long", "records[0].data.title"},
        {"huge string deep inside", doc([&](json& d) { rec(d, 0)["data"]["customer"]["mobile"] = std::string(70000, '1'); }), "import.err.too_long", "records[0].data.customer.mobile"},
        {"duplicate id", doc([&](json& d) { d["records"].push_back(rec(d, 0)); d["counts"]["case"] = 4; }), "import.err.duplicate", "records[5].id"},
        {"dangling reference", doc([&](json& d) { rec(d, 1)["data"]["follow_up_of_ref"] = "case/KF-0000"; }), "import.err.dangling", "records[1].data.follow_up_of_ref"},
        {"reference of wrong type", doc([&](json& d) { rec(d, 1)["data"]["follow_up_of_ref"] = 12; }), "import.err.type", "records[1].data.follow_up_of_ref"},
        {"references array with a dangling one", doc([&](json& d) { rec(d, 1)["data"]["related_refs"] = {"case/KF-20261123-0001", "faq/nope"}; }), "import.err.dangling", "records[1].data.related_refs[1]"},
        {"history missing", doc([&](json& d) { rec(d, 0).erase("history"); }), "import.err.missing", "records[0].history"},
        {"history not array", doc([&](json& d) { rec(d, 0)["history"] = "h"; }), "import.err.type", "records[0].history"},
        {"history out of order", doc([&](json& d) { std::swap(rec(d, 0)["history"][0], rec(d, 0)["history"][1]); }), "import.err.history_order", "records[0].history[1].rev"},
        {"history does not reach rev", doc([&](json& d) { rec(d, 0)["rev"] = 3; }), "import.err.history_rev", "records[0].history"},
        {"history op unknown", doc([&](json& d) { rec(d, 0)["history"][0]["op"] = "explode"; }), "import.err.invalid", "records[0].history[0].op"},
        {"history fields not array", doc([&](json& d) { rec(d, 0)["history"][0]["fields"] = 1; }), "import.err.type", "records[0].history[0].fields"},
        {"count mismatch", doc([](json& d) { d["counts"]["case"] = 9; }), "import.err.count", "counts.case"},
        {"count negative", doc([](json& d) { d["counts"]["faq"] = -1; }), "import.err.count", "counts.faq"},
        {"NaN literal", R"({"format":"kefu.export","version":1,"records":[],"n":NaN})", "import.err.not_json", ""},
        {"number overflowing a double", R"({"format":"kefu.export","version":1,"records":[],"n":1e400})", "import.err.not_json", ""},
    };
    CHECK(cases.size() >= 40);
    const std::string before = full_export(base.records);
    for (const Case& c : cases) {
        CAPTURE(c.name);
        AppState s = base;
        const ImportPlan plan = plan_import(s.records, c.bytes);
        REQUIRE_FALSE(plan.valid());
        CHECK(plan.items.empty());
        check_same_as_tree_path(s.records, c.bytes, plan);
        CHECK(plan.errors[0].key == c.key);
        CHECK(plan.errors[0].path.rfind(c.path, 0) == 0);
        const ApplyOutcome o = apply_import(s, plan, ConflictPolicy::TakeTheirs, at(5));
        CHECK_FALSE(o.ok());
        CHECK(o.result.error.key == "import.err.refused");
        CHECK(full_export(s.records) == before);
    }
}

TEST_CASE("every error in a file is listed, not just the first") {
    const AppState base = sample();
    json d = json::parse(full_export(base.records));
    d["records"][0]["rev"] = "x";
    d["records"][2]["data"] = 5;
    d.erase("checksum");
    const ImportPlan plan = plan_import(base.records, d.dump());
    REQUIRE(plan.errors.size() >= 2);
    CHECK(plan.errors[0].path == "records[0].rev");
    CHECK(plan.errors[1].path == "records[2].data");
}

TEST_CASE("parse_local_date: local midnight, validated") {
    int64_t ms = 0;
    REQUIRE(parse_local_date("2026-11-23", 480, ms));
    CHECK(ms == 1'795'363'200'000);  // 2026-11-22T16:00:00Z
    REQUIRE(parse_local_date("2024-02-29", 0, ms));
    CHECK_FALSE(parse_local_date("2026-02-29", 0, ms));
    CHECK_FALSE(parse_local_date("2026-13-01", 0, ms));
    CHECK_FALSE(parse_local_date("2026-11-23x", 0, ms));
    CHECK_FALSE(parse_local_date("昨天", 0, ms));
    CHECK_FALSE(parse_local_date("", 0, ms));
}

TEST_CASE("every exported record line is byte for byte what nlohmann writes for it") {
    AppState s = sample();
    REQUIRE(s.records.create("case", "KF-odd", {{"note", "tab\there \"quoted\" \\ \x01"}, {"score", 4.5}, {"n", -3},
                                                {"tags", json::array({"一", 2, nullptr})}},
                             at(1'763'900'000'000)).ok);
    for (bool mask : {false, true}) {
        ExportFilter f;
        f.mask_phones = mask;
        const std::string doc = full_export(s.records, f);
        const json parsed = json::parse(doc);
        size_t pos = doc.find("\"records\":[\n") + 12;
        for (const json& rec : parsed["records"]) {
            const size_t end = doc.find('\n', pos);
            std::string line = doc.substr(pos, end - pos);
            if (!line.empty() && line.back() == ',') line.pop_back();
            CHECK(line == rec.dump(-1, ' ', false, json::error_handler_t::replace));
            pos = end + 1;
        }
        CHECK(parsed["records"].size() == 6);
        CHECK((doc.find("13900001111") == std::string::npos) == mask);
    }
}

TEST_CASE("the checksum holds for a file as exported and for the same file reformatted, and catches an edit") {
    AppState s = sample();
    const std::string exported = full_export(s.records);
    const std::string pretty = json::parse(exported).dump(2);  // another tool's layout, same content
    for (const std::string& text : {exported, pretty}) {
        const ImportPlan plan = plan_import(RecordStore{}, text);
        CHECK(plan.valid());
        CHECK(plan.items.size() == 5);
        // Read straight from the text when the raw bytes carry the checksum; else via trees.
        CHECK(plan.read_directly == (text == exported ? 5u : 0u));
        check_same_as_tree_path(RecordStore{}, text, plan);
        check_same_as_tree_path(s.records, text, plan_import(s.records, text));  // all unchanged
    }
    // One character changed inside a record's raw bytes, in either layout.
    for (std::string text : {exported, pretty}) {
        const size_t at = text.find("无法登录 App");
        REQUIRE(at != std::string::npos);
        text.replace(at + std::string("无法登录 ").size(), 3, "APP");
        const ImportPlan plan = plan_import(RecordStore{}, text);
        CHECK_FALSE(plan.valid());
        REQUIRE_FALSE(plan.errors.empty());
        CHECK(plan.errors.front().key == "import.err.checksum");
    }
    // Records before the header (still one JSON object): the scanner finds them anywhere.
    json d = json::parse(exported);
    std::string moved = "{\"records\":" + d["records"].dump() + ",";
    d.erase("records");
    const std::string head = d.dump();
    moved += head.substr(1);
    CHECK(plan_import(RecordStore{}, moved).valid());
}
