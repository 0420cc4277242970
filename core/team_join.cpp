#include "core/team_join.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/case.hpp"
#include "core/json_util.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;
constexpr const char* kStationPrefix = "kefu-station:";

bool has_role(const json& session, const char* role) {
    if (!session.is_object() || !session.contains("userCtx") || !session["userCtx"].is_object()) return false;
    const json& roles = session["userCtx"].contains("roles") ? session["userCtx"]["roles"] : json();
    return roles.is_array() && std::find(roles.begin(), roles.end(), role) != roles.end();
}

// `names` of a _security section ("admins", "members") holds `name`.
bool listed(const json& security, const char* section, const std::string& name) {
    if (!security.is_object() || !security.contains(section) || !security[section].is_object()) return false;
    const json& names = security[section].contains("names") ? security[section]["names"] : json();
    return names.is_array() && std::find(names.begin(), names.end(), name) != names.end();
}

// The role table ("kefu": {"roles": {...}}) of a _security object or the design document,
// made where it is missing, and the station's role put in.
void put_role(json& holder, const std::string& account) {
    if (!holder.contains("kefu") || !holder["kefu"].is_object()) holder["kefu"] = json::object();
    json& kefu = holder["kefu"];
    if (!kefu.contains("roles") || !kefu["roles"].is_object()) kefu["roles"] = json::object();
    kefu["roles"][account] = "station";
}

bool has_station_role(const json& holder, const std::string& account) {
    return holder.is_object() && holder.contains("kefu") && holder["kefu"].is_object() && holder["kefu"].contains("roles") &&
           holder["kefu"]["roles"].is_object() && holder["kefu"]["roles"].value(account, std::string()) == "station";
}

constexpr int kTableTries = 3;  // a table written by two joins at once loses one: read and write again
// The role's keeping copy, one design document of _users per account (only _users admins, the
// Kefu administrators, write design documents there; pouchdb-server lets no one but server
// administrators read _users, so it is written, never read, here): what scripts/team_server.py
// restores the role table from when the team database was deleted and made again.
constexpr const char* kRoleKeepPrefix = "_design/kefu-role-";
}  // namespace

std::string station_account(const std::string& code) {
    std::string lower = code;
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return "kefu-station-" + lower;
}

TeamJoin::TeamJoin(Input in) : in_(std::move(in)) {
    if (in_.server.empty()) fail("team.err.address");
    else if (in_.admin.empty()) fail("team.err.account");
    else send("GET", "_session", "", true);
}

std::string TeamJoin::account() const {
    return station_account(in_.account_tag.empty() ? code_ : code_ + "-" + in_.account_tag);  // lower-cased there
}

void TeamJoin::send(const char* method, std::string path, std::string body, bool at_root, bool as_station) {
    HttpRequest& r = queue_request(requests_, next_id_, method, std::move(path), std::move(body));
    r.at_root = at_root;
    r.user = as_station ? account() : in_.admin;
    r.password = as_station ? in_.new_password : in_.admin_password;
    pending_ = r.id;
}

std::vector<HttpRequest> TeamJoin::take_requests() { return std::exchange(requests_, {}); }

std::string team_address(std::string typed) {
    while (!typed.empty() && (typed.back() == '/' || typed.back() == ' ')) typed.pop_back();
    return typed;
}

void TeamJoin::fail(const char* key, std::string detail) {
    state_ = State::Failed;
    error_ = {key, std::move(detail)};
}

void TeamJoin::claim_next() {
    while (taken_.count(station_code_at(next_code_))) ++next_code_;
    code_ = station_code_at(next_code_++);
    if (code_.size() > 3) return fail("team.join.no_code");
    state_ = State::Claiming;
    const json claim = {{"_id", kStationPrefix + code_}, {"kind", "station"}, {"code", code_}, {"name", in_.station_name},
                        {"joined_at_ms", in_.now_ms}, {"account", account()}, {"by", in_.admin}};
    send("PUT", url_encode(kStationPrefix + code_), claim.dump(-1, ' ', false, json::error_handler_t::replace), false);
}

void TeamJoin::make_account() {
    state_ = State::MakingAccount;
    const json user = {{"_id", "org.couchdb.user:" + account()}, {"name", account()}, {"password", in_.new_password},
                       {"roles", json::array()}, {"type", "user"}};
    send("PUT", "_users/" + url_encode("org.couchdb.user:" + account()), user.dump(), true);
}

void TeamJoin::read_design() {
    state_ = State::ReadingDesign;
    send("GET", "_design/kefu", "", false);
}

void TeamJoin::write_keep() {
    state_ = State::WritingKeep;
    const json keep = {{"_id", kRoleKeepPrefix + account()}, {"kefu", {{"account", account()}, {"role", "station"}}}};
    send("PUT", std::string("_users/") + kRoleKeepPrefix + url_encode(account()), keep.dump(), true);
}

void TeamJoin::on_response(const HttpResponse& r) {
    if (r.id != pending_ || state_ == State::Done || state_ == State::Failed) return;
    pending_ = 0;
    json body = json::parse(r.body, nullptr, false);
    const std::string reason = body.is_object() ? json_string(body, "reason") : std::string();
    // No answer, a server error, too many failed sign-ins (serve.py --team, nginx): as the sync says them.
    if (r.status <= 0 || r.status >= 500 || r.status == 429) {
        const CommandError e = transport_error(r.status);
        return fail(e.key.c_str(), e.detail);
    }
    // The administrator signed in (1) but the database refuses them: not one of its members.
    if ((r.status == 401 || r.status == 403) && (state_ == State::ReadingSecurity || state_ == State::ReadingCodes))
        return fail("team.join.not_admin", in_.admin);
    // (As the station, 10, a 401 says it is not, or no longer, a member: Verifying retries.)
    if (r.status == 401 && state_ != State::Verifying) return fail("team.err.credentials", reason);
    switch (state_) {
        case State::Checking:
            if (r.status != 200 || !body.is_object() || !body.contains("userCtx")) return fail("team.join.not_team", std::to_string(r.status));
            server_admin_ = has_role(body, "_admin");  // a server administrator of CouchDB itself may set a team up
            state_ = State::ReadingSecurity;
            send("GET", "_security", "", false);
            return;
        case State::ReadingSecurity:
            if (r.status == 404) return fail("team.join.not_team", reason);
            if (r.status != 200 || !body.is_object()) return fail("team.join.not_team", std::to_string(r.status));
            if (!server_admin_ && !listed(body, "admins", in_.admin)) return fail("team.join.not_admin", in_.admin);
            state_ = State::ReadingCodes;
            send("GET", "_all_docs?startkey=" + url_encode("\"kefu-station:\"") + "&endkey=" + url_encode("\"kefu-station:\xef\xbf\xb0\""), "", false);
            return;
        case State::ReadingCodes:
            if (r.status == 404) return fail("team.join.not_team", reason);
            if (r.status != 200 || !body.is_object() || !body.contains("rows") || !body["rows"].is_array())
                return fail("team.join.not_team", std::to_string(r.status));
            for (const json& row : body["rows"]) {
                const std::string id = row.is_object() ? json_string(row, "id") : std::string();
                if (id.rfind(kStationPrefix, 0) == 0) taken_.insert(id.substr(std::char_traits<char>::length(kStationPrefix)));
            }
            return claim_next();
        case State::Claiming:
            if (r.status == 409 || r.status == 403) {  // claimed meanwhile by another desk
                taken_.insert(code_);
                return claim_next();
            }
            if (r.status != 201 && r.status != 202) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            return make_account();
        case State::MakingAccount:
            if (r.status == 403) return fail("team.join.not_admin", reason);
            if (r.status != 201 && r.status != 202) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            return read_design();
        case State::ReadingDesign:
            if (r.status == 404) return fail("team.join.not_team", "_design/kefu");
            if (r.status != 200 || !body.is_object()) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            put_role(body, account());
            state_ = State::WritingDesign;
            send("PUT", "_design/kefu", body.dump(-1, ' ', false, json::error_handler_t::replace), false);
            return;
        case State::WritingDesign:
            if (r.status == 409 && ++design_tries_ < kTableTries) return read_design();  // written meanwhile
            if (r.status == 403) return fail("team.join.not_admin", reason);
            if (r.status != 201 && r.status != 202) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            return write_keep();
        case State::WritingKeep:
            if (r.status == 403) return fail("team.join.not_admin", reason);
            // 409: written by an earlier round of this join (see 10): it says the same.
            if (r.status != 201 && r.status != 202 && r.status != 409) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            state_ = State::ReadingMembers;
            send("GET", "_security", "", false);
            return;
        case State::ReadingMembers: {
            if (r.status != 200 || !body.is_object()) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            if (!body.contains("members") || !body["members"].is_object()) body["members"] = json::object();
            json& members = body["members"];
            if (!members.contains("names") || !members["names"].is_array()) members["names"] = json::array();
            if (!members.contains("roles") || !members["roles"].is_array()) members["roles"] = json::array();
            if (!listed(body, "members", account())) members["names"].push_back(account());
            put_role(body, account());
            state_ = State::WritingMembers;
            send("PUT", "_security", body.dump(-1, ' ', false, json::error_handler_t::replace), false);
            return;
        }
        case State::WritingMembers:
            if (r.status == 403) return fail("team.join.not_admin", reason);
            if (r.status != 200 && r.status != 201) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            state_ = State::Verifying;
            send("GET", "_security", "", false, true);
            return;
        case State::Verifying:
            if (r.status != 200 || !listed(body, "members", account()) || !has_station_role(body, account())) {
                if (++table_tries_ < kTableTries) return read_design();
                return fail("team.join.account_failed", r.status == 200 ? "_security" : reason);
            }
            state_ = State::Done;
            return;
        default: return;
    }
}

}  // namespace kefu
