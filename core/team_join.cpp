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

std::string TeamJoin::account() const { return station_account(code_); }

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

void TeamJoin::on_response(const HttpResponse& r) {
    if (r.id != pending_ || state_ == State::Done || state_ == State::Failed) return;
    pending_ = 0;
    const json body = json::parse(r.body, nullptr, false);
    const std::string reason = body.is_object() ? json_string(body, "reason") : std::string();
    if (r.status <= 0) return fail("team.err.unreachable");
    if (r.status == 401) return fail(state_ == State::Verifying ? "team.join.account_failed" : "team.err.credentials", reason);
    if (r.status >= 500) return fail("team.err.server", std::to_string(r.status));
    switch (state_) {
        case State::Checking:
            if (r.status != 200 || !body.is_object()) return fail("team.join.not_team", std::to_string(r.status));
            // A database administrator of CouchDB itself may also set a team up.
            if (!has_role(body, "kefu-admin") && !has_role(body, "_admin")) return fail("team.join.not_admin", in_.admin);
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
            state_ = State::MakingAccount;
            send("PUT", "_users/" + url_encode("org.couchdb.user:" + account()),
                 json{{"name", account()}, {"password", in_.new_password}, {"roles", {"kefu-station"}}, {"type", "user"}}.dump(), true);
            return;
        case State::MakingAccount:
            if (r.status == 403) return fail("team.join.not_admin", reason);
            if (r.status != 201 && r.status != 202) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            state_ = State::Verifying;
            send("GET", "_session", "", true, true);
            return;
        case State::Verifying:
            if (r.status != 200 || !has_role(body, "kefu-station")) return fail("team.join.account_failed", reason);
            state_ = State::Done;
            return;
        default: return;
    }
}

}  // namespace kefu
