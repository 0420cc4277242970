#include "core/search.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace kefu {

namespace {

// ---- [SECTION] folding ------------------------------------------------------------------------
// Traditional -> simplified for the characters a help desk's customers type most (accounts,
// orders, payments, delivery, service words). Pairs: traditional then simplified.
constexpr std::string_view kTraditional =
    "號号碼码帳账戶户訂订單单貨货發发價价錢钱費费務务開开關关機机網网絡络線线話话電电門门間间時时"
    "麼么為为這这個个們们來来會会說说對对無无應应達达運运遞递郵邮購购買买賣卖換换據据資资變变讓让"
    "過过還还處处問问題题請请謝谢幫帮質质壞坏損损維维險险證证驗验錄录註注冊册設设頁页鍵键認认識识"
    "額额餘余軟软體体雲云車车點点擊击覽览頭头傳传據据檢检測测項项優优積积紀纪錯错誤误補补辦办"
    "聯联繫系類类廣广東东長长熱热線线態态準准確确實实際际輸输複复雜杂簡简縣县區区樓楼動动據据專专"
    "稱称務务產产廠厂標标籤签團团隊队歡欢讀读寫写語语種种選选擇择勞劳煩烦慮虑滿满經经濟济"
    "園园預预約约廳厅飯饭館馆醫医療疗藥药險险們们獲获歷历紅红綠绿藍蓝黃黄範范圍围節节態态與与門门"
    "斷断續续繼继銷销讓让據据條条隱隐權权於于風风險险兒儿歲岁麗丽萬万億亿爾尔須须氣气車车輛辆"
    "齊齐衛卫鐘钟錶表針针線线鏈链鎖锁閉闭闊阔隨随陽阳陰阴難难雙双雞鸡靈灵韓韩頁页頂顶順顺須须領领"
    "頻频題题顏颜額额風风飛飞飲饮餅饼館馆驗验驚惊體体髮发鬆松魚鱼鳥鸟麥麦黨党龍龙龜龟";

struct FoldTable {
    std::vector<std::pair<uint32_t, uint32_t>> pairs;  // sorted by traditional
    FoldTable();
};

FoldTable::FoldTable() {
    std::vector<uint32_t> cps;
    for (size_t i = 0; i < kTraditional.size();) cps.push_back(decode_utf8(kTraditional, i));
    for (size_t k = 0; k + 1 < cps.size(); k += 2)
        if (cps[k] != cps[k + 1]) pairs.emplace_back(cps[k], cps[k + 1]);
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end(), [](auto& a, auto& b) { return a.first == b.first; }), pairs.end());
}

const FoldTable& fold_table() {
    static const FoldTable table;
    return table;
}

bool is_han(uint32_t cp) {
    return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0x20000 && cp <= 0x2ffff);
}

// Letters and digits that make up Latin words (ASCII after folding, and Latin-1/Extended-A
// letters with their accents kept).
bool is_word_char(uint32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7);
}

constexpr size_t kMaxWordBytes = 64;

// ---- [SECTION] postings -------------------------------------------------------------------------
void put_varint(std::string& out, uint32_t v) {
    while (v >= 0x80) {
        out += static_cast<char>(0x80 | (v & 0x7f));
        v >>= 7;
    }
    out += static_cast<char>(v);
}

uint32_t get_varint(const std::string& s, size_t& i) {
    uint32_t v = 0;
    for (int shift = 0; i < s.size(); shift += 7) {
        const unsigned char c = static_cast<unsigned char>(s[i++]);
        v |= static_cast<uint32_t>(c & 0x7f) << shift;
        if (!(c & 0x80)) break;
    }
    return v;
}

constexpr std::array<double, kSearchFields> kFieldWeight = {4.0, 3.0, 2.0, 1.0};
constexpr std::array<double, kSearchFields> kFieldB = {0.5, 0.5, 0.3, 0.75};
constexpr double kK1 = 1.2;

}  // namespace

uint32_t fold_code_point(uint32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xff01 && cp <= 0xff5e) return fold_code_point(cp - 0xfee0);  // full-width ASCII
    if (cp == 0x3000) return ' ';
    if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) return cp + 32;  // Latin-1 capitals
    if (cp >= 0x3400) {
        const auto& p = fold_table().pairs;
        auto it = std::lower_bound(p.begin(), p.end(), std::make_pair(cp, uint32_t{0}));
        if (it != p.end() && it->first == cp) return it->second;
    }
    return cp;
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    size_t i = 0;
    Token word;
    bool in_word = false;
    uint32_t prev_han = 0;  // previous code point if it was Han (folded), else 0
    uint32_t prev_begin = 0;
    std::string prev_term;
    auto end_word = [&] {
        if (in_word) out.push_back(std::move(word));
        word = Token{};
        in_word = false;
    };
    while (i < text.size()) {
        const uint32_t begin = static_cast<uint32_t>(i);
        const uint32_t cp = fold_code_point(decode_utf8(text, i));
        const uint32_t end = static_cast<uint32_t>(i);
        if (is_word_char(cp)) {
            prev_han = 0;
            if (!in_word) {
                word.begin = begin;
                word.kind = TokenKind::Word;
                in_word = true;
            }
            if (word.term.size() < kMaxWordBytes) append_utf8(word.term, cp);
            word.end = end;
            continue;
        }
        end_word();
        if (!is_han(cp)) {
            prev_han = 0;
            continue;
        }
        Token uni;
        append_utf8(uni.term, cp);
        uni.begin = begin;
        uni.end = end;
        uni.kind = TokenKind::Han;
        if (prev_han) {
            Token pair;
            pair.term = prev_term + uni.term;
            pair.begin = prev_begin;
            pair.end = end;
            pair.kind = TokenKind::HanPair;
            out.push_back(std::move(pair));
        }
        prev_han = cp;
        prev_begin = begin;
        prev_term = uni.term;
        out.push_back(std::move(uni));
    }
    end_word();
    return out;
}

bool within_one_edit(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return false;
    size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (i == a.size()) return true;  // equal, or b has one more at the end
    if (a.size() == b.size()) return a.substr(i + 1) == b.substr(i + 1);  // one substitution
    return a.substr(i) == b.substr(i + 1);                                // one insertion into a
}

// ---- [SECTION] indexing ---------------------------------------------------------------------------
uint32_t SearchIndex::find_term(const std::string& term) const {
    auto it = term_ids_.find(term);
    return it == term_ids_.end() ? UINT32_MAX : it->second;
}

uint32_t SearchIndex::term_id(const std::string& term) {
    auto it = term_ids_.find(term);
    if (it != term_ids_.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(terms_.size());
    terms_.emplace_back();
    term_ids_.emplace(term, id);
    return id;
}

void SearchIndex::put(SearchDoc doc) {
    remove(doc.id);
    const uint32_t slot = static_cast<uint32_t>(slots_.size());
    by_id_.emplace(doc.id, slot);
    slots_.push_back(Slot{std::move(doc), {}, true});
    index_slot(slot);
}

// Appends the slot's postings (slots only grow, so every list stays sorted) and counts.
void SearchIndex::index_slot(uint32_t slot) {
    Slot& s = slots_[slot];
    struct Count {
        uint32_t term;
        std::array<uint16_t, kSearchFields> tf;
    };
    std::vector<Count> counts;
    std::unordered_map<uint32_t, size_t> at;
    for (size_t f = 0; f < kSearchFields; ++f) {
        const std::vector<Token> tokens = tokenize(s.doc.text[f]);
        s.length[f] = static_cast<uint16_t>(std::min<size_t>(tokens.size(), UINT16_MAX));
        total_length_[f] += s.length[f];
        for (const Token& t : tokens) {
            const uint32_t id = term_id(t.term);
            if (t.kind == TokenKind::Word) words_.emplace(t.term, id);
            auto [it, fresh] = at.emplace(id, counts.size());
            if (fresh) counts.push_back(Count{id, {}});
            uint16_t& tf = counts[it->second].tf[f];
            if (tf < UINT16_MAX) ++tf;
        }
    }
    for (const Count& c : counts) {
        Term& t = terms_[c.term];
        put_varint(t.postings, t.postings.empty() ? slot : slot - t.last_slot);
        uint8_t mask = 0;
        for (size_t f = 0; f < kSearchFields; ++f)
            if (c.tf[f]) mask |= static_cast<uint8_t>(1u << f);
        t.postings += static_cast<char>(mask);
        for (size_t f = 0; f < kSearchFields; ++f)
            if (c.tf[f]) put_varint(t.postings, c.tf[f]);
        t.last_slot = slot;
        ++t.df;
    }
}

// Takes a document out of the statistics (document frequencies, field lengths); its postings
// stay until compact() and are skipped because the slot is dead.
void SearchIndex::unindex_counts(const Slot& s) {
    std::vector<uint32_t> seen;
    for (size_t f = 0; f < kSearchFields; ++f) {
        total_length_[f] -= s.length[f];
        for (const Token& t : tokenize(s.doc.text[f])) seen.push_back(find_term(t.term));
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (uint32_t id : seen)
        if (id != UINT32_MAX && terms_[id].df) --terms_[id].df;
}

void SearchIndex::remove(std::string_view id) {
    auto it = by_id_.find(std::string(id));
    if (it == by_id_.end()) return;
    Slot& s = slots_[it->second];
    unindex_counts(s);
    s.alive = false;
    s.doc = SearchDoc{};
    by_id_.erase(it);
    if (dead_slots() > 64 && dead_slots() * 3 > slots_.size()) compact();
}

// Rebuilds the postings from the live documents (amortised: only when a third is dead).
void SearchIndex::compact() {
    std::vector<SearchDoc> live;
    live.reserve(by_id_.size());
    for (Slot& s : slots_)
        if (s.alive) live.push_back(std::move(s.doc));
    clear();
    for (SearchDoc& d : live) put(std::move(d));
}

void SearchIndex::clear() {
    slots_.clear();
    by_id_.clear();
    terms_.clear();
    term_ids_.clear();
    words_.clear();
    total_length_ = {};
}

const SearchDoc* SearchIndex::find(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() ? nullptr : &slots_[it->second].doc;
}

size_t SearchIndex::memory_bytes() const {
    size_t n = slots_.capacity() * sizeof(Slot) + terms_.capacity() * sizeof(Term);
    for (const Slot& s : slots_) {
        n += s.doc.id.capacity() + s.doc.category.capacity() + s.doc.language.capacity();
        for (const std::string& t : s.doc.text) n += t.capacity();
    }
    for (const Term& t : terms_) n += t.postings.capacity();
    n += term_ids_.size() * (sizeof(std::string) + 16 + 2 * sizeof(void*)) + term_ids_.bucket_count() * sizeof(void*);
    for (const auto& [term, id] : term_ids_) n += term.capacity() > 15 ? term.capacity() : 0;
    n += words_.size() * (sizeof(std::string) + 4 + 4 * sizeof(void*)) + by_id_.size() * 64;
    return n;
}

// ---- [SECTION] searching ----------------------------------------------------------------------------
// One part of the query: a Latin word (with its prefix and typo expansions), a Han pair, or a
// lone Han character. Coverage counts the units a document matches.
struct SearchIndex::Unit {
    std::vector<std::pair<uint32_t, double>> terms;  // term id, weight
    bool han_single = false;
};

bool SearchIndex::passes(const Slot& s, const SearchFilter& f) const {
    if (!s.alive) return false;
    if (f.statuses && !(f.statuses & (1u << (s.doc.status & 31)))) return false;
    if (!f.language.empty() && s.doc.language != f.language) return false;
    if (!f.category.empty()) {
        const std::string& c = s.doc.category;
        if (c.compare(0, f.category.size(), f.category) != 0) return false;
        if (c.size() > f.category.size() && c[f.category.size()] != '/') return false;
    }
    return true;
}

std::vector<SearchHit> SearchIndex::search(std::string_view query, const SearchFilter& filter, size_t limit) const {
    std::vector<SearchHit> hits;
    if (limit == 0 || by_id_.empty()) return hits;
    constexpr size_t kMaxQueryBytes = 512;  // a pasted essay searches by its beginning
    if (query.size() > kMaxQueryBytes) {
        size_t cut = kMaxQueryBytes;
        while (cut > 0 && (static_cast<unsigned char>(query[cut]) & 0xc0) == 0x80) --cut;
        query = query.substr(0, cut);
    }
    const std::vector<Token> tokens = tokenize(query);
    // Is the last word still being typed (no space or punctuation after it)?
    const bool typing = !tokens.empty() && tokens.back().kind == TokenKind::Word && tokens.back().end == query.size();

    // Han characters that stand alone in the query (a run of one) count as units; in longer
    // runs the pairs carry the meaning and single characters only add a little.
    std::vector<Unit> units;
    std::vector<std::pair<uint32_t, double>> extras;  // unigrams inside longer runs
    constexpr size_t kMaxUnits = 32;
    for (size_t k = 0; k < tokens.size(); ++k) {
        const Token& t = tokens[k];
        const uint32_t id = find_term(t.term);
        if (t.kind == TokenKind::Han) {
            const bool alone = (k == 0 || tokens[k - 1].kind != TokenKind::HanPair || tokens[k - 1].end != t.end) &&
                               (k + 1 == tokens.size() || tokens[k + 1].kind != TokenKind::HanPair || tokens[k + 1].begin != t.begin);
            if (alone) {
                Unit u;
                u.han_single = true;
                if (id != UINT32_MAX) u.terms.push_back({id, 1.0});
                units.push_back(std::move(u));
            } else if (id != UINT32_MAX) {
                extras.push_back({id, 0.2});
            }
            continue;
        }
        Unit u;
        if (id != UINT32_MAX) u.terms.push_back({id, 1.0});
        if (t.kind == TokenKind::Word) {
            const bool last = k + 1 == tokens.size();
            if (last && typing) {  // prefixes: the most frequent 32 words that start so
                std::vector<std::pair<uint32_t, uint32_t>> found;  // df, id
                for (auto it = words_.lower_bound(t.term); it != words_.end() && it->first.compare(0, t.term.size(), t.term) == 0; ++it)
                    if (it->second != id && terms_[it->second].df) found.push_back({terms_[it->second].df, it->second});
                const size_t keep = std::min<size_t>(found.size(), 32);
                std::partial_sort(found.begin(), found.begin() + keep, found.end(), std::greater<>());
                for (size_t n = 0; n < keep; ++n) u.terms.push_back({found[n].second, 0.7});
            }
            if (t.term.size() >= 4) {  // typos: words one edit away
                for (const auto& [w, wid] : words_) {
                    if (wid == id || !terms_[wid].df || w.size() + 1 < t.term.size() || w.size() > t.term.size() + 1) continue;
                    if (within_one_edit(w, t.term)) u.terms.push_back({wid, 0.6});
                }
            }
        }
        units.push_back(std::move(u));
    }
    if (units.size() > kMaxUnits) units.resize(kMaxUnits);
    if (units.empty() && extras.empty()) return hits;

    const double docs = static_cast<double>(by_id_.size());
    std::array<double, kSearchFields> avg{};
    for (size_t f = 0; f < kSearchFields; ++f) avg[f] = std::max(1.0, static_cast<double>(total_length_[f]) / docs);
    std::vector<double> score(slots_.size(), 0.0);
    std::vector<uint32_t> covered(slots_.size(), 0);
    std::vector<int8_t> ok(slots_.size(), -1);  // filter verdict, computed when first needed
    auto accumulate = [&](uint32_t term, double weight, int unit) {
        const Term& t = terms_[term];
        if (!t.df) return;
        const double idf = std::log(1.0 + (docs - t.df + 0.5) / (t.df + 0.5));
        size_t i = 0;
        uint32_t slot = 0;
        bool first = true;
        while (i < t.postings.size()) {
            slot = first ? get_varint(t.postings, i) : slot + get_varint(t.postings, i);
            first = false;
            const uint8_t mask = static_cast<uint8_t>(t.postings[i++]);
            std::array<uint32_t, kSearchFields> tf{};
            for (size_t f = 0; f < kSearchFields; ++f)
                if (mask & (1u << f)) tf[f] = get_varint(t.postings, i);
            if (ok[slot] < 0) ok[slot] = passes(slots_[slot], filter) ? 1 : 0;
            if (!ok[slot]) continue;
            const Slot& s = slots_[slot];
            double wtf = 0;
            for (size_t f = 0; f < kSearchFields; ++f)
                if (tf[f]) wtf += kFieldWeight[f] * tf[f] / (1.0 - kFieldB[f] + kFieldB[f] * s.length[f] / avg[f]);
            score[slot] += weight * idf * wtf * (kK1 + 1.0) / (wtf + kK1);
            if (unit >= 0) covered[slot] |= 1u << unit;
        }
    };
    for (size_t u = 0; u < units.size(); ++u)
        for (const auto& [term, weight] : units[u].terms) accumulate(term, weight, static_cast<int>(u));
    for (const auto& [term, weight] : extras) accumulate(term, weight, -1);

    // A document that covers more of the query ranks higher: score × (0.3 + 0.7 × share²).
    std::vector<std::pair<double, uint32_t>> ranked;
    for (uint32_t slot = 0; slot < slots_.size(); ++slot) {
        if (score[slot] <= 0) continue;
        double share = 1.0;
        if (!units.empty()) {
            int n = 0;
            for (uint32_t bits = covered[slot]; bits; bits &= bits - 1) ++n;
            share = static_cast<double>(n) / static_cast<double>(units.size());
        }
        ranked.push_back({score[slot] * (0.3 + 0.7 * share * share), slot});
    }
    const size_t keep = std::min(limit, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return slots_[a.second].doc.id < slots_[b.second].doc.id;
    });

    std::vector<uint32_t> matched;
    std::vector<bool> singles;  // per matched term: a lone Han character of the query
    for (const Unit& u : units)
        for (const auto& [term, weight] : u.terms) {
            matched.push_back(term);
            singles.push_back(u.han_single);
        }
    for (size_t n = 0; n < keep; ++n) {
        const Slot& s = slots_[ranked[n].second];
        SearchHit h;
        h.id = s.doc.id;
        h.score = ranked[n].first;
        h.title_ranges = highlight(s.doc.text[static_cast<size_t>(SearchField::Title)], matched, singles);
        h.body_ranges = highlight(s.doc.text[static_cast<size_t>(SearchField::Body)], matched, singles);
        hits.push_back(std::move(h));
    }
    return hits;
}

// The parts of `text` that matched: Latin words and Han pairs of the query, and single Han
// characters only where the query had one on its own (else every 的 would light up).
std::vector<TextRange> SearchIndex::highlight(std::string_view text, const std::vector<uint32_t>& matched_terms,
                                              const std::vector<bool>& han_singles) const {
    std::vector<TextRange> out;
    for (const Token& t : tokenize(text)) {
        auto it = term_ids_.find(t.term);
        if (it == term_ids_.end()) continue;
        bool hit = false;
        for (size_t k = 0; k < matched_terms.size() && !hit; ++k)
            hit = matched_terms[k] == it->second && (t.kind != TokenKind::Han || han_singles[k]);
        if (!hit) continue;
        if (!out.empty() && t.begin <= out.back().end) out.back().end = std::max(out.back().end, t.end);
        else out.push_back({t.begin, t.end});
    }
    return out;
}

}  // namespace kefu
