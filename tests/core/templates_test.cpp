#include "core/templates.hpp"

#include <doctest/doctest.h>

#include "core/app_state.hpp"
#include "tests/core/test_support.hpp"

using namespace kefu;

namespace {

CommandContext at(int64_t ms, const char* agent = "1001", const char* name = "张敏") { return {{agent, name}, ms}; }

AppState with_library() {
    AppState s;
    REQUIRE(parse_template_library(test::read_source_file("assets/templates/library.json"), s.builtin_templates, s.builtin_scripts).ok);
    return s;
}

ReplyTemplate tmpl(const std::string& id, const std::string& title, const std::string& body) {
    ReplyTemplate t;
    t.id = id;
    t.title = title;
    t.body = body;
    t.category = TemplateCategory::Custom;
    return t;
}

}  // namespace

TEST_CASE("the default library: 25+ Chinese templates, English ones, the callback script; all render, none uses a forbidden phrase") {
    const AppState s = with_library();
    size_t zh = 0, en = 0;
    for (const ReplyTemplate& t : s.builtin_templates) (t.language == "en" ? en : zh) += 1;
    CHECK(zh >= 25);
    CHECK(en >= 10);
    REQUIRE(s.builtin_scripts.size() >= 1);
    CHECK(s.builtin_scripts[0].steps.size() >= 4);

    Case c;
    c.form_no = "KF-20261124-0003";
    c.customer.name = "王丽";
    c.customer.salutation = "女士";
    c.description = {"App 登录时提示验证码错误", {"1001", "张敏"}, 1'795'000'000'000};
    c.solution = {"已为客户重置密码并恢复登录", {}, 0};
    const PlaceholderValues v = placeholder_values(&c, {"1024", "张敏"}, "XX 公司", "技术部", 1'795'100'000'000, 480);
    const PhraseChecker checker(default_phrases());
    for (const ReplyTemplate& t : s.builtin_templates) {
        CAPTURE(t.id);
        const Rendered r = render_template(t.body, v);
        CHECK(r.errors.empty());
        CHECK(r.missing.empty());
        CHECK(checker.check(r.text).empty());
    }
    const Rendered g = render_template("{customer.surname}{customer.salutation}，您好！", v);
    CHECK(g.text == "王女士，您好！");
}

TEST_CASE("placeholder values: surnames, local dates, no 工号 before sign-in") {
    CHECK(surname_of("王丽") == "王");
    CHECK(surname_of(" 欧阳娜娜 ") == "欧阳");
    CHECK(surname_of("John Smith") == "Smith");
    CHECK(surname_of("") == "");
    Case c;
    c.description.at_ms = 1'795'129'200'000;  // 2026-11-19 23:00 UTC = 11-20 07:00 in Beijing
    PlaceholderValues v = placeholder_values(&c, {"local", "一号坐席"}, "XX", "", c.description.at_ms, 480);
    CHECK(v["case.date"] == "2026-11-20");
    CHECK(v["today"] == "2026-11-20");
    CHECK(v["agent.id"].empty());  // missing, so a template asking for it shows it
    CHECK(render_template("我是{agent.id}号", v).missing == std::vector<std::string>{"agent.id"});
    const PlaceholderValues none = placeholder_values(nullptr, {"1001", "张敏"}, "XX", "", 0, 480);
    CHECK(none.count("customer.name") == 0);
}

TEST_CASE("templates: a built-in one edited or deleted is replaced by a record; personal ones stay personal") {
    AppState s = with_library();
    ReplyTemplate greeting;
    REQUIRE(find_template(s, "tpl-zh-greeting", greeting));
    CHECK(greeting.builtin);
    CHECK(s.records.total() == 0);
    greeting.body = "您好！{company.name}，很高兴为您服务。";
    REQUIRE(apply(s, SaveTemplate{greeting, 0}, at(1)).ok());
    ReplyTemplate now;
    REQUIRE(find_template(s, "tpl-zh-greeting", now));
    CHECK_FALSE(now.builtin);
    CHECK(now.body == "您好！{company.name}，很高兴为您服务。");
    REQUIRE(apply(s, DeleteTemplate{"tpl-zh-hold", 0}, at(2)).ok());
    CHECK_FALSE(find_template(s, "tpl-zh-hold", now));

    ReplyTemplate mine = tmpl("tpl-mine", "我的开场白", "{customer.surname}{customer.salutation}好");
    mine.personal = true;
    REQUIRE(apply(s, SaveTemplate{mine, 0}, at(3, "1001", "张敏")).ok());
    auto has = [&](std::string_view agent, const char* id) {
        for (const ReplyTemplate& t : visible_templates(s, agent))
            if (t.id == id) return true;
        return false;
    };
    CHECK(has("1001", "tpl-mine"));
    CHECK_FALSE(has("1002", "tpl-mine"));
    CHECK(has("1002", "tpl-zh-greeting"));
    mine.title = "改别人的";
    CHECK(apply(s, SaveTemplate{mine, 1}, at(4, "1002", "李强")).result.error.key == "error.template.not_yours");
    CHECK(apply(s, SaveTemplate{tmpl("tpl-x", " ", "正文"), 0}, at(5)).result.error.key == "error.template.no_title");
}

TEST_CASE("uses and favourites are counted without adding versions") {
    AppState s = with_library();
    REQUIRE(apply(s, UseTemplate{"tpl-zh-greeting"}, at(10)).ok());
    REQUIRE(apply(s, UseTemplate{"tpl-zh-greeting"}, at(20)).ok());
    REQUIRE(apply(s, SetTemplateFavourite{"tpl-zh-greeting", true}, at(30)).ok());
    const TemplateStats st = template_stats(s.records, "tpl-zh-greeting");
    CHECK(st.uses == 2);
    CHECK(st.last_used_ms == 20);
    CHECK(st.favourite);
    CHECK(s.records.find_any(kTemplateType, "tpl-zh-greeting") == nullptr);  // still the built-in one
    CHECK_FALSE(apply(s, UseTemplate{"nope"}, at(40)).ok());
}

TEST_CASE("a callback script run is recorded on the case: steps done, answers, finish") {
    AppState s = with_library();
    CreateCase cc;
    cc.id = "c-1";
    cc.description = "回访测试";
    REQUIRE(apply(s, cc, at(100)).ok());
    REQUIRE(apply(s, StartScriptRun{"r-1", "script-zh-callback", "c-1"}, at(200)).ok());
    REQUIRE(apply(s, MarkScriptStep{"r-1", 1, 0, true, "本人接听"}, at(210)).ok());
    REQUIRE(apply(s, MarkScriptStep{"r-1", 2, 2, true, "已解决"}, at(220)).ok());
    CHECK(apply(s, MarkScriptStep{"r-1", 2, 1, true, ""}, at(230)).result.error.key == "error.record.conflict");  // stale
    CHECK(apply(s, MarkScriptStep{"r-1", 3, 99, true, ""}, at(230)).result.error.key == "error.template.no_step");
    REQUIRE(apply(s, FinishScriptRun{"r-1", 3}, at(240)).ok());
    CHECK(apply(s, MarkScriptStep{"r-1", 4, 1, true, ""}, at(250)).result.error.key == "error.template.run_finished");
    const std::vector<ScriptRun> runs = script_runs_of_case(s.records, "c-1");
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].steps.size() == s.builtin_scripts[0].steps.size());
    CHECK(runs[0].steps[0].done);
    CHECK(runs[0].steps[0].answer == "本人接听");
    CHECK(runs[0].steps[0].at_ms == 210);
    CHECK_FALSE(runs[0].steps[1].done);
    CHECK(runs[0].steps[2].answer == "已解决");
    CHECK(runs[0].finished_ms == 240);
    CHECK(runs[0].by.name == "张敏");
    CHECK_FALSE(apply(s, StartScriptRun{"r-2", "script-zh-callback", "c-404"}, at(300)).ok());
}

TEST_CASE("the phrase list is data: edited in the store, and a case's free text is checked against it") {
    AppState s = with_library();
    Case c;
    c.acceptance.text = "这不是我们部门的事";
    c.result.text = "已处理，客户满意";
    std::vector<CasePhraseWarning> w = check_case_phrases(s.phrases, c);
    REQUIRE(w.size() == 1);
    CHECK(w[0].field == "acceptance");
    CHECK(w[0].text == "这不是我们部门的事");
    std::vector<Phrase> list = default_phrases();
    list.push_back({"客户满意", "测试用", "—", {}});
    REQUIRE(apply(s, SetPhrases{list}, at(1)).ok());
    CHECK(check_case_phrases(s.phrases, c).size() == 2);
    refresh_derived(s);  // as after a reload
    CHECK(check_case_phrases(s.phrases, c).size() == 2);
}
