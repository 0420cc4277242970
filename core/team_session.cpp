#include "core/team_session.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "core/json_util.hpp"
#include "core/team_account.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;
}

TeamSignIn::TeamSignIn(Input in) : HttpMachine(State::SigningIn), in_(std::move(in)) {
    if (in_.server.empty()) fail("team.err.address");
    else if (in_.account.empty()) fail("team.err.account");
    else if (in_.password.empty()) fail("team.signin.password");
    if (failed()) return;
    const json body = {{"name", in_.account}, {"password", in_.password}};
    send("POST", "_session", body.dump(-1, ' ', false, json::error_handler_t::replace), true);
    in_.password.clear();  // sent once; kept nowhere
}

void TeamSignIn::send(const char* method, std::string path, std::string body, bool at_root) {
    queue(method, std::move(path), std::move(body), at_root).cookie = true;
}

void TeamSignIn::on_response(const HttpResponse& r) {
    if (!take_answer(r)) return;
    const json body = json::parse(r.body, nullptr, false);
    const std::string reason = body.is_object() ? json_string(body, "reason") : std::string();
    switch (state_) {
        case State::SigningIn:
            if (r.status == 401) return fail("team.signin.wrong", in_.account);
            if (r.status == 404) return fail("team.join.not_team", reason);
            if (r.status != 200) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            state_ = State::Checking;
            send("GET", "_session", "", true);
            return;
        case State::Checking: {
            const json ctx = body.is_object() && body.contains("userCtx") ? body["userCtx"] : json();
            if (r.status != 200 || !ctx.is_object() || json_string(ctx, "name") != in_.account) return fail("team.signin.no_cookie", in_.account);
            state_ = State::ReadingRole;
            send("GET", "_security", "", false);
            return;
        }
        case State::ReadingRole: {
            if (r.status == 401 || r.status == 403) return fail("team.signin.not_member", in_.account);
            if (r.status == 404) return fail("team.join.not_team", reason);
            if (r.status != 200 || !body.is_object()) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            const json roles = body.contains("kefu") && body["kefu"].is_object() && body["kefu"].contains("roles") ? body["kefu"]["roles"] : json();
            role_ = roles.is_object() ? json_string(roles, in_.account.c_str()) : std::string();
            if (!security_lists(body, "members", in_.account) || (role_ != "agent" && role_ != "lead" && role_ != "admin"))
                return fail("team.signin.not_member", in_.account);
            state_ = State::Done;
            return;
        }
        default: return;
    }
}

TeamPasswordChange::TeamPasswordChange(Input in) : HttpMachine(State::Confirming), in_(std::move(in)) {
    if (in_.server.empty()) fail("team.err.address");
    else if (in_.account.empty()) fail("team.err.account");
    else if (in_.old_password.empty()) fail("team.signin.password");
    else if (!valid_team_password(in_.new_password)) fail("team.account.short", std::to_string(kMinTeamPasswordChars));
    else if (in_.new_password == in_.old_password) fail("team.password.same");
    if (failed()) return;
    const json body = {{"name", in_.account}, {"password", in_.old_password}};
    send("POST", "_session", body.dump(-1, ' ', false, json::error_handler_t::replace));
    in_.old_password.clear();
}

void TeamPasswordChange::send(const char* method, std::string path, std::string body) {
    queue(method, std::move(path), std::move(body), true).cookie = true;
}

void TeamPasswordChange::fail(const char* key, std::string detail) {
    HttpMachine::fail(key, std::move(detail));
    in_.new_password.clear();
}

void TeamPasswordChange::on_response(const HttpResponse& r) {
    if (!take_answer(r)) {
        if (failed()) in_.new_password.clear();
        return;
    }
    json body = json::parse(r.body, nullptr, false);
    const std::string reason = body.is_object() ? json_string(body, "reason") : std::string();
    const std::string user_path = "_users/" + url_encode("org.couchdb.user:" + in_.account);
    switch (state_) {
        case State::Confirming:
            if (r.status == 401) return fail("team.password.wrong_current");
            if (r.status != 200) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            state_ = State::Reading;
            send("GET", user_path, "");
            return;
        case State::Reading:
            if (r.status == 401 || r.status == 403) return fail("team.err.signed_out", reason);
            if (r.status != 200 || !body.is_object() || json_string(body, "name") != in_.account)
                return fail("team.err.server", std::to_string(r.status) + " " + reason);
            body["password"] = in_.new_password;
            state_ = State::Writing;
            send("PUT", user_path, body.dump(-1, ' ', false, json::error_handler_t::replace));
            return;
        case State::Writing: {
            if (r.status == 409) return fail("team.password.conflict");
            if (r.status == 401 || r.status == 403) return fail("team.err.signed_out", reason);
            if (r.status != 200 && r.status != 201 && r.status != 202) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            state_ = State::SigningIn;
            const json again = {{"name", in_.account}, {"password", in_.new_password}};
            send("POST", "_session", again.dump(-1, ' ', false, json::error_handler_t::replace));
            in_.new_password.clear();
            return;
        }
        case State::SigningIn:
            // The password is changed either way; a failed sign-in with it only asks for it again.
            if (r.status != 200) return fail("team.password.changed_sign_in", std::to_string(r.status));
            state_ = State::Done;
            return;
        default: return;
    }
}

TeamPinSync::TeamPinSync(Input in) : HttpMachine(State::Reading), in_(std::move(in)) {
    if (in_.server.empty()) fail("team.err.address");
    else if (in_.account.empty()) fail("team.err.account");
    else read();
}

void TeamPinSync::read() {
    state_ = State::Reading;
    ++tries_;
    queue("GET", "_users/" + url_encode("org.couchdb.user:" + in_.account), "", true).cookie = true;
}

void TeamPinSync::on_response(const HttpResponse& r) {
    if (!take_answer(r)) return;
    json body = json::parse(r.body, nullptr, false);
    const std::string reason = body.is_object() ? json_string(body, "reason") : std::string();
    if (r.status == 401 || r.status == 403) return fail("team.err.signed_out", reason);
    switch (state_) {
        case State::Reading: {
            if (r.status != 200 || !body.is_object() || json_string(body, "name") != in_.account)
                return fail("team.err.server", std::to_string(r.status) + " " + reason);
            PinHash kept = body.contains("kefu_pin") ? pin_from_json(body["kefu_pin"]) : PinHash{};
            if (!valid_pin_hash(kept)) kept = PinHash{};
            const bool theirs_newer = !kept.empty() && (in_.local.empty() || kept.set_at_ms > in_.local.set_at_ms);
            const bool mine_newer = !in_.local.empty() && (kept.empty() || in_.local.set_at_ms > kept.set_at_ms ||
                                                           (in_.local.set_at_ms == kept.set_at_ms && !in_.local.same(kept)));
            if (theirs_newer) adopt_ = kept;
            if (!mine_newer) {
                state_ = State::Done;
                return;
            }
            body["kefu_pin"] = pin_to_json(in_.local);
            state_ = State::Writing;
            queue("PUT", "_users/" + url_encode("org.couchdb.user:" + in_.account), body.dump(-1, ' ', false, json::error_handler_t::replace), true)
                .cookie = true;
            return;
        }
        case State::Writing:
            if (r.status == 409 && tries_ < 3) return read();  // written meanwhile (another desk of the agent's)
            if (r.status != 200 && r.status != 201 && r.status != 202) return fail("team.err.server", std::to_string(r.status) + " " + reason);
            uploaded_ = true;
            state_ = State::Done;
            return;
        default: return;
    }
}

HttpRequest team_sign_out_request() {
    HttpRequest r;
    r.method = "DELETE";
    r.path = "_session";
    r.at_root = true;
    r.cookie = true;
    return r;
}

}  // namespace kefu
