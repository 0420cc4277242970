// What a station does with a record pulled from the team database (issue "Team"): decided
// here, purely, from the local record and its history; applied by the caller as one Put
// change through the record store (journaled like any other change).
//
//   New          no local record: the pulled one as it is.
//   FastForward  the local history is a prefix of the pulled one: the pulled one replaces it.
//   Same         identical histories: nothing to write (only the server's _rev to remember).
//   Behind       the pulled history is a prefix of the local one: the server has not seen
//                this station's later changes yet; nothing to write, push them.
//   Merge        both changed since the revision they share: the pulled history is kept as
//                it is and one merge entry is added on top (by the agent whose changes were
//                merged), holding this station's changes; fields both changed differently
//                are listed in the record's data under "_conflicts" (the 冲突待处理 list),
//                each with both values, until a lead picks. Push the result.
//
// Deletion against an edit: the edit wins and the record comes back to life, its deletion
// listed as a conflict ("_deleted" path), so that no agent's text disappears unseen.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/merge.hpp"
#include "core/record.hpp"
#include "core/team_doc.hpp"

namespace kefu {

constexpr const char* kConflictsField = "_conflicts";

enum class PullKind { New, FastForward, Same, Behind, Merge };
const char* name_of(PullKind k);

struct PullStep {
    PullKind kind = PullKind::Same;
    Change change;                         // New, FastForward, Merge: a Put to apply
    std::vector<MergeConflict> conflicts;  // Merge: fields changed differently at both desks
    bool push_after = false;               // this station holds changes the server lacks
    // Same, Behind: the server's copy says who relayed entries this station holds without it
    // (HistoryEntry::via): `change` puts the record as it is with those entries' `via`.
    bool adopt = false;
};

// Lists `conflicts` in `merged` (a record's data) under "_conflicts", each with both values and
// who wrote them, after the entries `mine_data` and `theirs_data` listed already (carried over,
// never doubled). Used by the pull's merge and by a save over someone else's change.
void list_conflicts(nlohmann::json& merged, const std::vector<MergeConflict>& conflicts, const nlohmann::json& mine_data,
                    const nlohmann::json& theirs_data, const Actor& mine_by, const Actor& theirs_by);
// A record's data without its "_conflicts" list (what the merge compares).
nlohmann::json without_conflicts(nlohmann::json data);

// `local`: the local record (live or tombstone), nullptr when there is none; `at_ms` stamps
// the merge entry.
PullStep plan_pull(const Record* local, const std::vector<HistoryEntry>& local_history, const TeamDoc& pulled, int64_t at_ms);

}  // namespace kefu
