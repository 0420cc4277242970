#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "core/app_state.hpp"
#include "core/merge.hpp"

using namespace kefu;
using nlohmann::json;

TEST_CASE("merge3: the merge table, field by field") {
    const json base = {{"title", "登录失败"}, {"priority", "normal"}, {"customer", {{"name", "王丽"}, {"mobile", "13812345678"}}},
                       {"note", "首次来电"}};
    SUBCASE("different fields changed at each desk: both kept, no conflict") {
        json mine = base, theirs = base;
        mine["priority"] = "urgent";
        theirs["title"] = "登录失败（App）";
        const MergeResult r = merge3(base, mine, theirs);
        CHECK(r.clean());
        CHECK(r.data["priority"] == "urgent");
        CHECK(r.data["title"] == "登录失败（App）");
    }
    SUBCASE("inside one object: the name here, the mobile there") {
        json mine = base, theirs = base;
        mine["customer"]["name"] = "王丽丽";
        theirs["customer"]["mobile"] = "13900001111";
        const MergeResult r = merge3(base, mine, theirs);
        CHECK(r.clean());
        CHECK(r.data["customer"] == json({{"name", "王丽丽"}, {"mobile", "13900001111"}}));
    }
    SUBCASE("the same field changed to the same value: agreed") {
        json mine = base, theirs = base;
        mine["priority"] = theirs["priority"] = "urgent";
        CHECK(merge3(base, mine, theirs).clean());
    }
    SUBCASE("the same field changed to different values: a conflict keeping both texts") {
        json mine = base, theirs = base;
        mine["note"] = "客户要求下午回电";
        theirs["note"] = "客户已自行解决";
        const MergeResult r = merge3(base, mine, theirs);
        REQUIRE(r.conflicts.size() == 1);
        CHECK(r.conflicts[0].path == "note");
        CHECK(r.conflicts[0].base == "首次来电");
        CHECK(r.conflicts[0].mine == "客户要求下午回电");
        CHECK(r.conflicts[0].theirs == "客户已自行解决");
        CHECK(r.data["note"] == "客户要求下午回电");  // kept here until a lead picks
    }
    SUBCASE("a nested conflict is named by its path") {
        json mine = base, theirs = base;
        mine["customer"]["name"] = "王莉";
        theirs["customer"]["name"] = "汪丽";
        const MergeResult r = merge3(base, mine, theirs);
        REQUIRE(r.conflicts.size() == 1);
        CHECK(r.conflicts[0].path == "customer.name");
    }
    SUBCASE("removed here, untouched there: removed; removed there, edited here: a conflict") {
        json mine = base, theirs = base;
        mine.erase("note");
        CHECK_FALSE(merge3(base, mine, theirs).data.contains("note"));
        theirs["note"] = "补充：客户换了手机";
        const MergeResult r = merge3(base, mine, theirs);
        REQUIRE(r.conflicts.size() == 1);
        CHECK(r.conflicts[0].mine.is_null());
        CHECK(r.conflicts[0].theirs == "补充：客户换了手机");
    }
    SUBCASE("a field added at both desks with different values, no base: a conflict") {
        json mine = base, theirs = base;
        mine["order_no"] = "A-1";
        theirs["order_no"] = "B-2";
        const MergeResult r = merge3(base, mine, theirs);
        REQUIRE(r.conflicts.size() == 1);
        CHECK(r.conflicts[0].base.is_null());
    }
    SUBCASE("lists only appended to keep both additions; a list changed otherwise is a whole value") {
        json b = base, mine = base, theirs = base;
        b["tags"] = {"登录"};
        mine = theirs = b;
        mine["tags"] = {"登录", "App"};
        theirs["tags"] = {"登录", "密码"};
        MergeResult r = merge3(b, mine, theirs);
        CHECK(r.clean());
        CHECK(r.data["tags"] == json({"登录", "App", "密码"}));
        mine["tags"] = {"App"};  // 登录 removed here: not an append
        CHECK(merge3(b, mine, theirs).conflicts.size() == 1);
    }
}

TEST_CASE("common_revision and data_at rebuild the version both stations last shared") {
    AppState a;
    const CommandContext ctx{{"1001", "张敏"}, 1000};
    REQUIRE(a.records.create("case", "c-1", {{"title", "登录失败"}, {"note", "首次来电"}}, ctx).ok);
    REQUIRE(a.records.update("case", "c-1", 1, {{"priority", "normal"}}, CommandContext{{"1001", "张敏"}, 2000}).ok);
    AppState b;
    b.records = a.records;  // both stations hold revision 2
    REQUIRE(a.records.update("case", "c-1", 2, {{"note", "客户要求下午回电"}}, CommandContext{{"1001", "张敏"}, 3000}).ok);
    REQUIRE(b.records.update("case", "c-1", 2, {{"title", "登录失败（App）"}}, CommandContext{{"1002", "李强"}, 3100}).ok);
    REQUIRE(b.records.update("case", "c-1", 3, {{"priority", "urgent"}}, CommandContext{{"1002", "李强"}, 3200}).ok);
    const auto ha = a.records.history("case", "c-1");
    const auto hb = b.records.history("case", "c-1");
    CHECK(common_revision(ha, hb) == 2);
    json base;
    REQUIRE(data_at(a.records.find("case", "c-1")->data(), ha, 2, base));
    CHECK(base == json({{"title", "登录失败"}, {"note", "首次来电"}, {"priority", "normal"}}));
    json base_b;
    REQUIRE(data_at(b.records.find("case", "c-1")->data(), hb, 2, base_b));
    CHECK(base_b == base);
    const MergeResult r = merge3(base, a.records.find("case", "c-1")->data(), b.records.find("case", "c-1")->data());
    CHECK(r.clean());
    CHECK(r.data == json({{"title", "登录失败（App）"}, {"note", "客户要求下午回电"}, {"priority", "urgent"}}));
    json none;
    CHECK_FALSE(data_at(base, ha, 99, none));
    CHECK(common_revision(ha, {}) == 0);
}

TEST_CASE("merge3 property: whatever two desks type, every text survives in the data or in a conflict") {
    std::mt19937 rng(20261206);
    const char* const kWords[] = {"登录", "退款", "发票", "回电", "投诉", "App", "密码", "已解决"};
    auto word = [&] { return std::string(kWords[rng() % 8]) + std::to_string(rng() % 5); };
    auto random_edit = [&](json d) {
        for (const char* k : {"a", "b", "c", "d"}) {
            switch (rng() % 4) {
                case 0: break;
                case 1: d[k] = word(); break;
                case 2: d.erase(k); break;
                case 3: d["o"][k] = word(); break;
            }
        }
        return d;
    };
    for (int round = 0; round < 2000; ++round) {
        json base = {{"a", word()}, {"b", word()}, {"o", {{"a", word()}}}};
        const json mine = random_edit(base), theirs = random_edit(base);
        const MergeResult r = merge3(base, mine, theirs);
        const MergeResult swapped = merge3(base, theirs, mine);
        CAPTURE(round);
        CHECK(r.conflicts.size() == swapped.conflicts.size());  // symmetric
        // Every value either side wrote is in the merged data or in a conflict.
        for (const json* side : {&mine, &theirs}) {
            for (auto it = side->begin(); it != side->end(); ++it) {
                const std::string k = it.key();
                if (it->is_object()) continue;  // checked through the conflicts' paths below
                const bool changed = !base.contains(k) || base[k] != *it;
                if (!changed) continue;
                bool kept = r.data.contains(k) && r.data[k] == *it;
                for (const MergeConflict& c : r.conflicts) kept = kept || (c.path == k && (c.mine == *it || c.theirs == *it));
                CHECK(kept);
            }
        }
        // No conflict when only one side changed anything.
        if (mine == base || theirs == base) CHECK(r.clean());
    }
}

TEST_CASE("merge3: a list both desks only appended to keeps both additions; an edited list is a conflict") {
    const json base = {{"attempts", json::array({json{{"at", 1}, {"outcome", "unreachable"}}})}};
    json mine = base, theirs = base;
    mine["attempts"].push_back({{"at", 2}, {"outcome", "unreachable"}, {"by", "1001"}});
    theirs["attempts"].push_back({{"at", 3}, {"outcome", "reached"}, {"by", "2001"}});
    MergeResult r = merge3(base, mine, theirs);
    CHECK(r.clean());
    REQUIRE(r.data["attempts"].size() == 3);
    CHECK(r.data["attempts"][1]["by"] == "1001");
    CHECK(r.data["attempts"][2]["by"] == "2001");
    // Absent at the base: both lists are additions.
    r = merge3(json::object(), json{{"refs", {"case/c-1"}}}, json{{"refs", {"case/c-2"}}});
    CHECK(r.clean());
    CHECK(r.data["refs"].size() == 2);
    // One desk rewrote an entry: not append-only any more, both versions kept in a conflict.
    json edited = base;
    edited["attempts"][0]["outcome"] = "reached";
    r = merge3(base, edited, theirs);
    REQUIRE(r.conflicts.size() == 1);
    CHECK(r.conflicts[0].path == "attempts");
}
