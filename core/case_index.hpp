// CaseIndex: the typed, derived view of every case that the case list, search, SLA badges,
// form numbers and caller lookup need — kept small (a row per case plus its folded search
// text) because record data stays MessagePack and 100,000 decoded cases would not fit.
//
// AppState owns one; apply() refreshes the rows of the cases a command changed, loading and
// imports rebuild it. Queries are pure functions of the index and "now".
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/calendar.hpp"
#include "core/case.hpp"
#include "core/record.hpp"
#include "core/sla.hpp"

namespace kefu {

struct CaseRow {
    std::string id;
    std::string form_no;
    std::string customer;   // name + salutation, as listed
    std::string phones;     // digits of mobile and telephone, space separated
    std::string recorder;   // the agent who recorded it
    std::string order_no;   // problem orders (问题订单) list it
    CaseCategory category = CaseCategory::Service;
    CaseKind kind = CaseKind::Consultation;
    CaseChannel channel = CaseChannel::InboundCall;
    CasePriority priority = CasePriority::Normal;
    CaseStatus status = CaseStatus::Recorded;
    Department department = Department::None;
    bool paused = false;
    uint8_t missing = 0;    // how many required fields are empty (completeness)
    uint8_t reopenings = 0; // times reopened (first-contact resolution)
    uint64_t rev = 0;
    int64_t created_ms = 0;
    int64_t updated_ms = 0;
    // SLA, planned once per revision (see sla.hpp): the state at any "now" is a comparison.
    bool sla_breached_final = false;  // a stopped clock missed its deadline
    bool sla_paused = false;
    bool sla_running = false;
    int64_t sla_due_soon_ms = kNever;  // earliest among running clocks
    int64_t sla_deadline_ms = kNever;
    std::array<int64_t, static_cast<size_t>(CaseEvent::Count)> events{};
    uint32_t text_at = 0, text_len = 0;  // folded search text in the index's arena
    uint64_t form_key = 0;  // sorts form numbers by day, then sequence
    // A 1024-bit signature of the characters and character pairs in the search text: a
    // query term can only be in texts whose signature has all of the term's bits, so most
    // texts are never read (see query()).
    std::array<uint64_t, 16> signature{};

    SlaState sla_state(int64_t now_ms) const;
};

// Texts kept end to end in 4 MB chunks, each reserved once: adding never moves what is
// there. (One 50 MB string doubling its capacity while 100k cases were indexed peaked at
// 120 MB, and wasm memory never shrinks.) A handle is the chunk number and the offset.
class TextArena {
public:
    static constexpr uint32_t kChunkBits = 22;
    static constexpr size_t kChunkBytes = size_t{1} << kChunkBits;
    uint32_t add(std::string_view text);  // texts longer than a chunk are cut to one
    std::string_view get(uint32_t at, uint32_t len) const {
        return std::string_view(chunks_[at >> kChunkBits]).substr(at & (kChunkBytes - 1), len);
    }
    size_t bytes() const;  // text held, garbage included
    void clear() { chunks_.clear(); }

private:
    std::vector<std::string> chunks_;
};

enum class CaseSort : uint8_t { FormNo, Customer, Category, Kind, Status, Sla, Agent, Created, Updated, Count };

struct CaseQuery {
    std::string text;             // free text: every space-separated term must appear
    uint32_t statuses = 0;        // bit per CaseStatus; 0 = any
    uint32_t categories = 0;      // bit per CaseCategory
    uint32_t kinds = 0;           // bit per CaseKind
    uint32_t departments = 0;     // bit per Department
    uint32_t sla_states = 0;      // bit per SlaState
    bool open_only = false;
    std::string agent;            // recorder name, exact; empty = any
    int64_t created_from_ms = 0;  // [from, to); 0 = unbounded
    int64_t created_to_ms = 0;
    CaseSort sort = CaseSort::Updated;
    bool descending = true;
};

// Lower-cases ASCII, folds full-width ASCII (ＡＢＣ１２３) and the ideographic space to
// their half-width forms; other text is kept as it is (Chinese needs no folding here).
std::string fold_for_search(std::string_view text);

class CaseIndex {
public:
    void rebuild(const RecordStore& store, const WorkCalendar& cal, const std::vector<SlaRule>& rules);
    // Re-reads one case after a change (or drops it when deleted).
    void refresh(const RecordStore& store, const std::string& id, const WorkCalendar& cal, const std::vector<SlaRule>& rules);
    // Re-plans every SLA after the calendar or the rules changed.
    void replan(const WorkCalendar& cal, const std::vector<SlaRule>& rules);

    size_t size() const { return rows_.size(); }
    const CaseRow& row(size_t i) const { return rows_[i]; }
    const CaseRow* find(std::string_view id) const;
    const CaseRow* find_form_no(std::string_view form_no) const;
    std::string_view search_text(const CaseRow& r) const { return arena_.get(r.text_at, r.text_len); }

    // Row indices matching the query, sorted.
    std::vector<uint32_t> query(const CaseQuery& q, int64_t now_ms) const;
    // Cases whose mobile or telephone has these digits (at least 7), newest first.
    std::vector<uint32_t> by_phone(std::string_view phone) const;
    // The next free form number of a local day at this station ("" a station of no team).
    std::string next_form_no(int64_t local_day, std::string_view station = {}) const;
    // Every recorder name, sorted (for the agent filter).
    std::vector<std::string> agents() const;
    // Every SLA clock of a case as planned now (reports count breaches per rule).
    std::vector<SlaClock> clocks(const CaseRow& row, const WorkCalendar& cal, const std::vector<SlaRule>& rules) const;

private:
    void put_row(const Record& r, const WorkCalendar& cal, const std::vector<SlaRule>& rules);
    void remove_row(const std::string& id);
    void plan_row(CaseRow& row, const std::vector<std::pair<int64_t, int64_t>>& pauses, const WorkCalendar& cal,
                  const std::vector<SlaRule>& rules);
    void compact_arena();
    void sort_rows(std::vector<uint32_t>& rows, CaseSort sort, bool descending, int64_t now_ms) const;

    std::vector<CaseRow> rows_;
    std::unordered_map<std::string, uint32_t> by_id_;
    std::unordered_map<std::string, uint32_t> by_form_no_;
    std::map<std::pair<int64_t, std::string>, int> max_seq_;  // (local day, station code) -> highest sequence used
    std::unordered_map<std::string, std::vector<std::pair<int64_t, int64_t>>> pauses_;  // only cases ever paused
    TextArena arena_;  // folded search texts, '\n' between fields
    size_t arena_garbage_ = 0;
    std::string text_scratch_;
    int utc_offset_minutes_ = 480;
    Case scratch_;  // reused by put_row: reading 100,000 cases allocates far less
};

}  // namespace kefu
