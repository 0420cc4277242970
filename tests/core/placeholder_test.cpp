#include "core/placeholder.hpp"

#include <doctest/doctest.h>

using namespace kefu;

namespace {
const PlaceholderValues kValues = {{"customer.surname", "王"},       {"customer.salutation", "女士"}, {"customer.name", "王丽"},
                                   {"agent.id", "1024"},            {"agent.name", "张敏"},          {"company.name", "XX 公司"},
                                   {"department.name", "客户服务部"}, {"case.number", "KF-20261124-0003"}, {"case.date", "2026-11-24"},
                                   {"case.summary", "App 登录失败"}, {"case.solution", "已重置密码"},  {"today", "2026-11-24"}};
}

TEST_CASE("every placeholder is filled, Chinese punctuation around them untouched") {
    std::string body;
    for (size_t i = 0; i < kPlaceholderCount; ++i) body += std::string("【{") + kPlaceholders[i].name + "}】";
    const Rendered r = render_template(body, kValues);
    CHECK(r.ok());
    CHECK(r.placeholders == kPlaceholderCount);
    CHECK(r.text.find("【王】【王丽】【女士】【1024】【张敏】【XX 公司】") == 0);
    CHECK(r.text.find('{') == std::string::npos);

    const Rendered greeting = render_template("{customer.surname}{customer.salutation}，您好！我是{agent.id}号客服，很高兴为您服务。", kValues);
    CHECK(greeting.text == "王女士，您好！我是1024号客服，很高兴为您服务。");
    REQUIRE(greeting.filled.size() == 3);
    CHECK(greeting.text.substr(greeting.filled[0].begin, greeting.filled[0].end - greeting.filled[0].begin) == "王");
    CHECK_FALSE(greeting.filled[0].missing);
}

TEST_CASE("a missing value stays visible and is listed, never a silent blank") {
    PlaceholderValues v = kValues;
    v["customer.surname"] = "";
    v.erase("case.number");
    const Rendered r = render_template("{customer.surname}{customer.salutation}您好，工单 {case.number}，再次确认 {customer.surname}。", v);
    CHECK(r.text == "{customer.surname}女士您好，工单 {case.number}，再次确认 {customer.surname}。");
    CHECK(r.missing == std::vector<std::string>{"customer.surname", "case.number"});
    CHECK(r.errors.empty());
    CHECK_FALSE(r.ok());
    REQUIRE(r.filled.size() == 4);
    CHECK(r.filled[0].missing);
    CHECK_FALSE(r.filled[1].missing);
}

TEST_CASE("syntax errors come with their byte positions; literal braces are written doubled") {
    const Rendered a = render_template("您好{customer.surname", kValues);
    REQUIRE(a.errors.size() == 1);
    CHECK(a.errors[0].key == "template.err.unclosed");
    CHECK(a.errors[0].pos == std::string("您好").size());
    CHECK(a.text == "您好{customer.surname");

    const Rendered b = render_template("编号 {case.nubmer} 已受理", kValues);
    REQUIRE(b.errors.size() == 1);
    CHECK(b.errors[0].key == "template.err.unknown");
    CHECK(b.errors[0].name == "case.nubmer");
    CHECK(b.errors[0].pos == std::string("编号 ").size());
    CHECK(b.text == "编号 {case.nubmer} 已受理");

    const Rendered c = render_template("空的{}和多余的}", kValues);
    REQUIRE(c.errors.size() == 2);
    CHECK(c.errors[0].key == "template.err.empty");
    CHECK(c.errors[1].key == "template.err.stray_close");

    const Rendered d = render_template("写作 {{customer.name}} 即可，结果：{{{customer.name}}}", kValues);
    CHECK(d.errors.empty());
    CHECK(d.text == "写作 {customer.name} 即可，结果：{王丽}");

    const Rendered e = render_template("全角括号｛customer.name｝不是占位符", kValues);
    CHECK(e.errors.empty());
    CHECK(e.placeholders == 0);
    CHECK(e.text == "全角括号｛customer.name｝不是占位符");
}

TEST_CASE("hostile bodies: 10,000 placeholders, brace storms, a 1 MB body; errors capped") {
    std::string many;
    for (int i = 0; i < 10000; ++i) many += "{agent.id}";
    const Rendered m = render_template(many, kValues);
    CHECK(m.placeholders == 10000);
    CHECK(m.text.size() == 40000);

    const Rendered pairs = render_template(std::string(30001, '{'), kValues);  // "{{" pairs, one left open
    CHECK(pairs.text == std::string(15001, '{'));
    CHECK(pairs.errors.size() == 1);
    std::string storm;
    for (int i = 0; i < 20000; ++i) storm += "{ ";
    const Rendered s = render_template(storm, kValues);
    CHECK(s.errors.size() == kMaxPlaceholderErrors);  // listed up to the cap, then counted no more
    CHECK(s.text == storm);

    std::string big(1 << 20, 'x');
    big[500000] = '}';
    const Rendered b = render_template(big, kValues);
    CHECK(b.text.size() == big.size());
    CHECK(b.errors.size() == 1);
}

TEST_CASE("with the gaps marked: a missing value becomes its visible mark, never the {name} token") {
    PlaceholderValues values = kValues;
    values.erase("company.name");
    values["customer.surname"] = "";  // empty counts as missing
    const Rendered r = render_template("{customer.surname}{customer.salutation}您好，这里是{company.name}客服，工号{agent.id}。{{备注}}", values);
    REQUIRE(r.missing.size() == 2);
    const auto mark = [](std::string_view name) { return "【" + std::string(name) + "】"; };
    const std::string text = with_gaps_marked(r, mark);
    CHECK(text == "【customer.surname】" + values.at("customer.salutation") + "您好，这里是【company.name】客服，工号" + values.at("agent.id") +
                      "。{备注}");
    CHECK(text.find("{company.name}") == std::string::npos);
    // Nothing missing: the text as rendered.
    const Rendered full = render_template("工号{agent.id}", kValues);
    CHECK(with_gaps_marked(full, mark) == full.text);
    // A value that itself looks like a token is a value, not a gap.
    PlaceholderValues odd = kValues;
    odd["customer.name"] = "{company.name}";
    const Rendered o = render_template("{customer.name}", odd);
    CHECK(with_gaps_marked(o, mark) == "{company.name}");
}
