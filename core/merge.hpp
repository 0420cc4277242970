// Three-way merge of a record's data (issue "Team"): two stations changed the same record
// while apart; their versions are merged against the version both last shared, rebuilt from
// the record's history. Nothing an agent typed is dropped: a field changed on only one side
// takes that side's value, a field changed on both sides to different values becomes a
// conflict that keeps both (a lead picks, field by field).
//
// Objects merge key by key, recursively (one agent fixes the customer's name while another
// adds the mobile number: both stay); arrays, strings and numbers are whole values (a
// description typed at two desks is not interleaved: it is a conflict with both texts). A
// signed section — an object with "text" and "at" (描述, 处理方案, 审核意见 with who wrote them
// and when) — is one whole value too: its text and its signature belong together. A list
// both desks only appended to (callback attempts, reopenings) keeps both additions: append-
// only data never conflicts.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/record.hpp"

namespace kefu {

struct MergeConflict {
    std::string path;       // "description.text", "customer.name" (keys joined with '.')
    nlohmann::json base;    // the shared value; null when the field was absent
    nlohmann::json mine;    // this station's value; null: removed here
    nlohmann::json theirs;  // the other station's value; null: removed there
};

struct MergeResult {
    nlohmann::json data;  // the merged data; a conflicting field holds `mine` until resolved
    std::vector<MergeConflict> conflicts;
    bool clean() const { return conflicts.empty(); }
};

// `base`, `mine` and `theirs` are a record's data (JSON objects); a missing key is an absent
// field. Symmetric but for which side a conflicting field keeps for now.
MergeResult merge3(const nlohmann::json& base, const nlohmann::json& mine, const nlohmann::json& theirs);

// How many leading entries two histories of one record share (equal in revision, operation,
// time and author); pull.hpp decides prefix / fast-forward / merge by it.
size_t shared_entries(const std::vector<HistoryEntry>& a, const std::vector<HistoryEntry>& b);
// The last revision two histories of one record share; 0 when they share nothing (two
// records created apart under one id).
uint64_t common_revision(const std::vector<HistoryEntry>& a, const std::vector<HistoryEntry>& b);

// A record's data as it was at revision `rev`, rebuilt from its data now and its history by
// undoing every later update (their "before" values). False when `rev` is not in the history
// or the history cannot reach it (a Put that replaced the record wholesale after it).
bool data_at(const nlohmann::json& now, const std::vector<HistoryEntry>& history, uint64_t rev, nlohmann::json& out);

}  // namespace kefu
