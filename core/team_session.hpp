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

#include "core/replicator.hpp"
#include "core/result.hpp"

namespace kefu {

class TeamSignIn {
public:
    enum class State { SigningIn, Checking, ReadingRole, Done, Failed };
    struct Input {
        std::string server;  // the database's address
        std::string account, password;
    };
    explicit TeamSignIn(Input in);

    std::vector<HttpRequest> take_requests();
    void on_response(const HttpResponse& r);

    State state() const { return state_; }
    bool done() const { return state_ == State::Done; }
    bool failed() const { return state_ == State::Failed; }
    const CommandError& error() const { return error_; }
    const std::string& account() const { return in_.account; }
    // The account's role in the team's table ("agent", "lead", "admin").
    const std::string& role() const { return role_; }

private:
    void send(const char* method, std::string path, std::string body, bool at_root);
    void fail(const char* key, std::string detail = {});

    Input in_;
    State state_ = State::SigningIn;
    std::string role_;
    uint64_t next_id_ = 1, pending_ = 0;
    std::vector<HttpRequest> requests_;
    CommandError error_;
};

// An agent changes their own team password (signed in to the team, at their desk):
//   1. POST <server>/_session   with the current password (whoever sits at an unlocked desk
//                               cannot change it without knowing it)
//   2. GET  <server>/_users/org.couchdb.user:<account>   their own document (a user reads
//                               their own; it carries the _rev the write needs)
//   3. PUT  the same document with `password`: the server hashes it (the old cookie ends:
//                               CouchDB's cookie is keyed with the password's salt)
//   4. POST <server>/_session   with the new password: the desk stays signed in
class TeamPasswordChange {
public:
    enum class State { Confirming, Reading, Writing, SigningIn, Done, Failed };
    struct Input {
        std::string server, account, old_password, new_password;
    };
    explicit TeamPasswordChange(Input in);

    std::vector<HttpRequest> take_requests();
    void on_response(const HttpResponse& r);

    State state() const { return state_; }
    bool done() const { return state_ == State::Done; }
    bool failed() const { return state_ == State::Failed; }
    const CommandError& error() const { return error_; }

private:
    void send(const char* method, std::string path, std::string body);
    void fail(const char* key, std::string detail = {});

    Input in_;
    State state_ = State::Confirming;
    uint64_t next_id_ = 1, pending_ = 0;
    std::vector<HttpRequest> requests_;
    CommandError error_;
};

// Ends the team session at sign-out: the server's answer drops the cookie.
HttpRequest team_sign_out_request();

}  // namespace kefu
