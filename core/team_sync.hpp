// A station's replication with its team database (issue "Team"): the pull (replicator.hpp)
// and the push around one SyncLedger, as one state machine with effects. Like the pull, it
// only says which HTTP requests to make and hands over what it pulled; the app runs the
// requests (the platform's fetch), applies the pulled documents as one ApplyPulled command,
// and reports when IndexedDB holds them.
//
//   the app                                   TeamSync
//   ───────                                   ────────
//   start(now)                           →    reads the checkpoint, pages through _changes
//   take_requests() / on_response()      ↔    HTTP (fetch, behind the platform seam)
//   take_pulled() → ApplyPulled, applied()→   the ledger learns what the server holds
//   on_sync_done(ok) → durable()         →    the checkpoint moves; live feed
//   changed() after any local change     →    pending records are pushed (_bulk_docs, in
//                                             batches), once the pull has caught up
//
// A push answered 409 for a document (another desk changed it meanwhile) fetches that
// document (_bulk_get), hands it over like any pulled one (the merge happens in ApplyPulled),
// and pushes the result again. A refused document stays here and is listed (refused()) with
// the server's words; a failed push is retried with back-off, 1 s doubling to 60 s.
//
// A database that went back in time (restored from a backup, or deleted and made again: the
// checkpoint this station saw confirmed is missing or older, replicator.hpp) may lack what
// this station pushed, while the ledger says the server holds it. Before pushing again the
// station asks the server which of the revisions it believes there are missing
// (POST _revs_diff, 500 documents a request, the replication protocol's own question) and
// forgets those: they are pushed again (a 409 for a document the server holds at an older
// revision fetches and merges it as any conflict does).
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/replicator.hpp"
#include "core/sync_ledger.hpp"
#include "core/team.hpp"

namespace kefu {

class TeamSync {
public:
    // Held: the pull is live and changes made here wait for someone to sign in to the team (the
    // station's own account reads and writes nothing: every change goes up with an agent's session).
    enum class Phase { Off, Syncing, Synced, Offline, Failed, Held };

    struct Options {
        std::string station;       // the station code: its checkpoint is _local/kefu-<station>
        size_t page = 500;         // _changes results (_all_docs rows) per request
        size_t push_batch = 200;   // documents per _bulk_docs
        int heartbeat_ms = 25'000;
        int64_t retry_first_ms = 1'000, retry_max_ms = 60'000;
        int keep_days = kKeepEverything;  // the working set (working_set.hpp); 0: everything
        // The agent signed in to the team (工号 and name; "": none): requests go with their
        // session. Changes made here by other agents (offline, before they signed out) go up with
        // them too, each such history entry saying `via` this agent (代为上传, to_team_doc): the
        // server checks the sender's role allows it (docs/team-security.md). With nobody signed
        // in the station only pulls: what changed here waits (Phase::Held), never pushed as the
        // station, whose account the server lets write nothing.
        std::string agent = {};
        std::string agent_name = {};
        // A kiosk and its drop-box (JoinTeam::kiosk): no pull at all, and only what the kiosk
        // made goes up (SyncLedger::set_kiosk), signed by the kiosk.
        bool kiosk = false;
    };
    explicit TeamSync(Options options, SyncLedger ledger = {});

    // `fresh`: the station holds no team records yet (a first sync may bootstrap, replicator.hpp).
    void start(int64_t now_ms, bool fresh = false);
    void stop();
    bool running() const { return running_; }

    // An answer to a request this returned from take_requests() (others are ignored).
    void on_response(const HttpResponse& response, const RecordStore& store, int64_t now_ms);
    // Time passed: retries that were waiting may go now.
    void tick(const RecordStore& store, int64_t now_ms);
    // Records changed here: push what the server lacks (once the pull has caught up).
    void changed(const RecordStore& store, int64_t now_ms);
    // 立即同步: retry at once whatever is waiting, and push.
    void now(const RecordStore& store, int64_t now_ms);

    std::vector<HttpRequest> take_requests();
    // Documents to apply (one ApplyPulled); then applied() with the same documents.
    std::vector<TeamDoc> take_pulled();
    void applied(const std::vector<TeamDoc>& docs, const RecordStore& store, int64_t now_ms);
    // IndexedDB holds everything applied so far: the pull's checkpoint may move.
    void durable(int64_t now_ms);

    Phase phase(const RecordStore& store) const;
    const CommandError& error() const;  // why it is offline or failed
    size_t pending_count(const RecordStore& store) const;
    // Records the server refused, with its reason; documents refused on arrival (malformed,
    // hostile), with their problems. Both are shown, never dropped silently.
    std::vector<std::pair<std::string, std::string>> refused() const { return ledger_.refused(); }
    size_t refused_count() const { return ledger_.refused_count(); }
    const std::vector<RefusedDoc>& refused_docs() const { return refused_docs_; }
    int64_t last_synced_ms() const { return last_synced_ms_; }  // the server's last good answer
    uint64_t pulled_total() const { return pull_.pulled_total(); }
    uint64_t pushed_total() const { return pushed_total_; }
    // Checking what a database that went back in time lacks (_revs_diff), and how many
    // records it found missing there (pushed again).
    bool verifying() const { return verifying_; }
    uint64_t forgotten_total() const { return forgotten_total_; }
    // When tick() has something to do (0: nothing waiting).
    int64_t wake_at_ms() const;

    // What this station may let go of (ReleaseRecords): dated records outside the working set
    // of `keep_days` days at `now_ms` that the server holds at their revision (nothing of them
    // waits to go up, none was refused), not in conflict, and not `keep` ("<type>:<id>": the
    // record on screen). At most `limit`, oldest first.
    std::vector<ReleaseRecords::Item> records_to_release(const RecordStore& store, const std::set<std::string>& in_conflict, int keep_days,
                                                         int64_t now_ms, const std::string& keep, size_t limit) const;
    // The records let go of: the ledger forgets them (a later change on the server brings
    // them back like any record).
    // Returns how many were let go of.
    size_t released(const std::vector<ReleaseRecords::Item>& items, const RecordStore& store);

    const SyncLedger& ledger() const { return ledger_; }
    // The ledger changed since the last call (the app saves it).
    bool take_ledger_dirty() { return std::exchange(ledger_dirty_, false); }
    const PullReplicator& pull() const { return pull_; }

private:
    void drain_pull(const RecordStore& store, int64_t now_ms);
    void pump(const RecordStore& store, int64_t now_ms);
    void push_failed(int64_t now_ms, CommandError why);
    void verify_next(int64_t now_ms);
    void note_checkpoint();
    uint64_t request(const char* method, std::string path, std::string body);

    Options opt_;
    PullReplicator pull_;
    SyncLedger ledger_;
    bool running_ = false;
    bool caught_up_ = false;  // the pull reached the live feed once since start
    bool ledger_dirty_ = false;
    uint64_t next_id_ = uint64_t{1} << 48;  // the pull's ids count from 1
    uint64_t push_id_ = 0, fetch_id_ = 0;   // in flight (0: none)
    // The _revs_diff check after the database went back in time: what is left to ask.
    std::vector<std::pair<std::string, std::string>> verify_;
    size_t verify_at_ = 0, verify_sent_ = 0;
    uint64_t verify_id_ = 0;
    bool verifying_ = false;
    uint64_t forgotten_total_ = 0;
    std::vector<std::string> sent_ids_;
    // Documents of the push in flight that relay others' entries: once saved, they are applied
    // here like pulled ones, so the station's history says `via` as the server's does.
    std::map<std::string, nlohmann::json> sent_relayed_;
    std::vector<uint64_t> sent_revs_;
    std::vector<HttpRequest> requests_;
    std::vector<TeamDoc> pulled_;
    std::vector<RefusedDoc> refused_docs_;
    int64_t push_retry_at_ms_ = 0, push_backoff_ms_ = 0;
    CommandError push_error_;
    bool push_failed_auth_ = false;
    int64_t last_synced_ms_ = 0;
    uint64_t pushed_total_ = 0;
    // pending_count() walks the store: cached by (store version, ledger version).
    uint64_t ledger_version_ = 0;
    mutable uint64_t cached_store_version_ = UINT64_MAX, cached_ledger_version_ = UINT64_MAX;
    mutable size_t cached_pending_ = 0;
};

const char* name_of(TeamSync::Phase p);

}  // namespace kefu
