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
    const TemplateStats st = template_stats(s, "tpl-zh-greeting", at(30).actor.agent_id);
    CHECK(st.uses == 2);
    CHECK(st.last_used_ms == 20);
    CHECK(st.favourite);
    // Favourites are each agent's own; uses are the team's.
    CHECK_FALSE(template_stats(s, "tpl-zh-greeting", "1002").favourite);
    REQUIRE(apply(s, SetTemplateFavourite{"tpl-zh-greeting", true}, at(31, "1002", "李强")).ok());
    REQUIRE(apply(s, SetTemplateFavourite{"tpl-zh-greeting", false}, at(32)).ok());
    CHECK_FALSE(template_stats(s, "tpl-zh-greeting", at(32).actor.agent_id).favourite);
    CHECK(template_stats(s, "tpl-zh-greeting", "1002").favourite);
    CHECK(template_stats(s, "tpl-zh-greeting", "1002").uses == 2);
    // A mark from before sign-in existed is everyone's, until an agent changes their own.
    REQUIRE(s.records.create(kTemplateStatsType, "tpl-old", {{"uses", 1}, {"favourite", true}}, at(40)).ok);
    CHECK(template_stats(s, "tpl-old", "1001").favourite);
    CHECK(template_stats(s, "tpl-old", "1002").favourite);
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

TEST_CASE("template versions: the built-in text is version 0, every save a version, differences, restore") {
    AppState s = with_library();
    ReplyTemplate g;
    REQUIRE(find_template(s, "tpl-zh-greeting", g));
    const std::string original = g.body;
    CHECK(template_versions(s, g.id).size() == 1);  // only the built-in text
    g.body = original + "\n请问有什么可以帮您？";
    REQUIRE(apply(s, SaveTemplate{g, 0}, at(100)).ok());
    g.title = "问候（新）";
    g.tags = {"开场", "问候"};
    REQUIRE(apply(s, SaveTemplate{g, 1}, at(200, "1002", "李强")).ok());

    const std::vector<TemplateVersion> v = template_versions(s, g.id);
    REQUIRE(v.size() == 3);
    CHECK(v[0].rev == 0);
    CHECK(v[0].tmpl.body == original);
    CHECK(v[1].rev == 1);
    CHECK(v[1].at_ms == 100);
    CHECK(v[1].tmpl.title != "问候（新）");
    CHECK(v[2].by.name == "李强");
    CHECK(v[2].tmpl.title == "问候（新）");

    const std::vector<FieldDiff> d01 = diff_templates(v[0].tmpl, v[1].tmpl);
    REQUIRE(d01.size() == 1);
    CHECK(d01[0].field == "body");
    CHECK(d01[0].long_text);
    const std::vector<DiffLine> lines = diff_lines(d01[0].before, d01[0].after);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back().kind == DiffLine::Added);
    CHECK(lines.back().text == "请问有什么可以帮您？");
    const std::vector<FieldDiff> d12 = diff_templates(v[1].tmpl, v[2].tmpl);
    REQUIRE(d12.size() == 2);
    CHECK(d12[0].field == "title");
    CHECK(d12[1].field == "tags");
    CHECK(d12[1].after == "开场、问候");
    CHECK(diff_templates(v[2].tmpl, v[2].tmpl).empty());

    // Restoring the built-in text saves it as version 3; older versions stay.
    CHECK(apply(s, RestoreTemplateVersion{g.id, 1, 0}, at(300)).result.error.key == "error.record.conflict");
    REQUIRE(apply(s, RestoreTemplateVersion{g.id, 2, 0}, at(300)).ok());
    ReplyTemplate now;
    REQUIRE(find_template(s, g.id, now));
    CHECK(now.body == original);
    CHECK_FALSE(now.builtin);
    CHECK(template_versions(s, g.id).size() == 4);
    CHECK(apply(s, RestoreTemplateVersion{g.id, 3, 99}, at(400)).result.error.key == "error.template.no_version");
    CHECK(apply(s, RestoreTemplateVersion{"tpl-zh-hold", 0, 0}, at(400)).result.error.key == "error.template.not_found");
}

TEST_CASE("call scripts: a new one saved and edited, a built-in one deleted leaves the others") {
    AppState s = with_library();
    CallScript sc;
    sc.id = "script-mine";
    sc.title = "投诉回访";
    sc.steps = {{"tpl-zh-greeting", ""}, {"tpl-zh-hold", "客户是否满意？"}};
    REQUIRE(apply(s, SaveScript{sc, 0}, at(10)).ok());
    sc.steps.push_back({"tpl-zh-greeting", ""});
    CHECK(apply(s, SaveScript{sc, 0}, at(20)).result.error.key == "error.record.conflict");  // exists: needs its revision
    REQUIRE(apply(s, SaveScript{sc, 1}, at(20)).ok());
    CallScript got;
    REQUIRE(find_script(s, "script-mine", got));
    CHECK(got.steps.size() == 3);
    CHECK(got.steps[1].question == "客户是否满意？");
    sc.steps.clear();
    CHECK(apply(s, SaveScript{sc, 2}, at(30)).result.error.key == "error.template.no_steps");
    sc.steps = {{"tpl-nope", ""}};
    CHECK(apply(s, SaveScript{sc, 2}, at(30)).result.error.key == "error.template.not_found");

    const size_t before = all_scripts(s).size();
    REQUIRE(apply(s, DeleteScript{"script-zh-callback", 0}, at(40)).ok());
    CHECK_FALSE(find_script(s, "script-zh-callback", got));
    CHECK(all_scripts(s).size() == before - 1);
    CHECK(apply(s, DeleteScript{"script-zh-callback", 0}, at(50)).result.error.key == "error.template.not_found");
    REQUIRE(apply(s, DeleteScript{"script-mine", 2}, at(60)).ok());
    CHECK(all_scripts(s).size() == before - 2);
}
