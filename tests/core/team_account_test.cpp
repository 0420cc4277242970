// Agents' team accounts (core/team_account) and the team sign-in (core/team_session), against
// the in-memory server that plays CouchDB's access rules (tests/core/join_server.hpp). The same
// flows against the real pouchdb-server: tests/e2e/team_accounts.test.mjs.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/team_account.hpp"
#include "core/team_session.hpp"
#include "tests/core/join_server.hpp"

using namespace kefu;
using json = nlohmann::json;

namespace {
using test::JoinServer;
using test::kept_role;
using test::run;

constexpr int64_t kAt = 1'796'000'000'000;  // 2026-11-30, the stated time of these tests


TeamAccount add(JoinServer& s, const std::string& account, const std::string& password, const std::string& role,
                const std::string& admin = "admin", const std::string& admin_password = "administrator-pw", int64_t at = kAt) {
    TeamAccount a({"/team/db", admin, admin_password, account, password, role, at});
    run(a, s);
    return a;
}

std::string table_role(const JoinServer& s, const std::string& account) {
    const std::string in_security = s.security["kefu"]["roles"].value(account, "");
    CHECK(s.design["kefu"]["roles"].value(account, "") == in_security);  // the two tables never differ
    return in_security;
}
bool admin_of_both(const JoinServer& s, const std::string& account) {
    const bool db = JoinServer::in(s.security["admins"]["names"], account);
    CHECK(db == (s.users_admins.count(account) > 0));
    return db;
}
}  // namespace

TEST_CASE("team accounts: an agent's account by name, no roles, the role in both tables and kept") {
    JoinServer s = JoinServer::prepared();
    TeamAccount a = add(s, "kefu.1002", "zhangmin-team-pw", "agent");
    REQUIRE(a.done());
    REQUIRE(s.users.count("kefu.1002"));
    CHECK(s.users["kefu.1002"].password == "zhangmin-team-pw");
    CHECK(s.users["kefu.1002"].roles.empty());
    CHECK(JoinServer::in(s.security["members"]["names"], "kefu.1002"));
    CHECK(table_role(s, "kefu.1002") == "agent");
    CHECK(kept_role(s, "kefu.1002") == "agent");
    CHECK_FALSE(admin_of_both(s, "kefu.1002"));
    // The last request is the new account's own: it signs in and finds itself.
    CHECK(s.seen.back().user == "kefu.1002");
    CHECK(admin_of_both(s, "admin"));  // the administrator who made it stays one

    SUBCASE("an account that exists already says so, and nothing else is written") {
        const json before = s.security;
        const size_t kept = s.keep.size();
        TeamAccount again = add(s, "kefu.1002", "another-password-1", "lead");
        REQUIRE(again.failed());
        CHECK(again.error().key == "team.account.exists");
        CHECK(s.security == before);
        CHECK(s.keep.size() == kept);
        CHECK(s.users["kefu.1002"].password == "zhangmin-team-pw");
    }
}

TEST_CASE("team accounts: an administrator's account makes accounts; a role changed later is kept, the newest wins") {
    JoinServer s = JoinServer::prepared();
    REQUIRE(add(s, "kefu.0001", "wang-admin-pw-1", "admin").done());
    CHECK(table_role(s, "kefu.0001") == "admin");
    CHECK(admin_of_both(s, "kefu.0001"));
    // The new administrator makes an account in turn.
    REQUIRE(add(s, "kefu.1003", "li-qiang-pw-12", "agent", "kefu.0001", "wang-admin-pw-1").done());
    CHECK(table_role(s, "kefu.1003") == "agent");

    // 1003 becomes a lead, 0001 an agent: the role only (no password), checked as the administrator.
    REQUIRE(add(s, "kefu.1003", "", "lead", "admin", "administrator-pw", kAt + 1000).done());
    CHECK(s.seen.back().user == "admin");
    CHECK(table_role(s, "kefu.1003") == "lead");
    CHECK(kept_role(s, "kefu.1003") == "lead");
    CHECK(s.users["kefu.1003"].password == "li-qiang-pw-12");
    REQUIRE(add(s, "kefu.0001", "", "agent", "admin", "administrator-pw", kAt + 2000).done());
    CHECK(table_role(s, "kefu.0001") == "agent");
    CHECK_FALSE(admin_of_both(s, "kefu.0001"));
    CHECK(kept_role(s, "kefu.0001") == "agent");
    // And no longer makes accounts.
    TeamAccount refused = add(s, "kefu.1004", "zhao-lei-pw-12", "agent", "kefu.0001", "wang-admin-pw-1");
    REQUIRE(refused.failed());
    CHECK(refused.error().key == "team.join.not_admin");
    CHECK(table_role(s, "kefu.1004") == "");
}

TEST_CASE("team accounts: a forgotten team password: a new account for the agent, the old one out of every table and kept out") {
    JoinServer s = JoinServer::prepared();
    REQUIRE(add(s, "kefu.0001.adm001", "wang-admin-pw-1", "admin").done());
    REQUIRE(add(s, "kefu.1002.old001", "zhangmin-team-pw", "lead").done());
    REQUIRE(add(s, "kefu.0009.old009", "former-admin-pw", "admin").done());
    const json pin = {{"hash", "h"}, {"salt", "s"}, {"at", 5}};
    for (const bool by_session : {false, true}) {
        CAPTURE(by_session);
        JoinServer t = s;
        // As the team administrator typed in the dialog, or as the administrator signed in to the team.
        if (by_session) t.session = "kefu.0001.adm001";
        TeamAccount reset({"/team/db", by_session ? "" : "admin", by_session ? "" : "administrator-pw", "kefu.1002.new002", "zhangmin-new-pw",
                           "lead", kAt + 5000, pin, "kefu.1002.old001"});
        run(reset, t);
        REQUIRE(reset.done());
        CHECK(t.users["kefu.1002.new002"].password == "zhangmin-new-pw");
        CHECK(t.users["kefu.1002.new002"].kefu_pin == pin);
        CHECK(table_role(t, "kefu.1002.new002") == "lead");
        CHECK(JoinServer::in(t.security["members"]["names"], "kefu.1002.new002"));
        // The old account: in no table, no member, and its keeping copy says so (newest wins).
        CHECK(table_role(t, "kefu.1002.old001") == "");
        CHECK_FALSE(t.member("kefu.1002.old001"));
        CHECK(kept_role(t, "kefu.1002.old001") == kRetiredRole);
        CHECK(kept_role(t, "kefu.1002.new002") == "lead");
        // It reads nothing there any more (its password still signs in to the server itself).
        HttpRequest read;
        read.id = 1, read.method = "GET", read.path = "_security";
        read.user = "kefu.1002.old001", read.password = "zhangmin-team-pw";
        CHECK(t.answer(read).status == 401);
        read.user = "kefu.1002.new002", read.password = "zhangmin-new-pw";
        CHECK(t.answer(read).status == 200);
    }
    // An administrator's account replaced: out of the admins of both databases too.
    TeamAccount admin_reset({"/team/db", "admin", "administrator-pw", "kefu.0009.new009", "former-admin-new", "admin", kAt + 6000, json(),
                             "kefu.0009.old009"});
    run(admin_reset, s);
    REQUIRE(admin_reset.done());
    CHECK(admin_of_both(s, "kefu.0009.new009"));
    CHECK_FALSE(admin_of_both(s, "kefu.0009.old009"));
    CHECK(table_role(s, "kefu.0009.old009") == "");
}

TEST_CASE("team accounts: an agent cannot make accounts or raise itself; nothing is written") {
    JoinServer s = JoinServer::prepared();
    REQUIRE(add(s, "kefu.1002", "zhangmin-team-pw", "agent").done());
    const json security = s.security, design = s.design;
    TeamAccount self = add(s, "kefu.1002", "", "admin", "kefu.1002", "zhangmin-team-pw");
    REQUIRE(self.failed());
    CHECK(self.error().key == "team.join.not_admin");
    CHECK(s.security == security);
    CHECK(s.design == design);
    CHECK(kept_role(s, "kefu.1002") == "agent");
    TeamAccount other = add(s, "kefu.1009", "friend-password", "lead", "kefu.1002", "zhangmin-team-pw");
    REQUIRE(other.failed());
    CHECK(table_role(s, "kefu.1009") == "");
}

TEST_CASE("team accounts: another desk writing the tables at the same time loses nobody") {
    JoinServer s = JoinServer::prepared();
    // The design document moves between this machine's read and write (409: read again), and
    // another desk's _security write lands just after this one's and drops 1002 (found by the
    // check as 1002: written again). A role change (checked as the administrator) alike.
    int design_moved = 0, security_moved = 0;
    bool move_design = true, move_security = true;
    s.before = [&](const HttpRequest& r, JoinServer& srv) {
        if (move_design && r.method == "PUT" && r.path == "_design/kefu") {
            move_design = false;
            ++design_moved;
            srv.design["kefu"]["roles"]["kefu.1005"] = "agent";
            srv.design["_rev"] = std::to_string(10 + design_moved) + "-a";
        }
        if (move_security && r.method == "GET" && r.path == "_security" && s.seen.size() > 1 && s.seen[s.seen.size() - 2].path == "_users/_security") {  // the check after this machine's writes
            move_security = false;
            ++security_moved;
            srv.security["members"]["names"] = json::array({"admin", "kefu.1005"});
            srv.security["kefu"]["roles"] = {{"admin", "admin"}, {"kefu.1005", "agent"}};
        }
    };
    REQUIRE(add(s, "kefu.1002", "zhangmin-team-pw", "agent").done());
    CHECK(design_moved == 1);
    CHECK(security_moved == 1);
    CHECK(table_role(s, "kefu.1002") == "agent");
    CHECK(s.security["kefu"]["roles"].value("kefu.1005", "") == "agent");  // the other desk's stays
    CHECK(JoinServer::in(s.security["members"]["names"], "kefu.1002"));

    move_design = move_security = true;
    REQUIRE(add(s, "kefu.1002", "", "lead", "admin", "administrator-pw", kAt + 1).done());
    CHECK(design_moved == 2);
    CHECK(security_moved == 2);
    CHECK(table_role(s, "kefu.1002") == "lead");
    CHECK(s.security["kefu"]["roles"].value("kefu.1005", "") == "agent");
}

TEST_CASE("team sign-in: the team password becomes a cookie session; the password is sent once") {
    JoinServer s = JoinServer::prepared();
    REQUIRE(add(s, "kefu.1002", "zhangmin-team-pw", "agent").done());
    s.seen.clear();
    TeamSignIn in({"/team/db", "kefu.1002", "zhangmin-team-pw"});
    run(in, s);
    REQUIRE(in.done());
    CHECK(in.role() == "agent");
    CHECK(s.session == "kefu.1002");
    REQUIRE(s.seen.size() == 3);
    for (const HttpRequest& r : s.seen) {
        CHECK(r.cookie);
        CHECK(r.user.empty());  // no Authorization: the cookie
    }
    CHECK(s.seen[0].body.find("zhangmin-team-pw") != std::string::npos);
    CHECK(s.seen[1].body.find("zhangmin-team-pw") == std::string::npos);

    // With the session, an administrator's machine runs on the cookie too — and an agent's is refused.
    TeamAccount by_agent({"/team/db", "", "", "kefu.1006", "sun-li-pw-1234", "agent", kAt});
    run(by_agent, s);
    REQUIRE(by_agent.failed());
    CHECK(table_role(s, "kefu.1006") == "");

    // Sign-out drops the cookie: the next request is nobody's.
    HttpRequest out = team_sign_out_request();
    out.id = 99;
    CHECK(s.answer(out).status == 200);
    CHECK(s.session.empty());
    HttpRequest after;
    after.id = 100, after.method = "GET", after.path = "_security", after.cookie = true;
    CHECK(s.answer(after).status == 401);
}

TEST_CASE("team sign-in: an administrator's session makes accounts without typing the password again") {
    JoinServer s = JoinServer::prepared();
    REQUIRE(add(s, "kefu.0001", "wang-admin-pw-1", "admin").done());
    TeamSignIn in({"/team/db", "kefu.0001", "wang-admin-pw-1"});
    run(in, s);
    REQUIRE(in.done());
    CHECK(in.role() == "admin");
    s.seen.clear();
    TeamAccount a({"/team/db", "", "", "kefu.1007", "zhou-jie-pw-123", "lead", kAt});
    run(a, s);
    REQUIRE(a.done());
    CHECK(table_role(s, "kefu.1007") == "lead");
    for (size_t i = 0; i + 1 < s.seen.size(); ++i) CHECK(s.seen[i].cookie);
    CHECK(s.seen.back().user == "kefu.1007");  // the check is the new account's own
}

TEST_CASE("team sign-in: a wrong password, a stranger, a station, a browser that keeps no cookie, too many tries") {
    JoinServer s = JoinServer::prepared();
    REQUIRE(add(s, "kefu.1002", "zhangmin-team-pw", "agent").done());

    TeamSignIn wrong({"/team/db", "kefu.1002", "zhangmin-team-px"});
    run(wrong, s);
    REQUIRE(wrong.failed());
    CHECK(wrong.error().key == "team.signin.wrong");
    CHECK(s.session.empty());

    s.users["kefu.1099"] = {"signed-up-alone", json::array({"admin"})};  // signed up on its own, roles self-given
    TeamSignIn stranger({"/team/db", "kefu.1099", "signed-up-alone"});
    run(stranger, s);
    REQUIRE(stranger.failed());
    CHECK(stranger.error().key == "team.signin.not_member");

    s.users["kefu-station-a-q7kmzp"] = {"station-secret", json::array()};
    s.security["members"]["names"].push_back("kefu-station-a-q7kmzp");
    s.security["kefu"]["roles"]["kefu-station-a-q7kmzp"] = "station";
    TeamSignIn station({"/team/db", "kefu-station-a-q7kmzp", "station-secret"});
    run(station, s);
    REQUIRE(station.failed());
    CHECK(station.error().key == "team.signin.not_member");

    s.before = [](const HttpRequest& r, JoinServer& srv) {
        if (r.method == "GET") srv.session.clear();  // the browser threw the cookie away
    };
    TeamSignIn lost({"/team/db", "kefu.1002", "zhangmin-team-pw"});
    run(lost, s);
    REQUIRE(lost.failed());
    CHECK(lost.error().key == "team.signin.no_cookie");

    s.before = nullptr;
    TeamSignIn limited({"/team/db", "kefu.1002", "zhangmin-team-pw"});
    std::vector<HttpRequest> first = limited.take_requests();
    REQUIRE(first.size() == 1);
    limited.on_response({first[0].id, 429, R"({"error":"too_many_requests","reason":"try again in 40 s"})"});
    REQUIRE(limited.failed());
    CHECK(limited.error().key == "team.err.too_many");

    TeamSignIn empty({"/team/db", "kefu.1002", ""});
    CHECK(empty.failed());
    CHECK(empty.take_requests().empty());
}

TEST_CASE("team password: the agent changes their own, knowing the current one; the desk stays signed in") {
    JoinServer s = JoinServer::prepared();
    REQUIRE(add(s, "kefu.1002.q7kmzp", "zhangmin-team-pw", "agent").done());
    TeamSignIn in({"/team/db", "kefu.1002.q7kmzp", "zhangmin-team-pw"});
    run(in, s);
    REQUIRE(in.done());

    TeamPasswordChange wrong({"/team/db", "kefu.1002.q7kmzp", "not-the-current", "a-new-team-password"});
    run(wrong, s);
    REQUIRE(wrong.failed());
    CHECK(wrong.error().key == "team.password.wrong_current");
    CHECK(s.users["kefu.1002.q7kmzp"].password == "zhangmin-team-pw");

    TeamPasswordChange shorter({"/team/db", "kefu.1002.q7kmzp", "zhangmin-team-pw", "short"});
    CHECK(shorter.failed());
    CHECK(shorter.error().key == "team.account.short");
    CHECK(shorter.take_requests().empty());
    TeamPasswordChange same({"/team/db", "kefu.1002.q7kmzp", "zhangmin-team-pw", "zhangmin-team-pw"});
    CHECK(same.error().key == "team.password.same");

    s.seen.clear();
    TeamPasswordChange change({"/team/db", "kefu.1002.q7kmzp", "zhangmin-team-pw", "春眠不觉晓处处闻啼鸟"});
    run(change, s);
    REQUIRE(change.done());
    CHECK(s.users["kefu.1002.q7kmzp"].password == "春眠不觉晓处处闻啼鸟");
    CHECK(s.users["kefu.1002.q7kmzp"].roles.empty());
    CHECK(s.session == "kefu.1002.q7kmzp");  // signed in again with the new one
    REQUIRE(s.seen.size() == 4);
    for (const HttpRequest& r : s.seen) CHECK(r.cookie);
    CHECK(s.seen[3].body.find("春眠不觉晓处处闻啼鸟") != std::string::npos);
    // The old password no longer signs in; the new one does.
    TeamSignIn old_pw({"/team/db", "kefu.1002.q7kmzp", "zhangmin-team-pw"});
    run(old_pw, s);
    CHECK(old_pw.error().key == "team.signin.wrong");
    TeamSignIn new_pw({"/team/db", "kefu.1002.q7kmzp", "春眠不觉晓处处闻啼鸟"});
    run(new_pw, s);
    CHECK(new_pw.done());
    // Nor can an agent change someone else's through the same door.
    REQUIRE(add(s, "kefu.2001.abcdef", "lead-team-password", "lead").done());
    s.session = "kefu.1002.q7kmzp";
    HttpRequest put;
    put.id = 500, put.method = "PUT", put.at_root = true, put.cookie = true;
    put.path = "_users/org.couchdb.user%3Akefu.2001.abcdef";
    put.body = json({{"_id", "org.couchdb.user:kefu.2001.abcdef"}, {"_rev", "1-u"}, {"name", "kefu.2001.abcdef"}, {"password", "taken-over-pw"},
                     {"roles", json::array()}, {"type", "user"}}).dump();
    CHECK(s.answer(put).status == 403);
    CHECK(s.users["kefu.2001.abcdef"].password == "lead-team-password");
}

TEST_CASE("team passwords: at least 10 characters, counted as characters, not bytes") {
    CHECK_FALSE(valid_team_password("123456789"));
    CHECK(valid_team_password("1234567890"));
    CHECK_FALSE(valid_team_password("客服团队密码"));         // 6 characters, 18 bytes
    CHECK(valid_team_password("春眠不觉晓处处闻啼鸟"));       // 10 characters
    CHECK_FALSE(valid_team_password(std::string("12345678\xff\xfe", 10)));
    // An agent's account: kefu.<工号>.<random tag> (a name known in advance could be signed up first).
    CHECK(agent_account("1002", "q7kmzp") == "kefu.1002.q7kmzp");
    CHECK(agent_account("A07", "x2k") == "kefu.A07.x2k");
}
