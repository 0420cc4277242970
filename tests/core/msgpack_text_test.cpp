#include "core/msgpack_text.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/app_state.hpp"
#include "core/exchange.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

std::string via_text(const std::string& bytes, bool mask = false, bool* ok = nullptr) {
    MsgpackText in(bytes);
    std::string out;
    const bool done = in.value(out, mask) && in.at_end();
    if (ok) *ok = done;
    return out;
}

std::string packed(const json& j) {
    const std::vector<uint8_t> b = json::to_msgpack(j);
    return std::string(b.begin(), b.end());
}

std::string reference(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

TEST_CASE("MessagePack is written as the same text nlohmann::json::dump() writes") {
    const json values[] = {
        nullptr, true, false, 0, 127, 128, 255, 256, 65535, 65536, -1, -32, -33, -128, -129, -32768, -32769,
        std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), std::numeric_limits<uint64_t>::max(),
        1.5, -0.0, 0.1, 1e300, 6.02214076e23, 3.0,
        "", "a", "客服", "quote \" backslash \\ slash /", "\b\f\n\r\t\x01\x1f\x7f", std::string(40, 'x'),
        std::string(300, 'y'), std::string(70000, 'z'), "😀 emoji and 混合 scripts",
        json::array(), json::object(), json::array({1, "二", nullptr, json::array({json::object()})}),
        {{"b", 1}, {"a", {{"z", "深"}, {"y", json::array({1.25, false})}}}, {"", "empty key"}, {"键", "值"}},
    };
    for (const json& v : values) {
        bool ok = false;
        CHECK(via_text(packed(v), false, &ok) == reference(v));
        CHECK(ok);
    }
    json big = json::object();
    for (int i = 0; i < 70000; ++i) big["k" + std::to_string(i)] = i;  // map32 and many sorted keys
    CHECK(via_text(packed(big)) == reference(big));
}

TEST_CASE("invalid UTF-8 is replaced exactly as nlohmann replaces it") {
    const std::string bad = "ok\xff\xfe" "end\xe4\xb8";
    CHECK(via_text(packed(json(bad))) == reference(json(bad)));
}

TEST_CASE("phone masking applies to string values under phone keys, at any depth") {
    const json v = {{"customer", {{"mobile", "13812341234"}, {"name", "王女士"}, {"telephone", "010-62345678"}}},
                    {"mobile", json::array({"13800000000"})},
                    {"contacts", json::array({{{"phone", "13911112222"}}})}};
    const json expected = {{"customer", {{"mobile", "138****1234"}, {"name", "王女士"}, {"telephone", "010****5678"}}},
                           {"mobile", json::array({"13800000000"})},  // arrays under a phone key are left alone
                           {"contacts", json::array({{{"phone", "139****2222"}}})}};
    CHECK(via_text(packed(v), true) == reference(expected));
    CHECK(via_text(packed(v), false) == reference(v));
}

TEST_CASE("input it cannot copy is refused, never half-written") {
    bool ok = true;
    via_text(packed(json::binary({1, 2, 3})), false, &ok);
    CHECK_FALSE(ok);
    std::string truncated = packed(json{{"title", "无法登录"}});
    truncated.pop_back();
    via_text(truncated, false, &ok);
    CHECK_FALSE(ok);
    via_text(std::string("\x82\xa1" "b\x01\xa1" "a\x02", 7), false, &ok);  // keys out of order
    CHECK_FALSE(ok);
    via_text(std::string("\xc1"), false, &ok);  // a tag MessagePack never uses
    CHECK_FALSE(ok);
    via_text(std::string("\xdd\xff\xff\xff\xff"), false, &ok);  // claims 4 billion elements
    CHECK_FALSE(ok);
    via_text(std::string(300, '\x91') + "\x01", false, &ok);  // nesting past the limit
    CHECK_FALSE(ok);
    via_text(std::string(100, '\x91') + "\x01", false, &ok);
    CHECK(ok);
}
