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

TeamJoin::TeamJoin(Input in) : HttpMachine(State::Checking), in_(std::move(in)) {
    if (in_.server.empty()) fail("team.err.address");
    else if (in_.admin.empty()) fail("team.err.account");
    else send("GET", "_session", "", true);
}

std::string TeamJoin::account() const {
    return station_account(in_.account_tag.empty() ? code_ : code_ + "-" + in_.account_tag);  // lower-cased there
}

void TeamJoin::send(const char* method, std::string path, std::string body, bool at_root) {
    HttpRequest& r = queue(method, std::move(path), std::move(body), at_root);
    r.user = in_.admin;
    r.password = in_.admin_password;
}

std::vector<HttpRequest> TeamJoin::take_requests() {
    if (account_) return account_->take_requests();
    return HttpMachine::take_requests();
}

std::string team_address(std::string typed) {
    while (!typed.empty() && (typed.back() == '/' || typed.back() == ' ')) typed.pop_back();
    return typed;
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
    if (account_ && state_ == State::MakingAccount) {
        account_->on_response(r);
        if (account_->done()) state_ = State::Done;
        else if (account_->failed()) fail(account_->error().key.c_str(), account_->error().detail);
        return;
    }
    // (No answer, a server error, too many failed sign-ins: as the sync says them.)
    if (!take_answer(r)) return;
    json body = json::parse(r.body, nullptr, false);
    const std::string reason = body.is_object() ? json_string(body, "reason") : std::string();
    // The administrator signed in (1) but the database refuses them: not one of its members.
    if ((r.status == 401 || r.status == 403) && (state_ == State::ReadingSecurity || state_ == State::ReadingCodes))
        return fail("team.join.not_admin", in_.admin);
    if (r.status == 401) return fail("team.err.credentials", reason);
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
            if (!server_admin_ && !security_lists(body, "admins", in_.admin)) return fail("team.join.not_admin", in_.admin);
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
            account_ = std::make_unique<TeamAccount>(
                TeamAccount::Input{in_.server, in_.admin, in_.admin_password, account(), in_.new_password, "station", in_.now_ms});
            if (account_->failed()) fail(account_->error().key.c_str(), account_->error().detail);
            return;
        default: return;
    }
}

KioskJoin::KioskJoin(Input in) : HttpMachine(State::Reading), in_(std::move(in)) {
    if (in_.server.empty()) {
        fail("team.err.address");
        return;
    }
    if (in_.account.empty() || in_.password.empty()) {
        fail("team.err.credentials");
        return;
    }
    HttpRequest& r = queue("GET", "_design/kefu", "", false);
    r.user = in_.account;
    r.password = in_.password;
}

void KioskJoin::on_response(const HttpResponse& r) {
    if (!take_answer(r)) return;
    if (r.status == 401 || r.status == 403) return fail("team.err.credentials");
    const json d = r.status == 200 ? json::parse(r.body, nullptr, false) : json();
    const json* k = d.is_object() && d.contains("kefu") && d["kefu"].is_object() && d["kefu"].contains("kiosk") ? &d["kefu"]["kiosk"] : nullptr;
    if (!k || !k->is_object()) return fail("team.kiosk.not_dropbox", in_.server);
    code_ = json_string(*k, "code");
    name_ = json_string(*k, "name");
    if (!valid_station_code(code_)) return fail("team.err.station_code", code_);
    state_ = State::Done;
}

}  // namespace kefu
