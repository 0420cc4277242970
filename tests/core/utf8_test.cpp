#include "core/app_state.hpp"
#include "core/exchange.hpp"
#include "core/phrase_check.hpp"
#include "core/utf8.hpp"

#include <doctest/doctest.h>

using namespace kefu;
using nlohmann::json;

namespace {

// A name with characters outside GB2312 (喆堃昇), CJK Extension B (𠀋, outside the Basic
// Multilingual Plane) and emoji with a skin-tone modifier (two code points, four UTF-16 units).
const std::string kName = "王喆堃昇𠀋😀👍🏻";

std::vector<uint32_t> code_points(std::string_view s) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < s.size();) out.push_back(decode_utf8(s, i));
    return out;
}

bool nlohmann_accepts(const std::string& s) {
    try {
        (void)json(s).dump();
        return true;
    } catch (const json::exception&) {
        return false;
    }
}

}  // namespace

TEST_CASE("UTF-8: full code points decode, and every well-formed text round-trips") {
    CHECK(code_points(kName) == std::vector<uint32_t>{0x738B, 0x5586, 0x5803, 0x6607, 0x2000B, 0x1F600, 0x1F44D, 0x1F3FB});
    CHECK(valid_utf8(kName));
    std::string back;
    for (uint32_t cp : code_points(kName)) append_utf8(back, cp);
    CHECK(back == kName);
    CHECK(valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
    CHECK(utf8_prefix(kName, 5) == "王喆堃昇𠀋");  // never half a character
}

TEST_CASE("UTF-8: ill-formed bytes are refused exactly where nlohmann::json would throw, and decode to U+FFFD") {
    const std::vector<std::pair<std::string, const char*>> bad = {
        {"\xED\xA0\x80", "a UTF-16 surrogate (a lone one from a broken clipboard, encoded)"},
        {"\xED\xA0\xBD\xED\xB8\x80", "a surrogate pair encoded as two surrogates (CESU-8)"},
        {"\xE0\x80\xAF", "an overlong 3-byte form"},
        {"\xC0\xAF", "an overlong 2-byte form"},
        {"\xF0\x80\x80\xAF", "an overlong 4-byte form"},
        {"\xF4\x90\x80\x80", "past U+10FFFF"},
        {"\xF5\x80\x80\x80", "a lead byte that never starts a character"},
        {"\x80", "a stray continuation byte"},
        {"\xF0\x9F\x98", "an emoji cut short"},
    };
    for (const auto& item : bad) {
        const std::string& bytes = item.first;
        const char* what = item.second;  // (clang 14 cannot capture a structured binding in CAPTURE)
        CAPTURE(what);
        const std::string s = "王" + bytes + "丽";
        CHECK_FALSE(valid_utf8(s));
        CHECK(valid_utf8(s) == nlohmann_accepts(s));
        const std::vector<uint32_t> cps = code_points(s);
        CHECK(cps.front() == 0x738B);
        CHECK(cps.back() == 0x4E3D);  // the text after the bad bytes is read again
        for (size_t k = 1; k + 1 < cps.size(); ++k) CHECK(cps[k] == 0xFFFD);
    }
    for (const std::string& good : {kName, std::string("abc"), std::string("\xF4\x8F\xBF\xBF"), std::string("\xEF\xBF\xBD")})
        CHECK(valid_utf8(good) == nlohmann_accepts(good));
}

TEST_CASE("a name outside the Basic Multilingual Plane survives a case, the search, the phrase checker and an export") {
    AppState s;
    const CommandContext ctx{{"1001", "张敏"}, 1'795'000'000'000};
    CreateCase c;
    c.id = "c-1";
    c.customer.name = kName;
    c.customer.mobile = "13812340001";
    c.description = "客户发来表情😀👍🏻，说网络又断了，" + std::string(2000, 'x') + "🙏";
    REQUIRE(apply(s, c, ctx).ok());
    const Record* r = s.records.find(kCaseType, "c-1");
    REQUIRE(r);
    CHECK(r->data()["customer"]["name"].get<std::string>() == kName);
    CaseQuery q;
    q.text = "𠀋";
    CHECK(s.cases.query(q, ctx.now_ms).size() == 1);
    q.text = "喆堃";
    CHECK(s.cases.query(q, ctx.now_ms).size() == 1);
    q.text = "😀";
    CHECK(s.cases.query(q, ctx.now_ms).size() == 1);
    // The phrase checker reads past emoji and still finds a phrase right after one.
    const PhraseChecker checker(default_phrases());
    CHECK(checker.check("😀👍🏻办不到𠀋").size() == 1);
    // Export and import give the same bytes back.
    const std::string exported = export_json(s.records, ExportFilter{}, ExportMeta{"test", ctx.now_ms, ctx.actor, ""}, {});
    CHECK(exported.find(kName) != std::string::npos);
    AppState t;
    auto plan = std::make_shared<const ImportPlan>(plan_import(t.records, exported));
    REQUIRE(plan->valid());
    REQUIRE(apply(t, ApplyImport{plan, ConflictPolicy::KeepMine}, ctx).ok());
    CHECK(t.records.find(kCaseType, "c-1")->data() == r->data());
}

TEST_CASE("json_size_bound is never below the serialised size; the limit check agrees with the exact size") {
    const nlohmann::json samples[] = {
        nullptr, true, -1234567890123456789LL, 3.141592653589793e-300, "", "控制字符\x01\x1f 与 \"引号\" \\ 反斜杠",
        nlohmann::json::parse(R"({"a":[1,2.5,{"b":null,"c":"客户反映 App 登录时提示“密码错误”。"}],"\u0001键":{}})"),
        nlohmann::json::array(), nlohmann::json::object(),
    };
    for (const auto& j : samples) {
        CHECK(json_size_bound(j) >= json_size(j));
        CHECK(json_larger_than(j, json_size(j)) == false);
        if (json_size(j) > 0) CHECK(json_larger_than(j, json_size(j) - 1));
    }
    nlohmann::json big = nlohmann::json::object();
    big["text"] = std::string(300 * 1024, 'x');
    CHECK_FALSE(json_larger_than(big, 1 << 20));  // the bound says "maybe" (6 × 300 KB), the dump says no
    big["more"] = std::string(800 * 1024, 'y');
    CHECK(json_larger_than(big, 1 << 20));
}
