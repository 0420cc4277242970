// The pull half of team replication (issue "Team"), as a state machine with effects: it
// says which HTTP requests to make (the browser's fetch runs them, behind the platform seam;
// native tests answer them from a fake server) and hands over the documents it pulled; it
// never touches the records itself. CouchDB's replication protocol, client side:
//
//   1. read this station's checkpoint:   GET  _local/kefu-<station>        (404: from the start)
//   2. page through what changed:        GET  _changes?style=all_docs&since=S&limit=N
//   3. fetch those documents:            POST _bulk_get?revs=false  {"docs":[{"id":…},…]}
//   4. hand them over (take_pulled); the app merges them in (pull.hpp) and journals them,
//      and calls durable() once IndexedDB confirmed the write;
//   5. only then move the checkpoint:    PUT  _local/kefu-<station>   {"last_seq": S', "_rev"}
//   6. more pages: back to 2; none: wait for the next change with the live feed,
//      GET _changes?feed=longpoll&heartbeat=…&since=S' (the client aborts it to stop).
//
// An empty station's first sync (start(…, fresh=true), no checkpoint) bootstraps instead:
// it notes the database's current sequence S0 (GET _changes?descending=true&limit=1), pages
// through _all_docs?include_docs=true (one request per page, no revision trees, no
// tombstones: an empty station has nothing to delete), then follows _changes from S0 — the
// known cure for slow initial replication. The checkpoint says how far the bootstrap got
// ("bootstrap_after": the last document id), so a first sync cut off resumes there.
//
// Pages are pipelined: the next page is fetched while the app applies and saves this one;
// the checkpoint follows what is durable (steps 4–5), at most every `checkpoint_every_ms`
// while paging and at once when caught up. At most `max_ahead` pages wait to be durable:
// then fetching holds (a full disk must not let a pull run on in memory).
//
// Sequence values are opaque (a number from pouchdb-server, a string from CouchDB) and kept
// as the server wrote them. A repeated or rewound feed is harmless: documents are merged by
// their history, not by the sequence. A document that fails the importer's checks is refused
// (take_refused), never handed over. A failed request is retried with back-off; 401/403
// stop the replicator with the reason (wrong credentials, no access) until start() again.
//
// A working set (working_set.hpp, Options::keep_days > 0) first reads the design document
// (GET _design/kefu) to learn how this server filters, then reads the filtered feed —
// POST _changes?filter=_selector on Apache CouchDB, GET _changes?filter=kefu/working_set on
// pouchdb-server — from the checkpoint, never bootstrapping (_all_docs cannot filter). A
// server prepared without the filter gets everything (working_set_unsupported(): shown).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/team_doc.hpp"
#include "core/working_set.hpp"

namespace kefu {

struct HttpRequest {
    uint64_t id = 0;
    std::string method;  // "GET", "POST", "PUT"
    std::string path;    // relative to the database's URL: "_changes?…"
    std::string body;    // JSON, empty for GET
    bool live = false;   // the long-poll feed: may stay open for the heartbeat's length
    bool at_root = false;  // `path` is relative to the server's root ("_session"), not the database's
    // Who the request authenticates as; empty: the station's own account (the app adds it).
    std::string user, password;
    // Authenticates with the team session's cookie instead (no Authorization: the browser
    // sends the HttpOnly cookie the server set at the team sign-in; the page never sees it).
    bool cookie = false;
};

// Queues a request with the next id (`next_id` counts on); the caller sets what else it needs.
HttpRequest& queue_request(std::vector<HttpRequest>& queue, uint64_t& next_id, const char* method, std::string path, std::string body);

struct HttpResponse {
    uint64_t id = 0;
    int status = 0;  // 0: no answer (network down, refused, aborted); kStatusTimedOut: see below
    std::string body;
};

struct RefusedDoc {
    std::string doc_id;
    std::vector<FieldIssue> issues;
};

// How long the platform lets the live feed stay open. pouchdb-server keeps a long poll open
// for as long as nothing changes (its heartbeat, and it ignores `timeout`), so the feed ends
// at this limit with no answer: a normal turn of the feed, not a failure.
constexpr int64_t kLiveFeedTimeoutMs = 60'000;
// The status of a request the platform ended at its own time limit (HttpRequest's timeout):
// no answer, but for the live feed its normal turn, not a failure.
constexpr int kStatusTimedOut = -1;

class PullReplicator {
public:
    // What the fetching half is doing. Checkpoints are written beside it (their own request).
    enum class State { Stopped, ReadingDesign, ReadingCheckpoint, ReadingSeq, Bootstrapping, ReadingChanges, FetchingDocs, Held, Live, Waiting, Failed };

    struct Options {
        std::string station;          // the checkpoint's name: _local/kefu-<station>
        size_t page = 500;            // _changes results (or _all_docs rows) per request
        int heartbeat_ms = 25'000;    // the live feed's heartbeat
        int64_t retry_first_ms = 1'000, retry_max_ms = 60'000;
        int64_t checkpoint_every_ms = 2'000;  // while paging; caught up: at once
        size_t max_ahead = 4;         // pages handed over and not yet durable
        int keep_days = kKeepEverything;  // the working set's days (working_set.hpp); 0: everything
    };
    explicit PullReplicator(Options options);

    // `fresh`: the station holds no team records yet, so a first sync may bootstrap.
    // `known_seq`: the checkpoint this station last saw the server confirm (sync_ledger.hpp);
    // a checkpoint now missing or older means the database went back in time (take_rewound()).
    void start(int64_t now_ms, bool fresh = false, std::string known_seq = {});
    // The checkpoint read at start was missing or older than known_seq: a database restored
    // from a backup or made again may lack what this station pushed (once, then false).
    // A running station notices it too: after a failed request of the feed (the server went
    // away, or answered 404 or 5xx) the retry reads the checkpoint first; missing or older than
    // the one last written, the pull starts again from it, and this says so.
    bool take_rewound() { return std::exchange(rewound_, false); }
    void stop();
    // A response to a request this replicator made (others are ignored).
    void on_response(const HttpResponse& response, int64_t now_ms);
    // Everything handed over by take_pulled() so far is merged and durable: the checkpoint
    // may move that far.
    void durable(int64_t now_ms);
    // Time passed: a retry or a checkpoint that was waiting may go now.
    void tick(int64_t now_ms);
    // 立即同步: a retry waiting for its back-off goes now; a station following the live feed
    // asks the server again whether it is the database it was (the checkpoint), then goes on.
    void retry_now(int64_t now_ms);

    std::vector<HttpRequest> take_requests();
    std::vector<TeamDoc> take_pulled();
    std::vector<RefusedDoc> take_refused();

    State state() const { return state_; }
    const std::string& since() const { return durable_.since; }  // durable (opaque)
    const std::string& written_since() const { return written_.since; }  // in the checkpoint
    bool bootstrapping() const { return bootstrapping_; }
    const CommandError& error() const { return error_; }  // why it failed or is retrying
    int64_t retry_at_ms() const;  // 0: nothing waiting
    uint64_t pulled_total() const { return pulled_total_; }
    // Working through full pages (a first sync, a station back after a long time away), not
    // following the live feed.
    // The working set's days this pull follows (0: everything, also when the server has no filter).
    int working_set_days() const { return filter_ == ServerFilter::None ? kKeepEverything : opt_.keep_days; }
    // A working set was asked for and the server was prepared without its filter.
    bool working_set_unsupported() const { return opt_.keep_days != kKeepEverything && design_read_ && filter_ == ServerFilter::None; }
    ServerFilter server_filter() const { return filter_; }
    bool paging() const { return (more_pages_ || bootstrapping_) && state_ != State::Live && state_ != State::Stopped && state_ != State::Failed; }

private:
    // How far the pull got: a sequence, and during a bootstrap the last document id paged.
    struct Position {
        std::string since = "0";
        std::string after;  // bootstrap: _all_docs rows after this id are still to come
        bool bootstrap = false;
        bool operator==(const Position& o) const { return since == o.since && after == o.after && bootstrap == o.bootstrap; }
        bool operator!=(const Position& o) const { return !(*this == o); }
    };
    uint64_t request(const char* method, std::string path, std::string body, bool live = false);
    void read_design();
    void read_checkpoint();
    void read_seq();
    void bootstrap_page();
    void fetch_docs();
    void read_changes(bool live);
    void next_page(int64_t now_ms);
    void page_done(const Position& reached, int64_t now_ms);
    void fail_or_retry(int status, const std::string& body, int64_t now_ms);
    void resume(State s);
    static Position checkpoint_position(const nlohmann::json& j);
    void recheck();
    void recheck_answered(int status, const std::string& body, int64_t now_ms);
    void maybe_checkpoint(int64_t now_ms);
    void on_checkpoint(const HttpResponse& response, int64_t now_ms);

    Options opt_;
    State state_ = State::Stopped;
    State retry_state_ = State::Stopped;
    bool rechecking_ = false;         // the retry reads the checkpoint before resume_state_
    State resume_state_ = State::Stopped;
    uint64_t next_id_ = 1, pending_id_ = 0;
    uint64_t checkpoint_id_ = 0;   // a checkpoint PUT (or its re-read after a 409) in flight
    bool checkpoint_reread_ = false;
    int64_t checkpoint_at_ms_ = 0, checkpoint_due_ms_ = 0;
    Position fetch_;               // where the next page starts
    Position pulled_pos_;          // after the pages whose documents wait in pulled_
    Position taken_;               // after the pages handed over (take_pulled)
    Position durable_;             // after the pages the app said are durable
    Position written_;             // what the checkpoint on the server says
    Position writing_;             // what the checkpoint PUT in flight says
    std::string checkpoint_rev_;   // the _local document's _rev
    bool fresh_ = false, bootstrapping_ = false, more_pages_ = false;
    size_t undurable_ = 0;         // pages taken and not yet durable
    std::vector<std::string> wanted_;  // document ids of the page
    std::string page_last_seq_;    // the _changes page's last_seq
    std::vector<HttpRequest> requests_;
    std::vector<TeamDoc> pulled_;
    std::vector<RefusedDoc> refused_;
    CommandError error_;
    int64_t retry_at_ms_ = 0, backoff_ms_ = 0;
    uint64_t pulled_total_ = 0;
    ServerFilter filter_ = ServerFilter::None;
    bool design_read_ = false;
    std::string known_seq_;
    bool rewound_ = false;
    int64_t now_ms_ = 0;  // the latest time given: the working set's cutoff
};

const char* name_of(PullReplicator::State s);

// ---- the push half's pure parts ------------------------------------------------------------
// POST _bulk_docs with the records changed here, each carrying the server's _rev last seen
// (to_team_doc): CouchDB answers per document, in order. Each answer is handled on its own:
//   Saved     the server took it (its new _rev is remembered);
//   Conflict  409: someone else changed it since: pull that document, merge, push again;
//   Refused   403 "forbidden" (a validation function said no) or 401: kept here and shown,
//             with the server's reason, never skipped silently;
//   Failed    no answer for it (or a 5xx): pushed again after the back-off.
struct PushOutcome {
    enum class Kind { Saved, Conflict, Refused, Failed };
    std::string doc_id;
    Kind kind = Kind::Failed;
    std::string server_rev;  // Saved
    std::string reason;      // Refused: the server's words
    // Failed because the server knows no sender (the validation's `unauthorized`: a session
    // cookie the server no longer accepts, e.g. after it restarted): the credentials, not the
    // record. The push is a sign-in problem; the record goes up again.
    bool nobody = false;
};
std::string bulk_docs_body(const std::vector<nlohmann::json>& docs);
// `sent`: the documents' ids in the order they were sent; `status` the HTTP status.
std::vector<PushOutcome> read_bulk_docs(int status, const std::string& body, const std::vector<std::string>& sent);

// A document from the server: through the importer's checks into `pulled`, or into `refused`
// with its problems. True when pulled.
bool take_doc(const nlohmann::json& doc, std::vector<TeamDoc>& pulled, std::vector<RefusedDoc>& refused);

// Reads a _bulk_get answer: the documents that pass the importer's checks into `pulled`, the
// others into `refused`; returns how many were pulled. Missing documents are skipped.
size_t read_bulk_get(const nlohmann::json& answer, std::vector<TeamDoc>& pulled, std::vector<RefusedDoc>& refused);
std::string bulk_get_body(const std::vector<std::string>& doc_ids);

// Whether sequence `a` comes before `b`: compared by their leading numbers (pouchdb-server's
// "123", CouchDB's "123-g1AAAA…"); false when either has none (opaque: not comparable).
bool seq_before(std::string_view a, std::string_view b);

// What a request that got no answer (status 0) or a server error says: 连不上团队服务器 /
// 团队服务器出错（status）.
CommandError transport_error(int status);

// Percent-encodes a query value (RFC 3986 unreserved characters stay).
std::string url_encode(std::string_view s);

}  // namespace kefu
