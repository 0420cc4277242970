// The working set (issue "Team", item 5): what a station of a large centre keeps of the team
// database. A 1,000-agent centre records a small team's year in a day or two, and no
// browser holds that history; so a station may keep, instead of everything:
//   - every record that is not dated: configuration, agents, the knowledge base, templates,
//     surveys, counters' shards;
//   - of the dated records (cases, calls, callbacks, survey responses, access log, work log,
//     script runs): those changed in the last `days` days, and every case still open;
//   - a change made anywhere to an old case makes it recent, so it arrives.
// What ages out of the set is let go of (ReleaseRecords, TeamSync::records_to_release) once
// the server holds it at its revision: never a record with changes to push, one in conflict,
// or the case on screen; at the station's start and then once a day. A case found on the
// server and opened is kept until then.
// `days` 0 keeps everything (a small team: the default).
//
// The same rule exists three times, and tests hold them together: in_working_set() here (the
// station's own view: what the report headers and the search say), the `_selector` the
// station sends to Apache CouchDB (the filter CouchDB's documentation recommends), and the
// design document's JavaScript filter `kefu/working_set` (scripts/team_server.py) for
// pouchdb-server, whose `filter=_selector` crashes it. The design document says which one
// the server takes ("kefu": {"working_set": "selector" | "design"}), written by whoever
// prepared the server.
//
// The cutoff is a time (updated_at is milliseconds UTC), at a whole UTC day so that every
// request of a day asks the same question. A cutoff that moves forward only narrows the set:
// the pull's checkpoint stays good. A wider set (more days, or everything) reads the feed
// again from the start (the checkpoint records the days it was made with).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/record.hpp"

namespace kefu {

constexpr int kKeepEverything = 0;
constexpr int kMinWorkingSetDays = 7;     // callbacks fall due days after a case closes
constexpr int kMaxWorkingSetDays = 3650;
bool valid_working_set_days(int days);  // 0, or 7…3650

// Records of these types come and go with time (the rest are always in the working set).
bool dated_type(std::string_view type);

// The oldest updated_at still in a working set of `days` days at `now_ms` (start of that UTC day).
int64_t working_set_cutoff_ms(int64_t now_ms, int days);

// Whether the record belongs to a working set with this cutoff.
bool in_working_set(const Record& r, int64_t cutoff_ms);

// How the server filters its _changes feed for the working set.
enum class ServerFilter { None, Selector, Design };
// From the design document (GET _design/kefu): what the preparation wrote in it.
ServerFilter server_filter_of(std::string_view design_doc_json);

// POST _changes?filter=_selector body: {"selector": {...}}.
std::string working_set_selector(int64_t cutoff_ms);
// The query of the design document's filter: "filter=kefu/working_set&after=<cutoff>".
std::string working_set_design_query(int64_t cutoff_ms);

// Whether a pull made with `had_days` (in its checkpoint) misses records a pull with
// `want_days` must have: more days, or everything after a working set.
bool working_set_wider(int want_days, int had_days);

}  // namespace kefu
