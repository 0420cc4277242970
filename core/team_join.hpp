// Joining a team (issue "Team"): a station with the team database's address and an
// administrator's account claims a station code and gets an account of its own, as a state
// machine with effects (HTTP requests the app runs; native tests answer them).
// Nothing rests on CouchDB user roles (an ordinary user may change their own on pouchdb-server,
// docs/team-security.md): who is what is the database's _security, by name, which only its
// administrators write.
//
//   1. GET  <server>/_session          as the administrator: the credentials work
//   2. GET  _security                   is the account one of the database's admins (by name),
//                                       or a server administrator (role _admin)?
//   3. GET  _all_docs?startkey="kefu-station:"…   the station codes taken already
//   4. PUT  kefu-station:<code>         claims the first free code (409: taken meanwhile, the
//                                       next one); the validation never lets a claim be taken over
//   5.–10.                          the station's own account (no roles, a random password;
//                                       a random tag in its name: anyone may sign up on
//                                       pouchdb-server, a name known in advance could be taken)
//                                       with the role "station", made by core/team_account,
//                                       which checks at the end that the station signs in and
//                                       finds itself in the table
// Then the app dispatches JoinTeam{address, account, code} and keeps the password in the
// station's own folder (never in a record, never exported). The administrator's password is
// used for these requests only and kept nowhere.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/http_machine.hpp"
#include "core/team_account.hpp"

namespace kefu {

enum class TeamJoinState { Checking, ReadingSecurity, ReadingCodes, Claiming, MakingAccount, Done, Failed };

class TeamJoin : public HttpMachine<TeamJoinState> {
public:
    using State = TeamJoinState;
    struct Input {
        std::string server;          // the database's address ("/team/db", "https://couch…/kefu")
        std::string admin, admin_password;
        std::string station_name;    // shown in the station's claim, for people reading the server
        std::string new_password;    // random, from the platform (crypto.getRandomValues)
        std::string account_tag;     // random too: the account's name ends with it (lower-cased)
        int64_t now_ms = 0;
    };
    explicit TeamJoin(Input in);

    // The join's own requests, then (5–10) the account machine's.
    std::vector<HttpRequest> take_requests();
    void on_response(const HttpResponse& r);

    const std::string& station_code() const { return code_; }
    std::string account() const;
    const std::string& password() const { return in_.new_password; }
    const std::string& server() const { return in_.server; }

private:
    void send(const char* method, std::string path, std::string body, bool at_root);
    void claim_next();

    Input in_;
    std::set<std::string> taken_;
    size_t next_code_ = 0;
    std::string code_;
    std::unique_ptr<TeamAccount> account_;  // 5–10
    bool server_admin_ = false;
};

// A kiosk joining its drop-box (scripts/team_server.py add_kiosk printed its address, account
// and password): one GET of the drop-box's design document with the kiosk's account, which
// says the kiosk's station code ("kefu": {"kiosk": {"code", "name"}}). A wrong password, an
// address that is no drop-box, a server that cannot be reached: Failed, in words.
enum class KioskJoinState { Reading, Done, Failed };

class KioskJoin : public HttpMachine<KioskJoinState> {
public:
    using State = KioskJoinState;
    struct Input {
        std::string server;  // the drop-box's address ("/team/kiosk/a")
        std::string account, password;
    };
    explicit KioskJoin(Input in);
    void on_response(const HttpResponse& r);
    const std::string& server() const { return in_.server; }
    const std::string& account() const { return in_.account; }
    const std::string& password() const { return in_.password; }
    const std::string& station_code() const { return code_; }
    const std::string& name() const { return name_; }

private:
    Input in_;
    std::string code_, name_;
};

// The team database's address as typed on the join form, without trailing '/' and spaces.
std::string team_address(std::string typed);

// The account a station with `code` syncs as ("kefu-station-b").
std::string station_account(const std::string& code);

}  // namespace kefu
