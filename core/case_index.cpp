#include "core/case_index.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "core/civil_date.hpp"

namespace kefu {

namespace {

bool needs_folding(unsigned char c) { return (c >= 'A' && c <= 'Z') || c == 0xEF || c == 0xE3 || c == 0; }

void append_folded(std::string& out, std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        size_t run = i;  // copy bytes that need no folding in one go
        while (run < text.size() && !needs_folding(static_cast<unsigned char>(text[run]))) ++run;
        if (run > i) {
            out.append(text.data() + i, run - i);
            i = run;
            if (i == text.size()) break;
        }
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + 32);
        } else if (c == 0xEF && i + 2 < text.size()) {
            // U+FF01..U+FF5E (full-width ASCII) are EF BC 81..EF BD 9E.
            const unsigned char c1 = static_cast<unsigned char>(text[i + 1]), c2 = static_cast<unsigned char>(text[i + 2]);
            const unsigned cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                char ascii = static_cast<char>(cp - 0xFF01 + 0x21);
                if (ascii >= 'A' && ascii <= 'Z') ascii = static_cast<char>(ascii + 32);
                out += ascii;
                i += 2;
            } else {
                out += static_cast<char>(c);
            }
        } else if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   static_cast<unsigned char>(text[i + 2]) == 0x80) {
            out += ' ';  // U+3000 ideographic space
            i += 2;
        } else if (c == '\0') {
            out += ' ';  // the arena's case separator must not appear inside a text
        } else {
            out += static_cast<char>(c);
        }
    }
}

std::vector<std::string> split_terms(std::string_view folded) {
    std::vector<std::string> terms;
    size_t i = 0;
    while (i < folded.size()) {
        while (i < folded.size() && (folded[i] == ' ' || folded[i] == '\t' || folded[i] == '\n')) ++i;
        size_t j = i;
        while (j < folded.size() && folded[j] != ' ' && folded[j] != '\t' && folded[j] != '\n') ++j;
        if (j > i) terms.emplace_back(folded.substr(i, j - i));
        i = j;
    }
    // The longest term first: it has the fewest candidates.
    std::stable_sort(terms.begin(), terms.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return terms;
}

// ---- signatures: which characters and character pairs a text has -------------------------
using Signature = std::array<uint64_t, 16>;

uint32_t next_code_point(std::string_view s, size_t& i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n > s.size()) return c + (++i, 0u);
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    return cp;
}

void set_bit(Signature& sig, uint32_t h) {
    const uint32_t bit = h >> 22;  // the top 10 bits of a multiplicative hash
    sig[bit >> 6] |= uint64_t{1} << (bit & 63);
}

// Every character and every pair of neighbouring characters; a newline (between fields)
// starts afresh, so no pair spans two fields.
void add_units(Signature& sig, std::string_view text) {
    uint32_t prev = 0;
    for (size_t i = 0; i < text.size();) {
        const uint32_t cp = next_code_point(text, i);
        if (cp == '\n') {
            prev = 0;
            continue;
        }
        set_bit(sig, (cp + 0x51ED27u) * 0x9E3779B1u);
        if (prev) set_bit(sig, (prev * 0x85EBCA77u) ^ (cp * 0xC2B2AE3Du) ^ 0x27D4EB2Fu);
        prev = cp;
    }
}

bool covers(const Signature& row, const Signature& need) {
    for (size_t w = 0; w < need.size(); ++w)
        if ((row[w] & need[w]) != need[w]) return false;
    return true;
}

uint64_t prefix_key(std::string_view s) {
    uint64_t k = 0;
    for (size_t i = 0; i < 8; ++i) k = (k << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
    return k;
}

int sla_rank(SlaState s) {
    switch (s) {
        case SlaState::Breached: return 0;
        case SlaState::DueSoon: return 1;
        case SlaState::Ok: return 2;
        case SlaState::Paused: return 3;
        default: return 4;
    }
}

}  // namespace

std::string fold_for_search(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_folded(out, text);
    return out;
}

SlaState CaseRow::sla_state(int64_t now_ms) const {
    if (sla_breached_final) return SlaState::Breached;
    if (sla_running && now_ms >= sla_deadline_ms) return SlaState::Breached;
    if (sla_running && now_ms >= sla_due_soon_ms) return SlaState::DueSoon;
    if (sla_paused) return SlaState::Paused;
    if (sla_running) return SlaState::Ok;
    return SlaState::Met;
}

// ---- building ---------------------------------------------------------------------------
void CaseIndex::rebuild(const RecordStore& store, const WorkCalendar& cal, const std::vector<SlaRule>& rules) {
    rows_.clear();
    by_id_.clear();
    by_form_no_.clear();
    max_seq_.clear();
    pauses_.clear();
    arena_.clear();
    arena_garbage_ = 0;
    utc_offset_minutes_ = cal.utc_offset_minutes;
    rows_.reserve(store.count(kCaseType));
    by_id_.reserve(store.count(kCaseType));
    by_form_no_.reserve(store.count(kCaseType));
    store.for_each(kCaseType, [&](const Record& r) { put_row(r, cal, rules); });
}

void CaseIndex::refresh(const RecordStore& store, const std::string& id, const WorkCalendar& cal, const std::vector<SlaRule>& rules) {
    utc_offset_minutes_ = cal.utc_offset_minutes;
    if (const Record* r = store.find(kCaseType, id)) put_row(*r, cal, rules);
    else remove_row(id);
    if (arena_garbage_ > (1u << 20) && arena_garbage_ * 2 > arena_.bytes()) compact_arena();
}

void CaseIndex::replan(const WorkCalendar& cal, const std::vector<SlaRule>& rules) {
    utc_offset_minutes_ = cal.utc_offset_minutes;
    static const std::vector<std::pair<int64_t, int64_t>> kNone;
    for (CaseRow& row : rows_) {
        auto p = pauses_.find(row.id);
        plan_row(row, p == pauses_.end() ? kNone : p->second, cal, rules);
    }
}

std::vector<SlaClock> CaseIndex::clocks(const CaseRow& row, const WorkCalendar& cal, const std::vector<SlaRule>& rules) const {
    CaseTimes t;
    t.kind = name_of(row.kind);
    t.events = row.events;
    if (auto p = pauses_.find(row.id); p != pauses_.end()) t.pauses = p->second;
    return plan_clocks(rules, cal, t);
}

void CaseIndex::plan_row(CaseRow& row, const std::vector<std::pair<int64_t, int64_t>>& pauses, const WorkCalendar& cal,
                         const std::vector<SlaRule>& rules) {
    CaseTimes t;
    t.kind = name_of(row.kind);
    t.events = row.events;
    t.pauses = pauses;
    row.sla_breached_final = row.sla_paused = row.sla_running = false;
    row.sla_due_soon_ms = row.sla_deadline_ms = kNever;
    for (const SlaClock& c : plan_clocks(rules, cal, t)) {
        if (c.stopped) {
            if (c.final_state == SlaState::Breached) row.sla_breached_final = true;
        } else if (c.paused) {
            row.sla_paused = true;
        } else {
            row.sla_running = true;
            row.sla_due_soon_ms = std::min(row.sla_due_soon_ms, c.due_soon_ms);
            row.sla_deadline_ms = std::min(row.sla_deadline_ms, c.deadline_ms);
        }
    }
}

void CaseIndex::put_row(const Record& r, const WorkCalendar& cal, const std::vector<SlaRule>& rules) {
    read_case(r, scratch_);
    const Case& c = scratch_;
    CaseRow row;
    row.id = r.id;
    row.form_no = c.form_no;
    row.customer = c.customer.name + c.customer.salutation;
    row.phones = phone_digits(c.customer.mobile);
    const std::string tel = phone_digits(c.customer.telephone);
    if (!tel.empty()) row.phones += (row.phones.empty() ? "" : " ") + tel;
    row.recorder = c.description.by.name.empty() ? r.created_by.name : c.description.by.name;
    row.order_no = c.order_no;
    row.category = c.category;
    row.kind = c.kind;
    row.channel = c.channel;
    row.priority = c.priority;
    row.status = c.status;
    row.department = c.department;
    row.paused = c.paused();
    row.missing = static_cast<uint8_t>(std::min<size_t>(255, missing_fields(c).size()));
    row.reopenings = static_cast<uint8_t>(std::min<size_t>(255, c.reopenings.size()));
    row.rev = r.rev;
    row.created_ms = r.created_at_ms;
    row.updated_ms = r.updated_at_ms;
    row.events = c.events;
    if (!c.pauses.empty()) pauses_[r.id] = c.pauses;
    else pauses_.erase(r.id);
    plan_row(row, c.pauses, cal, rules);

    std::string& text = text_scratch_;
    text.clear();
    for (const std::string* s : std::initializer_list<const std::string*>{&c.form_no, &c.customer.name, &c.customer.company, &c.customer.district, &c.customer.address,
                                 &c.customer.mobile, &c.customer.telephone, &row.phones, &c.order_no, &c.description.text,
                                 &c.acceptance.text, &c.solution.text, &c.result.text, &c.review.text, &c.handler,
                                 &c.department_other, &row.recorder}) {
        if (s->empty()) continue;
        append_folded(text, *s);
        text += '\n';
    }
    // A number with a station code (KF-20261124-A-0007) is also found by the number without
    // it: the one the case had before its station joined a team (team.cpp, JoinTeam).
    if (int64_t form_day = 0; true) {
        int form_seq = 0;
        std::string code;
        if (parse_form_no(c.form_no, form_day, form_seq, code) && !code.empty()) {
            append_folded(text, format_form_no(form_day, form_seq));
            text += '\n';
        }
    }
    row.text_at = arena_.add(text);
    row.text_len = static_cast<uint32_t>(std::min(text.size(), TextArena::kChunkBytes));
    add_units(row.signature, search_text(row));
    int64_t form_day = 0;
    int form_seq = 0;
    row.form_key = parse_form_no(row.form_no, form_day, form_seq)
                       ? static_cast<uint64_t>(form_day) << 32 | static_cast<uint32_t>(form_seq)
                       : prefix_key(row.form_no) >> 1 | uint64_t{1} << 63;  // other numbers after KF- ones

    int64_t day = 0;
    int seq = 0;
    std::string station;
    if (parse_form_no(c.form_no, day, seq, station)) {
        int& top = max_seq_[{day, std::move(station)}];
        top = std::max(top, seq);
    }

    auto it = by_id_.find(r.id);
    uint32_t index = 0;
    if (it != by_id_.end()) {
        index = it->second;
        CaseRow& old = rows_[index];
        arena_garbage_ += old.text_len;
        auto f = by_form_no_.find(old.form_no);
        if (f != by_form_no_.end() && f->second == index) by_form_no_.erase(f);
        old = std::move(row);
    } else {
        index = static_cast<uint32_t>(rows_.size());
        rows_.push_back(std::move(row));
        by_id_.emplace(r.id, index);
    }
    if (!rows_[index].form_no.empty()) by_form_no_.emplace(rows_[index].form_no, index);
}

void CaseIndex::remove_row(const std::string& id) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    const uint32_t index = it->second, last = static_cast<uint32_t>(rows_.size() - 1);
    CaseRow& gone = rows_[index];
    arena_garbage_ += gone.text_len;
    auto f = by_form_no_.find(gone.form_no);
    if (f != by_form_no_.end() && f->second == index) by_form_no_.erase(f);
    pauses_.erase(id);
    by_id_.erase(it);
    if (index != last) {
        rows_[index] = std::move(rows_[last]);
        by_id_[rows_[index].id] = index;
        auto mf = by_form_no_.find(rows_[index].form_no);
        if (mf != by_form_no_.end() && mf->second == last) mf->second = index;
    }
    rows_.pop_back();
}

void CaseIndex::compact_arena() {
    TextArena next;
    for (CaseRow& row : rows_) row.text_at = next.add(search_text(row));
    arena_ = std::move(next);
    arena_garbage_ = 0;
}

uint32_t TextArena::add(std::string_view text) {
    text = text.substr(0, kChunkBytes);
    if (chunks_.empty() || kChunkBytes - chunks_.back().size() < text.size()) {
        chunks_.emplace_back();
        chunks_.back().reserve(kChunkBytes);
    }
    std::string& chunk = chunks_.back();
    const uint32_t at = static_cast<uint32_t>((chunks_.size() - 1) << kChunkBits | chunk.size());
    chunk.append(text.data(), text.size());
    return at;
}

size_t TextArena::bytes() const {
    size_t n = 0;
    for (const std::string& c : chunks_) n += c.size();
    return n;
}

// ---- queries ------------------------------------------------------------------------------
const CaseRow* CaseIndex::find(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() ? nullptr : &rows_[it->second];
}

const CaseRow* CaseIndex::find_form_no(std::string_view form_no) const {
    auto it = by_form_no_.find(std::string(form_no));
    return it == by_form_no_.end() ? nullptr : &rows_[it->second];
}

std::vector<uint32_t> CaseIndex::query(const CaseQuery& q, int64_t now_ms) const {
    auto has = [](uint32_t mask, auto v) { return mask == 0 || (mask >> static_cast<unsigned>(v) & 1u) != 0; };
    auto keep = [&](const CaseRow& r) {
        if (q.open_only && !is_open(r.status)) return false;
        if (!has(q.statuses, r.status) || !has(q.categories, r.category) || !has(q.kinds, r.kind) ||
            !has(q.departments, r.department))
            return false;
        if (q.created_from_ms && r.created_ms < q.created_from_ms) return false;
        if (q.created_to_ms && r.created_ms >= q.created_to_ms) return false;
        if (!q.agent.empty() && r.recorder != q.agent) return false;
        if (q.sla_states && !has(q.sla_states, r.sla_state(now_ms))) return false;
        return true;
    };

    std::vector<uint32_t> out;
    const std::vector<std::string> terms = split_terms(fold_for_search(q.text));
    if (terms.empty()) {
        out.reserve(rows_.size());
        for (uint32_t i = 0; i < rows_.size(); ++i)
            if (keep(rows_[i])) out.push_back(i);
    } else {
        // Signatures first (a few word ANDs per case), then the text of the cases that pass.
        Signature need{};
        for (const std::string& t : terms) add_units(need, t);
        for (uint32_t i = 0; i < rows_.size(); ++i) {
            const CaseRow& r = rows_[i];
            if (!covers(r.signature, need) || !keep(r)) continue;
            const std::string_view text = search_text(r);
            bool all = true;
            for (size_t t = 0; t < terms.size() && all; ++t) all = text.find(terms[t]) != std::string_view::npos;
            if (all) out.push_back(i);
        }
    }
    sort_rows(out, q.sort, q.descending, now_ms);
    return out;
}

void CaseIndex::sort_rows(std::vector<uint32_t>& out, CaseSort sort, bool descending, int64_t now_ms) const {
    // Three 64-bit keys per row (names: their first 16 bytes, then the creation time;
    // everything else: the column, then the creation time), so that sorting never reaches
    // into the rows: sorting 100,000 rows must stay fast in the browser.
    struct Keyed {
        uint64_t k1, k2, k3;
        uint32_t row;
    };
    auto created_of = [](const CaseRow& r) { return static_cast<uint64_t>(std::max<int64_t>(0, r.created_ms)); };
    auto key_of = [&](const CaseRow& r, uint32_t i) -> Keyed {
        switch (sort) {
            case CaseSort::FormNo: return {r.form_key, created_of(r), 0, i};
            case CaseSort::Customer: return {prefix_key(r.customer), prefix_key(std::string_view(r.customer).substr(std::min<size_t>(8, r.customer.size()))), created_of(r), i};
            case CaseSort::Category: return {static_cast<uint64_t>(r.category), created_of(r), 0, i};
            case CaseSort::Kind: return {static_cast<uint64_t>(r.kind), created_of(r), 0, i};
            case CaseSort::Status: return {static_cast<uint64_t>(r.status), created_of(r), 0, i};
            case CaseSort::Sla: {
                // Most urgent first: breached, due soon, running (by deadline), paused, met.
                const uint64_t deadline = r.sla_running ? static_cast<uint64_t>(std::min<int64_t>(r.sla_deadline_ms, int64_t{1} << 52)) : 0;
                return {static_cast<uint64_t>(sla_rank(r.sla_state(now_ms))) << 53 | deadline, created_of(r), 0, i};
            }
            case CaseSort::Agent: return {prefix_key(r.recorder), prefix_key(std::string_view(r.recorder).substr(std::min<size_t>(8, r.recorder.size()))), created_of(r), i};
            case CaseSort::Created: return {created_of(r), 0, 0, i};
            default: return {static_cast<uint64_t>(std::max<int64_t>(0, r.updated_ms)), created_of(r), 0, i};
        }
    };
    // Stable LSD radix sort, 16 bits a pass, least significant key first; a pass whose digit
    // is the same for every row is skipped (enums and times need few passes). Descending
    // order inverts every key, ties included (rows in descending order too).
    std::vector<Keyed> keyed;
    keyed.reserve(out.size());
    if (descending)
        for (auto it = out.rbegin(); it != out.rend(); ++it) {
            const Keyed k = key_of(rows_[*it], *it);
            keyed.push_back({~k.k1, ~k.k2, ~k.k3, k.row});
        }
    else
        for (uint32_t i : out) keyed.push_back(key_of(rows_[i], i));
    std::vector<Keyed> spare(keyed.size());
    std::vector<uint32_t> count(1u << 16);
    for (uint64_t Keyed::*key : {&Keyed::k3, &Keyed::k2, &Keyed::k1})
        for (int shift = 0; shift < 64; shift += 16) {
            if (keyed.empty()) break;
            std::fill(count.begin(), count.end(), 0u);
            for (const Keyed& k : keyed) ++count[(k.*key >> shift) & 0xFFFF];
            if (count[(keyed[0].*key >> shift) & 0xFFFF] == keyed.size()) continue;
            uint32_t sum = 0;
            for (uint32_t& c : count) {
                const uint32_t n = c;
                c = sum;
                sum += n;
            }
            for (const Keyed& k : keyed) spare[count[(k.*key >> shift) & 0xFFFF]++] = k;
            keyed.swap(spare);
        }
    // Names longer than the 16 bytes in the keys keep their exact order among equal prefixes.
    if (sort == CaseSort::Customer || sort == CaseSort::Agent) {
        auto name = [&](uint32_t row) -> const std::string& { return sort == CaseSort::Customer ? rows_[row].customer : rows_[row].recorder; };
        for (size_t i = 0; i < keyed.size();) {
            size_t j = i + 1;
            while (j < keyed.size() && keyed[j].k1 == keyed[i].k1 && keyed[j].k2 == keyed[i].k2) ++j;
            if (j - i > 1 && name(keyed[i].row).size() > 16)
                std::stable_sort(keyed.begin() + static_cast<std::ptrdiff_t>(i), keyed.begin() + static_cast<std::ptrdiff_t>(j),
                                 [&](const Keyed& x, const Keyed& y) { return descending ? name(y.row) < name(x.row) : name(x.row) < name(y.row); });
            i = j;
        }
    }
    for (size_t i = 0; i < keyed.size(); ++i) out[i] = keyed[i].row;
}

std::vector<uint32_t> CaseIndex::by_phone(std::string_view phone) const {
    std::vector<uint32_t> out;
    std::string digits = phone_digits(phone);
    if (digits.size() == 13 && digits.compare(0, 2, "86") == 0) digits.erase(0, 2);
    if (digits.size() < 7) return out;
    for (uint32_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].phones.find(digits) != std::string::npos) out.push_back(i);
    std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) { return rows_[a].created_ms > rows_[b].created_ms; });
    return out;
}

std::string CaseIndex::next_form_no(int64_t local_day, std::string_view station) const {
    auto it = max_seq_.find({local_day, std::string(station)});
    int seq = it == max_seq_.end() ? 1 : it->second + 1;
    std::string candidate = format_form_no(local_day, seq, station);
    while (by_form_no_.count(candidate)) candidate = format_form_no(local_day, ++seq, station);
    return candidate;
}

std::vector<std::string> CaseIndex::agents() const {
    std::set<std::string> names;
    for (const CaseRow& r : rows_)
        if (!r.recorder.empty()) names.insert(r.recorder);
    return {names.begin(), names.end()};
}

}  // namespace kefu
