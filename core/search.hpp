// Full-text search written for a Chinese help desk: the FAQ (and anything else made of a few
// weighted text fields), queried on every keystroke.
//
//  - Chinese has no spaces between words: every Han character is a term, and so is every pair
//    of adjacent ones (bigrams). "退款多久到账" finds an article saying "退款一般3个工作日到账"
//    by 退款 and 到账, and ranks it above one that only shares single characters.
//  - Latin text: case-folded words. The last word of a query is also a prefix (search as you
//    type: "refu" finds "refund"); words of 4 or more letters also match words one edit away
//    ("refnd", "invioce").
//  - Full-width ASCII (ＶＩＰ１) and the ideographic space fold to ASCII; common traditional
//    characters fold to simplified ones (帳號 finds 账号).
//  - Ranking: BM25F (each field's term frequency weighted and length-normalised, then one
//    saturation), times how much of the query a document covers.
//  - Incremental: put() and remove() touch one document. Postings are append-only, delta
//    coded byte strings; entries of removed or replaced documents are skipped and purged when
//    they make up a third of the index.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kefu {

// Fields in weight order: a match in the title counts most, in the body least.
enum class SearchField : uint8_t { Title, Synonyms, Tags, Body };
constexpr size_t kSearchFields = 4;

struct SearchDoc {
    std::string id;
    std::array<std::string, kSearchFields> text;  // by SearchField
    std::string category;  // a path such as "账户与登录/密码"; filters match it or its ancestors
    uint8_t status = 0;    // the caller's enum (< 32); filtered by bit
    std::string language;  // "zh-CN", "en"
};

struct SearchFilter {
    std::string category;   // this category and those below it; empty: any
    uint32_t statuses = 0;  // bit per status; 0: any
    std::string language;   // empty: any
};

struct TextRange {
    uint32_t begin = 0, end = 0;  // bytes of the original text
    bool operator==(const TextRange& o) const { return begin == o.begin && end == o.end; }
};

struct SearchHit {
    std::string id;
    double score = 0;
    std::vector<TextRange> title_ranges;  // matched parts, merged, in order
    std::vector<TextRange> body_ranges;
};

enum class TokenKind : uint8_t { Word, Han, HanPair };
struct Token {
    std::string term;  // folded
    uint32_t begin = 0, end = 0;  // bytes of the original text
    TokenKind kind = TokenKind::Word;
};
// The tokens of a text (for the index, queries and highlighting alike).
std::vector<Token> tokenize(std::string_view text);
// One code point folded as the tokenizer folds it (full-width, case, traditional).
uint32_t fold_code_point(uint32_t cp);
// Levenshtein distance at most 1 (one insertion, deletion or substitution), bytes.
bool within_one_edit(std::string_view a, std::string_view b);

class SearchIndex {
public:
    void put(SearchDoc doc);  // adds, or replaces the document with the same id
    void remove(std::string_view id);
    void clear();

    // Best first, at most `limit`. An empty query, or one with nothing to search for (only
    // punctuation), finds nothing.
    std::vector<SearchHit> search(std::string_view query, const SearchFilter& filter, size_t limit) const;

    const SearchDoc* find(std::string_view id) const;
    size_t size() const { return by_id_.size(); }
    size_t memory_bytes() const;  // an estimate of what the index holds
    size_t dead_slots() const { return slots_.size() - by_id_.size(); }

private:
    struct Term {
        std::string postings;  // per entry: varint slot delta, field mask byte, varint tf per field
        uint32_t last_slot = 0;
        uint32_t df = 0;  // live documents containing the term
    };
    struct Slot {
        SearchDoc doc;
        std::array<uint16_t, kSearchFields> length{};  // tokens per field
        bool alive = false;
    };
    struct Unit;  // one part of a query (search.cpp)

    uint32_t term_id(const std::string& term);  // creates it when new
    uint32_t find_term(const std::string& term) const;  // UINT32_MAX when unknown
    void index_slot(uint32_t slot);
    void unindex_counts(const Slot& s);
    void compact();
    bool passes(const Slot& s, const SearchFilter& f) const;
    std::vector<TextRange> highlight(std::string_view text, const std::vector<uint32_t>& matched_terms,
                                     const std::vector<bool>& han_singles) const;

    std::vector<Slot> slots_;
    std::unordered_map<std::string, uint32_t> by_id_;  // live documents' slots
    std::vector<Term> terms_;
    std::unordered_map<std::string, uint32_t> term_ids_;
    std::map<std::string, uint32_t> words_;  // Latin words only, sorted: prefixes and typos
    std::array<uint64_t, kSearchFields> total_length_{};  // over live documents
};

}  // namespace kefu
