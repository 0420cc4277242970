#include "core/case_index.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "core/civil_date.hpp"

namespace kefu {

namespace {

constexpr uint32_t kStale = ~0u;

void append_folded(std::string& out, std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
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

// Boyer-Moore-Horspool over bytes (libc++ of Emscripten 3.1.6 has no std::boyer_moore_horspool_searcher).
// UTF-8 needs no special care: a match of whole encoded characters is a match of characters.
class Horspool {
public:
    explicit Horspool(std::string_view pattern) : p_(pattern) {
        for (size_t& s : shift_) s = p_.size();
        for (size_t i = 0; i + 1 < p_.size(); ++i) shift_[static_cast<unsigned char>(p_[i])] = p_.size() - 1 - i;
    }
    size_t find(std::string_view text, size_t from) const {
        const size_t m = p_.size();
        if (m == 0 || text.size() < m) return std::string_view::npos;
        const unsigned char last = static_cast<unsigned char>(p_[m - 1]);
        for (size_t i = from; i + m <= text.size();) {
            const unsigned char c = static_cast<unsigned char>(text[i + m - 1]);
            if (c == last && text.compare(i, m - 1, p_, 0, m - 1) == 0) return i;
            i += shift_[c];
        }
        return std::string_view::npos;
    }

private:
    std::string_view p_;
    size_t shift_[256];
};

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
    owners_.clear();
    arena_garbage_ = 0;
    utc_offset_minutes_ = cal.utc_offset_minutes;
    rows_.reserve(store.count(kCaseType));
    store.for_each(kCaseType, [&](const Record& r) { put_row(r, cal, rules); });
}

void CaseIndex::refresh(const RecordStore& store, const std::string& id, const WorkCalendar& cal, const std::vector<SlaRule>& rules) {
    utc_offset_minutes_ = cal.utc_offset_minutes;
    if (const Record* r = store.find(kCaseType, id)) put_row(*r, cal, rules);
    else remove_row(id);
    if (arena_garbage_ > (1u << 20) && arena_garbage_ * 2 > arena_.size()) compact_arena();
}

void CaseIndex::replan(const WorkCalendar& cal, const std::vector<SlaRule>& rules) {
    utc_offset_minutes_ = cal.utc_offset_minutes;
    static const std::vector<std::pair<int64_t, int64_t>> kNone;
    for (CaseRow& row : rows_) {
        auto p = pauses_.find(row.id);
        plan_row(row, p == pauses_.end() ? kNone : p->second, cal, rules);
    }
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
    const Case c = case_from_record(r);
    CaseRow row;
    row.id = r.id;
    row.form_no = c.form_no;
    row.customer = c.customer.name + c.customer.salutation;
    row.phones = phone_digits(c.customer.mobile);
    const std::string tel = phone_digits(c.customer.telephone);
    if (!tel.empty()) row.phones += (row.phones.empty() ? "" : " ") + tel;
    row.recorder = c.description.by.name.empty() ? r.created_by.name : c.description.by.name;
    row.category = c.category;
    row.kind = c.kind;
    row.channel = c.channel;
    row.priority = c.priority;
    row.status = c.status;
    row.department = c.department;
    row.paused = c.paused();
    row.missing = static_cast<uint8_t>(std::min<size_t>(255, missing_fields(c).size()));
    row.rev = r.rev;
    row.created_ms = r.created_at_ms;
    row.updated_ms = r.updated_at_ms;
    row.events = c.events;
    if (!c.pauses.empty()) pauses_[r.id] = c.pauses;
    else pauses_.erase(r.id);
    plan_row(row, c.pauses, cal, rules);

    row.text_at = static_cast<uint32_t>(arena_.size());
    for (const std::string* s : std::initializer_list<const std::string*>{&c.form_no, &c.customer.name, &c.customer.company, &c.customer.district, &c.customer.address,
                                 &c.customer.mobile, &c.customer.telephone, &row.phones, &c.order_no, &c.description.text,
                                 &c.acceptance.text, &c.solution.text, &c.result.text, &c.review.text, &c.handler,
                                 &c.department_other, &row.recorder}) {
        if (s->empty()) continue;
        append_folded(arena_, *s);
        arena_ += '\n';
    }
    row.text_len = static_cast<uint32_t>(arena_.size() - row.text_at);
    arena_ += '\0';

    int64_t day = 0;
    int seq = 0;
    if (parse_form_no(c.form_no, day, seq)) max_seq_[day] = std::max(max_seq_[day], seq);

    auto it = by_id_.find(r.id);
    uint32_t index = 0;
    if (it != by_id_.end()) {
        index = it->second;
        CaseRow& old = rows_[index];
        arena_garbage_ += old.text_len + 1;
        auto owner = std::lower_bound(owners_.begin(), owners_.end(), std::make_pair(old.text_at, 0u));
        if (owner != owners_.end() && owner->first == old.text_at) owner->second = kStale;
        auto f = by_form_no_.find(old.form_no);
        if (f != by_form_no_.end() && f->second == index) by_form_no_.erase(f);
        old = std::move(row);
    } else {
        index = static_cast<uint32_t>(rows_.size());
        rows_.push_back(std::move(row));
        by_id_.emplace(r.id, index);
    }
    owners_.emplace_back(rows_[index].text_at, index);
    if (!rows_[index].form_no.empty()) by_form_no_.emplace(rows_[index].form_no, index);
}

void CaseIndex::remove_row(const std::string& id) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    const uint32_t index = it->second, last = static_cast<uint32_t>(rows_.size() - 1);
    CaseRow& gone = rows_[index];
    arena_garbage_ += gone.text_len + 1;
    auto owner = std::lower_bound(owners_.begin(), owners_.end(), std::make_pair(gone.text_at, 0u));
    if (owner != owners_.end() && owner->first == gone.text_at) owner->second = kStale;
    auto f = by_form_no_.find(gone.form_no);
    if (f != by_form_no_.end() && f->second == index) by_form_no_.erase(f);
    pauses_.erase(id);
    by_id_.erase(it);
    if (index != last) {
        rows_[index] = std::move(rows_[last]);
        by_id_[rows_[index].id] = index;
        auto moved = std::lower_bound(owners_.begin(), owners_.end(), std::make_pair(rows_[index].text_at, 0u));
        if (moved != owners_.end() && moved->first == rows_[index].text_at) moved->second = index;
        auto mf = by_form_no_.find(rows_[index].form_no);
        if (mf != by_form_no_.end() && mf->second == last) mf->second = index;
    }
    rows_.pop_back();
}

void CaseIndex::compact_arena() {
    std::string next;
    next.reserve(arena_.size() - arena_garbage_);
    owners_.clear();
    for (uint32_t i = 0; i < rows_.size(); ++i) {
        CaseRow& row = rows_[i];
        const uint32_t at = static_cast<uint32_t>(next.size());
        next.append(arena_, row.text_at, row.text_len);
        next += '\0';
        row.text_at = at;
        owners_.emplace_back(at, i);
    }
    arena_ = std::move(next);
    arena_garbage_ = 0;
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
        // The longest term is searched through the whole arena at once; each hit names its
        // case (owners_), whose text is then checked for the other terms.
        const Horspool searcher(terms[0]);
        const std::string_view arena(arena_);
        size_t from = 0;
        auto owner = owners_.cbegin();
        while (true) {
            const size_t hit = searcher.find(arena, from);
            if (hit == std::string_view::npos) break;
            const uint32_t at = static_cast<uint32_t>(hit);
            owner = std::upper_bound(owner, owners_.cend(), std::make_pair(at, ~0u)) - 1;
            const uint32_t row_index = owner->second;
            const uint32_t region_end = owner->first + (row_index == kStale ? 0 : rows_[row_index].text_len);
            if (row_index != kStale && at < region_end) {
                const CaseRow& r = rows_[row_index];
                const std::string_view text = search_text(r);
                bool all = true;
                for (size_t t = 1; t < terms.size() && all; ++t) all = text.find(terms[t]) != std::string_view::npos;
                if (all && keep(r)) out.push_back(row_index);
            }
            // Continue after this case's text (one hit per case is enough).
            const size_t next = arena_.find('\0', at);
            if (next == std::string::npos) break;
            from = next + 1;
        }
    }

    auto tie = [&](uint32_t a, uint32_t b) {
        return rows_[a].created_ms != rows_[b].created_ms ? rows_[a].created_ms < rows_[b].created_ms : rows_[a].id < rows_[b].id;
    };
    std::function<bool(uint32_t, uint32_t)> less;
    std::vector<int64_t> sla_key;
    switch (q.sort) {
        case CaseSort::FormNo: less = [&](uint32_t a, uint32_t b) { return rows_[a].form_no < rows_[b].form_no; }; break;
        case CaseSort::Customer:
            less = [&](uint32_t a, uint32_t b) { return rows_[a].customer != rows_[b].customer ? rows_[a].customer < rows_[b].customer : tie(a, b); };
            break;
        case CaseSort::Category:
            less = [&](uint32_t a, uint32_t b) { return rows_[a].category != rows_[b].category ? rows_[a].category < rows_[b].category : tie(a, b); };
            break;
        case CaseSort::Kind:
            less = [&](uint32_t a, uint32_t b) { return rows_[a].kind != rows_[b].kind ? rows_[a].kind < rows_[b].kind : tie(a, b); };
            break;
        case CaseSort::Status:
            less = [&](uint32_t a, uint32_t b) { return rows_[a].status != rows_[b].status ? rows_[a].status < rows_[b].status : tie(a, b); };
            break;
        case CaseSort::Sla: {
            // Most urgent first: breached, due soon, running (by deadline), paused, met.
            sla_key.resize(rows_.size());
            for (uint32_t i : out) {
                const CaseRow& r = rows_[i];
                const int64_t deadline = r.sla_running ? std::min<int64_t>(r.sla_deadline_ms, int64_t{1} << 52) : 0;
                sla_key[i] = int64_t{sla_rank(r.sla_state(now_ms))} << 53 | deadline;
            }
            less = [&](uint32_t a, uint32_t b) { return sla_key[a] != sla_key[b] ? sla_key[a] < sla_key[b] : tie(a, b); };
            break;
        }
        case CaseSort::Agent:
            less = [&](uint32_t a, uint32_t b) { return rows_[a].recorder != rows_[b].recorder ? rows_[a].recorder < rows_[b].recorder : tie(a, b); };
            break;
        case CaseSort::Created: less = tie; break;
        default:
            less = [&](uint32_t a, uint32_t b) { return rows_[a].updated_ms != rows_[b].updated_ms ? rows_[a].updated_ms < rows_[b].updated_ms : tie(a, b); };
            break;
    }
    if (q.descending) std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) { return less(b, a); });
    else std::sort(out.begin(), out.end(), less);
    return out;
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

std::string CaseIndex::next_form_no(int64_t local_day) const {
    auto it = max_seq_.find(local_day);
    int seq = it == max_seq_.end() ? 1 : it->second + 1;
    std::string candidate = format_form_no(local_day, seq);
    while (by_form_no_.count(candidate)) candidate = format_form_no(local_day, ++seq);
    return candidate;
}

std::vector<std::string> CaseIndex::agents() const {
    std::set<std::string> names;
    for (const CaseRow& r : rows_)
        if (!r.recorder.empty()) names.insert(r.recorder);
    return {names.begin(), names.end()};
}

}  // namespace kefu
