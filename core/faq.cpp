#include "core/faq.hpp"

#include <algorithm>

#include "core/app_state.hpp"
#include "core/counters.hpp"
#include "core/builtin_layer.hpp"
#include "core/record_write.hpp"
#include "core/case.hpp"
#include "core/json_util.hpp"
#include "core/utf8.hpp"

namespace kefu {

// The commands of the family, one by one (apply_family below picks one).
ApplyOutcome apply_faq(AppState& s, const SaveArticle& c, const CommandContext& ctx);
ApplyOutcome apply_faq(AppState& s, const SetArticleStatus& c, const CommandContext& ctx);
ApplyOutcome apply_faq(AppState& s, const RestoreArticleVersion& c, const CommandContext& ctx);
ApplyOutcome apply_faq(AppState& s, const DeleteArticle& c, const CommandContext& ctx);
ApplyOutcome apply_faq(AppState& s, const RateArticle& c, const CommandContext& ctx);
ApplyOutcome apply_faq(AppState& s, const UseArticleForCase& c, const CommandContext& ctx);
ApplyOutcome apply_faq(AppState& s, const DraftArticleFromCase& c, const CommandContext& ctx);

namespace {

using nlohmann::json;

constexpr const char* kStatusNames[] = {"draft", "published", "archived"};
static_assert(sizeof(kStatusNames) / sizeof(kStatusNames[0]) == static_cast<size_t>(ArticleStatus::Count));

std::string joined(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const std::string& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

// Trimmed, empty entries and repeats dropped (a tag typed twice is one tag).
std::vector<std::string> clean_list(const std::vector<std::string>& in) {
    std::vector<std::string> out;
    for (std::string s : in) {
        const size_t b = s.find_first_not_of(" \t\n"), e = s.find_last_not_of(" \t\n");
        if (b == std::string::npos) continue;
        s = s.substr(b, e - b + 1);
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
    return out;
}

ApplyResult check_article(const Article& a) {
    auto text = [](const std::string& s, size_t max, const char* field) {
        if (!valid_utf8(s)) return ApplyResult::failure("error.faq.encoding", field);
        if (s.size() > max) return ApplyResult::failure("error.faq.too_long", field);
        return ApplyResult::success();
    };
    if (a.question.find_first_not_of(" \t\n") == std::string::npos) return ApplyResult::failure("error.faq.no_question");
    if (ApplyResult r = text(a.question, kMaxQuestionBytes, "faq.field.question"); !r.ok) return r;
    if (ApplyResult r = text(a.answer, kMaxAnswerBytes, "faq.field.answer"); !r.ok) return r;
    if (ApplyResult r = text(a.category, kMaxArticleLabelBytes, "faq.field.category"); !r.ok) return r;
    for (const auto& [list, field] : {std::make_pair(&a.tags, "faq.field.tags"), std::make_pair(&a.synonyms, "faq.field.synonyms")}) {
        if (list->size() > kMaxArticleLabels) return ApplyResult::failure("error.faq.too_many", field);
        for (const std::string& s : *list)
            if (ApplyResult r = text(s, kMaxArticleLabelBytes, field); !r.ok) return r;
    }
    if (a.status >= ArticleStatus::Count) return ApplyResult::failure("error.faq.invalid_choice");
    if (a.language != "zh-CN" && a.language != "en") return ApplyResult::failure("error.faq.invalid_choice", a.language);
    return ApplyResult::success();
}

// Writes the article: created, or its data replaced (one revision, when anything changed).
ApplyOutcome store_article(AppState& s, const Article& a, uint64_t base_rev, const CommandContext& ctx) {
    if (s.records.find(kArticleType, a.id)) return replace_record(s.records, kArticleType, a.id, base_rev, article_to_data(a), ctx);
    ApplyOutcome out;
    create_record(s.records, kArticleType, a.id, article_to_data(a), ctx, out);
    return out;
}

BuiltinLayer<Article> article_layer(const AppState& s) { return {s.records, kArticleType, s.starter_articles, article_from_record}; }

bool visible(const AppState& s, const std::string& id, ApplyResult& why) {
    Article ignored;
    if (find_article(s, id, ignored)) return true;
    why = ApplyResult::failure("error.faq.not_found", id);
    return false;
}

ApplyOutcome write_stats(AppState& s, const std::string& id, const ArticleStats& st, const CommandContext& ctx) {
    json cases = json::array();
    for (const std::string& c : st.resolved_cases) cases.push_back(std::string(kCaseType) + "/" + c);
    return write_record(s.records, kArticleStatsType, id,
                        {{"helpful", st.helpful}, {"not_helpful", st.not_helpful}, {"resolved_case_refs", cases}}, ctx);
}

}  // namespace

const char* name_of(ArticleStatus s) { return kStatusNames[static_cast<size_t>(s)]; }
bool parse_name(std::string_view s, ArticleStatus& out) {
    for (size_t i = 0; i < static_cast<size_t>(ArticleStatus::Count); ++i)
        if (s == kStatusNames[i]) return out = static_cast<ArticleStatus>(i), true;
    return false;
}
std::string label_key(ArticleStatus s) { return std::string("faq.status.") + name_of(s); }

bool Article::operator==(const Article& o) const {
    return id == o.id && question == o.question && answer == o.answer && category == o.category && tags == o.tags &&
           synonyms == o.synonyms && status == o.status && language == o.language && from_case == o.from_case &&
           starter == o.starter;
}

// ---- [SECTION] data ------------------------------------------------------------------------------
json article_to_data(const Article& a) {
    json d = {{"question", a.question}, {"answer", a.answer}, {"status", name_of(a.status)}, {"language", a.language}};
    if (!a.category.empty()) d["category"] = a.category;
    if (!a.tags.empty()) d["tags"] = a.tags;
    if (!a.synonyms.empty()) d["synonyms"] = a.synonyms;
    if (!a.from_case.empty()) d["from_case_ref"] = std::string(kCaseType) + "/" + a.from_case;
    if (a.starter) d["starter"] = true;
    return d;
}

namespace {
Article article_from_data(const std::string& id, const json& d) {
    Article a;
    a.id = id;
    a.question = json_string(d, "question");
    a.answer = json_string(d, "answer");
    a.category = json_string(d, "category");
    a.tags = json_string_list(d, "tags");
    a.synonyms = json_string_list(d, "synonyms");
    parse_name(json_string(d, "status", "draft"), a.status);
    a.language = json_string(d, "language", "zh-CN");
    const std::string from = json_string(d, "from_case_ref");
    const std::string prefix = std::string(kCaseType) + "/";
    if (from.compare(0, prefix.size(), prefix) == 0) a.from_case = from.substr(prefix.size());
    a.starter = json_bool(d, "starter", false);
    return a;
}
}  // namespace

Article article_from_record(const Record& r) {
    Article a = article_from_data(r.id, r.data());
    a.rev = r.rev;
    a.updated_at_ms = r.updated_at_ms;
    a.updated_by = r.updated_by;
    return a;
}

namespace {
ArticleStats article_stats_from(const json& d) {
    ArticleStats st;
    st.helpful = json_int(d, "helpful");
    st.not_helpful = json_int(d, "not_helpful");
    const std::string prefix = std::string(kCaseType) + "/";
    for (const std::string& ref : json_string_list(d, "resolved_case_refs"))
        if (ref.compare(0, prefix.size(), prefix) == 0) st.resolved_cases.push_back(ref.substr(prefix.size()));
    return st;
}
}  // namespace

ArticleStats article_stats(const AppState& s, std::string_view id) {
    return article_stats_from(s.counters.sum(s.records, kArticleStatsType, id));
}

SearchDoc search_doc_of(const Article& a) {
    SearchDoc d;
    d.id = a.id;
    d.text[static_cast<size_t>(SearchField::Title)] = a.question;
    d.text[static_cast<size_t>(SearchField::Synonyms)] = joined(a.synonyms, "\n");
    d.text[static_cast<size_t>(SearchField::Tags)] = joined(a.tags, "\n") + (a.category.empty() ? "" : "\n" + a.category);
    d.text[static_cast<size_t>(SearchField::Body)] = a.answer;
    d.category = a.category;
    d.status = static_cast<uint8_t>(a.status);
    d.language = a.language;
    return d;
}

// ---- [SECTION] formatting ------------------------------------------------------------------------
std::vector<AnswerBlock> answer_blocks(std::string_view answer) {
    std::vector<AnswerBlock> out;
    bool open_paragraph = false;
    auto spans_of = [](std::string_view line) {
        std::vector<AnswerSpan> spans;
        bool bold = false;
        size_t at = 0;
        while (at <= line.size()) {
            const size_t star = line.find("**", at);
            const size_t end = star == std::string_view::npos ? line.size() : star;
            if (end > at) {
                if (!spans.empty() && spans.back().bold == bold) spans.back().text += std::string(line.substr(at, end - at));
                else spans.push_back({std::string(line.substr(at, end - at)), bold});
            }
            if (star == std::string_view::npos) break;
            bold = !bold;
            at = star + 2;
        }
        return spans;
    };
    size_t pos = 0;
    while (pos <= answer.size()) {
        const size_t nl = answer.find('\n', pos);
        std::string_view line = answer.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? answer.size() + 1 : nl + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        size_t indent = 0;
        while (indent < line.size() && line[indent] == ' ') ++indent;
        const std::string_view body = line.substr(indent);
        if (body.empty()) {
            open_paragraph = false;
            continue;
        }
        AnswerBlock b;
        size_t digits = 0;
        while (digits < body.size() && body[digits] >= '0' && body[digits] <= '9') ++digits;
        if (body.size() > 2 && (body.compare(0, 2, "- ") == 0 || body.compare(0, 2, "* ") == 0)) {
            b.kind = AnswerBlock::Bullet;
            b.spans = spans_of(body.substr(2));
        } else if (digits > 0 && digits < 4 && body.size() > digits + 1 && (body[digits] == '.' || body[digits] == ')') &&
                   body[digits + 1] == ' ') {
            b.kind = AnswerBlock::Numbered;
            b.number = std::stoi(std::string(body.substr(0, digits)));
            b.spans = spans_of(body.substr(digits + 2));
        } else if (open_paragraph && !out.empty() && out.back().kind == AnswerBlock::Paragraph) {
            // A line break inside a paragraph: kept as a space for Latin text, nothing for Chinese.
            std::vector<AnswerSpan> more = spans_of(body);
            const bool latin = !out.back().spans.empty() && !out.back().spans.back().text.empty() &&
                               static_cast<unsigned char>(out.back().spans.back().text.back()) < 0x80;
            if (latin && !more.empty()) more.front().text.insert(0, " ");
            for (AnswerSpan& sp : more) {
                if (!out.back().spans.empty() && out.back().spans.back().bold == sp.bold) out.back().spans.back().text += sp.text;
                else out.back().spans.push_back(std::move(sp));
            }
            continue;
        } else {
            b.spans = spans_of(body);
        }
        open_paragraph = b.kind == AnswerBlock::Paragraph;
        out.push_back(std::move(b));
    }
    return out;
}

// ---- [SECTION] versions ----------------------------------------------------------------------------
namespace {
Article article_of_version(std::string_view id, const DataVersion& d) {
    Article a = article_from_data(std::string(id), d.data);
    a.rev = d.rev;
    a.updated_at_ms = d.at_ms;
    a.updated_by = d.by;
    return a;
}
}  // namespace

std::vector<ArticleVersion> article_versions(const RecordStore& store, std::string_view id) {
    std::vector<ArticleVersion> out;
    for (const DataVersion& d : data_versions(store, kArticleType, id)) out.push_back({d.rev, d.at_ms, d.by, article_of_version(id, d)});
    return out;
}

std::vector<ArticleVersion> article_versions(const AppState& s, std::string_view id) {
    return article_layer(s).versions<ArticleVersion>(id, [&](const DataVersion& d) { return article_of_version(id, d); });
}

std::vector<FieldDiff> diff_articles(const Article& a, const Article& b) {
    std::vector<FieldDiff> out;
    auto add = [&](const char* field, const std::string& x, const std::string& y) {
        if (x != y) out.push_back({field, x, y, false});
    };
    add("question", a.question, b.question);
    add("answer", a.answer, b.answer);
    if (!out.empty() && out.back().field == "answer") out.back().long_text = true;
    add("category", a.category, b.category);
    add("tags", joined(a.tags, "、"), joined(b.tags, "、"));
    add("synonyms", joined(a.synonyms, "、"), joined(b.synonyms, "、"));
    add("status", name_of(a.status), name_of(b.status));
    add("language", a.language, b.language);
    return out;
}

// ---- [SECTION] commands -----------------------------------------------------------------------------
ApplyOutcome apply_faq(AppState& s, const SaveArticle& c, const CommandContext& ctx) {
    Article a = c.article;
    a.tags = clean_list(a.tags);
    a.synonyms = clean_list(a.synonyms);
    if (!valid_record_id(a.id)) return refused(ApplyResult::failure("error.record.invalid_id", a.id));
    if (ApplyResult r = check_article(a); !r.ok) return refused(r);
    if (a.status == ArticleStatus::Published && a.answer.find_first_not_of(" \t\n") == std::string::npos)
        return refused(ApplyResult::failure("error.faq.no_answer"));
    a.starter = false;  // saved by the team: their content now, even if it began built-in
    if (const Record* cur = s.records.find(kArticleType, a.id)) {
        a.from_case = article_from_record(*cur).from_case;
    } else if (s.records.find_any(kArticleType, a.id)) {
        return refused(ApplyResult::failure("error.faq.not_found", a.id));  // deleted meanwhile
    } else if (c.base_rev != 0) {
        return refused(ApplyResult::failure("error.faq.not_found", a.id));
    }
    return store_article(s, a, c.base_rev, ctx);
}

ApplyOutcome apply_faq(AppState& s, const SetArticleStatus& c, const CommandContext& ctx) {
    Article a;
    if (!find_article(s, c.id, a)) return refused(ApplyResult::failure("error.faq.not_found", c.id));
    if (c.status >= ArticleStatus::Count) return refused(ApplyResult::failure("error.faq.invalid_choice"));
    a.starter = false;
    if (c.status == ArticleStatus::Published && a.answer.find_first_not_of(" \t\n") == std::string::npos)
        return refused(ApplyResult::failure("error.faq.no_answer"));
    a.status = c.status;
    return store_article(s, a, c.base_rev, ctx);
}

ApplyOutcome apply_faq(AppState& s, const RestoreArticleVersion& c, const CommandContext& ctx) {
    if (!s.records.find(kArticleType, c.id)) return refused(ApplyResult::failure("error.faq.not_found", c.id));
    for (const ArticleVersion& v : article_versions(s, c.id))
        if (v.rev == c.version) {
            Article a = v.article;
            a.starter = false;
            return store_article(s, a, c.base_rev, ctx);
        }
    return refused(ApplyResult::failure("error.faq.no_version", std::to_string(c.version)));
}

ApplyOutcome apply_faq(AppState& s, const DeleteArticle& c, const CommandContext& ctx) {
    // A built-in article is written as the team's (no longer a starter) before its tombstone.
    return remove_item<Article>(s.records, article_layer(s), c.id, c.base_rev, [](Article a) {
        a.starter = false;
        return article_to_data(a);
    }, ctx, "error.faq.not_found");
}

ApplyOutcome apply_faq(AppState& s, const RateArticle& c, const CommandContext& ctx) {
    ApplyResult why;
    if (!visible(s, c.id, why)) return refused(why);
    if (s.settings.in_team())  // the team's votes live in this station's shard (counters.hpp)
        return bump_counter(s.records, kArticleStatsType, c.id, s.settings.team_station, [&](json& d) {
            const char* key = c.helpful ? "helpful" : "not_helpful";
            d[key] = json_int(d, key) + 1;
        }, ctx);
    const Record* base = s.records.find(kArticleStatsType, c.id);
    ArticleStats st = base ? article_stats_from(base->data()) : ArticleStats{};
    ++(c.helpful ? st.helpful : st.not_helpful);
    return write_stats(s, c.id, st, ctx);
}

ApplyOutcome apply_faq(AppState& s, const UseArticleForCase& c, const CommandContext& ctx) {
    ApplyResult why;
    if (!visible(s, c.article_id, why)) return refused(why);
    if (!s.records.find(kCaseType, c.case_id)) return refused(ApplyResult::failure("error.record.not_found", c.case_id));
    const ArticleStats all = article_stats(s, c.article_id);
    if (std::find(all.resolved_cases.begin(), all.resolved_cases.end(), c.case_id) != all.resolved_cases.end())
        return {ApplyResult::success(), {}};  // counted once per case
    const std::string ref = std::string(kCaseType) + "/" + c.case_id;
    if (s.settings.in_team())
        return bump_counter(s.records, kArticleStatsType, c.article_id, s.settings.team_station, [&](json& d) {
            if (!d.contains("resolved_case_refs") || !d["resolved_case_refs"].is_array()) d["resolved_case_refs"] = json::array();
            d["resolved_case_refs"].push_back(ref);
        }, ctx);
    const Record* base = s.records.find(kArticleStatsType, c.article_id);
    ArticleStats st = base ? article_stats_from(base->data()) : ArticleStats{};
    st.resolved_cases.push_back(c.case_id);
    return write_stats(s, c.article_id, st, ctx);
}

ApplyOutcome apply_faq(AppState& s, const DraftArticleFromCase& c, const CommandContext& ctx) {
    const Record* r = s.records.find(kCaseType, c.case_id);
    if (!r) return refused(ApplyResult::failure("error.record.not_found", c.case_id));
    const Case k = case_from_record(*r);
    const std::string& answer = !k.solution.empty() ? k.solution.text : !k.result.empty() ? k.result.text : k.acceptance.text;
    if (k.description.empty() || answer.empty()) return refused(ApplyResult::failure("error.faq.case_unresolved", k.form_no));
    Article a;
    a.id = c.new_id;
    size_t cut = std::min(k.description.text.size(), kMaxQuestionBytes);  // at a character boundary
    while (cut < k.description.text.size() && cut > 0 && (static_cast<unsigned char>(k.description.text[cut]) & 0xc0) == 0x80) --cut;
    a.question = k.description.text.substr(0, cut);
    a.answer = answer;
    a.status = ArticleStatus::Draft;
    a.from_case = k.id;
    if (!valid_record_id(a.id)) return refused(ApplyResult::failure("error.record.invalid_id", a.id));
    if (s.records.find_any(kArticleType, a.id)) return refused(ApplyResult::failure("error.record.exists", a.id));
    if (ApplyResult res = check_article(a); !res.ok) return refused(res);
    return store_article(s, a, 0, ctx);
}

ApplyResult parse_starter_articles(std::string_view json_text, std::vector<Article>& out) {
    const json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || json_string(j, "format") != "kefu.faq-starter")
        return ApplyResult::failure("error.faq.starter", "format");
    auto arts = j.find("articles");
    if (arts == j.end() || !arts->is_array()) return ApplyResult::failure("error.faq.starter", "articles");
    std::vector<Article> list;
    for (const json& item : *arts) {
        if (!item.is_object()) return ApplyResult::failure("error.faq.starter", "article");
        Article a = article_from_data(json_string(item, "id"), item);
        if (!item.contains("status")) a.status = ArticleStatus::Published;
        a.starter = true;
        if (!valid_record_id(a.id)) return ApplyResult::failure("error.faq.starter", a.id);
        if (ApplyResult r = check_article(a); !r.ok) return ApplyResult::failure("error.faq.starter", a.id + ": " + r.error.key);
        list.push_back(std::move(a));
    }
    out = std::move(list);
    return ApplyResult::success();
}

// ---- [SECTION] search ---------------------------------------------------------------------------------
std::vector<SearchHit> suggest_articles(const AppState& s, std::string_view description, size_t limit) {
    SearchFilter published;
    published.statuses = 1u << static_cast<unsigned>(ArticleStatus::Published);
    for (const Token& t : tokenize(description))
        if (t.kind != TokenKind::Word) {
            published.language = "zh-CN";  // a Chinese description: the Chinese answers
            break;
        }
    return s.faq.search(description, published, limit);
}

bool find_article(const AppState& s, std::string_view id, Article& out) { return article_layer(s).find(id, out); }

std::vector<Article> all_articles(const AppState& s) { return article_layer(s).all(); }

void sync_article(AppState& s, const std::string& id) {
    Article a;
    if (find_article(s, id, a)) s.faq.put(search_doc_of(a));
    else s.faq.remove(id);
}

void rebuild_faq_index(AppState& s) {
    s.faq.clear();
    for (const Article& a : all_articles(s)) s.faq.put(search_doc_of(a));
}

std::vector<std::pair<Record, std::string>> starter_records(const AppState& s) {
    std::vector<std::pair<Record, std::string>> out;
    const Actor kefu{"kefu", "Kefu"};
    for (const Article* a : article_layer(s).untaken()) {
        Record r;
        r.type = kArticleType;
        r.id = a->id;
        r.rev = 1;
        r.created_by = r.updated_by = kefu;
        r.set_data(article_to_data(*a));
        HistoryEntry h;
        h.rev = 1;
        h.op = ChangeOp::Create;
        h.by = kefu;
        out.emplace_back(std::move(r), encode_history({h}));
    }
    return out;
}

// ---- the family -----------------------------------------------------------------------------
namespace {
constexpr CommandInfo kFaqCmds[] = {
    {"SaveArticle", Role::Lead},
    {"SetArticleStatus", Role::Lead},
    {"RestoreArticleVersion", Role::Lead},
    {"DeleteArticle", Role::Lead},
    {"RateArticle", Role::Agent},
    {"UseArticleForCase", Role::Agent},
    {"DraftArticleFromCase", Role::Agent},
};
static_assert(covers<FaqCmd>(kFaqCmds), "one row per FAQ command, in the variant's order");
}  // namespace

ApplyOutcome apply_family(AppState& s, const FaqCmd& c, const CommandContext& ctx) {
    return std::visit([&](const auto& x) { return apply_faq(s, x, ctx); }, c);
}
const char* family_command_name(const FaqCmd& c) { return kFaqCmds[c.index()].name; }
Role family_role(const AppState&, const FaqCmd& c, const Actor&) {
    return kFaqCmds[c.index()].role;
}

}  // namespace kefu
