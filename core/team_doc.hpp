// A record as a document of the team database (issue "Team"): CouchDB holds one document per
// record, `_id` "<type>:<id>" ("case:c-mf3k2a-9x1"), its body the record in the export
// format (exchange_record: Kefu's revision, created/updated by/at, the data and the whole
// history). The server's `_rev` is sync metadata kept beside the record, never shown.
//
// A Kefu tombstone is an ordinary document with "deleted": true, never CouchDB's `_deleted`:
// the history must travel with it, and a deletion at one desk against an edit at another is
// Kefu's to decide (merge.hpp), not CouchDB's deterministic winner's.
//
// A pulled document is read through the importer's validator: a malformed or hostile one is
// refused with its problems listed, never applied.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "core/result.hpp"

namespace kefu {

constexpr int kTeamDocFormat = 1;  // "kefu": 1 in every document (a later layout bumps it)

// Whether records of `type` belong to the team database: everything but the station's own
// settings (language, zoom, the station's name, its kiosk start are each desk's own).
bool team_replicates(std::string_view type);

// Fields that never leave the station (issue "Team security", secrets stay secret): an agent's
// PIN hash. The team's copy of an agent record carries neither the hash nor any history
// entry's before/after of it; a desk keeps its own (pulled records never bring or take one),
// and an agent's PIN reaches a new desk from their own `_users` document (team_session.hpp).
bool team_private_field(std::string_view type, std::string_view field);
void strip_private(std::string_view type, nlohmann::json& data);
void strip_private(std::string_view type, std::vector<HistoryEntry>& history);

std::string team_doc_id(std::string_view type, std::string_view id);
// False for ids that are not a record's ("_design/kefu", "_local/…", a foreign document).
bool parse_team_doc_id(std::string_view doc_id, std::string& type, std::string& id);

// The document to push; `server_rev` empty for a record the server has never seen.
// `sender`: the agent whose team session sends it (empty: none). Each entry the server lacks
// (revision above `server_has`) made by someone else says so: `via` the sender (代为上传),
// which the team's validation requires (a change is its sender's, or relayed by them).
nlohmann::json to_team_doc(const Record& r, const std::vector<HistoryEntry>& history, const std::string& server_rev,
                           const Actor& sender = {}, uint64_t server_has = 0);
// Whether `sender` relays entry `e` of a record the server holds up to `server_has`: an entry
// the server lacks, made by someone else, not yet saying who relayed it.
bool relays(const HistoryEntry& e, const Actor& sender, uint64_t server_has);
// Marks the entries above `server_has` that `sender` relays (HistoryEntry::via); true when any.
bool relay_entries(std::vector<HistoryEntry>& history, const Actor& sender, uint64_t server_has);

struct TeamDoc {
    Record record;
    std::string history_blob;  // encode_history() form
    std::string server_rev;    // the document's `_rev`
};
// Reads a pulled document. Refused (false, with the problems) when it is not a Kefu record
// document, its `_id` does not match its type and id, it is from a newer format, or the
// record in it fails the importer's checks.
bool from_team_doc(const nlohmann::json& doc, TeamDoc& out, std::vector<FieldIssue>& issues);

}  // namespace kefu
