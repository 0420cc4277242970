// The FAQ search measured on the starter content: recall@3 and MRR over the relevance set in
// tests/core/faq_relevance.json (colloquial Chinese, traditional characters, English with
// typos and half-typed words, synonyms, mixed). The suite fails below recall@3 0.9 or MRR 0.8.
#include <doctest/doctest.h>

#include <cstdio>

#include "core/app_state.hpp"
#include "core/faq.hpp"
#include "tests/core/test_support.hpp"

using namespace kefu;

TEST_CASE("FAQ relevance on the starter content: recall@3 >= 0.9 and MRR >= 0.8") {
    std::vector<Article> starter;
    REQUIRE(parse_starter_articles(test::read_source_file("assets/faq/starter.json"), starter).ok);
    size_t zh = 0, en = 0;
    for (const Article& a : starter) (a.language == "en" ? en : zh) += 1;
    CHECK(zh >= 30);
    CHECK(en >= 10);
    AppState s;
    s.starter_articles = starter;
    rebuild_faq_index(s);
    REQUIRE(s.faq.size() == starter.size());

    const nlohmann::json set = nlohmann::json::parse(test::read_source_file("tests/core/faq_relevance.json"));
    const auto& queries = set["queries"];
    REQUIRE(queries.size() >= 40);
    SearchFilter published;
    published.statuses = 1u << static_cast<unsigned>(ArticleStatus::Published);
    size_t found_in_3 = 0;
    double reciprocal = 0;
    for (const auto& q : queries) {
        const std::string query = q["query"].get<std::string>();
        const std::vector<SearchHit> hits = s.faq.search(query, published, 10);
        size_t rank = 0;
        for (size_t i = 0; i < hits.size() && !rank; ++i)
            for (const auto& want : q["expect"])
                if (hits[i].id == want.get<std::string>()) rank = i + 1;
        if (rank && rank <= 3) ++found_in_3;
        if (rank) reciprocal += 1.0 / static_cast<double>(rank);
        if (rank != 1)
            MESSAGE("\"" << query << "\": expected " << q["expect"].dump() << " at rank " << (rank ? std::to_string(rank) : "none")
                         << (hits.empty() ? std::string() : ", first: " + hits[0].id));
    }
    const double recall3 = static_cast<double>(found_in_3) / static_cast<double>(queries.size());
    const double mrr = reciprocal / static_cast<double>(queries.size());
    std::printf("[faq relevance] %zu queries: recall@3 = %.3f, MRR = %.3f\n", queries.size(), recall3, mrr);
    CHECK(recall3 >= 0.9);
    CHECK(mrr >= 0.8);
}
