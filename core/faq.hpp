// FAQ knowledge base (常见问题 / 一般性问题的处理方案): articles, their versions, feedback, the
// starter content, and the search index kept in step with the records (core/search.hpp).
//
// An article is a record of type "faq". Every save is a revision of that record, and the
// record's history holds each field's before/after, so every saved version can be rebuilt
// and restored. Feedback ("helpful", "solved a case") lives in a separate record of type
// "faq_stats" with the same id, so that counting a vote never adds a version.
//
// The starter content (assets/faq/starter.json) is a built-in layer, not records: it is
// there from the first start without writing anything, stays current with the app, and is
// not part of the user's data (exports leave it out unless asked). Editing, publishing or
// deleting a built-in article writes a record with its id, which takes its place from then on.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/diff.hpp"
#include "core/command.hpp"
#include "core/record.hpp"
#include "core/result.hpp"
#include "core/search.hpp"

namespace kefu {

constexpr const char* kArticleType = "faq";
constexpr const char* kArticleStatsType = "faq_stats";
constexpr size_t kMaxQuestionBytes = 600;
constexpr size_t kMaxAnswerBytes = 20000;
constexpr size_t kMaxArticleLabelBytes = 120;  // a tag, a synonym, a category path
constexpr size_t kMaxArticleLabels = 40;

enum class ArticleStatus : uint8_t { Draft, Published, Archived, Count };
const char* name_of(ArticleStatus s);
bool parse_name(std::string_view s, ArticleStatus& out);
std::string label_key(ArticleStatus s);  // "faq.status.published"

struct Article {
    std::string id;
    std::string question;
    // Plain text with light formatting: a blank line separates paragraphs, lines starting
    // with "- " or "1. " are list items, **bold** is bold (see answer_blocks).
    std::string answer;
    std::string category;  // a path: "订单与售后/退款"
    std::vector<std::string> tags;
    std::vector<std::string> synonyms;  // other ways customers ask the question
    ArticleStatus status = ArticleStatus::Draft;
    std::string language = "zh-CN";
    std::string from_case;  // the case it was drafted from, if any
    bool starter = false;   // built-in starter content no one has changed
    // From the record (not part of the data).
    uint64_t rev = 0;
    int64_t updated_at_ms = 0;
    Actor updated_by;
    bool operator==(const Article& o) const;  // content only, not the record's bookkeeping
};

struct ArticleStats {
    int64_t helpful = 0;
    int64_t not_helpful = 0;
    std::vector<std::string> resolved_cases;  // case ids, in the order they were marked
};

nlohmann::json article_to_data(const Article& a);
Article article_from_record(const Record& r);  // tolerant: unknown or wrong fields are ignored
// Summed over every station's counter (counters.hpp).
ArticleStats article_stats(const AppState& s, std::string_view id);
SearchDoc search_doc_of(const Article& a);

// The answer's light formatting, parsed for display.
struct AnswerSpan {
    std::string text;
    bool bold = false;
};
struct AnswerBlock {
    enum Kind : uint8_t { Paragraph, Bullet, Numbered } kind = Paragraph;
    int number = 0;  // Numbered: as written
    std::vector<AnswerSpan> spans;
};
std::vector<AnswerBlock> answer_blocks(std::string_view answer);

// Every saved version, oldest first, each the whole article as it was after that revision.
struct ArticleVersion {
    uint64_t rev = 0;
    int64_t at_ms = 0;
    Actor by;
    Article article;
};
std::vector<ArticleVersion> article_versions(const RecordStore& store, std::string_view id);
struct AppState;
// The same, led by the built-in text as version 0 when the article began as a built-in one.
std::vector<ArticleVersion> article_versions(const AppState& s, std::string_view id);

// Field-by-field differences between two versions (for the history view); the answer line
// by line.
std::vector<FieldDiff> diff_articles(const Article& a, const Article& b);

// ---- commands ---------------------------------------------------------------------------------
// Creates the article (base_rev 0, id from new_record_id('f', …)) or saves a new version.
struct SaveArticle { Article article; uint64_t base_rev = 0; };
struct SetArticleStatus { std::string id; uint64_t base_rev = 0; ArticleStatus status = ArticleStatus::Published; };
// Saves version `version` again as the newest one.
struct RestoreArticleVersion { std::string id; uint64_t base_rev = 0; uint64_t version = 0; };
struct DeleteArticle { std::string id; uint64_t base_rev = 0; };
struct RateArticle { std::string id; bool helpful = true; };
// "Solved with this article": counted once per case.
struct UseArticleForCase { std::string article_id; std::string case_id; };
// A resolved case becomes a draft article with its question and solution filled in.
struct DraftArticleFromCase { std::string case_id; std::string new_id; };
// Reads assets/faq/starter.json ({"format":"kefu.faq-starter","version":1,"articles":[…]}).
ApplyResult parse_starter_articles(std::string_view json_text, std::vector<Article>& out);

struct AppState;
using FaqCmd = std::variant<SaveArticle, SetArticleStatus, RestoreArticleVersion, DeleteArticle, RateArticle,
                            UseArticleForCase, DraftArticleFromCase>;
ApplyOutcome apply_family(AppState& s, const FaqCmd& c, const CommandContext& ctx);
const char* family_command_name(const FaqCmd& c);
Role family_role(const AppState& s, const FaqCmd& c, const Actor& actor);

// The 5 (or `limit`) published articles most relevant to a case description; in Chinese
// when the description has Chinese in it.
std::vector<SearchHit> suggest_articles(const AppState& s, std::string_view description, size_t limit = 5);

// The article with this id as the agent sees it: its record, else the built-in one; false
// when there is none (or it was deleted).
bool find_article(const AppState& s, std::string_view id, Article& out);
// Every visible article (records and the built-in ones they have not replaced).
std::vector<Article> all_articles(const AppState& s);

// Keeps state.faq (the search index) in step with one article.
void sync_article(AppState& s, const std::string& id);
void rebuild_faq_index(AppState& s);

// The built-in articles nobody has replaced, as records (rev 1, created by "kefu"), for an
// export that asks for them (ExportFilter::include_starter).
std::vector<std::pair<Record, std::string>> starter_records(const AppState& s);

}  // namespace kefu
