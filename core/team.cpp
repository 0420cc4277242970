#include "core/team.hpp"

#include <algorithm>

#include "core/app_state.hpp"
#include "core/case_commands.hpp"
#include "core/json_util.hpp"
#include "core/record_write.hpp"
#include "core/pull.hpp"
#include "core/settings.hpp"
#include "core/utf8.hpp"
#include "core/working_set.hpp"

namespace kefu {

namespace {

struct TeamApplier {
    AppState& state;
    const CommandContext& ctx;

    ApplyOutcome operator()(const JoinTeam& c) {
        if (c.server.empty() || c.server.size() > kMaxTeamAddressBytes || !valid_utf8(c.server))
            return refused(ApplyResult::failure("team.err.address"));
        if (c.account.empty() || c.account.size() > kMaxStationNameBytes || !valid_utf8(c.account))
            return refused(ApplyResult::failure("team.err.account"));
        if (!valid_station_code(c.station)) return refused(ApplyResult::failure("team.err.station_code", c.station));
        if (!valid_working_set_days(c.keep_days)) return refused(ApplyResult::failure("team.err.keep_days", std::to_string(c.keep_days)));
        Settings next = state.settings;
        next.team_keep_days = c.keep_days;
        next.team_server = c.server;
        next.team_account = c.account;
        next.team_station = c.station;
        next.team_kiosk = c.kiosk;
        if (c.kiosk) next.team_keep_days = 0;
        UndoScope undo(state.records);
        ApplyOutcome out = store_settings(state, next, ctx);
        if (!out.ok()) return out;
        for (Change& ch : add_station_code(state, c.station, ctx)) out.changes.push_back(std::move(ch));
        undo.commit();
        return out;
    }
    ApplyOutcome operator()(const LeaveTeam&) {
        if (!state.settings.in_team()) return refused(ApplyResult::failure("team.err.not_in_team"));
        Settings next = state.settings;
        next.team_server.clear();
        next.team_account.clear();
        next.team_station.clear();
        next.team_keep_days = 0;
        next.team_kiosk = false;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const SetTeamWorkingSet& c) {
        if (!state.settings.in_team()) return refused(ApplyResult::failure("team.err.not_in_team"));
        if (!valid_working_set_days(c.days)) return refused(ApplyResult::failure("team.err.keep_days", std::to_string(c.days)));
        Settings next = state.settings;
        next.team_keep_days = c.days;
        return store_settings(state, next, ctx);
    }
    ApplyOutcome operator()(const ResolveConflict& c) {
        const Record* r = state.records.find(c.type, c.id);
        if (!r || !team_replicates(c.type)) return refused(ApplyResult::failure("team.err.no_record", c.id));
        if (r->rev != c.base_rev) return refused(ApplyResult::failure("error.record.conflict", std::to_string(r->rev)));
        if (c.picks.empty()) return refused(ApplyResult::failure("team.err.no_pick"));
        nlohmann::json data = r->data();
        if (!data.is_object() || !data.contains(kConflictsField) || !data[kConflictsField].is_array())
            return refused(ApplyResult::failure("team.err.no_conflict", c.id));
        nlohmann::json left = nlohmann::json::array();
        bool deleted = false;
        std::vector<std::string> done;
        for (const nlohmann::json& entry : data[kConflictsField]) {
            const std::string path = entry.is_object() ? json_string(entry, "path") : std::string();
            auto pick = std::find_if(c.picks.begin(), c.picks.end(), [&](const ConflictPick& p) { return p.path == path; });
            if (pick == c.picks.end() || std::find(done.begin(), done.end(), path) != done.end()) {
                left.push_back(entry);
                continue;
            }
            done.push_back(path);
            const nlohmann::json value = entry.value(pick->theirs ? "theirs" : "mine", nlohmann::json());
            if (path == "_deleted") {
                deleted = value.is_boolean() && value.get<bool>();
                continue;
            }
            // Walk "a.b.c" into the data, making objects on the way; null removes the field.
            nlohmann::json* at = &data;
            std::string key;
            size_t from = 0;
            for (size_t dot; (dot = path.find('.', from)) != std::string::npos; from = dot + 1) {
                key = path.substr(from, dot - from);
                if (!(*at)[key].is_object()) (*at)[key] = nlohmann::json::object();
                at = &(*at)[key];
            }
            key = path.substr(from);
            if (value.is_null()) at->erase(key);
            else (*at)[key] = value;
        }
        if (done.size() != c.picks.size()) return refused(ApplyResult::failure("team.err.no_conflict", c.id));
        if (left.empty()) data.erase(kConflictsField);
        else data[kConflictsField] = left;
        // Deleting was picked: the settled data is written, then the record deleted (one command).
        if (deleted) return remove_record(state.records, c.type, c.id, c.base_rev, &data, ctx);
        return replace_record(state.records, c.type, c.id, c.base_rev, data, ctx);
    }
    ApplyOutcome operator()(const ApplyPulled& c) {
        ApplyOutcome out;
        for (const TeamDoc& doc : c.docs) {
            const Record& pulled = doc.record;
            if (!team_replicates(pulled.type)) continue;  // a desk's own record is never taken from the team
            const Record* local = state.records.find_any(pulled.type, pulled.id);
            const std::vector<HistoryEntry> history = local ? state.records.history(pulled.type, pulled.id) : std::vector<HistoryEntry>{};
            PullStep step = plan_pull(local, history, doc, ctx.now_ms);
            if ((step.kind == PullKind::Same || step.kind == PullKind::Behind) && !step.adopt) continue;
            const ApplyResult r = state.records.apply_change(step.change);
            if (!r.ok) continue;  // validated on arrival; a store refusal leaves the record as it was
            out.changes.push_back(std::move(step.change));
        }
        out.result = ApplyResult::success();
        return out;
    }
    ApplyOutcome operator()(const ReleaseRecords& c) {
        ApplyOutcome out;
        const int days = state.settings.team_keep_days;
        if (!state.settings.in_team() || days == kKeepEverything) return refused(ApplyResult::failure("team.err.keeps_everything"));
        const int64_t cutoff = working_set_cutoff_ms(ctx.now_ms, days);
        for (const ReleaseRecords::Item& item : c.records) {
            const Record* r = state.records.find_any(item.type, item.id);
            if (!r || r->rev != item.rev || !team_replicates(r->type) || !dated_type(r->type) || in_working_set(*r, cutoff)) continue;
            if (state.in_conflict.count(team_doc_id(r->type, r->id))) continue;
            Change change;
            if (state.records.release(item.type, item.id, item.rev, ctx, &change).ok) out.changes.push_back(std::move(change));
        }
        out.result = ApplyResult::success();
        return out;
    }
};

constexpr CommandInfo kTeamCommands[] = {
    {"JoinTeam", Role::Admin},
    {"LeaveTeam", Role::Admin},
    {"ApplyPulled", Role::Agent},  // permitted() lets it through for anyone: it is no one's act
    {"ResolveConflict", Role::Lead},
    {"SetTeamWorkingSet", Role::Admin},
    {"ReleaseRecords", Role::Agent},  // permitted() lets it through for anyone, like ApplyPulled
};
static_assert(covers<TeamCmd>(kTeamCommands), "one row per team command, in the variant's order");

}  // namespace

ApplyOutcome apply_family(AppState& s, const TeamCmd& c, const CommandContext& ctx) { return std::visit(TeamApplier{s, ctx}, c); }
const char* family_command_name(const TeamCmd& c) { return kTeamCommands[c.index()].name; }
Role family_role(const AppState&, const TeamCmd& c, const Actor&) { return kTeamCommands[c.index()].role; }

std::vector<FieldConflict> field_conflicts(const Record& r) {
    std::vector<FieldConflict> out;
    if (r.data_blob.find(kConflictsField) == std::string::npos) return out;
    const nlohmann::json d = r.data();
    if (!d.is_object() || !d.contains(kConflictsField) || !d[kConflictsField].is_array()) return out;
    const auto actor = [](const nlohmann::json& e, const char* key) {
        Actor a;
        if (e.contains(key) && e[key].is_object()) a = {json_string(e[key], "agent_id"), json_string(e[key], "name")};
        return a;
    };
    for (const nlohmann::json& e : d[kConflictsField]) {
        if (!e.is_object()) continue;
        out.push_back({json_string(e, "path"), e.value("base", nlohmann::json()), e.value("mine", nlohmann::json()),
                       e.value("theirs", nlohmann::json()), actor(e, "mine_by"), actor(e, "theirs_by")});
    }
    return out;
}

namespace {
bool holds_conflicts(const Record& r) {
    // A cheap look at the encoded bytes first (the key's text is in them); the data decides.
    if (r.data_blob.find(kConflictsField) == std::string::npos) return false;
    const nlohmann::json d = r.data();
    return d.is_object() && d.contains(kConflictsField) && d[kConflictsField].is_array() && !d[kConflictsField].empty();
}
}  // namespace

void note_conflicts(AppState& s, const std::string& type, const std::string& id) {
    if (!team_replicates(type)) return;
    const Record* r = s.records.find(type, id);
    const std::string doc = team_doc_id(type, id);
    if (r && holds_conflicts(*r)) s.in_conflict.insert(doc);
    else s.in_conflict.erase(doc);
}

void rebuild_conflicts(AppState& s) {
    s.in_conflict.clear();
    for (const std::string& type : s.records.types()) {
        if (!team_replicates(type)) continue;
        s.records.for_each(type, [&](const Record& r) {
            if (holds_conflicts(r)) s.in_conflict.insert(team_doc_id(r.type, r.id));
        });
    }
}

std::vector<std::string> records_in_conflict(const AppState& s) { return {s.in_conflict.begin(), s.in_conflict.end()}; }

}  // namespace kefu
