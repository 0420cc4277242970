#include "core/pull.hpp"

#include <algorithm>

#include "core/agents.hpp"
#include "core/counters.hpp"

namespace kefu {

namespace {

using json = nlohmann::json;

// a's entries are the first of b's.
bool prefix_of(const std::vector<HistoryEntry>& a, const std::vector<HistoryEntry>& b) { return shared_entries(a, b) == a.size(); }

// The shared entries' `via` from `theirs` where `mine` has none; true when any was taken.
bool adopt_relays(std::vector<HistoryEntry>& mine, const std::vector<HistoryEntry>& theirs) {
    bool any = false;
    const size_t n = shared_entries(mine, theirs);
    for (size_t i = 0; i < n; ++i)
        if (mine[i].via.agent_id.empty() && !theirs[i].via.agent_id.empty()) mine[i].via = theirs[i].via, any = true;
    return any;
}

Change put_of(const Record& r, std::string history_blob) { return put_change(r, std::move(history_blob), r.updated_at_ms, r.updated_by); }

json conflict_json(const MergeConflict& c, const Actor& mine_by, const Actor& theirs_by) {
    return {{"path", c.path}, {"base", c.base}, {"mine", c.mine}, {"theirs", c.theirs},
            {"mine_by", {{"agent_id", mine_by.agent_id}, {"name", mine_by.name}}},
            {"theirs_by", {{"agent_id", theirs_by.agent_id}, {"name", theirs_by.name}}}};
}

}  // namespace

json without_conflicts(json data) {
    if (data.is_object()) data.erase(kConflictsField);
    return data;
}

void list_conflicts(json& merged, const std::vector<MergeConflict>& found, const json& mine_data, const json& theirs_data,
                    const Actor& mine_by, const Actor& theirs_by) {
    json conflicts = json::array();
    for (const json* earlier : {&mine_data, &theirs_data})
        if (earlier->is_object() && earlier->contains(kConflictsField) && (*earlier)[kConflictsField].is_array())
            for (const json& c : (*earlier)[kConflictsField])
                if (std::find(conflicts.begin(), conflicts.end(), c) == conflicts.end()) conflicts.push_back(c);
    for (const MergeConflict& c : found) conflicts.push_back(conflict_json(c, mine_by, theirs_by));
    if (!conflicts.empty()) merged[kConflictsField] = conflicts;
    else if (merged.is_object()) merged.erase(kConflictsField);
}

const char* name_of(PullKind k) {
    switch (k) {
        case PullKind::New: return "new";
        case PullKind::FastForward: return "fast_forward";
        case PullKind::Same: return "same";
        case PullKind::Behind: return "behind";
        case PullKind::Merge: return "merge";
    }
    return "?";
}

PullStep plan_pull(const Record* local, const std::vector<HistoryEntry>& local_history, const TeamDoc& pulled, int64_t at_ms) {
    PullStep step;
    // A station's counter shard has one writer and keeps no past (counters.hpp): the higher
    // revision is the newer count.
    std::string counted, station;
    if (is_counter_type(pulled.record.type) && split_counter_id(pulled.record.id, counted, station)) {
        if (local && local->rev >= pulled.record.rev) {
            step.kind = local->rev == pulled.record.rev ? PullKind::Same : PullKind::Behind;
            step.push_after = step.kind == PullKind::Behind;
            return step;
        }
        step.kind = local ? PullKind::FastForward : PullKind::New;
        step.change = put_of(pulled.record, pulled.history_blob);
        return step;
    }
    if (!local) {
        step.kind = PullKind::New;
        step.change = put_of(pulled.record, pulled.history_blob);
        return step;
    }
    // An agent's PIN hash is the station's own (team_doc.hpp): compared without it, kept.
    if (local->type == kAgentType && local->data().contains("pin")) {
        Record mine = *local;
        json data = local->data();
        const json pin = data["pin"];
        strip_private(local->type, data);
        mine.set_data(data);
        std::vector<HistoryEntry> h = local_history;
        strip_private(local->type, h);
        step = plan_pull(&mine, h, pulled, at_ms);
        if (step.kind == PullKind::New || step.kind == PullKind::FastForward || step.kind == PullKind::Merge) {
            json d = step.change.put_record.data();
            d["pin"] = pin;
            step.change.put_record.set_data(d);
        } else if (step.adopt) {  // this desk's own history (its PIN entries too), with the relays
            std::vector<HistoryEntry> theirs, mine_h = local_history;
            decode_history(pulled.history_blob, theirs);
            adopt_relays(mine_h, theirs);
            step.change = put_of(*local, encode_history(mine_h));
        }
        return step;
    }
    std::vector<HistoryEntry> theirs;
    decode_history(pulled.history_blob, theirs);  // validated when the document was read
    const bool same = theirs.size() == local_history.size() && prefix_of(local_history, theirs);
    if (prefix_of(local_history, theirs) && !same) {
        step.kind = PullKind::FastForward;
        step.change = put_of(pulled.record, pulled.history_blob);
        return step;
    }
    if (same || prefix_of(theirs, local_history)) {
        step.kind = same ? PullKind::Same : PullKind::Behind;
        step.push_after = !same;
        std::vector<HistoryEntry> mine = local_history;
        if (adopt_relays(mine, theirs)) {
            step.adopt = true;
            step.change = put_of(*local, encode_history(mine));
        }
        return step;
    }
    // Diverged: merge against the version both last shared (none: two records created apart
    // under one id, merged against nothing).
    step.kind = PullKind::Merge;
    step.push_after = true;
    const json mine_data = local->data(), theirs_data = pulled.record.data();
    const uint64_t shared = common_revision(local_history, theirs);
    json base = json::object();
    if (shared != 0) data_at(mine_data, local_history, shared, base);
    // Conflicts listed earlier are carried over below, not merged.
    MergeResult merged = merge3(without_conflicts(base), without_conflicts(mine_data), without_conflicts(theirs_data));
    // Deletion against an edit: the record stays alive; the deletion is listed.
    const bool mine_deleted = local->deleted, theirs_deleted = pulled.record.deleted;
    if (mine_deleted != theirs_deleted) merged.conflicts.push_back({"_deleted", false, mine_deleted, theirs_deleted});
    const bool deleted = mine_deleted && theirs_deleted;
    list_conflicts(merged.data, merged.conflicts, mine_data, theirs_data, local->updated_by, pulled.record.updated_by);
    step.conflicts = merged.conflicts;

    // The pulled history stays as it is; one entry on top holds what this station changed.
    HistoryEntry entry;
    entry.rev = std::max(local->rev, pulled.record.rev) + 1;
    entry.op = ChangeOp::Update;
    entry.at_ms = at_ms;
    entry.by = local->updated_by;
    for (auto it = merged.data.begin(); it != merged.data.end(); ++it)
        if (!theirs_data.contains(it.key()) || theirs_data[it.key()] != it.value()) entry.fields.push_back({it.key(), theirs_data.contains(it.key()) ? theirs_data[it.key()] : json(), it.value()});
    for (auto it = theirs_data.begin(); it != theirs_data.end(); ++it)
        if (!merged.data.contains(it.key())) entry.fields.push_back({it.key(), it.value(), json()});
    theirs.push_back(entry);

    Record r = pulled.record;
    r.rev = entry.rev;
    r.updated_at_ms = at_ms;
    r.updated_by = entry.by;
    r.deleted = deleted;
    r.set_data(merged.data);
    step.change = put_of(r, encode_history(theirs));
    return step;
}

}  // namespace kefu
