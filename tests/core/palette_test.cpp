#include "core/palette.hpp"

#include <doctest/doctest.h>

using namespace kefu;

TEST_CASE("palette score ranks exact > prefix > word start > substring > subsequence") {
    const int exact = palette_score("cases", "cases");
    const int prefix = palette_score("cases list", "cases");
    const int word = palette_score("go to cases", "cases");
    const int sub = palette_score("showcases", "cases");
    const int subseq = palette_score("create a summary", "cas");
    CHECK(exact > prefix);
    CHECK(prefix > word);
    CHECK(word > sub);
    CHECK(sub > subseq);
    CHECK(subseq > 0);
    CHECK(palette_score("reports", "xyz") == 0);
}

TEST_CASE("palette matches Chinese without spaces and folds case and full-width letters") {
    CHECK(palette_score("前往:工单", "工单") > 0);
    CHECK(palette_score("满意度与回访", "回访") > 0);
    CHECK(palette_score("满意度与回访", "访回") == 0);  // no byte-subsequence garbage for CJK
    CHECK(palette_score("FAQ", "faq") == 1000);
    CHECK(palette_score("FAQ", "ＦＡＱ") == 1000);  // full-width IME letters
    CHECK(palette_score("anything", "") == 1);
}

TEST_CASE("match_palette keeps only matches, best first, stable for ties") {
    const std::vector<PaletteEntry> entries = {
        {"nav.reports", {"报表", "Reports"}},
        {"nav.cases", {"工单", "Cases"}},
        {"nav.settings", {"设置", "Settings"}},
        {"nav.surveys", {"满意度与回访", "Surveys & callbacks"}},
    };
    auto m = match_palette(entries, "s");
    REQUIRE(m.size() == 4);
    CHECK(entries[m[0].index].id == "nav.settings");  // prefix "S" beats inner 's' of Reports/Cases
    CHECK(entries[m[1].index].id == "nav.surveys");
    m = match_palette(entries, "工单");
    REQUIRE(m.size() == 1);
    CHECK(entries[m[0].index].id == "nav.cases");
    CHECK(match_palette(entries, "").size() == 4);
    CHECK(match_palette(entries, "zzz").empty());
}
