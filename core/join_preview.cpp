#include "core/join_preview.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/json_util.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;
}

const char* name_of(JoinPreview::Outcome o) {
    switch (o) {
        case JoinPreview::Outcome::Upload: return "upload";
        case JoinPreview::Outcome::Same: return "same";
        case JoinPreview::Outcome::TeamNewer: return "team_newer";
        case JoinPreview::Outcome::OursNewer: return "ours_newer";
        case JoinPreview::Outcome::Merge: return "merge";
        case JoinPreview::Outcome::Refused: return "refused";
    }
    return "?";
}

JoinPreview::JoinPreview(Input in, std::vector<std::string> doc_ids) : in_(std::move(in)), ids_(std::move(doc_ids)) { ask(); }

void JoinPreview::ask() {
    if (at_ >= ids_.size()) {
        done_ = true;
        return;
    }
    sent_ = std::min(kPerRequest, ids_.size() - at_);
    json keys = json::array();
    for (size_t i = at_; i < at_ + sent_; ++i) keys.push_back(ids_[i]);
    HttpRequest& r = queue_request(requests_, next_id_, "POST", "_all_docs?include_docs=true", json{{"keys", keys}}.dump());
    r.user = in_.admin;
    r.password = in_.admin_password;
    pending_ = r.id;
}

std::vector<HttpRequest> JoinPreview::take_requests() { return std::exchange(requests_, {}); }

void JoinPreview::on_response(const HttpResponse& r, const AppState& s) {
    if (r.id != pending_ || done_ || failed()) return;
    pending_ = 0;
    const json j = r.status == 200 ? json::parse(r.body, nullptr, false) : json();
    if (r.status == 429) return void(error_ = {"team.err.too_many", ""});
    if (r.status == 401 || r.status == 403) return void(error_ = {"team.err.credentials", ""});
    if (r.status == 404) return void(error_ = {"team.join.not_team", ""});
    if (!j.is_object() || !j.contains("rows") || !j["rows"].is_array())
        return void(error_ = transport_error(r.status));
    std::vector<bool> answered(sent_, false);
    const size_t held_before = items_.size();
    size_t next = at_;  // rows come in the order of the keys; anything else is looked for
    for (const json& row : j["rows"]) {
        if (!row.is_object()) continue;
        const std::string key = json_string(row, "key");
        size_t i = next < at_ + sent_ && ids_[next] == key ? next : at_;
        while (i < at_ + sent_ && ids_[i] != key) ++i;
        next = i + 1;
        if (i == at_ + sent_ || answered[i - at_]) continue;
        answered[i - at_] = true;
        if (!row.contains("doc") || !row["doc"].is_object()) continue;  // not there: uploaded
        Item item{key};
        std::vector<TeamDoc> docs;
        std::vector<RefusedDoc> refused;
        std::string type, id;
        if (!take_doc(row["doc"], docs, refused) || !parse_team_doc_id(key, type, id)) {
            item.outcome = Outcome::Refused;
        } else {
            const Record* local = s.records.find_any(type, id);
            const PullStep step = plan_pull(local, local ? s.records.history(type, id) : std::vector<HistoryEntry>{}, docs[0], in_.now_ms);
            switch (step.kind) {
                case PullKind::Same: item.outcome = Outcome::Same; break;
                case PullKind::New:
                case PullKind::FastForward: item.outcome = Outcome::TeamNewer; break;
                case PullKind::Behind: item.outcome = Outcome::OursNewer; break;
                case PullKind::Merge:
                    item.outcome = Outcome::Merge;
                    item.conflicts = step.conflicts.size();
                    conflict_fields_ += item.conflicts;
                    break;
            }
        }
        ++counts_[static_cast<size_t>(item.outcome)];
        items_.push_back(std::move(item));
    }
    counts_[static_cast<size_t>(Outcome::Upload)] += sent_ - (items_.size() - held_before);  // the team lacks the rest
    at_ += sent_;
    ask();
}

}  // namespace kefu
