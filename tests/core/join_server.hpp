// As much of a CouchDB-protocol server as joining a team, adding accounts and signing in to
// the team use, with CouchDB's access rules for _session (Basic and cookie), _security, design
// documents and _users: tests/core/team_join_test.cpp, team_account_test.cpp. The cookie is
// one browser's: `session` is whom it names.
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/replicator.hpp"
#include "tests/core/fake_couch.hpp"

namespace kefu::test {

using json = nlohmann::json;

struct User {
    std::string password;
    json roles = json::array();
    int rev = 1;
    json kefu_pin = nullptr;  // the agent's PIN hash kept in their own document (null: none)
};

// As much of a CouchDB-protocol server as joining uses, with its access rules.
struct JoinServer {
    std::map<std::string, User> users;
    std::set<std::string> server_admins;
    std::set<std::string> users_admins;  // _users/_security admins, by name
    json security = {{"admins", {{"names", json::array()}, {"roles", json::array()}}},
                     {"members", {{"names", json::array()}, {"roles", json::array()}}},
                     {"kefu", {{"roles", json::object()}}}};
    json design = {{"_id", "_design/kefu"}, {"_rev", "1-a"}, {"validate_doc_update", "function () {}"},
                   {"kefu", {{"working_set", "design"}, {"roles", json::object()}}}};
    std::map<std::string, json> keep;  // _users/_design/kefu-role-<account>
    std::map<std::string, json> claims;  // kefu-station:<code> -> claim
    std::function<void(const HttpRequest&, JoinServer&)> before;  // what happens meanwhile
    std::vector<HttpRequest> seen;
    std::string session;  // whom the browser's AuthSession cookie names ("": none)

    static bool in(const json& list, const std::string& name) {
        return list.is_array() && std::find(list.begin(), list.end(), name) != list.end();
    }
    bool server_admin(const std::string& name) const { return server_admins.count(name) > 0; }
    bool db_admin(const std::string& name) const { return server_admin(name) || in(security["admins"]["names"], name); }
    bool member(const std::string& name) const { return db_admin(name) || in(security["members"]["names"], name); }

    HttpResponse answer(const HttpRequest& r) {
        seen.push_back(r);
        if (before) before(r, *this);
        auto reply = [&](int status, const json& body) { return HttpResponse{r.id, status, body.dump()}; };
        const std::string path = FakeCouch::decode(r.path);
        if (r.cookie && r.at_root && path == "_session") {
            if (r.method == "DELETE") {
                session.clear();
                return reply(200, {{"ok", true}});
            }
            if (r.method == "POST") {
                const json form = json::parse(r.body, nullptr, false);
                const std::string name = form.is_object() ? form.value("name", std::string()) : std::string();
                const auto u = users.find(name);
                if (u == users.end() || u->second.password != form.value("password", std::string()))
                    return reply(401, {{"error", "unauthorized"}, {"reason", "Name or password is incorrect."}});
                session = name;
                return reply(200, {{"ok", true}, {"name", name}, {"roles", u->second.roles}});
            }
        }
        // Who asks: Basic credentials, or the cookie's account (CouchDB: nobody without either).
        std::string who = r.user;
        if (r.cookie) {
            who = session;
            if (who.empty() || !users.count(who)) {
                if (r.at_root && path == "_session") return reply(200, {{"ok", true}, {"userCtx", {{"name", nullptr}, {"roles", json::array()}}}});
                return reply(401, {{"error", "unauthorized"}, {"reason", "You are not authorized to access this db."}});
            }
        } else {
            const auto u = users.find(r.user);
            if (u == users.end() || u->second.password != r.password) return reply(401, {{"error", "unauthorized"}, {"reason", "Name or password is incorrect."}});
        }
        const User& me = users.at(who);
        if (r.at_root && path == "_session") {
            json roles = me.roles;
            if (server_admin(who)) roles.push_back("_admin");
            return reply(200, {{"ok", true}, {"userCtx", {{"name", who}, {"roles", roles}}}});
        }
        if (r.at_root && path == "_users/_security") {
            if (!server_admin(who) && !users_admins.count(who)) return reply(403, {{"error", "forbidden"}});
            json names = json::array();
            for (const std::string& n : users_admins) names.push_back(n);
            if (r.method == "GET") return reply(200, {{"admins", {{"names", names}, {"roles", json::array()}}}, {"members", {{"names", json::array()}, {"roles", json::array()}}}});
            const json sec = json::parse(r.body);
            users_admins.clear();
            for (const json& n : sec["admins"]["names"]) users_admins.insert(n.get<std::string>());
            return reply(200, {{"ok", true}});
        }
        if (r.at_root && path.rfind("_users/org.couchdb.user:", 0) == 0) {
            const std::string name = path.substr(std::string("_users/org.couchdb.user:").size());
            const bool may = server_admin(who) || users_admins.count(who) > 0;
            if (r.method == "GET") {
                if (!may && who != name) return reply(403, {{"error", "forbidden"}});
                if (!users.count(name)) return reply(404, {{"error", "not_found"}});
                json doc = {{"_id", "org.couchdb.user:" + name}, {"_rev", std::to_string(users[name].rev) + "-u"}, {"name", name},
                            {"roles", users[name].roles}, {"type", "user"}, {"derived_key", "…"}};
                if (!users[name].kefu_pin.is_null()) doc["kefu_pin"] = users[name].kefu_pin;
                return reply(200, doc);
            }
            const json doc = json::parse(r.body);
            // A user may write their own document, its roles as they are (CouchDB's _users rules).
            const bool own = who == name && users.count(name) && doc.value("roles", json::array()) == users[name].roles;
            if (!may && !own) return reply(403, {{"error", "forbidden"}, {"reason", "Only _admin may edit others"}});
            if (users.count(name) && doc.value("_rev", std::string()) != std::to_string(users[name].rev) + "-u")
                return reply(409, {{"error", "conflict"}});
            User& made = users[name];
            made.rev = users.count(name) && doc.contains("_rev") ? made.rev + 1 : 1;
            if (doc.contains("password")) made.password = doc["password"].get<std::string>();  // else the stored hash stays
            made.roles = doc.value("roles", json::array());
            made.kefu_pin = doc.contains("kefu_pin") ? doc["kefu_pin"] : json();
            return reply(201, {{"ok", true}});
        }
        if (r.at_root && path.rfind("_users/_design/", 0) == 0) {
            if (!server_admin(who) && !users_admins.count(who)) return reply(403, {{"error", "forbidden"}});
            if (r.method != "PUT") return reply(500, {{"error", "bad_request"}});  // pouchdb-server: reads crash
            const std::string id = path.substr(std::string("_users/").size());
            if (keep.count(id)) return reply(409, {{"error", "conflict"}});
            keep[id] = json::parse(r.body);
            return reply(201, {{"ok", true}});
        }
        if (r.at_root) return reply(404, {{"error", "not_found"}});
        if (!member(who)) return reply(401, {{"error", "unauthorized"}, {"reason", "You are not authorized to access this db."}});
        if (path == "_security") {
            if (r.method == "GET") return reply(200, security);
            if (!db_admin(who)) return reply(401, {{"error", "unauthorized"}});
            security = json::parse(r.body);
            return reply(200, {{"ok", true}});
        }
        if (path == "_design/kefu") {
            if (design.is_null()) return reply(404, {{"error", "not_found"}, {"reason", "missing"}});
            if (r.method == "GET") return reply(200, design);
            if (!db_admin(who)) return reply(401, {{"error", "unauthorized"}});
            json doc = json::parse(r.body);
            if (doc.value("_rev", std::string()) != design["_rev"].get<std::string>()) return reply(409, {{"error", "conflict"}});
            doc["_rev"] = std::to_string(std::stoi(design["_rev"].get<std::string>()) + 1) + "-a";
            design = doc;
            return reply(201, {{"ok", true}});
        }
        if (path.rfind("_all_docs", 0) == 0) {
            json rows = json::array();
            for (const auto& [id, c] : claims) rows.push_back({{"id", id}, {"key", id}, {"value", {{"rev", "1-c"}}}});
            return reply(200, {{"rows", rows}});
        }
        if (path.rfind("kefu-station:", 0) == 0 && r.method == "PUT") {
            const std::string role = security["kefu"]["roles"].value(who, std::string());
            if (!server_admin(who) && role != "admin") return reply(403, {{"error", "forbidden"}});
            if (claims.count(path)) return reply(409, {{"error", "conflict"}});
            claims[path] = json::parse(r.body);
            return reply(201, {{"ok", true}});
        }
        return reply(404, {{"error", "not_found"}});
    }

    // A team as scripts/team_server.py prepares it: the first Kefu administrator "admin".
    static JoinServer prepared() {
        JoinServer s;
        s.users["admin"] = {"administrator-pw", json::array()};
        s.security["admins"]["names"].push_back("admin");
        s.security["members"]["names"].push_back("admin");
        s.security["kefu"]["roles"]["admin"] = "admin";
        s.design["kefu"]["roles"]["admin"] = "admin";
        s.users_admins.insert("admin");
        return s;
    }
};


// The newest keeping copy of `account`'s role (_users/_design/kefu-role-<account>-<ms>), "" if none.
inline std::string kept_role(const JoinServer& s, const std::string& account) {
    std::string role;
    int64_t newest = -1;
    const std::string prefix = "_design/kefu-role-" + account + "-";
    for (const auto& [id, doc] : s.keep) {
        if (id.rfind(prefix, 0) != 0 || doc["kefu"].value("account", std::string()) != account) continue;
        const int64_t at = doc["kefu"].value("at_ms", int64_t{0});
        if (at > newest) newest = at, role = doc["kefu"].value("role", std::string());
    }
    return role;
}

// Runs a request machine (the join, an account, a sign-in, the PIN) to its end against `s`,
// one request at a time, as the app does.
template <class Machine>
void run(Machine& m, JoinServer& s, int max_requests = 40) {
    for (int i = 0; i < max_requests && !m.done() && !m.failed(); ++i) {
        std::vector<HttpRequest> out = m.take_requests();
        REQUIRE(out.size() == 1);
        m.on_response(s.answer(out[0]));
    }
}

}  // namespace kefu::test
