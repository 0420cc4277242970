#include "core/sync_ledger.hpp"

#include <algorithm>

#include "core/json_util.hpp"
#include "core/team_doc.hpp"
#include "core/write_rules.hpp"

namespace kefu {

void SyncLedger::pulled(const std::string& doc_id, const std::string& server_rev, uint64_t kefu_rev) {
    Entry& e = entries_[doc_id];
    e.server_rev = server_rev;
    e.server_has = kefu_rev;
}

void SyncLedger::pushed(const std::vector<PushOutcome>& outcomes, const std::vector<uint64_t>& sent_revs) {
    for (size_t i = 0; i < outcomes.size() && i < sent_revs.size(); ++i) {
        const PushOutcome& o = outcomes[i];
        Entry& e = entries_[o.doc_id];
        switch (o.kind) {
            case PushOutcome::Kind::Saved:
                e.server_rev = o.server_rev;
                e.server_has = sent_revs[i];
                e.refused.clear();
                refused_at_.erase(o.doc_id);
                break;
            case PushOutcome::Kind::Refused:
                e.refused = o.reason;
                refused_at_[o.doc_id] = sent_revs[i];
                break;
            case PushOutcome::Kind::Conflict:  // pulled and merged next, then pushed again
            case PushOutcome::Kind::Failed: break;
        }
    }
}

std::vector<const Record*> SyncLedger::pending(const RecordStore& store, size_t limit) const {
    std::vector<const Record*> out;
    std::string id;  // one buffer for every record's document id
    // Tombstones too: a deletion is pushed like any change.
    store.for_each_raw([&](const Record& r, const std::string&) {
        if (out.size() >= limit || !team_replicates(r.type)) return;
        id.assign(r.type).append(":").append(r.id);
        auto it = entries_.find(id);
        const uint64_t has = it == entries_.end() ? 0 : it->second.server_has;
        if (has == r.rev) return;
        if (kiosk_ && !kiosk_sends(r)) return;
        auto refused = refused_at_.find(id);
        if (refused != refused_at_.end() && refused->second == r.rev) return;  // shown, not retried until changed
        out.push_back(&r);
    });
    return out;
}

size_t SyncLedger::pending_count(const RecordStore& store) const { return pending(store).size(); }

std::vector<std::pair<std::string, std::string>> SyncLedger::refused() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [id, rev] : refused_at_) {
        (void)rev;
        auto e = entries_.find(id);
        if (e != entries_.end() && !e->second.refused.empty()) out.push_back({id, e->second.refused});
    }
    return out;
}

const SyncLedger::Entry* SyncLedger::find(const std::string& doc_id) const {
    auto it = entries_.find(doc_id);
    return it == entries_.end() ? nullptr : &it->second;
}

bool SyncLedger::retry_refused() {
    if (refused_at_.empty()) return false;
    for (const auto& [id, rev] : refused_at_) {
        (void)rev;
        auto e = entries_.find(id);
        if (e != entries_.end()) e->second.refused.clear();
    }
    refused_at_.clear();
    return true;
}

void SyncLedger::forget(const std::string& doc_id) {
    entries_.erase(doc_id);
    refused_at_.erase(doc_id);
}

std::vector<std::pair<std::string, std::string>> SyncLedger::known_revs() const {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(entries_.size());
    for (const auto& [id, e] : entries_)
        if (!e.server_rev.empty()) out.push_back({id, e.server_rev});
    std::sort(out.begin(), out.end());
    return out;
}

std::string SyncLedger::server_rev(const std::string& doc_id) const {
    const Entry* e = find(doc_id);
    return e ? e->server_rev : std::string();
}

nlohmann::json SyncLedger::to_json() const {
    nlohmann::json docs = nlohmann::json::object();
    for (const auto& [id, e] : entries_) {
        nlohmann::json row = {{"r", e.server_rev}, {"k", e.server_has}};
        if (!e.refused.empty()) {
            row["x"] = e.refused;
            auto at = refused_at_.find(id);
            if (at != refused_at_.end()) row["xr"] = at->second;
        }
        docs[id] = row;
    }
    return {{"format", "kefu.sync-ledger"}, {"version", 1}, {"seq", seq_}, {"docs", docs}};
}

namespace {
void append_json_string(std::string& out, const std::string& s) {
    bool plain = true;
    for (unsigned char c : s) plain = plain && c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    if (plain) {
        out += '"';
        out += s;
        out += '"';
    } else {
        out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
}
}  // namespace

std::string SyncLedger::to_text() const {
    std::string out = R"({"format":"kefu.sync-ledger","version":1,"seq":)";
    append_json_string(out, seq_);
    out += R"(,"docs":{)";
    out.reserve(out.size() + entries_.size() * 64);
    bool first = true;
    for (const auto& [id, e] : entries_) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, id);
        out += R"(:{"r":)";
        append_json_string(out, e.server_rev);
        out += R"(,"k":)";
        out += std::to_string(e.server_has);
        if (!e.refused.empty()) {
            out += R"(,"x":)";
            append_json_string(out, e.refused);
            auto at = refused_at_.find(id);
            if (at != refused_at_.end()) out += R"(,"xr":)" + std::to_string(at->second);
        }
        out += '}';
    }
    out += "}}";
    return out;
}

SyncLedger SyncLedger::from_text(std::string_view text) {
    SyncLedger l;
    std::string section, doc_id;  // the top-level key being read; the document id inside "docs"
    auto one = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) -> bool {
        using E = nlohmann::json::parse_event_t;
        if (event == E::key && depth == 1) section = parsed.is_string() ? parsed.get<std::string>() : std::string();
        if (section != "docs" || depth != 2) return true;
        if (event == E::key) doc_id = parsed.is_string() ? parsed.get<std::string>() : std::string();
        if (event != E::object_end) return true;
        if (parsed.is_object()) {  // one entry, read and dropped from the tree
            Entry e;
            e.server_rev = json_string(parsed, "r");
            const int64_t k = json_int(parsed, "k", 0);
            e.server_has = k > 0 ? static_cast<uint64_t>(k) : 0;
            e.refused = json_string(parsed, "x");
            if (!e.refused.empty()) {
                const int64_t xr = json_int(parsed, "xr", 0);
                if (xr > 0) l.refused_at_[doc_id] = static_cast<uint64_t>(xr);
            }
            l.entries_[doc_id] = std::move(e);
        }
        return false;
    };
    const nlohmann::json top = nlohmann::json::parse(text.begin(), text.end(), one, false);
    if (!top.is_object() || json_string(top, "format") != "kefu.sync-ledger") return {};
    l.seq_ = json_string(top, "seq");
    return l;
}

SyncLedger SyncLedger::from_json(const nlohmann::json& j) {
    SyncLedger l;
    if (!j.is_object() || json_string(j, "format") != "kefu.sync-ledger" || !j.contains("docs") || !j["docs"].is_object()) return l;
    l.seq_ = json_string(j, "seq");
    for (auto it = j["docs"].begin(); it != j["docs"].end(); ++it) {
        if (!it->is_object()) continue;
        Entry e;
        e.server_rev = json_string(*it, "r");
        const int64_t k = json_int(*it, "k", 0);
        e.server_has = k > 0 ? static_cast<uint64_t>(k) : 0;
        e.refused = json_string(*it, "x");
        if (!e.refused.empty()) {
            const int64_t xr = json_int(*it, "xr", 0);
            if (xr > 0) l.refused_at_[it.key()] = static_cast<uint64_t>(xr);
        }
        l.entries_[it.key()] = std::move(e);
    }
    return l;
}

}  // namespace kefu
