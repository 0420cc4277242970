// FAQ search benchmarks (native and wasm under Node from the same source): 10,000 generated
// articles (70% Chinese, 30% English, answers of 2–7 sentences) built from the starter
// content's sentences, products and numbers; every keystroke of the relevance set's queries
// searched; single-article updates; index memory; and a plain substring scan of the same
// texts in the same run, for the ratio.
//   kefu_faq_bench [articles]
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "bench/dataset.hpp"
#include "core/faq.hpp"
#include "core/file_io.hpp"
#include "core/search.hpp"

namespace {

using kefu::bench::emit;
using kefu::bench::ms_since;
using kefu::bench::Timer;

// Sentences of the starter answers (split at 。！？ and ". "), per language.
void split_sentences(const std::string& text, std::vector<std::string>& out) {
    std::string cur;
    for (size_t i = 0; i < text.size(); ++i) {
        cur += text[i];
        const bool zh_end = i + 2 < text.size() && (text.compare(i, 3, "。") == 0 || text.compare(i, 3, "！") == 0 || text.compare(i, 3, "？") == 0);
        if (zh_end) {
            cur += text.substr(i + 1, 2);
            i += 2;
        }
        if (zh_end || text[i] == '\n' || (text[i] == '.' && i + 1 < text.size() && text[i + 1] == ' ')) {
            if (cur.size() > 6) out.push_back(cur);
            cur.clear();
        }
    }
    if (cur.size() > 6) out.push_back(cur);
}

const char* const kProducts[] = {"智能手表 S3", "蓝牙耳机 Pro", "扫地机器人 X1", "电饭煲 5L", "路由器 AX3000", "Air Purifier 2",
                                 "Smart Watch S3", "儿童座椅", "空气炸锅", "4K 电视 55 英寸", "Wireless Charger", "净水器 RO-600"};
const char* const kZhLeads[] = {"请问", "为什么", "怎么处理", "如何", "能不能", "客户反映", "关于"};
const char* const kEnLeads[] = {"How do I", "Why does", "Can I", "What if", "Help:"};

}  // namespace

int main(int argc, char** argv) {
    using namespace kefu;
    const size_t n = argc > 1 ? std::stoul(argv[1]) : 10000;
    std::vector<Article> starter;
    if (!parse_starter_articles(read_whole_file("assets/faq/starter.json"), starter).ok) {
        std::fprintf(stderr, "cannot read assets/faq/starter.json (run from the project root)\n");
        return 1;
    }
    std::vector<std::string> zh_sent, en_sent;
    std::vector<const Article*> zh_art, en_art;
    for (const Article& a : starter) {
        split_sentences(a.answer, a.language == "en" ? en_sent : zh_sent);
        (a.language == "en" ? en_art : zh_art).push_back(&a);
    }
    bench::Rng rng(7);
    std::vector<SearchDoc> docs;
    docs.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const bool en = rng.below(10) < 3;
        const Article& base = *(en ? en_art : zh_art)[rng.below((en ? en_art : zh_art).size())];
        Article a = base;
        a.id = "gen-" + std::to_string(i);
        a.question = std::string(en ? rng.pick(kEnLeads) : rng.pick(kZhLeads)) + (en ? " " : "") + rng.pick(kProducts) +
                     (en ? " " : "") + base.question;
        const std::vector<std::string>& pool = en ? en_sent : zh_sent;
        a.answer.clear();
        for (size_t k = 0, m = 2 + rng.below(6); k < m; ++k) a.answer += pool[rng.below(pool.size())] + (en ? " " : "");
        a.answer += std::string(rng.pick(kProducts)) + " #" + std::to_string(1000 + rng.below(9000));
        a.status = rng.below(10) < 8 ? ArticleStatus::Published : ArticleStatus::Draft;
        docs.push_back(search_doc_of(a));
    }

    SearchIndex ix;
    const double heap_before = heap_in_use_mb();
    auto t0 = Timer::now();
    for (const SearchDoc& d : docs) ix.put(d);
    emit("faq_index_build_10k", ms_since(t0), "ms");
    emit("faq_index_heap_in_use", heap_in_use_mb() - heap_before, "MB");
    emit("faq_index_estimate", static_cast<double>(ix.memory_bytes()) / 1048576.0, "MB");

    // Every keystroke of the relevance set's queries (a query typed one character at a time).
    const nlohmann::json set = nlohmann::json::parse(read_whole_file("tests/core/faq_relevance.json"));
    std::vector<std::string> typed;
    for (const auto& q : set["queries"]) {
        const std::string full = q["query"].get<std::string>();
        for (size_t i = 1; i <= full.size(); ++i)
            if (i == full.size() || (static_cast<unsigned char>(full[i]) & 0xc0) != 0x80) typed.push_back(full.substr(0, i));
    }
    SearchFilter published;
    published.statuses = 1u << static_cast<unsigned>(ArticleStatus::Published);
    std::vector<double> times;
    size_t results = 0;
    for (int round = 0; round < 3; ++round)
        for (const std::string& q : typed) {
            const auto t = Timer::now();
            results += ix.search(q, published, 10).size();
            times.push_back(ms_since(t));
        }
    emit("faq_queries", static_cast<double>(typed.size()), "queries");
    emit("faq_query_p50", bench::percentile(times, 50), "ms");
    emit("faq_query_p99", bench::percentile(times, 99), "ms");
    const double search_p50 = bench::percentile(times, 50);

    // The same keystrokes as a plain substring scan over the same folded texts (what a LIKE
    // query does): no ranking, no typo or traditional-character matching.
    std::vector<std::string> folded;
    for (const SearchDoc& d : docs) {
        std::string all;
        for (const std::string& t : d.text) all += t + "\n";
        folded.push_back(all);
    }
    times.clear();
    size_t scan_hits = 0;
    for (int round = 0; round < 3; ++round)
        for (const std::string& q : typed) {
            const auto t = Timer::now();
            for (const std::string& text : folded) scan_hits += text.find(q) != std::string::npos;
            times.push_back(ms_since(t));
        }
    emit("substring_scan_p50", bench::percentile(times, 50), "ms");
    emit("substring_scan_p99", bench::percentile(times, 99), "ms");
    emit("substring_scan_over_search_p50", bench::percentile(times, 50) / std::max(search_p50, 1e-6), "x");

    // Single-article saves: one article replaced (an edit), with the purge of dead postings
    // amortised over them as it happens in use.
    times.clear();
    for (size_t k = 0; k < 2000; ++k) {
        SearchDoc d = docs[rng.below(docs.size())];
        d.text[3] += " 更新 " + std::to_string(k);
        const auto t = Timer::now();
        ix.put(std::move(d));
        times.push_back(ms_since(t));
    }
    emit("faq_update_p50", bench::percentile(times, 50), "ms");
    emit("faq_update_p99", bench::percentile(times, 99), "ms");
    emit("faq_update_max", *std::max_element(times.begin(), times.end()), "ms");
    if (ix.size() != n || results == 0 || scan_hits == 0) {
        std::fprintf(stderr, "check failed: %zu articles, %zu results\n", ix.size(), results);
        return 1;
    }
    return 0;
}
