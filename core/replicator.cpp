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
        case PullReplicator::State::ReadingCheckpoint: return "reading_checkpoint";
        case PullReplicator::State::ReadingChanges: return "reading_changes";
        case PullReplicator::State::FetchingDocs: return "fetching_docs";
        case PullReplicator::State::Applying: return "applying";
        case PullReplicator::State::WritingCheckpoint: return "writing_checkpoint";
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

void PullReplicator::request(const char* method, std::string path, std::string body, bool live) {
    HttpRequest& r = queue_request(requests_, next_id_, method, std::move(path), std::move(body));
    r.live = live;
    pending_id_ = r.id;
}

void PullReplicator::start(int64_t) {
    error_ = {};
    retry_at_ms_ = 0;
    backoff_ms_ = 0;
    read_checkpoint();
}

void PullReplicator::read_checkpoint() {
    state_ = State::ReadingCheckpoint;
    request("GET", "_local/kefu-" + url_encode(opt_.station), "");
}

void PullReplicator::fetch_docs() {
    state_ = State::FetchingDocs;
    request("POST", "_bulk_get?revs=false", bulk_get_body(wanted_));
}

void PullReplicator::stop() {
    state_ = State::Stopped;
    pending_id_ = 0;
    retry_at_ms_ = 0;
}

void PullReplicator::read_changes(bool live) {
    state_ = live ? State::Live : State::ReadingChanges;
    std::string path = "_changes?style=all_docs&since=" + url_encode(since_);
    if (live) path += "&feed=longpoll&heartbeat=" + std::to_string(opt_.heartbeat_ms);
    else path += "&limit=" + std::to_string(opt_.page);
    request("GET", std::move(path), "", live);
}

void PullReplicator::write_checkpoint() {
    state_ = State::WritingCheckpoint;
    json doc = {{"last_seq", since_}};
    if (!checkpoint_rev_.empty()) doc["_rev"] = checkpoint_rev_;
    request("PUT", "_local/kefu-" + url_encode(opt_.station), doc.dump());
}

void PullReplicator::fail_or_retry(int status, const std::string& body, int64_t now_ms) {
    const json j = json::parse(body, nullptr, false);
    const std::string reason = j.is_object() ? json_string(j, "reason") : std::string();
    if (status == 401 || status == 403) {
        state_ = State::Failed;
        error_ = {status == 401 ? "team.err.credentials" : "team.err.forbidden", reason};
        return;
    }
    error_ = {status == 0 ? "team.err.unreachable" : "team.err.server", status == 0 ? std::string() : std::to_string(status)};
    retry_state_ = state_ == State::Live ? State::ReadingChanges : state_;
    backoff_ms_ = backoff_ms_ == 0 ? opt_.retry_first_ms : std::min(backoff_ms_ * 2, opt_.retry_max_ms);
    retry_at_ms_ = now_ms + backoff_ms_;
    state_ = State::Waiting;
}

void PullReplicator::tick(int64_t now_ms) {  // the back-off grows until a request succeeds
    if (state_ != State::Waiting || now_ms < retry_at_ms_) return;
    retry_at_ms_ = 0;
    switch (retry_state_) {
        case State::ReadingCheckpoint: read_checkpoint(); break;  // not start(): the back-off keeps growing
        case State::FetchingDocs: fetch_docs(); break;
        case State::WritingCheckpoint: write_checkpoint(); break;
        default: read_changes(false); break;
    }
}

void PullReplicator::on_response(const HttpResponse& response, int64_t now_ms) {
    if (response.id != pending_id_ || state_ == State::Stopped || state_ == State::Failed) return;
    pending_id_ = 0;
    const int status = response.status;
    switch (state_) {
        case State::ReadingCheckpoint: {
            if (status == 404) {
                since_ = "0";
                checkpoint_rev_.clear();
            } else if (status == 200) {
                const json j = json::parse(response.body, nullptr, false);
                if (j.is_object() && j.contains("last_seq")) since_ = seq_text(j["last_seq"]);
                if (since_.empty()) since_ = "0";
                checkpoint_rev_ = j.is_object() ? json_string(j, "_rev") : std::string();
            } else {
                return fail_or_retry(status, response.body, now_ms);
            }
            backoff_ms_ = 0;
            read_changes(false);
            return;
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
            next_since_ = j.contains("last_seq") ? seq_text(j["last_seq"]) : std::string();
            if (next_since_.empty()) next_since_ = since_;
            more_pages_ = state_ == State::ReadingChanges && j["results"].size() >= opt_.page;
            if (wanted_.empty()) {
                // Nothing of ours in this page: move on without waiting for the app.
                const bool moved = next_since_ != since_;
                since_ = next_since_;
                if (moved) write_checkpoint();
                else read_changes(!more_pages_);
                return;
            }
            fetch_docs();
            return;
        }
        case State::FetchingDocs: {
            if (status != 200) return fail_or_retry(status, response.body, now_ms);
            const json j = json::parse(response.body, nullptr, false);
            if (!j.is_object() || !j.contains("results") || !j["results"].is_array())
                return fail_or_retry(502, R"({"reason":"_bulk_get"})", now_ms);
            backoff_ms_ = 0;
            pulled_total_ += read_bulk_get(j, pulled_, refused_);
            state_ = State::Applying;
            return;
        }
        case State::WritingCheckpoint: {
            if (status == 409) {  // another tab of this station wrote it: read it again, carry on
                read_checkpoint();
                return;
            }
            if (status != 200 && status != 201) return fail_or_retry(status, response.body, now_ms);
            const json j = json::parse(response.body, nullptr, false);
            if (j.is_object()) checkpoint_rev_ = json_string(j, "rev");
            backoff_ms_ = 0;
            read_changes(!more_pages_);  // the next page, or wait for the next change
            return;
        }
        default: return;
    }
}

void PullReplicator::durable(int64_t) {
    if (state_ != State::Applying) return;
    since_ = next_since_;
    write_checkpoint();  // after every page: a first sync cut off resumes where it was
}

size_t read_bulk_get(const json& j, std::vector<TeamDoc>& pulled, std::vector<RefusedDoc>& refused) {
    size_t n = 0;
    if (!j.is_object() || !j.contains("results") || !j["results"].is_array()) return 0;
    for (const json& result : j["results"]) {
        if (!result.is_object() || !result.contains("docs") || !result["docs"].is_array()) continue;
        for (const json& d : result["docs"]) {
            if (!d.is_object() || !d.contains("ok")) continue;  // gone meanwhile: the next change says so
            TeamDoc doc;
            std::vector<FieldIssue> issues;
            if (from_team_doc(d["ok"], doc, issues)) {
                pulled.push_back(std::move(doc));
                ++n;
            } else {
                refused.push_back({d["ok"].is_object() ? json_string(d["ok"], "_id") : std::string(), std::move(issues)});
            }
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
std::vector<TeamDoc> PullReplicator::take_pulled() { return std::exchange(pulled_, {}); }
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
        } else if (error == "forbidden" || error == "unauthorized") {
            it->kind = PushOutcome::Kind::Refused;
            it->reason = json_string(row, "reason");
            if (it->reason.empty()) it->reason = error;
        }
        // anything else: Failed (pushed again later)
    }
    return out;
}

}  // namespace kefu
