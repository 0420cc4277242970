// The team commands (issue "Team"): a station joins a team database, leaves it, and takes in
// what it pulled from it. The replication itself is team_sync.hpp; these are the only state
// changes it causes, each one command through apply() like any other.
//
//   JoinTeam     the station belongs to the team at `server` now, syncing as `account`, with
//                the station code it claimed on the server (inside its form numbers from now
//                on). An administrator's, or anyone's on a station with no agent yet (a new
//                desk joining a team takes its agents from the team).
//   LeaveTeam    the station is on its own again; every record stays here.
//   SetTeamWorkingSet  what the station keeps of the team database (working_set.hpp): the
//                last N days and every open case, or everything. Records it holds stay.
//   ApplyPulled  documents pulled from the team database are merged in (pull.hpp), each as one
//                Put journaled like any change. Not an agent's act: open to anyone, the kiosk
//                too (the server's rules, not the station's, govern what others wrote). Records
//                that are each desk's own (the station's settings) are never taken.
//   ResolveConflict  a lead settles a record's 冲突待处理 fields, each by picking one desk's
//                value (or deciding a deletion); the picks leave the list, the record's
//                history says who picked what. Fields not picked stay listed.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "core/command.hpp"
#include "core/team_doc.hpp"

namespace kefu {

struct JoinTeam {
    std::string server;   // the team database's address ("/team/db" on the app's own origin)
    std::string account;  // the account the station syncs as
    std::string station;  // the station code claimed on the server (valid_station_code)
    int keep_days = 0;    // the working set (working_set.hpp); 0: everything
    // A kiosk: `server` is its drop-box (scripts/team_server.py add_kiosk), which it only
    // writes to, its requests and survey answers; it reads nothing of the team.
    bool kiosk = false;
};
struct LeaveTeam {};
// What this station keeps of the team database: the last `days` days and the open cases (0: everything).
struct SetTeamWorkingSet {
    int days = 0;
};
struct ApplyPulled {
    std::vector<TeamDoc> docs;
};
// The station lets go of its copies of records the team database holds and its working set no
// longer covers (records_to_release() in team_sync.hpp chooses them; each is checked again
// here: still outside the working set, at the revision named, not in conflict). Nobody's act,
// like ApplyPulled: open to anyone.
struct ReleaseRecords {
    struct Item {
        std::string type, id;
        uint64_t rev = 0;
    };
    std::vector<Item> records;
};
struct ConflictPick {
    std::string path;     // as listed: "customer.name", "description", "_deleted"
    bool theirs = false;  // the other desk's value (else the one the record holds now)
};
struct ResolveConflict {
    std::string type, id;
    uint64_t base_rev = 0;
    std::vector<ConflictPick> picks;
};
using TeamCmd = std::variant<JoinTeam, LeaveTeam, ApplyPulled, ResolveConflict, SetTeamWorkingSet, ReleaseRecords>;
ApplyOutcome apply_family(AppState& s, const TeamCmd& c, const CommandContext& ctx);
const char* family_command_name(const TeamCmd& c);
Role family_role(const AppState& s, const TeamCmd& c, const Actor& actor);

constexpr size_t kMaxTeamAddressBytes = 500;

// Records holding fields both desks changed differently ("_conflicts" in their data): the
// 冲突待处理 list, as "<type>:<id>" document ids, sorted (AppState::in_conflict, kept by
// note_conflicts as records change: never a walk over every record).
std::vector<std::string> records_in_conflict(const AppState& s);
void note_conflicts(AppState& s, const std::string& type, const std::string& id);
void rebuild_conflicts(AppState& s);

// One listed conflict of a record, as the 冲突待处理 screen shows it.
struct FieldConflict {
    std::string path;
    nlohmann::json base, mine, theirs;
    Actor mine_by, theirs_by;
};
std::vector<FieldConflict> field_conflicts(const Record& r);

}  // namespace kefu
