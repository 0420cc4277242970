#include "core/line_break.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "core/utf8.hpp"

using namespace kefu;

namespace {

// Chinese characters 2 units wide, everything else 1: like a real font.
float units(uint32_t cp) { return cp >= 0x2E80 ? 2.0f : 1.0f; }

std::vector<std::string> wrap(std::string_view text, float width, const std::vector<std::pair<size_t, size_t>>& glue = {}) {
    std::vector<std::string> out;
    for (const TextLine& l : wrap_lines(text, width, units, glue)) out.emplace_back(text.substr(l.begin, l.end - l.begin));
    return out;
}

std::vector<uint32_t> code_points(std::string_view s) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < s.size();) out.push_back(decode_utf8(s, i));
    return out;
}

}  // namespace

TEST_CASE("line breaks: Chinese between characters, Latin at spaces, newlines always") {
    CHECK(wrap("您好欢迎来电", 8) == std::vector<std::string>{"您好欢迎", "来电"});
    CHECK(wrap("Hello world again", 11) == std::vector<std::string>{"Hello world", "again"});
    CHECK(wrap("Hello world", 5) == std::vector<std::string>{"Hello", "world"});
    CHECK(wrap("第一行\n第二行", 100) == std::vector<std::string>{"第一行", "第二行"});
    CHECK(wrap("", 10) == std::vector<std::string>{""});
    CHECK(wrap("行尾\n", 10) == std::vector<std::string>{"行尾", ""});
    // A word longer than the line is broken where it must; nothing is lost.
    CHECK(wrap("abcdefghij", 4) == std::vector<std::string>{"abcd", "efgh", "ij"});
    // Chinese next to Latin may break on either side.
    CHECK(wrap("工单号KF-2026", 8) == std::vector<std::string>{"工单号", "KF-2026"});
    // Indentation after a newline is kept; spaces at a wrap are dropped.
    CHECK(wrap("a\n  b", 10) == std::vector<std::string>{"a", "  b"});
    CHECK(wrap("aaa    bbb", 5) == std::vector<std::string>{"aaa", "bbb"});
}

TEST_CASE("kinsoku: no line starts with closing punctuation or ends with opening punctuation") {
    // "，" may not start the second line: "好" goes down with it.
    CHECK(wrap("您好，欢迎", 4) == std::vector<std::string>{"您", "好，", "欢迎"});
    CHECK(wrap("请看（附件）", 6) == std::vector<std::string>{"请看", "（附", "件）"});  // "（" not left at a line end
    CHECK(wrap("他说“好的”。", 8) == std::vector<std::string>{"他说“好", "的”。"});
    CHECK(wrap("等一下……好", 9) == std::vector<std::string>{"等一下……", "好"});
    CHECK_FALSE(break_allowed(0x597D, 0xFF0C));  // 好，
    CHECK_FALSE(break_allowed(0xFF08, 0x9644));  // （附
    CHECK(break_allowed(0x3002, 0x6B22));        // 。欢
    CHECK_FALSE(break_allowed('a', 'b'));
    CHECK(break_allowed(' ', 'b'));
    CHECK_FALSE(break_allowed('a', ' '));
}

TEST_CASE("glue: a filled-in placeholder is not broken inside unless it is wider than a line") {
    const std::string text = "工单号是{case.number}，请";
    const size_t b = text.find('{'), e = text.find('}') + 1;
    // Without glue the Latin run is one word anyway; with Chinese inside glue holds it together.
    const std::string zh = "您好王女士欢迎";
    const size_t gb = zh.find("王"), ge = gb + std::string("王女士").size();
    CHECK(wrap(zh, 10) == std::vector<std::string>{"您好王女士", "欢迎"});
    CHECK(wrap(zh, 8, {{gb, ge}}) == std::vector<std::string>{"您好", "王女士欢", "迎"});
    const std::vector<std::string> lines = wrap(text, 14, {{b, e}});
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0] == "工单号是");
    CHECK(lines[1] == "{case.number}，");  // "，" hangs: no place to break before it
    CHECK(lines[2] == "请");
    // Wider than the line: broken rather than overflowing forever.
    CHECK(wrap("王女士", 2, {{0, std::string("王女士").size()}}) == std::vector<std::string>{"王", "女", "士"});
}

TEST_CASE("line breaks, property: every character kept in order, lines fit, kinsoku held, on random text") {
    const char* pieces[] = {"您", "好", "，", "。", "（", "）", "“", "”", "工单", "abc", " ", "KF-1", "……", "\n", "{x.y}", "、"};
    std::mt19937 rng(7);
    for (int round = 0; round < 400; ++round) {
        std::string text;
        const int n = static_cast<int>(rng() % 40);
        for (int k = 0; k < n; ++k) text += pieces[rng() % (sizeof pieces / sizeof pieces[0])];
        const float width = static_cast<float>(2 + rng() % 20);
        CAPTURE(text);
        CAPTURE(width);
        const std::vector<TextLine> lines = wrap_lines(text, width, units);
        std::string kept, expected;
        for (char c : text)
            if (c != ' ' && c != '\n') expected += c;
        size_t last_end = 0;
        for (const TextLine& l : lines) {
            REQUIRE(l.begin >= last_end);
            REQUIRE(l.end >= l.begin);
            last_end = l.end;
            const std::string_view line = std::string_view(text).substr(l.begin, l.end - l.begin);
            for (char c : line)
                if (c != ' ') kept += c;
            const std::vector<uint32_t> cps = code_points(line);
            float w = 0;
            for (uint32_t cp : cps) w += units(cp);
            // A line may overflow only when it could not be broken (one unbreakable run).
            if (w > width) {
                bool breakable = false;
                for (size_t k = 1; k < cps.size(); ++k) breakable |= break_allowed(cps[k - 1], cps[k]);
                CHECK_FALSE(breakable);
            }
            // Kinsoku, for lines that were wrapped (not those a newline or the text began).
            if (l.begin > 0 && text[l.begin - 1] != '\n' && !cps.empty()) CHECK_FALSE(line_start_forbidden(cps.front()));
        }
        CHECK(kept == expected);
    }
}
