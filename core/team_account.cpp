#include "core/team_account.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/json_util.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;

constexpr int kTableTries = 3;  // a table written by two desks at once loses one: read and write again
constexpr const char* kRoleKeepPrefix = "_design/kefu-role-";

json& names_of(json& security, const char* section) {
    if (!security.contains(section) || !security[section].is_object()) security[section] = json::object();
    json& s = security[section];
    if (!s.contains("names") || !s["names"].is_array()) s["names"] = json::array();
    if (!s.contains("roles") || !s["roles"].is_array()) s["roles"] = json::array();
    return s["names"];
}

// `name` in or out of a names list; true when the list changed.
bool set_listed(json& names, const std::string& name, bool in) {
    const auto at = std::find(names.begin(), names.end(), name);
    if (in == (at != names.end())) return false;
    if (in) names.push_back(name);
    else names.erase(at);
    return true;
}

// The role table ("kefu": {"roles": {...}}) of a _security object or the design document,
// made where it is missing, and the account's role put in.
// `role` empty: the account is taken out.
void put_role(json& holder, const std::string& account, const std::string& role) {
    if (!holder.contains("kefu") || !holder["kefu"].is_object()) holder["kefu"] = json::object();
    json& kefu = holder["kefu"];
    if (!kefu.contains("roles") || !kefu["roles"].is_object()) kefu["roles"] = json::object();
    if (role.empty()) kefu["roles"].erase(account);
    else kefu["roles"][account] = role;
}

std::string role_in(const json& holder, const std::string& account) {
    if (!holder.is_object() || !holder.contains("kefu") || !holder["kefu"].is_object() || !holder["kefu"].contains("roles") ||
        !holder["kefu"]["roles"].is_object())
        return {};
    return holder["kefu"]["roles"].value(account, std::string());
}
}  // namespace

bool security_lists(const nlohmann::json& security, const char* section, const std::string& name) {
    if (!security.is_object() || !security.contains(section) || !security[section].is_object()) return false;
    const json& names = security[section].contains("names") ? security[section]["names"] : json();
    return names.is_array() && std::find(names.begin(), names.end(), name) != names.end();
}

std::string agent_account(const std::string& agent_id, const std::string& tag) {
    return "kefu." + agent_id + "." + tag;
}

bool valid_team_password(const std::string& password) {
    if (!valid_utf8(password)) return false;
    size_t chars = 0;
    for (size_t i = 0; i < password.size(); ++chars) decode_utf8(password, i);
    return chars >= kMinTeamPasswordChars;
}

TeamAccount::TeamAccount(Input in) : HttpMachine(State::MakingAccount), in_(std::move(in)) {
    if (in_.server.empty()) fail("team.err.address");
    else if (in_.account.empty()) fail("team.err.account");
    else if (in_.password.empty()) read_design();
    else make_account();
}

void TeamAccount::send(const char* method, std::string path, std::string body, bool at_root, bool as_account) {
    HttpRequest& r = queue(method, std::move(path), std::move(body), at_root);
    if (as_account) {
        r.user = in_.account;
        r.password = in_.password;
    } else if (in_.admin.empty()) {
        r.cookie = true;
    } else {
        r.user = in_.admin;
        r.password = in_.admin_password;
    }
}

void TeamAccount::make_account() {
    state_ = State::MakingAccount;
    json user = {{"_id", "org.couchdb.user:" + in_.account}, {"name", in_.account}, {"password", in_.password},
                       {"roles", json::array()}, {"type", "user"}};
    if (in_.pin.is_object()) user["kefu_pin"] = in_.pin;
    send("PUT", "_users/" + url_encode("org.couchdb.user:" + in_.account), user.dump(-1, ' ', false, json::error_handler_t::replace), true);
}

void TeamAccount::read_design() {
    state_ = State::ReadingDesign;
    send("GET", "_design/kefu", "", false);
}

void TeamAccount::write_keep(const std::string& account, const std::string& role) {
    const std::string id = account + "-" + std::to_string(in_.now_ms);
    const json keep = {{"_id", kRoleKeepPrefix + id}, {"kefu", {{"account", account}, {"role", role}, {"at_ms", in_.now_ms}}}};
    send("PUT", "_users/" + std::string(kRoleKeepPrefix) + url_encode(id), keep.dump(), true);
}

void TeamAccount::read_members() {
    state_ = State::ReadingMembers;
    send("GET", "_security", "", false);
}

void TeamAccount::on_response(const HttpResponse& r) {
    if (!take_answer(r)) return;
    json body = json::parse(r.body, nullptr, false);
    const std::string reason = body.is_object() ? json_string(body, "reason") : std::string();
    const auto server_error = [&] { fail("team.err.server", std::to_string(r.status) + " " + reason); };
    // As the new account (6), a 401 says it is not, or no longer, in the table: Verifying retries.
    // Before any answer, the administrator's credentials are wrong (or their session ended);
    // after one, they signed in but may not write there.
    if (r.status == 401 && state_ != State::Verifying) {
        if (!answered_) return fail(in_.admin.empty() ? "team.err.signed_out" : "team.err.credentials", reason);
        return fail("team.join.not_admin", reason);
    }
    answered_ = true;
    if (r.status == 403 && state_ != State::Verifying) return fail("team.join.not_admin", reason);
    const bool written = r.status == 200 || r.status == 201 || r.status == 202;
    switch (state_) {
        case State::MakingAccount:
            if (r.status == 409) return fail("team.account.exists", in_.account);
            if (!written) return server_error();
            return read_design();
        case State::ReadingDesign:
            if (r.status == 404) return fail("team.join.not_team", "_design/kefu");
            if (r.status != 200 || !body.is_object()) return server_error();
            put_role(body, in_.account, in_.role);
            if (!in_.replaces.empty()) put_role(body, in_.replaces, "");
            state_ = State::WritingDesign;
            send("PUT", "_design/kefu", body.dump(-1, ' ', false, json::error_handler_t::replace), false);
            return;
        case State::WritingDesign: {
            if (r.status == 409 && ++design_tries_ < kTableTries) return read_design();  // written meanwhile
            if (!written) return server_error();
            state_ = State::WritingKeep;
            write_keep(in_.account, in_.role);
            return;
        }
        case State::WritingKeep:
            // 409: written by an earlier round of this machine (see 6): it says the same.
            if (!written && r.status != 409) return server_error();
            if (in_.replaces.empty()) return read_members();
            state_ = State::RetiringKeep;
            write_keep(in_.replaces, kRetiredRole);
            return;
        case State::RetiringKeep:
            if (!written && r.status != 409) return server_error();
            return read_members();
        case State::ReadingMembers: {
            if (r.status != 200 || !body.is_object()) return server_error();
            set_listed(names_of(body, "members"), in_.account, true);
            set_listed(names_of(body, "admins"), in_.account, in_.role == "admin");
            put_role(body, in_.account, in_.role);
            if (!in_.replaces.empty()) {
                set_listed(names_of(body, "members"), in_.replaces, false);
                set_listed(names_of(body, "admins"), in_.replaces, false);
                put_role(body, in_.replaces, "");
            }
            state_ = State::WritingMembers;
            send("PUT", "_security", body.dump(-1, ' ', false, json::error_handler_t::replace), false);
            return;
        }
        case State::WritingMembers:
            if (!written) return server_error();
            if (in_.role == "station") {
                state_ = State::Verifying;
                send("GET", "_security", "", false, !in_.password.empty());
                return;
            }
            state_ = State::ReadingUsersAdmins;
            send("GET", "_users/_security", "", true);
            return;
        case State::ReadingUsersAdmins: {
            if (r.status != 200 || !body.is_object()) return server_error();
            state_ = State::Verifying;
            bool changed = set_listed(names_of(body, "admins"), in_.account, in_.role == "admin");
            if (!in_.replaces.empty()) changed = set_listed(names_of(body, "admins"), in_.replaces, false) || changed;  // nor the old one
            if (changed) {
                state_ = State::WritingUsersAdmins;
                send("PUT", "_users/_security", body.dump(-1, ' ', false, json::error_handler_t::replace), true);
                return;
            }
            send("GET", "_security", "", false, !in_.password.empty());
            return;
        }
        case State::WritingUsersAdmins:
            if (!written) return server_error();
            state_ = State::Verifying;
            send("GET", "_security", "", false, !in_.password.empty());
            return;
        case State::Verifying:
            if (r.status != 200 || !security_lists(body, "members", in_.account) || role_in(body, in_.account) != in_.role ||
                security_lists(body, "admins", in_.account) != (in_.role == "admin") ||
                (!in_.replaces.empty() && (security_lists(body, "members", in_.replaces) || security_lists(body, "admins", in_.replaces) ||
                                           !role_in(body, in_.replaces).empty()))) {
                if (++table_tries_ < kTableTries) return read_design();
                return fail("team.join.account_failed", r.status == 200 ? "_security" : reason);
            }
            state_ = State::Done;
            return;
        default: return;
    }
}

}  // namespace kefu
