// Adding an account to the team, or changing its role (issue "Team security"): one machine
// for a station's account (core/team_join, when a station joins) and an agent's (坐席管理:
// an administrator gives an agent the account `kefu.<工号>`). A state machine with effects
// (HTTP requests the app runs; native tests answer them), run as a Kefu administrator: the
// requests authenticate as `admin` (Basic) or, with `admin` empty, with the team session's
// cookie of the administrator signed in at this station.
//
// Who is what goes by account name only (docs/team-security.md): CouchDB user roles count for
// nothing, so the account is made without roles and its role is written where only the team's
// administrators write.
//
//   1. PUT  <server>/_users/org.couchdb.user:<account>   no roles, the agent's PIN hash as
//                                       `kefu_pin` (skipped when only the role changes:
//                                       `password` empty). 409: the account exists.
//   2. GET+PUT _design/kefu             the role in the design document's table (pouchdb-server's
//                                       _bulk_docs reads it there); 409: read and write again
//   3. PUT  <server>/_users/_design/kefu-role-<account>-<ms>   the role's keeping copy, one per
//                                       change (pouchdb-server lets no one but its own server
//                                       administrator read _users, so a copy is never updated, a
//                                       newer one is added): scripts/team_server.py rebuilds the
//                                       table from the newest when the database was made again
//   4. GET+PUT _security                member by name, the role in the table; an administrator
//                                       also among its admins, anyone else not
//   5. GET+PUT <server>/_users/_security  (agents' accounts) administrators are admins of _users
//                                       by name: they make accounts; anyone else not
//   6. GET  _security                   as the new account (or, for a role change, as the
//                                       administrator): it is in the table with its role (a
//                                       table written meanwhile by another desk may have lost
//                                       it: 2–5 again, twice at most)
//
// A forgotten team password (重设团队密码): the agent gets a new account with a new password
// (`replaces`: the old one), and the old account leaves every table in the same steps — out
// of the design document's table (2), a keeping copy saying it is "retired" (3, so a database
// made again does not bring it back), out of _security's members, admins and table (4) and
// of _users' admins (5); 6 also checks it is gone. The old account still exists in _users
// (pouchdb-server lets no one but its server administrator read another's document, so it
// can be neither rewritten nor deleted from here) but reads and writes nothing in the team
// database. The same steps work on Apache CouchDB and pouchdb-server alike.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/http_machine.hpp"

namespace kefu {

enum class TeamAccountState {
    MakingAccount, ReadingDesign, WritingDesign, WritingKeep, RetiringKeep, ReadingMembers, WritingMembers, ReadingUsersAdmins,
    WritingUsersAdmins, Verifying, Done, Failed
};

class TeamAccount : public HttpMachine<TeamAccountState> {
public:
    using State = TeamAccountState;
    struct Input {
        std::string server;                 // the database's address
        std::string admin, admin_password;  // admin empty: the team session's cookie
        std::string account, password;      // password empty: the account exists, its role changes
        std::string role;                   // "station", "agent", "lead", "admin"
        int64_t now_ms = 0;
        // An agent's PIN hash as this desk holds it (pin_to_json), kept in the new account's
        // own document as `kefu_pin` (the team database never holds it: team_doc.hpp); null: none.
        nlohmann::json pin = {};
        std::string replaces = {};  // the agent's account this one replaces ("": none)
    };
    explicit TeamAccount(Input in);

    void on_response(const HttpResponse& r);

    const std::string& account() const { return in_.account; }
    const std::string& server() const { return in_.server; }

private:
    void send(const char* method, std::string path, std::string body, bool at_root, bool as_account = false);
    void make_account();
    void read_design();
    void write_keep(const std::string& account, const std::string& role);
    void read_members();

    Input in_;
    int design_tries_ = 0, table_tries_ = 0;
    bool answered_ = false;  // the server has answered a request as the administrator
};

// The role a keeping copy gives an account that another replaced (a forgotten password): it
// is in no table, and a database made again leaves it out (scripts/team_server.py).
constexpr const char* kRetiredRole = "retired";

// `names` of a _security section ("admins", "members") holds `name`.
bool security_lists(const nlohmann::json& security, const char* section, const std::string& name);

// The team account of the agent with 工号 `agent_id`: "kefu.<工号>.<tag>" ("kefu.1002.q7kmzp"). The validation reads the 工号 back from it (deploy/validate_doc_update.js);
// the random tag (from the platform) keeps anyone from signing up under an agent's name before
// the administrator makes it (pouchdb-server and CouchDB let anyone sign up). The agent record
// keeps the name (AgentProfile::team_account), so every station of the team knows it.
std::string agent_account(const std::string& agent_id, const std::string& tag);
// A team password is at least 10 characters (a 4-digit PIN is no server password: the
// server has no lockout).
constexpr size_t kMinTeamPasswordChars = 10;
bool valid_team_password(const std::string& password);

}  // namespace kefu
