#include "core/record_reader.hpp"

#include <doctest/doctest.h>

#include <limits>

#include "core/app_state.hpp"
#include "core/exchange.hpp"
#include "core/journal.hpp"
#include "core/msgpack_text.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

CommandContext at(int64_t ms, const char* agent = "1001", const char* name = "张敏") { return {{agent, name}, ms}; }

const RecordReadLimits kLimits{46, 64 * 1024, 4102444800000, uint64_t{1} << 53};

std::string packed(const json& j) {
    const std::vector<uint8_t> b = json::to_msgpack(j);
    return std::string(b.begin(), b.end());
}

// The exported text of every record in the store, in export order.
std::vector<std::string> exported_records(const RecordStore& store) {
    const json doc = json::parse(export_json(store, ExportFilter{}, {"t", 1, {"1001", "张敏"}}));
    std::vector<std::string> out;
    for (const json& r : doc["records"]) out.push_back(r.dump(-1, ' ', false, json::error_handler_t::replace));
    return out;
}

struct Read {
    RecordRead outcome;
    Record record;
    std::string history;
    std::vector<std::pair<std::string, std::string>> refs;
};

Read read(const std::string& text, const RecordReadLimits& limits = kLimits) {
    Read r;
    r.outcome = read_export_record(text, "records[0]", limits, r.record, r.history, r.refs);
    return r;
}

// A valid exported record to mutate.
json base_record() {
    RecordStore s;
    REQUIRE(s.create("case", "c-1", {{"title", "无法登录"}, {"n", 1}}, at(1'763'800'000'000)).ok);
    REQUIRE(s.update("case", "c-1", 1, {{"n", 2}}, at(1'763'800'100'000, "1002", "李强")).ok);
    return json::parse(exported_records(s)[0]);
}

}  // namespace

TEST_CASE("MessagePack is written byte for byte as nlohmann::json::to_msgpack writes it") {
    const int64_t ints[] = {0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295LL, 4294967296LL,
                            std::numeric_limits<int64_t>::max(), -1, -32, -33, -128, -129, -32768, -32769,
                            std::numeric_limits<int32_t>::min(), int64_t{std::numeric_limits<int32_t>::min()} - 1,
                            std::numeric_limits<int64_t>::min()};
    for (int64_t v : ints) {
        std::string out;
        msgpack::put_int(out, v);
        CHECK_MESSAGE(out == packed(json(v)), v);
    }
    for (uint64_t v : {uint64_t{0}, uint64_t{200}, uint64_t{70000}, std::numeric_limits<uint64_t>::max()}) {
        std::string out;
        msgpack::put_uint(out, v);
        CHECK(out == packed(json(v)));
    }
    for (double v : {0.0, -0.0, 0.5, 0.1, -2.5, 1e300, 3.4028234663852886e38, 6.02214076e23, 1e-45}) {
        std::string out;
        msgpack::put_float(out, v);
        CHECK_MESSAGE(out == packed(json(v)), v);
    }
    for (size_t n : {size_t{0}, size_t{31}, size_t{32}, size_t{255}, size_t{256}, size_t{65535}, size_t{65536}}) {
        const std::string s(n, 'x');
        std::string out;
        msgpack::put_str(out, s);
        CHECK(out == packed(json(s)));
        json arr = json::array(), obj = json::object();
        for (size_t i = 0; i < n; ++i) arr.push_back(nullptr);
        std::string a;
        msgpack::put_array_header(a, n);
        for (size_t i = 0; i < n; ++i) msgpack::put_nil(a);
        CHECK(a == packed(arr));
        CHECK(msgpack::header_size(n) == packed(arr).size() - n);
    }
    std::string m;
    msgpack::put_map_header(m, 2);
    msgpack::put_str(m, "a");
    msgpack::put_bool(m, true);
    msgpack::put_str(m, "b");
    msgpack::put_bool(m, false);
    CHECK(m == packed({{"a", true}, {"b", false}}));
}

TEST_CASE("a record read from its exported text has exactly the stored bytes: data and history") {
    RecordStore s;
    const json rich = {{"title", "无法登录 App \"引号\" \\ 反斜杠 \t tab \x01"},
                       {"customer", {{"name", "王女士"}, {"mobile", "13812341234"}, {"emoji", "😀"}}},
                       {"numbers", json::array({0, 127, 128, -1, -33, -40000, 4294967296LL, 1.5, 0.1, -2.25e-7, 1e300})},
                       {"flags", json::array({true, false, nullptr})},
                       {"nested", {{"a", {{"b", {{"c", json::array({json::object(), json::array()})}}}}}}},
                       {"long", std::string(300, 'L')},
                       {"many", json::array()},
                       {"follow_up_refs", json::array({"case/c-0"})},
                       {"parent_ref", nullptr}};
    json many = json::array();
    for (int i = 0; i < 40; ++i) many.push_back(i * 1000);
    json data = rich;
    data["many"] = many;
    REQUIRE(s.create("case", "c-0", {{"title", "先前"}}, at(1'763'700'000'000)).ok);
    REQUIRE(s.create("case", "c-1", data, at(1'763'800'000'000)).ok);
    REQUIRE(s.update("case", "c-1", 1, {{"title", "已更新"}, {"parent_ref", "case/c-0"}, {"numbers", nullptr}},
                     at(1'763'800'100'000, "1002", "李强"))
                .ok);
    REQUIRE(s.remove("case", "c-0", 1, at(1'763'900'000'000)).ok);
    const std::vector<std::string> texts = exported_records(s);
    REQUIRE(texts.size() == 2);
    std::string stored_history;
    s.for_each_raw([&](const Record& rec, const std::string& h) {
        if (rec.id == "c-1") stored_history = h;
    });
    for (const std::string& text : texts) {
        const Read r = read(text);
        REQUIRE(r.outcome == RecordRead::Ok);
        const Record* stored = s.find_any("case", r.record.id);
        REQUIRE(stored);
        CHECK(r.record.data_blob == stored->data_blob);
        CHECK(r.record.rev == stored->rev);
        CHECK(r.record.deleted == stored->deleted);
        CHECK(r.record.created_at_ms == stored->created_at_ms);
        CHECK(r.record.updated_by == stored->updated_by);
        CHECK(r.history == encode_history(s.history("case", r.record.id)));
        if (r.record.id == "c-1") {
            CHECK(r.history == stored_history);
            // Only data's references are collected, with their paths.
            REQUIRE(r.refs.size() == 2);
            CHECK(r.refs[0] == std::make_pair(std::string("records[0].data.follow_up_refs[0]"), std::string("case/c-0")));
            CHECK(r.refs[1] == std::make_pair(std::string("records[0].data.parent_ref"), std::string("case/c-0")));
        }
    }
}

TEST_CASE("anything the validator would have a word about is left to it") {
    auto outcome = [](const std::function<void(json&)>& edit) {
        json r = base_record();
        edit(r);
        return read(r.dump()).outcome;
    };
    CHECK(outcome([](json&) {}) == RecordRead::Ok);
    CHECK(outcome([](json& r) { r.erase("type"); }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["extra"] = 1; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["id"] = "bad id"; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["rev"] = 0; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["rev"] = 3; }) == RecordRead::Irregular);  // history does not reach it
    CHECK(outcome([](json& r) { r["created_at"] = -5; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["updated_at"] = 1.5; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["deleted"] = "no"; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["data"] = json::array(); }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["data"]["x_ref"] = 5; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["data"]["x_refs"] = "case/c-1"; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["data"]["x_refs"] = json::array({1}); }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["data"]["x"] = std::string(70 * 1024, 'x'); }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["created_by"].erase("name"); }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["history"][0]["op"] = "explode"; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { std::swap(r["history"][0], r["history"][1]); }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["history"][1]["fields"][0].erase("field"); }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r["history"][1]["fields"][0]["before"] = {{"y_ref", 1}}; }) == RecordRead::Irregular);
    CHECK(outcome([](json& r) { r = "not a record"; }) == RecordRead::Irregular);

    // Object keys out of order or repeated: a tree would sort or merge them.
    std::string text = base_record().dump();
    const size_t title = text.find("\"title\"");
    REQUIRE(title != std::string::npos);
    std::string swapped = text;
    swapped.replace(swapped.find("{\"n\":2,\"title\":\"无法登录\"}"), std::string("{\"n\":2,\"title\":\"无法登录\"}").size(),
                    "{\"title\":\"无法登录\",\"n\":2}");
    CHECK(read(swapped).outcome == RecordRead::Irregular);
    std::string repeated = text;
    repeated.replace(repeated.find("\"deleted\":false"), 15, "\"deleted\":false,\"deleted\":true");
    CHECK(read(repeated).outcome == RecordRead::Irregular);

    // Not JSON, or nested beyond the limit: unreadable, whatever else is wrong.
    CHECK(read(text.substr(0, text.size() - 1)).outcome == RecordRead::Unreadable);
    CHECK(read(text + "x").outcome == RecordRead::Unreadable);
    json deep = base_record();
    json* at_depth = &deep["data"];
    for (int i = 0; i < 50; ++i) at_depth = &((*at_depth)["d"] = json::object());
    CHECK(read(deep.dump()).outcome == RecordRead::Unreadable);
    deep.erase("type");  // irregular and too deep: too deep wins
    CHECK(read(deep.dump()).outcome == RecordRead::Unreadable);
}

TEST_CASE("a put change carries the history bytes; journals that carried it as JSON still replay") {
    RecordStore a;
    REQUIRE(a.create("case", "c-1", {{"title", "无法登录"}}, at(1)).ok);
    REQUIRE(a.update("case", "c-1", 1, {{"title", "已解决"}}, at(2)).ok);
    Change put;
    put.op = ChangeOp::Put;
    put.type = "case";
    put.id = "c-1";
    put.rev = 2;
    put.put_record = *a.find("case", "c-1");
    a.for_each_raw([&](const Record&, const std::string& h) { put.put_history = h; });

    Change back;
    REQUIRE(change_from_json(change_to_json(put), back));
    CHECK(back.put_history == put.put_history);
    CHECK(back.put_record.data_blob == put.put_record.data_blob);

    json legacy = change_to_json(put);  // as journals before this change wrote it
    legacy["rec"]["h"] = json::from_msgpack(put.put_history);
    REQUIRE(change_from_json(legacy, back));
    CHECK(back.put_history == put.put_history);

    RecordStore b;
    REQUIRE(b.apply_change(back).ok);
    CHECK(b.history("case", "c-1").size() == 2);
    CHECK(b.find("case", "c-1")->data()["title"] == "已解决");

    Change broken = put;
    broken.put_history = put.put_history.substr(0, put.put_history.size() - 2);
    CHECK_FALSE(RecordStore{}.apply_change(broken).ok);
    broken = put;
    broken.put_record.rev = 3;
    broken.rev = 3;
    CHECK_FALSE(RecordStore{}.apply_change(broken).ok);  // the history ends at revision 2
}
