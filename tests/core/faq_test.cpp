#include "core/faq.hpp"

#include <doctest/doctest.h>

#include "core/app_state.hpp"
#include "core/exchange.hpp"

using namespace kefu;

namespace {

CommandContext at(int64_t ms, const char* agent = "1001", const char* name = "张敏") { return {{agent, name}, ms}; }

Article article(const std::string& id, const std::string& q, const std::string& a, ArticleStatus st = ArticleStatus::Draft) {
    Article x;
    x.id = id;
    x.question = q;
    x.answer = a;
    x.category = "订单与售后/退款";
    x.tags = {"退款"};
    x.synonyms = {"钱什么时候退回"};
    x.status = st;
    return x;
}

std::vector<std::string> hit_ids(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) out.push_back(h.id);
    return out;
}

}  // namespace

TEST_CASE("an article is saved, edited and published; each save is a version, and the index follows at once") {
    AppState s;
    REQUIRE(apply(s, SaveArticle{article("f-1", "退款多久到账？", "一般 3 个工作日内原路退回。")}, at(1000)).ok());
    const Record* r = s.records.find(kArticleType, "f-1");
    REQUIRE(r);
    CHECK(article_from_record(*r).question == "退款多久到账？");
    CHECK(hit_ids(s.faq.search("到账", {}, 5)) == std::vector<std::string>{"f-1"});
    CHECK(suggest_articles(s, "客户问退款什么时候到账").empty());  // a draft is never suggested

    Article edited = article_from_record(*r);
    edited.answer = "审核通过后 1–3 个工作日内原路退回到支付账户。";
    edited.tags = {"退款", " 退款 ", "", "售后"};  // repeats and blanks are dropped
    REQUIRE(apply(s, SaveArticle{edited, 1}, at(2000, "1002", "李强")).ok());
    CHECK(article_from_record(*s.records.find(kArticleType, "f-1")).tags == std::vector<std::string>{"退款", "售后"});
    CHECK(hit_ids(s.faq.search("支付账户", {}, 5)) == std::vector<std::string>{"f-1"});  // new text found at once
    CHECK(s.faq.search("一般", {}, 5).empty());                                            // old text gone

    REQUIRE(apply(s, SetArticleStatus{"f-1", 2, ArticleStatus::Published}, at(3000)).ok());
    CHECK(hit_ids(suggest_articles(s, "客户问退款什么时候到账")) == std::vector<std::string>{"f-1"});

    // Stale revision: refused, nothing changes.
    CHECK_FALSE(apply(s, SaveArticle{edited, 1}, at(4000)).ok());
    CHECK(s.records.find(kArticleType, "f-1")->rev == 3);
}

TEST_CASE("every saved version can be viewed, compared and restored") {
    AppState s;
    REQUIRE(apply(s, SaveArticle{article("f-1", "发票怎么开？", "第一版答案")}, at(1000)).ok());
    Article v2 = article_from_record(*s.records.find(kArticleType, "f-1"));
    v2.answer = "第二版答案";
    v2.synonyms = {"开票", "申请发票"};
    REQUIRE(apply(s, SaveArticle{v2, 1}, at(2000)).ok());
    Article v3 = article_from_record(*s.records.find(kArticleType, "f-1"));
    v3.question = "如何申请电子发票？";
    v3.category.clear();
    REQUIRE(apply(s, SaveArticle{v3, 2}, at(3000, "1002", "李强")).ok());
    REQUIRE(apply(s, RateArticle{"f-1", true}, at(3500)).ok());  // feedback adds no version

    const std::vector<ArticleVersion> versions = article_versions(s.records, "f-1");
    REQUIRE(versions.size() == 3);
    CHECK(versions[0].article.answer == "第一版答案");
    CHECK(versions[0].article.synonyms == std::vector<std::string>{"钱什么时候退回"});
    CHECK(versions[1].article.answer == "第二版答案");
    CHECK(versions[1].article.category == "订单与售后/退款");
    CHECK(versions[2].article.question == "如何申请电子发票？");
    CHECK(versions[2].article.category.empty());
    CHECK(versions[2].by.name == "李强");

    const std::vector<FieldDiff> d = diff_articles(versions[0].article, versions[2].article);
    REQUIRE(d.size() == 4);
    CHECK(d[0].field == "question");
    CHECK(d[1].field == "answer");
    CHECK(d[2].field == "category");
    CHECK(d[3].field == "synonyms");
    CHECK(d[3].after == "开票、申请发票");

    REQUIRE(apply(s, RestoreArticleVersion{"f-1", 3, 1}, at(4000)).ok());
    const Article now = article_from_record(*s.records.find(kArticleType, "f-1"));
    CHECK(now.answer == "第一版答案");
    CHECK(now.question == "发票怎么开？");
    CHECK(now.category == "订单与售后/退款");
    CHECK(article_versions(s.records, "f-1").size() == 4);  // restoring is a new version
    CHECK_FALSE(apply(s, RestoreArticleVersion{"f-1", 4, 99}, at(5000)).ok());
}

TEST_CASE("refusals: no question, no answer to publish, too long, unknown article") {
    AppState s;
    CHECK(apply(s, SaveArticle{article("f-1", "  ", "答案")}, at(1)).result.error.key == "error.faq.no_question");
    CHECK(apply(s, SaveArticle{article("f-1", std::string(700, 'q'), "答案")}, at(1)).result.error.key == "error.faq.too_long");
    CHECK(apply(s, SaveArticle{article("f 1", "问题", "答案")}, at(1)).result.error.key == "error.record.invalid_id");
    REQUIRE(apply(s, SaveArticle{article("f-1", "问题", "")}, at(1)).ok());
    CHECK(apply(s, SetArticleStatus{"f-1", 1, ArticleStatus::Published}, at(2)).result.error.key == "error.faq.no_answer");
    CHECK(apply(s, RateArticle{"nope", true}, at(2)).result.error.key == "error.faq.not_found");
    CHECK(apply(s, SaveArticle{article("f-2", "问题", "答案"), 5}, at(2)).result.error.key == "error.faq.not_found");
    CHECK(s.records.count(kArticleType) == 1);
}

TEST_CASE("feedback: helpful counts, and each case counted once as solved by an article") {
    AppState s;
    REQUIRE(apply(s, SaveArticle{article("f-1", "退款多久到账？", "3 个工作日。", ArticleStatus::Published)}, at(1)).ok());
    CreateCase cc;
    cc.id = "c-1";
    cc.description = "客户问退款多久到账";
    REQUIRE(apply(s, cc, at(2)).ok());
    REQUIRE(apply(s, RateArticle{"f-1", true}, at(3)).ok());
    REQUIRE(apply(s, RateArticle{"f-1", true}, at(4)).ok());
    REQUIRE(apply(s, RateArticle{"f-1", false}, at(5)).ok());
    REQUIRE(apply(s, UseArticleForCase{"f-1", "c-1"}, at(6)).ok());
    const ApplyOutcome again = apply(s, UseArticleForCase{"f-1", "c-1"}, at(7));
    CHECK(again.ok());
    CHECK(again.changes.empty());
    CHECK_FALSE(apply(s, UseArticleForCase{"f-1", "c-404"}, at(8)).ok());
    const ArticleStats st = article_stats(s, "f-1");
    CHECK(st.helpful == 2);
    CHECK(st.not_helpful == 1);
    CHECK(st.resolved_cases == std::vector<std::string>{"c-1"});
    CHECK(article_versions(s.records, "f-1").size() == 1);
    CHECK(s.records.find(kArticleType, "f-1")->rev == 1);
}

TEST_CASE("a resolved case becomes a draft article with its question and solution") {
    AppState s;
    CreateCase cc;
    cc.id = "c-1";
    cc.description = "客户反映 App 登录时一直提示“验证码错误”。";
    REQUIRE(apply(s, cc, at(1)).ok());
    CHECK(apply(s, DraftArticleFromCase{"c-1", "f-9"}, at(2)).result.error.key == "error.faq.case_unresolved");
    REQUIRE(apply(s, AnswerCase{"c-1", 1, "请客户检查手机时间是否准确，再重新获取验证码。"}, at(3)).ok());
    const ApplyOutcome out = apply(s, DraftArticleFromCase{"c-1", "f-9"}, at(4));
    REQUIRE(out.ok());
    const Article a = article_from_record(*s.records.find(kArticleType, "f-9"));
    CHECK(a.question == "客户反映 App 登录时一直提示“验证码错误”。");
    CHECK(a.answer.find("重新获取验证码") != std::string::npos);
    CHECK(a.status == ArticleStatus::Draft);
    CHECK(a.from_case == "c-1");
    CHECK(article_to_data(a)["from_case_ref"] == "case/c-1");  // checked by the importer like any reference
}

TEST_CASE("built-in articles: there without writing anything, out of exports unless asked, replaced by a record once changed") {
    AppState s;
    s.starter_articles = {article("starter-1", "退款多久到账？", "3 个工作日。", ArticleStatus::Published),
                          article("starter-2", "如何开发票？", "订单页申请。", ArticleStatus::Published),
                          article("starter-3", "客服电话是多少？", "400-800-1234。", ArticleStatus::Published)};
    for (Article& a : s.starter_articles) a.starter = true;
    rebuild_faq_index(s);
    CHECK(s.records.total() == 0);
    CHECK(all_articles(s).size() == 3);
    CHECK(hit_ids(suggest_articles(s, "退款什么时候到账")).at(0) == "starter-1");
    REQUIRE(apply(s, RateArticle{"starter-2", true}, at(1)).ok());  // feedback on a built-in one
    CHECK(article_stats(s, "starter-2").helpful == 1);

    auto exported_ids = [&](bool include_starter) {
        ExportFilter f;
        f.types = {kArticleType};
        f.include_deleted = false;
        f.include_starter = include_starter;
        const nlohmann::json doc = nlohmann::json::parse(export_json(s.records, f, {"t", 1, {"1001", "张敏"}}, starter_records(s)));
        std::vector<std::string> ids;
        for (const auto& r : doc["records"]) ids.push_back(r["id"].get<std::string>());
        return ids;
    };
    CHECK(exported_ids(false).empty());
    CHECK(exported_ids(true) == std::vector<std::string>{"starter-1", "starter-2", "starter-3"});

    // Edited: a record takes its place (and it is ours: exported, no longer "starter").
    Article mine;
    REQUIRE(find_article(s, "starter-1", mine));
    mine.answer = "我们改写过的答案：1–3 个工作日。";
    REQUIRE(apply(s, SaveArticle{mine, 0}, at(2)).ok());
    Article now;
    REQUIRE(find_article(s, "starter-1", now));
    CHECK(now.answer == "我们改写过的答案：1–3 个工作日。");
    CHECK_FALSE(now.starter);
    CHECK(hit_ids(s.faq.search("改写", {}, 5)) == std::vector<std::string>{"starter-1"});
    CHECK(exported_ids(false) == std::vector<std::string>{"starter-1"});
    // Its versions begin with the built-in text (version 0), which can be restored.
    const std::vector<ArticleVersion> versions = article_versions(s, "starter-1");
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].rev == 0);
    CHECK(versions[0].article.answer == "3 个工作日。");
    CHECK(diff_articles(versions[0].article, versions[1].article).at(0).field == "answer");
    REQUIRE(apply(s, RestoreArticleVersion{"starter-1", 1, 0}, at(2)).ok());
    REQUIRE(find_article(s, "starter-1", now));
    CHECK(now.answer == "3 个工作日。");
    CHECK(article_versions(s, "starter-1").size() == 3);
    // Unpublished: a record too.
    REQUIRE(apply(s, SetArticleStatus{"starter-3", 0, ArticleStatus::Archived}, at(3)).ok());
    for (const std::string& id : hit_ids(suggest_articles(s, "客服电话"))) CHECK(id != "starter-3");
    // Deleted: gone for good, even though the built-in text is still shipped.
    REQUIRE(apply(s, DeleteArticle{"starter-2", 0}, at(4)).ok());
    Article gone;
    CHECK_FALSE(find_article(s, "starter-2", gone));
    rebuild_faq_index(s);  // as after a reload
    CHECK(s.faq.find("starter-2") == nullptr);
    CHECK(s.faq.size() == 2);
    CHECK(exported_ids(true) == std::vector<std::string>{"starter-1", "starter-3"});
}

TEST_CASE("answers with light formatting: paragraphs, lists, bold") {
    const std::vector<AnswerBlock> b = answer_blocks(
        "请按以下步骤操作：\n\n1. 打开 **我的**\n2. 点击“设置”\n- 注意：**验证码** 5 分钟内有效\n\nFirst line\ncontinues here.");
    REQUIRE(b.size() == 5);
    CHECK(b[0].kind == AnswerBlock::Paragraph);
    CHECK(b[1].kind == AnswerBlock::Numbered);
    CHECK(b[1].number == 1);
    REQUIRE(b[1].spans.size() == 2);
    CHECK(b[1].spans[1].text == "我的");
    CHECK(b[1].spans[1].bold);
    CHECK(b[2].number == 2);
    CHECK(b[3].kind == AnswerBlock::Bullet);
    CHECK(b[3].spans[1].text == "验证码");
    CHECK(b[4].spans.size() == 1);
    CHECK(b[4].spans[0].text == "First line continues here.");
    CHECK(answer_blocks("").empty());
    CHECK(answer_blocks("**未闭合的粗体").at(0).spans.at(0).bold);
}

TEST_CASE("line differences: unchanged, removed and added lines in order") {
    const std::vector<DiffLine> d = diff_lines("第一行\n第二行\n第三行", "第一行\n改过的第二行\n第三行\n新增一行");
    REQUIRE(d.size() == 5);
    CHECK(d[0].kind == DiffLine::Same);
    CHECK(d[1].kind == DiffLine::Added);
    CHECK(d[1].text == "改过的第二行");
    CHECK(d[2].kind == DiffLine::Removed);
    CHECK(d[2].text == "第二行");
    CHECK(d[3].kind == DiffLine::Same);
    CHECK(d[4].kind == DiffLine::Added);
    CHECK(diff_lines("", "").size() == 1);
    for (const DiffLine& l : diff_lines("a\nb", "a\nb")) CHECK(l.kind == DiffLine::Same);
}

TEST_CASE("line differences: a common head and tail kept, a middle too large to compare shown whole") {
    std::string a = "开头\n", b = "开头\n";
    for (int i = 0; i < 2500; ++i) {
        a += "旧的第" + std::to_string(i) + "行\n";
        b += "新的第" + std::to_string(i) + "行\n";
    }
    a += "结尾";
    b += "结尾";
    const std::vector<DiffLine> d = diff_lines(a, b);  // 2,501² cells: over the limit
    REQUIRE(d.size() == 2 + 5000);
    CHECK(d.front().kind == DiffLine::Same);
    CHECK(d.back().kind == DiffLine::Same);
    CHECK(d.back().text == "结尾");
    CHECK(d[1].kind == DiffLine::Removed);
    CHECK(d[1].text == "旧的第0行");
    CHECK(d[2501].kind == DiffLine::Added);
    // Under the limit the same edit is found line by line.
    const std::vector<DiffLine> small = diff_lines("x\n1\n2\n3\ny", "x\n1\n二\n3\ny");
    REQUIRE(small.size() == 6);
    CHECK(small[2].kind == DiffLine::Added);
    CHECK(small[3].kind == DiffLine::Removed);
    CHECK(small[4].text == "3");
}
