#include "core/team_doc.hpp"

#include "core/exchange.hpp"
#include "core/json_util.hpp"
#include "core/settings.hpp"

namespace kefu {

bool team_replicates(std::string_view type) { return type != kSettingsType; }

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

nlohmann::json to_team_doc(const Record& r, const std::vector<HistoryEntry>& history, const std::string& server_rev) {
    nlohmann::json doc = exchange_record(r, history);
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
    read.server_rev = json_string(doc, "_rev");
    out = std::move(read);
    return true;
}

}  // namespace kefu
