#include "core/team_sync.hpp"

#include <algorithm>
#include <utility>

#include "core/json_util.hpp"
#include "core/team_doc.hpp"
#include "core/working_set.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;
}  // namespace

const char* name_of(TeamSync::Phase p) {
    switch (p) {
        case TeamSync::Phase::Off: return "off";
        case TeamSync::Phase::Syncing: return "syncing";
        case TeamSync::Phase::Synced: return "synced";
        case TeamSync::Phase::Offline: return "offline";
        case TeamSync::Phase::Failed: return "failed";
        case TeamSync::Phase::Held: return "held";
    }
    return "?";
}

namespace {
PullReplicator::Options pull_options(const TeamSync::Options& o) {
    PullReplicator::Options p;
    p.station = o.station;
    p.page = o.page;
    p.heartbeat_ms = o.heartbeat_ms;
    p.retry_first_ms = o.retry_first_ms;
    p.retry_max_ms = o.retry_max_ms;
    p.keep_days = o.keep_days;
    return p;
}
}  // namespace

TeamSync::TeamSync(Options options, SyncLedger ledger)
    : opt_(std::move(options)),
      pull_(pull_options(opt_)),
      ledger_(std::move(ledger)) {
    ledger_.set_kiosk(opt_.kiosk);
}

uint64_t TeamSync::request(const char* method, std::string path, std::string body) {
    return queue_request(requests_, next_id_, method, std::move(path), std::move(body)).id;
}

void TeamSync::start(int64_t now_ms, bool fresh) {
    running_ = true;
    caught_up_ = false;
    push_id_ = fetch_id_ = 0;
    push_retry_at_ms_ = push_backoff_ms_ = 0;
    push_error_ = {};
    push_failed_auth_ = false;
    verify_.clear();
    verify_id_ = 0;
    verifying_ = false;
    // An agent's session starts: what the server refused before is tried again, as this agent
    // (a lead's review an agent's session could not relay goes up with a lead's).
    if (!opt_.agent.empty() && ledger_.retry_refused()) {
        ledger_dirty_ = true;
        ++ledger_version_;
    }
    if (opt_.kiosk) {  // a drop-box is written, never read: nothing to catch up with
        caught_up_ = true;
        return;
    }
    pull_.start(now_ms, fresh, ledger_.seq());
}

void TeamSync::stop() {
    running_ = false;
    pull_.stop();
    push_id_ = fetch_id_ = verify_id_ = 0;
    verifying_ = false;
    requests_.clear();
}

std::vector<HttpRequest> TeamSync::take_requests() {
    std::vector<HttpRequest> out = pull_.take_requests();
    for (HttpRequest& r : requests_) out.push_back(std::move(r));
    requests_.clear();
    return out;
}

std::vector<TeamDoc> TeamSync::take_pulled() { return std::exchange(pulled_, {}); }

void TeamSync::drain_pull(const RecordStore& store, int64_t now_ms) {
    for (TeamDoc& d : pull_.take_pulled()) pulled_.push_back(std::move(d));
    for (RefusedDoc& r : pull_.take_refused()) {
        auto same = std::find_if(refused_docs_.begin(), refused_docs_.end(), [&](const RefusedDoc& x) { return x.doc_id == r.doc_id; });
        if (same != refused_docs_.end()) *same = std::move(r);
        else refused_docs_.push_back(std::move(r));
    }
    note_checkpoint();
    if (pull_.take_rewound() && !ledger_.known_revs().empty()) {
        verify_ = ledger_.known_revs();
        verify_at_ = 0;
        verifying_ = true;
        verify_next(now_ms);
    }
    if (pull_.state() == PullReplicator::State::Live && !caught_up_) {
        caught_up_ = true;
        pump(store, now_ms);
    }
}

// The checkpoint the server confirmed goes into the ledger (saved with it): the next start
// compares the server's checkpoint with it.
void TeamSync::note_checkpoint() {
    const std::string& written = pull_.written_since();
    if (written == ledger_.seq() || written.empty() || written == "0") return;
    ledger_.set_seq(written);
    ledger_dirty_ = true;
}

void TeamSync::verify_next(int64_t now_ms) {
    if (verify_id_ != 0) return;
    if (verify_at_ >= verify_.size()) {
        verifying_ = false;
        verify_.clear();
        return;
    }
    constexpr size_t kPerRequest = 500;
    json body = json::object();
    verify_sent_ = std::min(kPerRequest, verify_.size() - verify_at_);
    for (size_t i = verify_at_; i < verify_at_ + verify_sent_; ++i) body[verify_[i].first] = json::array({verify_[i].second});
    verify_id_ = request("POST", "_revs_diff", body.dump());
    (void)now_ms;
}

void TeamSync::applied(const std::vector<TeamDoc>& docs, const RecordStore& store, int64_t now_ms) {
    for (const TeamDoc& d : docs) {
        ledger_.pulled(team_doc_id(d.record.type, d.record.id), d.server_rev, d.record.rev);
        // A document refused on an earlier arrival and good now is no longer listed.
        const std::string id = team_doc_id(d.record.type, d.record.id);
        refused_docs_.erase(std::remove_if(refused_docs_.begin(), refused_docs_.end(), [&](const RefusedDoc& r) { return r.doc_id == id; }),
                            refused_docs_.end());
    }
    if (!docs.empty()) {
        ++ledger_version_;
        ledger_dirty_ = true;
    }
    pump(store, now_ms);  // merged records and conflict answers go back up
}

void TeamSync::durable(int64_t now_ms) {
    if (!pulled_.empty()) return;  // handed over by the pull, not yet applied here: not durable
    pull_.durable(now_ms);
}

void TeamSync::on_response(const HttpResponse& response, const RecordStore& store, int64_t now_ms) {
    if (!running_) return;
    if (response.status >= 200 && response.status < 300) last_synced_ms_ = now_ms;  // the server answered
    if (response.id != 0 && response.id == push_id_) {
        push_id_ = 0;
        std::vector<PushOutcome> outcomes = read_bulk_docs(response.status, response.body, sent_ids_);
        const auto nobody = std::find_if(outcomes.begin(), outcomes.end(), [](const PushOutcome& o) { return o.nobody; });
        if (nobody != outcomes.end()) {  // the server knows no sender: as a 401 for the whole push
            push_error_ = {"team.err.credentials", nobody->reason};
            push_failed_auth_ = true;
            return;
        }
        ledger_.pushed(outcomes, sent_revs_);
        ++ledger_version_;
        ledger_dirty_ = true;
        std::vector<std::string> conflicts;
        size_t failed = 0;
        for (const PushOutcome& o : outcomes) {
            if (o.kind == PushOutcome::Kind::Saved) {
                ++pushed_total_;
                const auto relayed = sent_relayed_.find(o.doc_id);
                if (relayed != sent_relayed_.end()) {  // the server's copy, `via` and all, applied here too
                    relayed->second["_rev"] = o.server_rev;
                    TeamDoc read;
                    std::vector<FieldIssue> issues;
                    if (from_team_doc(json::parse(relayed->second.dump()), read, issues)) pulled_.push_back(std::move(read));  // as it travelled
                }
            } else if (o.kind == PushOutcome::Kind::Conflict) conflicts.push_back(o.doc_id);
            else if (o.kind == PushOutcome::Kind::Failed) ++failed;
        }
        if (response.status == 401 || response.status == 403) {
            const json j = json::parse(response.body, nullptr, false);
            push_error_ = {response.status == 401 ? "team.err.credentials" : "team.err.forbidden", j.is_object() ? json_string(j, "reason") : std::string()};
            push_failed_auth_ = true;
            return;
        }
        if (failed > 0) {
            push_failed(now_ms, transport_error(response.status));
        } else {
            push_backoff_ms_ = 0;
            push_error_ = {};
        }
        if (!conflicts.empty()) {
            fetch_id_ = request("POST", "_bulk_get?revs=false", bulk_get_body(conflicts));
            return;
        }
        if (failed == 0) pump(store, now_ms);
        return;
    }
    if (response.id != 0 && response.id == verify_id_) {
        verify_id_ = 0;
        const json j = response.status == 200 ? json::parse(response.body, nullptr, false) : json();
        if (!j.is_object()) {  // asked again after the back-off
            push_failed(now_ms, transport_error(response.status));
            return;
        }
        for (size_t i = verify_at_; i < verify_at_ + verify_sent_ && i < verify_.size(); ++i) {
            const auto& [id, rev] = verify_[i];
            if (!j.contains(id) || !j[id].is_object() || !j[id].contains("missing") || !j[id]["missing"].is_array()) continue;
            const json& missing = j[id]["missing"];
            if (std::find(missing.begin(), missing.end(), rev) == missing.end()) continue;
            ledger_.forget(id);
            ++forgotten_total_;
            ++ledger_version_;
            ledger_dirty_ = true;
        }
        verify_at_ += verify_sent_;
        push_backoff_ms_ = 0;
        verify_next(now_ms);
        if (!verifying_) pump(store, now_ms);
        return;
    }
    if (response.id != 0 && response.id == fetch_id_) {
        fetch_id_ = 0;
        const json j = response.status == 200 ? json::parse(response.body, nullptr, false) : json();
        if (!j.is_object()) {
            push_failed(now_ms, transport_error(response.status));
            return;
        }
        std::vector<RefusedDoc> refused;
        read_bulk_get(j, pulled_, refused);
        for (RefusedDoc& r : refused) refused_docs_.push_back(std::move(r));
        return;  // applied() pushes the merged records
    }
    pull_.on_response(response, now_ms);
    drain_pull(store, now_ms);
}

void TeamSync::push_failed(int64_t now_ms, CommandError why) {
    push_error_ = std::move(why);
    push_backoff_ms_ = push_backoff_ms_ == 0 ? opt_.retry_first_ms : std::min(push_backoff_ms_ * 2, opt_.retry_max_ms);
    push_retry_at_ms_ = now_ms + push_backoff_ms_;
}

void TeamSync::pump(const RecordStore& store, int64_t now_ms) {
    // Pulled documents first (a relayed record's `via` among them: pushed again without it, the
    // server would find its history changed).
    if (!running_ || !caught_up_ || push_id_ != 0 || fetch_id_ != 0 || push_failed_auth_ || !pulled_.empty()) return;
    if (push_retry_at_ms_ != 0 && now_ms < push_retry_at_ms_) return;
    push_retry_at_ms_ = 0;
    if (verifying_) return verify_next(now_ms);  // what the server lacks is known first
    if (opt_.agent.empty()) return;               // no one signed in to the team: it waits (Held)
    const std::vector<const Record*> pending = ledger_.pending(store, opt_.push_batch);
    if (pending.empty()) return;
    // With an agent signed in, the changes others made here (offline, since signed out) go up
    // with theirs, each such entry saying `via` them.
    const Actor sender{opt_.agent, opt_.agent_name};
    std::vector<json> docs;
    sent_ids_.clear();
    sent_revs_.clear();
    sent_relayed_.clear();
    for (const Record* r : pending) {
        const std::string id = team_doc_id(r->type, r->id);
        const SyncLedger::Entry* e = ledger_.find(id);
        const uint64_t has = e ? e->server_has : 0;
        const std::vector<HistoryEntry> history = store.history(r->type, r->id);
        docs.push_back(to_team_doc(*r, history, ledger_.server_rev(id), sender, has));
        if (std::any_of(history.begin(), history.end(), [&](const HistoryEntry& h) { return relays(h, sender, has); }))
            sent_relayed_[id] = docs.back();
        sent_ids_.push_back(id);
        sent_revs_.push_back(r->rev);
    }
    push_id_ = request("POST", "_bulk_docs", bulk_docs_body(docs));
}

void TeamSync::changed(const RecordStore& store, int64_t now_ms) { pump(store, now_ms); }

void TeamSync::tick(const RecordStore& store, int64_t now_ms) {
    if (!running_) return;
    pull_.tick(now_ms);
    drain_pull(store, now_ms);
    if (push_retry_at_ms_ != 0 && now_ms >= push_retry_at_ms_) pump(store, now_ms);
}

void TeamSync::now(const RecordStore& store, int64_t now_ms) {
    if (!running_ || pull_.state() == PullReplicator::State::Failed || push_failed_auth_) {
        start(now_ms);
        if (opt_.kiosk) pump(store, now_ms);
        return;
    }
    pull_.retry_now(now_ms);
    drain_pull(store, now_ms);
    push_retry_at_ms_ = 0;
    push_backoff_ms_ = 0;
    pump(store, now_ms);
}

int64_t TeamSync::wake_at_ms() const {
    if (!running_) return 0;
    int64_t at = pull_.retry_at_ms();
    if (push_retry_at_ms_ != 0) at = at == 0 ? push_retry_at_ms_ : std::min(at, push_retry_at_ms_);
    return at;
}

const CommandError& TeamSync::error() const {
    if (pull_.state() == PullReplicator::State::Failed || pull_.state() == PullReplicator::State::Waiting) return pull_.error();
    return push_error_;
}

size_t TeamSync::pending_count(const RecordStore& store) const {
    if (cached_store_version_ != store.version() || cached_ledger_version_ != ledger_version_) {
        cached_pending_ = ledger_.pending_count(store);
        cached_store_version_ = store.version();
        cached_ledger_version_ = ledger_version_;
    }
    return cached_pending_;
}

std::vector<ReleaseRecords::Item> TeamSync::records_to_release(const RecordStore& store, const std::set<std::string>& in_conflict,
                                                               int keep_days, int64_t now_ms, const std::string& keep, size_t limit) const {
    std::vector<std::pair<int64_t, ReleaseRecords::Item>> found;
    if (keep_days == kKeepEverything) return {};
    const int64_t cutoff = working_set_cutoff_ms(now_ms, keep_days);
    std::string id;
    store.for_each_raw([&](const Record& r, const std::string&) {
        if (r.updated_at_ms >= cutoff || !dated_type(r.type) || !team_replicates(r.type)) return;  // the cheap tests first
        id.assign(r.type).append(":").append(r.id);
        const SyncLedger::Entry* e = ledger_.find(id);
        if (!e || e->server_has != r.rev || !e->refused.empty() || in_conflict.count(id) || id == keep) return;
        if (in_working_set(r, cutoff)) return;  // a case still open
        found.push_back({r.updated_at_ms, {r.type, r.id, r.rev}});
    });
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<ReleaseRecords::Item> out;
    for (size_t i = 0; i < found.size() && i < limit; ++i) out.push_back(std::move(found[i].second));
    return out;
}

size_t TeamSync::released(const std::vector<ReleaseRecords::Item>& items, const RecordStore& store) {
    size_t n = 0;
    for (const ReleaseRecords::Item& i : items) {
        if (store.find_any(i.type, i.id)) continue;  // kept after all (the command checked again)
        ++n;
        ledger_.forget(team_doc_id(i.type, i.id));
        ledger_dirty_ = true;
        ++ledger_version_;
    }
    return n;
}

TeamSync::Phase TeamSync::phase(const RecordStore& store) const {
    if (!running_) return Phase::Off;
    if (pull_.state() == PullReplicator::State::Failed || push_failed_auth_) return Phase::Failed;
    if (pull_.state() == PullReplicator::State::Waiting || push_retry_at_ms_ != 0) return Phase::Offline;
    const bool live = opt_.kiosk || pull_.state() == PullReplicator::State::Live;
    if (live && push_id_ == 0 && fetch_id_ == 0 && !verifying_ && pulled_.empty())
        return pending_count(store) == 0 ? Phase::Synced : opt_.agent.empty() ? Phase::Held : Phase::Syncing;
    return Phase::Syncing;
}

}  // namespace kefu
