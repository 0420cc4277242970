// Joining a team (core/team_join): who is what goes by account name in the database's
// _security, never by CouchDB user roles (a user may change their own on pouchdb-server). The
// join runs against a small in-memory server that plays CouchDB's rules for _session,
// _security, design documents and _users, including what another desk or a hostile user does
// meanwhile. The same flow against the real pouchdb-server: tests/e2e/team.test.mjs.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/team_join.hpp"
#include "tests/core/join_server.hpp"

using namespace kefu;
using json = nlohmann::json;

namespace {
using test::JoinServer;
using test::kept_role;

TeamJoin run(JoinServer& server, const std::string& admin, const std::string& password, const std::string& tag = "",
             int max_requests = 40) {
    TeamJoin join({"/team/db", admin, password, "前台 1", "station-secret-20ch", tag, 1'700'000'000'000});
    for (int i = 0; i < max_requests && !join.done() && !join.failed(); ++i) {
        std::vector<HttpRequest> out = join.take_requests();
        REQUIRE(out.size() == 1);
        join.on_response(server.answer(out[0]));
    }
    return join;
}

bool station_is_in(const JoinServer& s, const std::string& account) {
    return JoinServer::in(s.security["members"]["names"], account) && s.security["kefu"]["roles"].value(account, "") == "station" &&
           s.design["kefu"]["roles"].value(account, "") == "station" && kept_role(s, account) == "station";
}

}  // namespace

TEST_CASE("team join: an administrator by name adds the station: a member by name, 'station' in both tables, no roles") {
    JoinServer s = JoinServer::prepared();
    TeamJoin j = run(s, "admin", "administrator-pw");
    REQUIRE(j.done());
    CHECK(j.station_code() == "A");
    CHECK(j.account() == "kefu-station-a");
    CHECK(station_is_in(s, "kefu-station-a"));
    REQUIRE(s.users.count("kefu-station-a"));
    CHECK(s.users["kefu-station-a"].password == "station-secret-20ch");
    CHECK(s.users["kefu-station-a"].roles.empty());  // roles mean nothing: a user may change their own
    CHECK(s.claims.count("kefu-station:A"));
    // The administrator's name stays an admin; the table keeps them.
    CHECK(s.security["kefu"]["roles"]["admin"] == "admin");
    // The last request is the station's own: it signs in and finds itself in the table.
    CHECK(s.seen.back().user == "kefu-station-a");
    for (size_t i = 0; i + 1 < s.seen.size(); ++i) CHECK(s.seen[i].user == "admin");

    // A second desk gets the next code; the first stays.
    TeamJoin k = run(s, "admin", "administrator-pw");
    REQUIRE(k.done());
    CHECK(k.station_code() == "B");
    CHECK(station_is_in(s, "kefu-station-a"));
    CHECK(station_is_in(s, "kefu-station-b"));
}

TEST_CASE("team join: a self-given kefu-admin role is no administrator; nothing is written") {
    JoinServer s = JoinServer::prepared();
    // An agent of the team who gave itself every role in _users (pouchdb-server allows it).
    s.users["kefu.1001"] = {"agent-password", json::array({"kefu-admin", "kefu-station", "admin"})};
    s.security["members"]["names"].push_back("kefu.1001");
    s.security["kefu"]["roles"]["kefu.1001"] = "agent";
    const json before = s.security;
    TeamJoin j = run(s, "kefu.1001", "agent-password");
    REQUIRE(j.failed());
    CHECK(j.error().key == "team.join.not_admin");
    CHECK(s.security == before);
    CHECK(s.claims.empty());
    CHECK(s.users.size() == 2);

    // Someone who signed up on their own is no member: the database refuses them.
    s.users["stranger"] = {"stranger-password", json::array({"kefu-admin"})};
    TeamJoin k = run(s, "stranger", "stranger-password");
    REQUIRE(k.failed());
    CHECK(k.error().key == "team.join.not_admin");
    CHECK(s.claims.empty());
}

TEST_CASE("team join: a wrong password says so; a server administrator may add a station") {
    JoinServer s = JoinServer::prepared();
    TeamJoin j = run(s, "admin", "wrong");
    REQUIRE(j.failed());
    CHECK(j.error().key == "team.err.credentials");

    s.users["couch"] = {"server-admin-pw", json::array()};
    s.server_admins.insert("couch");
    TeamJoin k = run(s, "couch", "server-admin-pw");
    REQUIRE(k.done());
    CHECK(station_is_in(s, k.account()));
}

TEST_CASE("team join: the station's account name ends with a random tag: a name signed up in advance is not the station's") {
    JoinServer s = JoinServer::prepared();
    s.users["kefu-station-a"] = {"squatter-password", json::array()};  // the name a guesser would take
    TeamJoin j = run(s, "admin", "administrator-pw", "Q7kMzp");
    REQUIRE(j.done());
    CHECK(j.account() == "kefu-station-a-q7kmzp");
    CHECK(station_is_in(s, "kefu-station-a-q7kmzp"));
    CHECK(s.users["kefu-station-a-q7kmzp"].password == "station-secret-20ch");
    CHECK(!JoinServer::in(s.security["members"]["names"], "kefu-station-a"));  // the guesser stays outside
    CHECK(s.security["kefu"]["roles"].count("kefu-station-a") == 0);
}

TEST_CASE("team join: another desk's join writing the tables at the same time loses nobody") {
    JoinServer s = JoinServer::prepared();
    // The design document changes between this join's read and write: 409, read again.
    bool design_moved = false, security_moved = false;
    s.before = [&](const HttpRequest& r, JoinServer& srv) {
        if (!design_moved && r.method == "PUT" && r.path == "_design/kefu") {
            design_moved = true;
            srv.design["kefu"]["roles"]["kefu-station-z"] = "station";
            srv.design["_rev"] = "7-a";
        }
        // The other join's _security write lands just after this one's and drops its station.
        if (!security_moved && r.method == "GET" && r.path == "_security" && r.user == "kefu-station-a") {
            security_moved = true;
            srv.security["members"]["names"] = json::array({"admin", "kefu-station-z"});
            srv.security["kefu"]["roles"] = {{"admin", "admin"}, {"kefu-station-z", "station"}};
        }
    };
    TeamJoin j = run(s, "admin", "administrator-pw");
    REQUIRE(j.done());
    CHECK(design_moved);
    CHECK(security_moved);
    CHECK(station_is_in(s, "kefu-station-a"));
    CHECK(s.design["kefu"]["roles"]["kefu-station-z"] == "station");  // the other desk's stays
    CHECK(s.security["kefu"]["roles"]["kefu-station-z"] == "station");
}

TEST_CASE("team join: a database that was never prepared, and a server that vanishes, say so") {
    // A database without Kefu's design document: its GET answers 404.
    JoinServer t = JoinServer::prepared();
    t.design = json();
    TeamJoin j = run(t, "admin", "administrator-pw");
    REQUIRE(j.failed());
    CHECK(j.error().key == "team.join.not_team");

    TeamJoin k({"/team/db", "admin", "administrator-pw", "前台 1", "station-secret-20ch", "", 1});
    std::vector<HttpRequest> out = k.take_requests();
    REQUIRE(out.size() == 1);
    k.on_response({out[0].id, 0, ""});
    REQUIRE(k.failed());
    CHECK(k.error().key == "team.err.unreachable");
}

TEST_CASE("team join: too many failed sign-ins (429 from serve.py --team or nginx) say so, not 'wrong password'") {
    TeamJoin j({"/team/db", "admin", "administrator-pw", "前台 1", "station-secret-20ch", "", 1});
    std::vector<HttpRequest> out = j.take_requests();
    REQUIRE(out.size() == 1);
    j.on_response({out[0].id, 429, R"({"error":"too_many_requests","reason":"too many failed sign-ins: try again in 40 s"})"});
    REQUIRE(j.failed());
    CHECK(j.error().key == "team.err.too_many");
    CHECK(transport_error(429).key == "team.err.too_many");
    CHECK(transport_error(503).key == "team.err.server");
}
