#include "core/team_doc.hpp"

#include <algorithm>

#include "core/agents.hpp"
#include "core/exchange.hpp"
#include "core/json_util.hpp"
#include "core/settings.hpp"

namespace kefu {

bool team_replicates(std::string_view type) { return type != kSettingsType; }

bool team_private_field(std::string_view type, std::string_view field) { return type == kAgentType && field == "pin"; }

void strip_private(std::string_view type, nlohmann::json& data) {
    if (type == kAgentType && data.is_object()) data.erase("pin");
}

void strip_private(std::string_view type, std::vector<HistoryEntry>& history) {
    if (type != kAgentType) return;
    for (HistoryEntry& e : history)
        e.fields.erase(std::remove_if(e.fields.begin(), e.fields.end(), [&](const FieldChange& f) { return team_private_field(type, f.field); }),
                       e.fields.end());
}

std::string team_doc_id(std::string_view type, std::string_view id) {
    std::string out(type);
    out += ':';
    out += id;
    return out;
}

bool parse_team_doc_id(std::string_view doc_id, std::string& type, std::string& id) {
    const size_t colon = doc_id.find(':');
    if (colon == std::string_view::npos || doc_id.empty() || doc_id[0] == '_') return false;
    const std::string_view t = doc_id.substr(0, colon), i = doc_id.substr(colon + 1);
    if (!valid_record_type(t) || !valid_record_id(i)) return false;
    type.assign(t);
    id.assign(i);
    return true;
}

bool relays(const HistoryEntry& e, const Actor& sender, uint64_t server_has) {
    return !sender.agent_id.empty() && e.rev > server_has && e.via.agent_id.empty() && e.by.agent_id != sender.agent_id;
}

bool relay_entries(std::vector<HistoryEntry>& history, const Actor& sender, uint64_t server_has) {
    bool any = false;
    for (HistoryEntry& e : history)
        if (relays(e, sender, server_has)) e.via = sender, any = true;
    return any;
}

nlohmann::json to_team_doc(const Record& r, const std::vector<HistoryEntry>& history, const std::string& server_rev, const Actor& sender,
                           uint64_t server_has) {
    nlohmann::json doc;
    const bool relayed = std::any_of(history.begin(), history.end(), [&](const HistoryEntry& e) { return relays(e, sender, server_has); });
    if (r.type == kAgentType || relayed) {  // the PIN hash stays at the station; relayed entries say so
        Record shared = r;
        if (r.type == kAgentType) {
            nlohmann::json data = r.data();
            strip_private(r.type, data);
            shared.set_data(data);
        }
        std::vector<HistoryEntry> h = history;
        strip_private(r.type, h);
        relay_entries(h, sender, server_has);
        doc = exchange_record(shared, h);
    } else {
        doc = exchange_record(r, history);
    }
    doc["_id"] = team_doc_id(r.type, r.id);
    if (!server_rev.empty()) doc["_rev"] = server_rev;
    doc["kefu"] = kTeamDocFormat;
    return doc;
}

bool from_team_doc(const nlohmann::json& doc, TeamDoc& out, std::vector<FieldIssue>& issues) {
    const std::string id = doc.is_object() ? json_string(doc, "_id") : std::string();
    const std::string path = id.empty() ? "doc" : id;
    if (!doc.is_object()) return issues.push_back({path, "import.err.type", "object"}), false;
    std::string type, rid;
    if (!parse_team_doc_id(id, type, rid)) return issues.push_back({path, "team.err.doc_id", id}), false;
    if (!doc.contains("kefu") || !doc["kefu"].is_number_integer()) return issues.push_back({path + ".kefu", "import.err.missing", ""}), false;
    if (doc["kefu"].get<int64_t>() > kTeamDocFormat) return issues.push_back({path + ".kefu", "import.err.version_newer", doc["kefu"].dump()}), false;
    if (json_bool(doc, "_deleted", false)) return issues.push_back({path, "team.err.server_deleted", ""}), false;
    TeamDoc read;
    if (!read_exchange_record(doc, path, read.record, read.history_blob, issues)) return false;
    if (read.record.type != type || read.record.id != rid) return issues.push_back({path, "team.err.doc_id", id}), false;
    if (read.record.type == kAgentType) {  // a PIN from the server is nobody's to take
        nlohmann::json data = read.record.data();
        std::vector<HistoryEntry> h;
        decode_history(read.history_blob, h);
        strip_private(type, data);
        strip_private(type, h);
        read.record.set_data(data);
        read.history_blob = encode_history(h);
    }
    read.server_rev = json_string(doc, "_rev");
    out = std::move(read);
    return true;
}

}  // namespace kefu
