#include "core/phrase_check.hpp"

#include <doctest/doctest.h>

using namespace kefu;

namespace {

std::vector<std::string> found(const PhraseChecker& c, std::string_view text) {
    std::vector<std::string> out;
    for (const PhraseHit& h : c.check(text)) out.push_back(std::string(text.substr(h.begin, h.end - h.begin)));
    return out;
}

}  // namespace

TEST_CASE("the default list finds what the seeds forbid, in Chinese and English") {
    const PhraseChecker c(default_phrases());
    CHECK(c.skipped().empty());
    CHECK(c.phrases().size() >= 30);
    CHECK(found(c, "这不是我们部门的事，你找别人去吧") == std::vector<std::string>{"这不是我们部门的事", "找别人去"});
    CHECK(found(c, "您好，这个我办不到。") == std::vector<std::string>{"办不到"});
    CHECK(found(c, "Please calm down, it's not my job.") == std::vector<std::string>{"calm down", "not my job"});
    CHECK(found(c, "请稍等，我帮您查找资料。").empty());
}

TEST_CASE("near misses: exceptions, whole words for Latin phrases, folding") {
    const PhraseChecker c(default_phrases());
    CHECK(found(c, "押金和保证金会原路退回").empty());           // 保证 inside 保证金
    CHECK(found(c, "我们保证三天内处理").size() == 1);           // but 保证 alone is flagged
    CHECK(found(c, "Whatever you need, we can help").size() == 1);
    CHECK(found(c, "whateverly").empty());                        // not a whole word
    CHECK(found(c, "I can't guarantee-ish anything").empty());    // "i guarantee" is not there
    CHECK(found(c, "CALM   DOWN").empty());                       // three spaces are not one
    CHECK(found(c, "ＣＡＬＭ ＤＯＷＮ") == std::vector<std::string>{"ＣＡＬＭ ＤＯＷＮ"});  // full-width folds
    CHECK(found(c, "這不是我們部門的事") == std::vector<std::string>{"這不是我們部門的事"});  // traditional folds
}

TEST_CASE("overlapping phrases are each reported, in text order, longest first at one place") {
    const PhraseChecker c(default_phrases());
    const std::string text = "我也没办法，我保证不了";
    const std::vector<PhraseHit> hits = c.check(text);
    std::vector<std::string> words;
    for (const PhraseHit& h : hits) words.push_back(text.substr(h.begin, h.end - h.begin));
    CHECK(words == std::vector<std::string>{"我也没办法", "没办法", "我保证", "保证"});
    CHECK(c.phrases()[hits[0].phrase].suggestion.find("反馈") != std::string::npos);
}

TEST_CASE("mixed scripts and a custom list: empty and repeated entries are skipped and named") {
    const PhraseChecker c({{"退款不了", "r", "s", {}},
                           {"", "empty", "", {}},
                           {"NO WAY", "r", "s", {}},
                           {"no way", "again", "", {}},
                           {"  ", "blank", "", {}}});
    CHECK(c.phrases().size() == 2);
    CHECK(c.skipped().size() == 3);
    CHECK(found(c, "Sorry, no way，退款不了。") == std::vector<std::string>{"no way", "退款不了"});
    CHECK(found(c, "nowaying").empty());
    const PhraseChecker none;
    CHECK(none.check("没办法").empty());
}

TEST_CASE("the list survives a round trip through its stored form") {
    const std::vector<Phrase> list = default_phrases();
    CHECK(phrases_from_json(phrases_to_json(list)) == list);
    CHECK(phrases_from_json(nlohmann::json::parse(R"([1, {"text": 2}, {"text": "没空"}])")).size() == 1);
}
