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

#include "core/agents.hpp"
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

// The agent's PIN hash between this desk and their own team account (issue "Team security",
// secrets stay secret): the team database never holds it (team_doc.hpp), the agent's own
// `_users` document does, as `kefu_pin` (a user reads and writes their own; administrators of
// _users read it; no other member does). Run with the team session's cookie after the team
// sign-in and whenever the agent chooses a new PIN at this desk:
//   1. GET <server>/_users/org.couchdb.user:<account>
//   2. the newer of the two copies counts (PinHash::set_at_ms): the account's → adopt() (a new
//      desk, or a PIN changed at another desk); this desk's → PUT the document with it
//      (409: read again, three times at most)
enum class TeamPinState { Reading, Writing, Done, Failed };
class TeamPinSync : public HttpMachine<TeamPinState> {
public:
    using State = TeamPinState;
    struct Input {
        std::string server, account;
        PinHash local;  // this desk's (empty: none here)
    };
    explicit TeamPinSync(Input in);

    void on_response(const HttpResponse& r);

    // The account's PIN hash, when it is newer than this desk's (empty: keep this desk's).
    const PinHash& adopt() const { return adopt_; }
    bool uploaded() const { return uploaded_; }

private:
    void read();

    Input in_;
    PinHash adopt_;
    bool uploaded_ = false;
    int tries_ = 0;
};

// Ends the team session at sign-out: the server's answer drops the cookie.
HttpRequest team_sign_out_request();

}  // namespace kefu
