// Signing in to the team (issue "Team security"): an agent's account `kefu.<工号>` and team
// password exchanged for CouchDB's cookie session, once a shift, after the PIN. A state machine
// with effects (HTTP requests the app runs; native tests answer them). The password goes out
// in the first request only and is kept nowhere; the session is the server's `AuthSession`
// cookie, HttpOnly (the page cannot read it), renewed by the server on every request the
// station makes (its live feed included) and dropped at sign-out.
//
//   1. POST <server>/_session   {"name", "password"} (no Authorization): the server sets the cookie
//   2. GET  <server>/_session   with the cookie: it names this account (a browser that kept no
//                               cookie would be nobody here)
//   3. GET  _security           with the cookie: the account is a member, with a role in the table
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/http_machine.hpp"

namespace kefu {

enum class TeamSignInState { SigningIn, Checking, ReadingRole, Done, Failed };
class TeamSignIn : public HttpMachine<TeamSignInState> {
public:
    using State = TeamSignInState;
    struct Input {
        std::string server;  // the database's address
        std::string account, password;
    };
    explicit TeamSignIn(Input in);

    void on_response(const HttpResponse& r);

    const std::string& account() const { return in_.account; }
    // The account's role in the team's table ("agent", "lead", "admin").
    const std::string& role() const { return role_; }

private:
    void send(const char* method, std::string path, std::string body, bool at_root);

    Input in_;
    std::string role_;
};

// An agent changes their own team password (signed in to the team, at their desk):
//   1. POST <server>/_session   with the current password (whoever sits at an unlocked desk
//                               cannot change it without knowing it)
//   2. GET  <server>/_users/org.couchdb.user:<account>   their own document (a user reads
//                               their own; it carries the _rev the write needs)
//   3. PUT  the same document with `password`: the server hashes it (the old cookie ends:
//                               CouchDB's cookie is keyed with the password's salt)
//   4. POST <server>/_session   with the new password: the desk stays signed in
enum class TeamPasswordState { Confirming, Reading, Writing, SigningIn, Done, Failed };
class TeamPasswordChange : public HttpMachine<TeamPasswordState> {
public:
    using State = TeamPasswordState;
    struct Input {
        std::string server, account, old_password, new_password;
    };
    explicit TeamPasswordChange(Input in);

    void on_response(const HttpResponse& r);

private:
    void send(const char* method, std::string path, std::string body);
    void fail(const char* key, std::string detail = {});  // and forgets the new password

    Input in_;
};

// Ends the team session at sign-out: the server's answer drops the cookie.
HttpRequest team_sign_out_request();

}  // namespace kefu
