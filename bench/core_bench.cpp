// Core micro-benchmarks, built natively and as wasm (run under Node) from the same source,
// so bench/run.py can compare the two. Prints one JSON line per benchmark.
//   kefu_bench [scale]   scale multiplies every iteration count (bench/run.py --tiny: 0.01)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/app_state.hpp"
#include "core/file_io.hpp"
#include "core/i18n.hpp"
#include "core/palette.hpp"
#include "core/phrase_check.hpp"
#include "core/placeholder.hpp"

namespace {

double g_scale = 1.0;

template <class F>
void run(const char* name, int iterations, F&& body) {
    iterations = std::max(1, static_cast<int>(iterations * g_scale));
    body();  // warm-up
    const auto t0 = std::chrono::steady_clock::now();
    long sink = 0;
    for (int i = 0; i < iterations; ++i) sink += body();
    const auto t1 = std::chrono::steady_clock::now();
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / iterations;
    std::printf("{\"name\":\"%s\",\"iterations\":%d,\"ns_per_op\":%.1f,\"sink\":%ld}\n", name, iterations, ns, sink);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kefu;
    if (argc > 1) g_scale = std::stod(argv[1]);
    const std::string zh_json = read_whole_file(std::string(KEFU_SOURCE_DIR) + "/assets/i18n/zh-CN.json");
    if (zh_json.empty()) {
        std::fprintf(stderr, "cannot read assets/i18n/zh-CN.json\n");
        return 1;
    }

    run("i18n_load_table", 2000, [&] {
        StringTable t;
        t.load_json(zh_json);
        return static_cast<long>(t.size());
    });

    StringTable zh;
    zh.load_json(zh_json);
    const std::vector<std::string> keys = zh.keys();
    Translator tr;
    tr.set_table(Language::ZhCN, zh);
    run("i18n_lookup_all_keys", 20000, [&] {
        long n = 0;
        for (const std::string& k : keys) n += static_cast<long>(tr.get(k).size());
        return n;
    });

    // A palette of 2,000 entries (what the palette may hold once records are searchable).
    std::vector<PaletteEntry> entries;
    for (int i = 0; i < 2000; ++i)
        entries.push_back({"e" + std::to_string(i), {"工单 个案 " + std::to_string(i) + " 投诉处理", "Case number " + std::to_string(i) + " complaint handling"}});
    run("palette_match_2000_latin", 200, [&] { return static_cast<long>(match_palette(entries, "cmpl").size()); });
    run("palette_match_2000_chinese", 200, [&] { return static_cast<long>(match_palette(entries, "投诉").size()); });

    // Reply templates: a greeting with four placeholders (budget 50 µs per render).
    const PlaceholderValues values = {{"customer.surname", "王"}, {"customer.salutation", "女士"}, {"agent.id", "1024"},
                                      {"company.name", "XX 公司"}, {"case.number", "KF-20261124-0003"}};
    const std::string greeting =
        "{customer.surname}{customer.salutation}，您好！这里是{company.name}客户服务部，我是{agent.id}号客服。"
        "关于您的工单 {case.number}，我们已经为您处理完毕，请问您现在方便接听电话吗？";
    run("template_render_greeting", 100000, [&] { return static_cast<long>(render_template(greeting, values).text.size()); });

    // The phrase checker: 500 phrases over a 5,000-character text (budget 1 ms).
    std::vector<Phrase> phrases = default_phrases();
    for (int i = 0; phrases.size() < 500; ++i)
        phrases.push_back({"禁用词" + std::to_string(i) + (i % 2 ? "号" : "条"), "r", "s", {}});
    const PhraseChecker checker(phrases);
    std::string text;
    const char* sentences[] = {"您好，请问有什么可以帮到您？", "请稍等，我帮您查找资料。", "这个问题我已经转给技术部，",
                               "We will reply within 2 working days. ", "退款审核通过后三个工作日内到账。", "没办法的话我们再想别的方案，"};
    for (int i = 0; text.size() < 15000; ++i) text += sentences[i % 6];  // ~5,000 characters, mostly Chinese
    run("phrase_check_5000_chars_500_phrases", 2000, [&] { return static_cast<long>(checker.check(text).size()); });
    // A real change each time (alternating names), so it writes a revision and a history entry.
    AppState state;
    const CommandContext ctx{{"1001", "张敏"}, 1'700'000'000'000};
    long n = 0;
    run("apply_set_station_name", 20000, [&] {
        return static_cast<long>(apply(state, SetStationName{(n++ & 1) ? "一号坐席" : "二号坐席"}, ctx).changes.size());
    });

    return 0;
}
