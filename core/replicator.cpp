#include "core/replicator.hpp"

#include <algorithm>
#include <utility>

#include "core/json_util.hpp"

namespace kefu {

namespace {

using json = nlohmann::json;

// A sequence as the server wrote it, as text for a URL ("12", "34-g1AAAA…").
std::string seq_text(const json& seq) {
    if (seq.is_string()) return seq.get<std::string>();
    if (seq.is_number_integer()) return seq.dump();
    return {};
}

}  // namespace

bool take_doc(const json& d, std::vector<TeamDoc>& pulled, std::vector<RefusedDoc>& refused) {
    TeamDoc doc;
    std::vector<FieldIssue> issues;
    if (!from_team_doc(d, doc, issues)) {
        refused.push_back({d.is_object() ? json_string(d, "_id") : std::string(), std::move(issues)});
        return false;
    }
    pulled.push_back(std::move(doc));
    return true;
}

CommandError transport_error(int status) {
    if (status <= 0) return {"team.err.unreachable", ""};  // no answer, or none in time
    if (status == 429) return {"team.err.too_many", ""};  // the sign-in limit (serve.py --team, nginx)
    return {"team.err.server", std::to_string(status)};
}

bool seq_before(std::string_view a, std::string_view b) {
    const auto lead = [](std::string_view s, uint64_t& n) {
        size_t i = 0;
        n = 0;
        for (; i < s.size() && i < 19 && s[i] >= '0' && s[i] <= '9'; ++i) n = n * 10 + static_cast<uint64_t>(s[i] - '0');
        return i > 0;
    };
    uint64_t x = 0, y = 0;
    return lead(a, x) && lead(b, y) && x < y;
}

std::string url_encode(std::string_view s) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

const char* name_of(PullReplicator::State s) {
    switch (s) {
        case PullReplicator::State::Stopped: return "stopped";
        case PullReplicator::State::ReadingDesign: return "reading_design";
        case PullReplicator::State::ReadingCheckpoint: return "reading_checkpoint";
        case PullReplicator::State::ReadingSeq: return "reading_seq";
        case PullReplicator::State::Bootstrapping: return "bootstrapping";
        case PullReplicator::State::ReadingChanges: return "reading_changes";
        case PullReplicator::State::FetchingDocs: return "fetching_docs";
        case PullReplicator::State::Held: return "held";
        case PullReplicator::State::Live: return "live";
        case PullReplicator::State::Waiting: return "waiting";
        case PullReplicator::State::Failed: return "failed";
    }
    return "?";
}

PullReplicator::PullReplicator(Options options) : opt_(std::move(options)) {}

HttpRequest& queue_request(std::vector<HttpRequest>& queue, uint64_t& next_id, const char* method, std::string path, std::string body) {
    HttpRequest r;
    r.id = next_id++;
    r.method = method;
    r.path = std::move(path);
    r.body = std::move(body);
    queue.push_back(std::move(r));
    return queue.back();
}

uint64_t PullReplicator::request(const char* method, std::string path, std::string body, bool live) {
    HttpRequest& r = queue_request(requests_, next_id_, method, std::move(path), std::move(body));
    r.live = live;
    return r.id;
}

void PullReplicator::start(int64_t now_ms, bool fresh, std::string known_seq) {
    now_ms_ = now_ms;
    known_seq_ = std::move(known_seq);
    rewound_ = false;
    error_ = {};
    retry_at_ms_ = 0;
    backoff_ms_ = 0;
    fresh_ = fresh;
    checkpoint_id_ = 0;
    checkpoint_reread_ = false;
    rechecking_ = false;
    checkpoint_due_ms_ = 0;
    checkpoint_at_ms_ = now_ms - opt_.checkpoint_every_ms;  // the first checkpoint goes at once
    pulled_.clear();  // not handed over: pulled again from the checkpoint
    undurable_ = 0;
    more_pages_ = bootstrapping_ = false;
    filter_ = ServerFilter::None;
    design_read_ = false;
    if (opt_.keep_days != kKeepEverything) return read_design();
    read_checkpoint();
}

void PullReplicator::stop() {
    state_ = State::Stopped;
    pending_id_ = checkpoint_id_ = 0;
    retry_at_ms_ = checkpoint_due_ms_ = 0;
}

static std::string checkpoint_path(const std::string& station) { return "_local/kefu-" + url_encode(station); }

void PullReplicator::read_design() {
    state_ = State::ReadingDesign;
    pending_id_ = request("GET", "_design/kefu", "");
}

void PullReplicator::read_checkpoint() {
    state_ = State::ReadingCheckpoint;
    pending_id_ = request("GET", checkpoint_path(opt_.station), "");
}

void PullReplicator::read_seq() {
    state_ = State::ReadingSeq;
    pending_id_ = request("GET", "_changes?descending=true&limit=1", "");
}

void PullReplicator::bootstrap_page() {
    state_ = State::Bootstrapping;
    std::string path = "_all_docs?include_docs=true&limit=" + std::to_string(opt_.page);
    if (!fetch_.after.empty()) path += "&skip=1&startkey=" + url_encode(json(fetch_.after).dump());
    pending_id_ = request("GET", std::move(path), "");
}

void PullReplicator::fetch_docs() {
    state_ = State::FetchingDocs;
    pending_id_ = request("POST", "_bulk_get?revs=false", bulk_get_body(wanted_));
}

void PullReplicator::read_changes(bool live) {
    state_ = live ? State::Live : State::ReadingChanges;
    std::string path = "_changes?style=all_docs&since=" + url_encode(fetch_.since);
    if (live) path += "&feed=longpoll&heartbeat=" + std::to_string(opt_.heartbeat_ms);
    else path += "&limit=" + std::to_string(opt_.page);
    const int64_t cutoff = working_set_cutoff_ms(now_ms_, opt_.keep_days);
    if (filter_ == ServerFilter::Selector)
        return void(pending_id_ = request("POST", path + "&filter=_selector", working_set_selector(cutoff), live));
    if (filter_ == ServerFilter::Design) path += "&" + working_set_design_query(cutoff);
    pending_id_ = request("GET", std::move(path), "", live);
}

// The next page, unless too many wait to be durable (then durable() resumes).
void PullReplicator::next_page(int64_t) {
    if (undurable_ + (pulled_.empty() ? 0 : 1) >= opt_.max_ahead) {
        state_ = State::Held;
        return;
    }
    if (bootstrapping_) bootstrap_page();
    else read_changes(!more_pages_);
}

// A page is in: its documents wait in pulled_ (maybe none), the pull reached `reached`.
void PullReplicator::page_done(const Position& reached, int64_t now_ms) {
    pulled_pos_ = reached;
    if (pulled_.empty()) {  // nothing to hand over: as good as taken, durable once the rest is
        taken_ = reached;
        if (undurable_ == 0) durable_ = reached;
    }
    maybe_checkpoint(now_ms);
    next_page(now_ms);
}

void PullReplicator::maybe_checkpoint(int64_t now_ms) {
    if (state_ == State::Stopped || state_ == State::Failed || checkpoint_id_ != 0 || durable_ == written_) return;
    const bool caught_up = !bootstrapping_ && !more_pages_;
    if (!caught_up && now_ms < checkpoint_at_ms_ + opt_.checkpoint_every_ms) {
        checkpoint_due_ms_ = checkpoint_at_ms_ + opt_.checkpoint_every_ms;
        return;
    }
    checkpoint_due_ms_ = 0;
    checkpoint_at_ms_ = now_ms;
    writing_ = durable_;
    json doc = {{"last_seq", durable_.since}};
    if (durable_.bootstrap) doc["bootstrap_after"] = durable_.after;
    if (working_set_days() != kKeepEverything) doc["working_set_days"] = working_set_days();
    if (!checkpoint_rev_.empty()) doc["_rev"] = checkpoint_rev_;
    checkpoint_id_ = request("PUT", checkpoint_path(opt_.station), doc.dump());
}

void PullReplicator::fail_or_retry(int status, const std::string& body, int64_t now_ms) {
    const json j = json::parse(body, nullptr, false);
    const std::string reason = j.is_object() ? json_string(j, "reason") : std::string();
    if (status == 401 || status == 403) {
        state_ = State::Failed;
        error_ = {status == 401 ? "team.err.credentials" : "team.err.forbidden", reason};
        return;
    }
    const bool confirmed = !written_.since.empty() && written_.since != "0";  // a checkpoint to compare with
    if (state_ == State::Live && status == kStatusTimedOut) {
        // The feed's own time limit (nothing changed for a minute): the next one follows at
        // once, after the checkpoint says the database is still the one it was. Only the
        // platform's word counts: a feed that failed (status 0) waits, whatever its age.
        if (confirmed) return recheck();
        return read_changes(true);
    }
    error_ = transport_error(status);
    retry_state_ = state_ == State::Live ? State::ReadingChanges : state_;
    // The feed failed after a checkpoint was confirmed: the server may have been replaced
    // meanwhile (restored from a backup, the database made again). The retry asks first.
    const bool feed = state_ == State::Live || state_ == State::ReadingChanges || state_ == State::FetchingDocs ||
                      state_ == State::Bootstrapping;
    if (rechecking_) {
        retry_state_ = State::ReadingCheckpoint;
    } else if (feed && confirmed) {
        rechecking_ = true;
        resume_state_ = retry_state_;
        retry_state_ = State::ReadingCheckpoint;
    }
    backoff_ms_ = backoff_ms_ == 0 ? opt_.retry_first_ms : std::min(backoff_ms_ * 2, opt_.retry_max_ms);
    retry_at_ms_ = now_ms + backoff_ms_;
    state_ = State::Waiting;
}

int64_t PullReplicator::retry_at_ms() const {
    if (retry_at_ms_ == 0) return checkpoint_due_ms_;
    return checkpoint_due_ms_ == 0 ? retry_at_ms_ : std::min(retry_at_ms_, checkpoint_due_ms_);
}

void PullReplicator::retry_now(int64_t now_ms) {
    now_ms_ = now_ms;
    if (state_ == State::Live && !written_.since.empty() && written_.since != "0") return recheck();  // the open feed's answer is ignored
    if (state_ == State::Waiting) retry_at_ms_ = now_ms;
    tick(now_ms);
}

// Reads the checkpoint, then follows the changes from where the feed was (recheck_answered).
void PullReplicator::recheck() {
    rechecking_ = true;
    resume_state_ = State::ReadingChanges;
    read_checkpoint();
}

void PullReplicator::tick(int64_t now_ms) {  // the back-off grows until a request succeeds
    now_ms_ = now_ms;
    if (checkpoint_due_ms_ != 0 && now_ms >= checkpoint_due_ms_) {
        checkpoint_due_ms_ = 0;
        maybe_checkpoint(now_ms);
    }
    if (state_ != State::Waiting || now_ms < retry_at_ms_) return;
    retry_at_ms_ = 0;
    resume(retry_state_);
}

// Where a checkpoint document says the pull got (a missing or unreadable one: the start).
PullReplicator::Position PullReplicator::checkpoint_position(const json& j) {
    Position at;
    if (j.is_object() && j.contains("last_seq")) at.since = seq_text(j["last_seq"]);
    if (at.since.empty()) at.since = "0";
    if (j.is_object() && j.contains("bootstrap_after") && j["bootstrap_after"].is_string()) {
        at.after = j["bootstrap_after"].get<std::string>();
        at.bootstrap = true;
    }
    return at;
}

void PullReplicator::resume(State s) {
    switch (s) {
        case State::ReadingDesign: read_design(); break;
        case State::ReadingCheckpoint: read_checkpoint(); break;  // not start(): the back-off keeps growing
        case State::ReadingSeq: read_seq(); break;
        case State::Bootstrapping: bootstrap_page(); break;
        case State::FetchingDocs: fetch_docs(); break;
        default: read_changes(false); break;
    }
}

// The checkpoint read again after the feed failed: where it was, the pull resumes where it
// stopped; missing, or older than the one this replicator wrote, the database went back in
// time: the pull starts again from what the server has (nothing is lost here: what the
// server lacks goes up again, team_sync.cpp's _revs_diff check).
void PullReplicator::recheck_answered(int status, const std::string& body, int64_t now_ms) {
    if (status != 200 && status != 404) return fail_or_retry(status, body, now_ms);
    Position at;
    std::string rev;
    if (status == 200) {
        const json j = json::parse(body, nullptr, false);
        at = checkpoint_position(j);
        rev = j.is_object() ? json_string(j, "_rev") : std::string();
    }
    rechecking_ = false;
    backoff_ms_ = 0;
    const bool went_back = status == 404 || seq_before(at.since, written_.since);
    if (!went_back) return resume(resume_state_);
    rewound_ = true;
    checkpoint_rev_ = rev;
    fetch_ = pulled_pos_ = taken_ = durable_ = written_ = at;
    bootstrapping_ = at.bootstrap;
    more_pages_ = false;
    if (bootstrapping_) return bootstrap_page();
    read_changes(false);
}

void PullReplicator::on_checkpoint(const HttpResponse& response, int64_t now_ms) {
    checkpoint_id_ = 0;
    const int status = response.status;
    const json j = json::parse(response.body, nullptr, false);
    if (checkpoint_reread_) {  // after a 409: the document's current _rev, then write again
        checkpoint_reread_ = false;
        if (status == 200 && j.is_object()) checkpoint_rev_ = json_string(j, "_rev");
        else if (status == 404) checkpoint_rev_.clear();
        else return void(checkpoint_due_ms_ = now_ms + opt_.retry_first_ms);
        checkpoint_at_ms_ = now_ms - opt_.checkpoint_every_ms;
        return maybe_checkpoint(now_ms);
    }
    if (status == 409) {  // another tab of this station wrote it meanwhile
        checkpoint_reread_ = true;
        checkpoint_id_ = request("GET", checkpoint_path(opt_.station), "");
        return;
    }
    if (status != 200 && status != 201) {  // tried again later; the fetching half reports errors
        checkpoint_due_ms_ = now_ms + std::max(opt_.retry_first_ms, backoff_ms_);
        return;
    }
    if (j.is_object()) checkpoint_rev_ = json_string(j, "rev");
    written_ = writing_;
    maybe_checkpoint(now_ms);  // durable() may have moved meanwhile
}

void PullReplicator::on_response(const HttpResponse& response, int64_t now_ms) {
    if (state_ == State::Stopped || state_ == State::Failed || response.id == 0) return;
    now_ms_ = now_ms;
    if (response.id == checkpoint_id_) return on_checkpoint(response, now_ms);
    if (response.id != pending_id_) return;
    pending_id_ = 0;
    const int status = response.status;
    switch (state_) {
        case State::ReadingDesign: {  // how this server filters (404: prepared before working sets)
            if (status != 200 && status != 404) return fail_or_retry(status, response.body, now_ms);
            backoff_ms_ = 0;
            design_read_ = true;
            filter_ = status == 200 ? server_filter_of(response.body) : ServerFilter::None;
            return read_checkpoint();
        }
        case State::ReadingCheckpoint: {
            if (rechecking_) return recheck_answered(status, response.body, now_ms);
            Position at;
            if (status == 404) {
                checkpoint_rev_.clear();
                rewound_ = !known_seq_.empty() && known_seq_ != "0";  // it was there, and is gone
            } else if (status == 200) {
                const json j = json::parse(response.body, nullptr, false);
                at = checkpoint_position(j);
                checkpoint_rev_ = j.is_object() ? json_string(j, "_rev") : std::string();
                // Made with a narrower working set: what it left out is read from the start.
                rewound_ = seq_before(at.since, known_seq_);
                const int64_t had = j.is_object() ? json_int(j, "working_set_days", kKeepEverything) : kKeepEverything;
                if (working_set_wider(working_set_days(), static_cast<int>(std::clamp<int64_t>(had, 0, kMaxWorkingSetDays)))) at = Position{};
            } else {
                return fail_or_retry(status, response.body, now_ms);
            }
            backoff_ms_ = 0;
            fetch_ = pulled_pos_ = taken_ = durable_ = written_ = at;
            bootstrapping_ = at.bootstrap;
            more_pages_ = false;
            if (status == 404 && fresh_ && working_set_days() == kKeepEverything) return read_seq();
            if (bootstrapping_) return bootstrap_page();
            return read_changes(false);
        }
        case State::ReadingSeq: {  // the sequence the bootstrap's _changes will follow from
            if (status != 200) return fail_or_retry(status, response.body, now_ms);
            const json j = json::parse(response.body, nullptr, false);
            if (!j.is_object()) return fail_or_retry(502, R"({"reason":"_changes"})", now_ms);
            std::string seq;
            if (j.contains("results") && j["results"].is_array() && !j["results"].empty() && j["results"][0].is_object() && j["results"][0].contains("seq"))
                seq = seq_text(j["results"][0]["seq"]);
            if (seq.empty() && j.contains("last_seq")) seq = seq_text(j["last_seq"]);
            backoff_ms_ = 0;
            fetch_ = {seq.empty() ? "0" : seq, "", true};
            bootstrapping_ = true;
            return bootstrap_page();
        }
        case State::Bootstrapping: {
            if (status != 200) return fail_or_retry(status, response.body, now_ms);
            const json j = json::parse(response.body, nullptr, false);
            if (!j.is_object() || !j.contains("rows") || !j["rows"].is_array()) return fail_or_retry(502, R"({"reason":"_all_docs"})", now_ms);
            backoff_ms_ = 0;
            std::string last_id, type, id;
            for (const json& row : j["rows"]) {
                const std::string doc_id = row.is_object() ? json_string(row, "id") : std::string();
                if (doc_id.empty()) continue;
                last_id = doc_id;
                if (!parse_team_doc_id(doc_id, type, id) || !row.contains("doc") || !row["doc"].is_object()) continue;
                pulled_total_ += take_doc(row["doc"], pulled_, refused_);
            }
            Position reached = fetch_;
            if (j["rows"].size() >= opt_.page && !last_id.empty()) {
                reached.after = last_id;
            } else {  // the last page: follow _changes from the sequence noted before the first
                reached.after.clear();
                reached.bootstrap = false;
                bootstrapping_ = false;
                more_pages_ = true;  // what changed meanwhile is read page by page, not live
            }
            fetch_ = reached;
            return page_done(reached, now_ms);
        }
        case State::ReadingChanges:
        case State::Live: {
            if (status != 200) return fail_or_retry(status, response.body, now_ms);
            const json j = json::parse(response.body, nullptr, false);
            if (!j.is_object() || !j.contains("results") || !j["results"].is_array())
                return fail_or_retry(502, R"({"reason":"_changes"})", now_ms);
            backoff_ms_ = 0;
            wanted_.clear();
            std::string type, id;
            for (const json& row : j["results"]) {
                const std::string doc_id = row.is_object() ? json_string(row, "id") : std::string();
                if (!parse_team_doc_id(doc_id, type, id)) continue;  // design documents, foreign ones
                if (std::find(wanted_.begin(), wanted_.end(), doc_id) == wanted_.end()) wanted_.push_back(doc_id);
            }
            page_last_seq_ = j.contains("last_seq") ? seq_text(j["last_seq"]) : std::string();
            if (page_last_seq_.empty()) page_last_seq_ = fetch_.since;
            more_pages_ = state_ == State::ReadingChanges && j["results"].size() >= opt_.page;
            if (!wanted_.empty()) return fetch_docs();
            Position reached = fetch_;  // nothing of ours in this page: move on
            reached.since = page_last_seq_;
            fetch_ = reached;
            return page_done(reached, now_ms);
        }
        case State::FetchingDocs: {
            if (status != 200) return fail_or_retry(status, response.body, now_ms);
            const json j = json::parse(response.body, nullptr, false);
            if (!j.is_object() || !j.contains("results") || !j["results"].is_array())
                return fail_or_retry(502, R"({"reason":"_bulk_get"})", now_ms);
            backoff_ms_ = 0;
            pulled_total_ += read_bulk_get(j, pulled_, refused_);
            Position reached = fetch_;
            reached.since = page_last_seq_;
            fetch_ = reached;
            return page_done(reached, now_ms);
        }
        default: return;
    }
}

void PullReplicator::durable(int64_t now_ms) {
    now_ms_ = now_ms;
    durable_ = taken_;
    undurable_ = 0;
    maybe_checkpoint(now_ms);
    if (state_ == State::Held) next_page(now_ms);
}

size_t read_bulk_get(const json& j, std::vector<TeamDoc>& pulled, std::vector<RefusedDoc>& refused) {
    size_t n = 0;
    if (!j.is_object() || !j.contains("results") || !j["results"].is_array()) return 0;
    for (const json& result : j["results"]) {
        if (!result.is_object() || !result.contains("docs") || !result["docs"].is_array()) continue;
        for (const json& d : result["docs"]) {
            if (!d.is_object() || !d.contains("ok")) continue;  // gone meanwhile: the next change says so
            n += take_doc(d["ok"], pulled, refused);
        }
    }
    return n;
}

std::string bulk_get_body(const std::vector<std::string>& doc_ids) {
    json docs = json::array();
    for (const std::string& id : doc_ids) docs.push_back({{"id", id}});
    json body = json::object();
    body["docs"] = docs;
    return body.dump();
}

std::vector<HttpRequest> PullReplicator::take_requests() { return std::exchange(requests_, {}); }
std::vector<TeamDoc> PullReplicator::take_pulled() {
    std::vector<TeamDoc> out = std::exchange(pulled_, {});
    if (!out.empty()) {
        taken_ = pulled_pos_;
        ++undurable_;
    }
    return out;
}
std::vector<RefusedDoc> PullReplicator::take_refused() { return std::exchange(refused_, {}); }

std::string bulk_docs_body(const std::vector<json>& docs) {
    json body = json::object();
    body["docs"] = json(docs);
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<PushOutcome> read_bulk_docs(int status, const std::string& body, const std::vector<std::string>& sent) {
    std::vector<PushOutcome> out(sent.size());
    for (size_t i = 0; i < sent.size(); ++i) out[i].doc_id = sent[i];
    const json j = json::parse(body, nullptr, false);
    if (status == 401 || status == 403) {  // the whole request refused (no right to write at all)
        const std::string reason = j.is_object() ? json_string(j, "reason") : std::string();
        for (PushOutcome& o : out) o.kind = PushOutcome::Kind::Refused, o.reason = reason;
        return out;
    }
    if ((status != 201 && status != 200 && status != 202) || !j.is_array()) return out;  // all Failed
    std::vector<bool> answered(out.size(), false);
    for (const json& row : j) {
        if (!row.is_object()) continue;
        const std::string id = json_string(row, "id");
        size_t at = 0;
        while (at < out.size() && (answered[at] || out[at].doc_id != id)) ++at;
        if (at == out.size()) continue;  // an answer for something not sent
        answered[at] = true;
        PushOutcome* it = &out[at];
        const std::string error = json_string(row, "error");
        if (error.empty() && json_bool(row, "ok", false)) {
            it->kind = PushOutcome::Kind::Saved;
            it->server_rev = json_string(row, "rev");
        } else if (error == "conflict") {
            it->kind = PushOutcome::Kind::Conflict;
        } else if (error == "unauthorized") {
            it->nobody = true;  // Failed: who sent it is the problem, not what
            it->reason = json_string(row, "reason");
        } else if (error == "forbidden") {
            it->kind = PushOutcome::Kind::Refused;
            it->reason = json_string(row, "reason");
            if (it->reason.empty()) it->reason = error;
        }
        // anything else: Failed (pushed again later)
    }
    return out;
}

}  // namespace kefu
