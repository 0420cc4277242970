#include "core/i18n.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "core/callback.hpp"
#include "core/reports.hpp"
#include "core/survey.hpp"
#include <set>

#include "tests/core/test_support.hpp"

using namespace kefu;

namespace {
StringTable load_table(const char* file) {
    StringTable t;
    const std::string err = t.load_json(test::read_source_file(std::string("assets/i18n/") + file));
    REQUIRE_MESSAGE(err.empty(), file << ": " << err);
    return t;
}

std::set<std::string> placeholders(const std::string& s) {
    std::set<std::string> out;
    static const std::regex re(R"(\{([a-z_.]+)\})");
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it)
        out.insert((*it)[1].str());
    return out;
}
}  // namespace

TEST_CASE("language tags parse and round-trip") {
    Language l{};
    CHECK(parse_language_tag("zh-CN", l));
    CHECK(l == Language::ZhCN);
    CHECK(parse_language_tag("EN", l));
    CHECK(l == Language::En);
    CHECK_FALSE(parse_language_tag("fr", l));
    CHECK(std::string(language_tag(Language::ZhCN)) == "zh-CN");
}

TEST_CASE("browser language picks the first supported primary subtag") {
    CHECK(language_from_browser({"en-US", "zh-CN"}) == Language::En);
    CHECK(language_from_browser({"fr-FR", "zh-TW", "en"}) == Language::ZhCN);
    CHECK(language_from_browser({"de"}) == Language::ZhCN);  // default
    CHECK(language_from_browser({}) == Language::ZhCN);
}

TEST_CASE("string table rejects malformed input with a reason") {
    StringTable t;
    CHECK(t.load_json("{not json") == "not valid JSON");
    CHECK(t.load_json("[1,2]").find("object") != std::string::npos);
    CHECK(t.load_json(R"({"a": 3})").find("\"a\"") != std::string::npos);
    CHECK(t.size() == 0);
    CHECK(t.load_json(R"({"a": "甲"})").empty());
    REQUIRE(t.find("a") != nullptr);
    CHECK(*t.find("a") == "甲");
}

TEST_CASE("translator falls back to English, then to the key") {
    StringTable zh, en;
    REQUIRE(zh.load_json(R"({"x": "工单"})").empty());
    REQUIRE(en.load_json(R"({"x": "Cases", "y": "Only English"})").empty());
    Translator tr;
    tr.set_table(Language::ZhCN, zh);
    tr.set_table(Language::En, en);
    tr.set_language(Language::ZhCN);
    CHECK(tr.get("x") == "工单");
    CHECK(tr.get("y") == "Only English");
    CHECK(tr.get("no.such.key") == "no.such.key");
    tr.set_language(Language::En);
    CHECK(tr.get("x") == "Cases");
}

TEST_CASE("substitute fills named placeholders and keeps unknown ones visible") {
    CHECK(substitute("前往:{section}", {{"section", "工单"}}) == "前往:工单");
    CHECK(substitute("{a}-{b}", {{"b", "2"}}) == "{a}-2");
    CHECK(substitute("{{literal}}", {}) == "{literal}");
    CHECK(substitute("open { brace", {}) == "open { brace");
}

TEST_CASE("zh-CN and en tables have the same keys and the same placeholders") {
    const StringTable zh = load_table("zh-CN.json");
    const StringTable en = load_table("en.json");
    CHECK(zh.keys() == en.keys());
    for (const std::string& key : zh.keys()) {
        const std::string* e = en.find(key);
        if (!e) continue;
        CHECK_MESSAGE(placeholders(*zh.find(key)) == placeholders(*e), key);
        CHECK_MESSAGE(!zh.find(key)->empty(), key);
    }
}

TEST_CASE("every string key used by the views exists in both tables") {
    const StringTable zh = load_table("zh-CN.json");
    const StringTable en = load_table("en.json");
    // Views look strings up with tr("key") / trf("key", …); keys kept in tables are
    // wrapped in tr_key("key") so this scan sees them too.
    static const std::regex use(R"((?:tr|trf|tr_key|ApplyResult::failure)\(\s*\"([a-z0-9_.]+)\")");
    // Error, import and storage message keys are recognised wherever they appear.
    static const std::regex message_key(R"(\"((?:error|import|storage|calendar|sla|case|faq|template|survey|callback|report|notice)\.[a-z0-9_]+\.[a-z0-9_.]+)\")");
    int found = 0;
    std::vector<std::string> files;
    for (const char* dir : {"web", "core"})
        for (const auto& entry : std::filesystem::directory_iterator(std::string(KEFU_SOURCE_DIR) + "/" + dir))
            if (entry.path().extension() == ".cpp" || entry.path().extension() == ".hpp")
                files.push_back(std::string(dir) + "/" + entry.path().filename().string());
    for (const std::string& file : files) {
        const std::string text = test::read_source_file(file);
        for (const std::regex* re : {&use, &message_key}) {
            for (auto it = std::sregex_iterator(text.begin(), text.end(), *re); it != std::sregex_iterator(); ++it) {
                const std::string key = (*it)[1].str();
                ++found;
                CHECK_MESSAGE(zh.find(key) != nullptr, "zh-CN lacks " << key << " used in " << file);
                CHECK_MESSAGE(en.find(key) != nullptr, "en lacks " << key << " used in " << file);
            }
        }
    }
    CHECK(found > 20);  // the scan itself must have found the views' strings
}

TEST_CASE("every survey and callback label exists in both tables") {
    const StringTable zh = load_table("zh-CN.json");
    const StringTable en = load_table("en.json");
    std::vector<std::string> keys;
    for (int i = 0; i < static_cast<int>(QuestionKind::Count); ++i) keys.push_back(label_key(static_cast<QuestionKind>(i)));
    for (int i = 0; i < static_cast<int>(SurveyChannel::Count); ++i) keys.push_back(label_key(static_cast<SurveyChannel>(i)));
    for (int i = 0; i < static_cast<int>(CallbackOutcome::Count); ++i) keys.push_back(label_key(static_cast<CallbackOutcome>(i)));
    for (int i = 0; i < static_cast<int>(DueReason::Count); ++i) keys.push_back(label_key(static_cast<DueReason>(i)));
    for (int i = 0; i < static_cast<int>(Kpi::Count); ++i) {
        keys.push_back(label_key(static_cast<Kpi>(i)));
        keys.push_back(definition_key(static_cast<Kpi>(i)));
    }
    for (const std::string& key : keys) {
        CHECK_MESSAGE(zh.find(key) != nullptr, "zh-CN lacks " << key);
        CHECK_MESSAGE(en.find(key) != nullptr, "en lacks " << key);
    }
}
