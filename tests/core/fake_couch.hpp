// The in-memory CouchDB of the replication tests (replicator_test, team_sync_test).
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/replicator.hpp"

namespace kefu::test {

using json = nlohmann::json;

// A CouchDB-protocol server in memory, as much of it as a station uses: numbered sequences
// (as pouchdb-server writes them), _local documents, _changes, _bulk_get, and _bulk_docs
// with CouchDB's revision check (a write must carry the document's current _rev: 409).
// `refuse` plays a validation function: a non-empty answer refuses the document (403).
struct FakeCouch {
    std::map<std::string, json> docs;       // _id -> document with _rev
    std::vector<std::pair<uint64_t, std::string>> feed;  // (seq, _id), newest last
    std::map<std::string, json> locals;
    uint64_t seq = 0;
    int fail_next = 0;  // status to answer the next request with (0: answer normally)
    size_t bulk_gets = 0, bulk_docs = 0, all_docs = 0, seq_reads = 0, revs_diffs = 0;
    size_t requests = 0;  // every request answered
    std::function<std::string(const json&)> refuse;
    std::function<void(const HttpRequest&)> on_request;  // sees every request before it is answered
    // _changes filters: filter=kefu/working_set (the design document's, given `after`) and
    // filter=_selector (the POSTed selector, matched as Mango matches).
    std::function<bool(const json& doc, const std::string& after)> design_filter;
    std::string last_changes_method;

    void put(const json& doc) {
        json d = doc;
        const std::string id = d["_id"];
        const int n = docs.count(id) ? std::stoi(docs[id]["_rev"].get<std::string>()) + 1 : 1;
        d["_rev"] = std::to_string(n) + "-abc";
        docs[id] = d;
        for (auto it = feed.begin(); it != feed.end(); ++it)
            if (it->second == id) {
                feed.erase(it);
                break;
            }
        feed.push_back({++seq, id});
    }
    static std::string query(const std::string& path, const std::string& key) {
        const size_t at = path.find(key + "=");
        if (at == std::string::npos) return {};
        const size_t end = path.find('&', at);
        return path.substr(at + key.size() + 1, end == std::string::npos ? std::string::npos : end - at - key.size() - 1);
    }
    HttpResponse answer(const HttpRequest& r) {
        if (on_request) on_request(r);
        ++requests;
        HttpResponse out{r.id, 200, ""};
        if (fail_next) {
            out.status = std::exchange(fail_next, 0);
            out.body = R"({"error":"x","reason":"test"})";
            return out;
        }
        if (r.path.rfind("_local/", 0) == 0) {
            if (r.method == "GET") {
                if (!locals.count(r.path)) return {r.id, 404, R"({"error":"not_found"})"};
                out.body = locals[r.path].dump();
            } else {
                json d = json::parse(r.body);
                const std::string cur = locals.count(r.path) ? locals[r.path]["_rev"].get<std::string>() : "";
                if (json_rev(d) != cur) return {r.id, 409, R"({"error":"conflict"})"};
                d["_rev"] = "0-" + std::to_string(std::stoi(cur.empty() ? "0-0" : cur.substr(2)) + 1);
                locals[r.path] = d;
                out.status = 201;
                out.body = json{{"ok", true}, {"rev", d["_rev"]}}.dump();
            }
            return out;
        }
        if (r.path.rfind("_changes", 0) == 0 && query(r.path, "descending") == "true") {  // the newest change
            ++seq_reads;
            json results = json::array();
            if (!feed.empty()) results.push_back({{"seq", feed.back().first}, {"id", feed.back().second}});
            out.body = json{{"results", results}, {"last_seq", seq}}.dump();
            return out;
        }
        if (r.path.rfind("_all_docs", 0) == 0 && r.method == "POST") {  // {"keys": [...]}, include_docs
            json rows = json::array();
            const json asked = json::parse(r.body);
            for (const json& key : asked.at("keys")) {
                const std::string id = key.get<std::string>();
                if (!docs.count(id)) rows.push_back({{"key", id}, {"error", "not_found"}});
                else rows.push_back({{"id", id}, {"key", id}, {"value", {{"rev", docs[id]["_rev"]}}}, {"doc", docs[id]}});
            }
            out.body = json{{"total_rows", docs.size()}, {"rows", rows}}.dump();
            return out;
        }
        if (r.path.rfind("_all_docs", 0) == 0) {  // include_docs, limit, startkey (JSON) with skip=1
            ++all_docs;
            const size_t limit = std::stoul(query(r.path, "limit"));
            const std::string startkey = query(r.path, "startkey");
            std::string from;
            if (!startkey.empty()) from = json::parse(decode(startkey)).get<std::string>();
            const size_t skip = query(r.path, "skip").empty() ? 0 : std::stoul(query(r.path, "skip"));
            json rows = json::array();
            size_t skipped = 0;
            for (auto it = docs.lower_bound(from); it != docs.end() && rows.size() < limit; ++it) {
                if (it->second.value("_deleted", false)) continue;
                if (!startkey.empty() && skipped < skip) {
                    ++skipped;
                    continue;
                }
                rows.push_back({{"id", it->first}, {"key", it->first}, {"value", {{"rev", it->second["_rev"]}}}, {"doc", it->second}});
            }
            out.body = json{{"total_rows", docs.size()}, {"offset", 0}, {"rows", rows}}.dump();
            return out;
        }
        if (r.path == "_design/kefu" && r.method == "GET") {
            if (!docs.count(r.path)) return {r.id, 404, R"({"error":"not_found","reason":"missing"})"};
            out.body = docs[r.path].dump();
            return out;
        }
        if (r.path.rfind("_changes", 0) == 0) {
            last_changes_method = r.method;
            const std::string filter = decode(query(r.path, "filter"));
            json selector;
            if (filter == "_selector") selector = json::parse(r.body).at("selector");
            else if (!filter.empty() && (filter != "kefu/working_set" || !design_filter)) return {r.id, 404, R"({"error":"not_found"})"};
            const std::string after = query(r.path, "after");
            const auto passes = [&](const json& doc) {
                if (filter == "_selector") return mango(selector, doc);
                if (!filter.empty()) return design_filter(doc, after);
                return true;
            };
            const uint64_t since = std::stoull(query(r.path, "since"));
            const std::string limit_text = query(r.path, "limit");
            const size_t limit = limit_text.empty() ? SIZE_MAX : std::stoul(limit_text);
            json results = json::array();
            uint64_t last = since;
            for (const auto& [s, id] : feed)
                if (s > since && results.size() < limit) {
                    last = s;
                    if (!passes(docs[id])) continue;
                    results.push_back({{"seq", s}, {"id", id}, {"changes", {{{"rev", docs[id]["_rev"]}}}}});
                }
            out.body = json{{"results", results}, {"last_seq", last}}.dump();
            return out;
        }
        if (r.path == "_revs_diff") {  // a revision is missing unless it is the document's current one
            ++revs_diffs;
            json answer = json::object();
            const json asked = json::parse(r.body);
            for (const auto& [id, revs] : asked.items()) {
                json missing = json::array();
                for (const json& rev : revs)
                    if (!docs.count(id) || docs[id]["_rev"] != rev) missing.push_back(rev);
                if (!missing.empty()) answer[id] = {{"missing", missing}};
            }
            out.body = answer.dump();
            return out;
        }
        if (r.path.rfind("_bulk_get", 0) == 0) {
            ++bulk_gets;
            json results = json::array();
            const json asked = json::parse(r.body);
            for (const json& want : asked["docs"]) {
                const std::string id = want["id"];
                json one = json::array();
                one.push_back(docs.count(id) ? json{{"ok", docs[id]}} : json{{"error", {{"error", "not_found"}}}});
                json result = json::object();
                result["id"] = id;
                result["docs"] = one;
                results.push_back(result);
            }
            out.body = json{{"results", results}}.dump();
            return out;
        }
        if (r.path == "_bulk_docs") {
            ++bulk_docs;
            json results = json::array();
            const json asked = json::parse(r.body);
            for (const json& d : asked["docs"]) {
                const std::string id = d["_id"];
                const std::string cur = docs.count(id) ? json_rev(docs[id]) : "";
                if (json_rev(d) != cur) {
                    results.push_back({{"id", id}, {"error", "conflict"}, {"reason", "Document update conflict."}});
                    continue;
                }
                if (refuse) {
                    const std::string why = refuse(d);
                    if (!why.empty()) {
                        results.push_back({{"id", id}, {"error", "forbidden"}, {"reason", why}});
                        continue;
                    }
                }
                put(d);
                results.push_back({{"ok", true}, {"id", id}, {"rev", docs[id]["_rev"]}});
            }
            out.status = 201;
            out.body = results.dump();
            return out;
        }
        return {r.id, 400, "{}"};
    }
    // Mango's matching, as much as Kefu's selectors use: $or, $and, $nin, $in, $eq, $ne, $gt(e),
    // $lt(e), dotted field paths, implicit equality. A missing field matches nothing (as in
    // CouchDB's mango_selector).
    static bool mango(const json& selector, const json& doc) {
        for (const auto& [key, cond] : selector.items()) {
            if (key == "$or") {
                bool any = false;
                for (const json& s : cond) any = any || mango(s, doc);
                if (!any) return false;
                continue;
            }
            if (key == "$and") {
                for (const json& s : cond)
                    if (!mango(s, doc)) return false;
                continue;
            }
            const json* v = &doc;
            size_t from = 0;
            for (size_t dot = 0; v && dot != std::string::npos; from = dot + 1) {
                dot = key.find('.', from);
                const std::string part = key.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
                v = v->is_object() && v->contains(part) ? &(*v)[part] : nullptr;
            }
            if (!v) return false;
            if (!cond.is_object()) {
                if (*v != cond) return false;
                continue;
            }
            for (const auto& [op, arg] : cond.items()) {
                const bool in = arg.is_array() && std::find(arg.begin(), arg.end(), *v) != arg.end();
                const bool ok = op == "$eq" ? *v == arg : op == "$ne" ? *v != arg : op == "$in" ? in : op == "$nin" ? !in
                              : op == "$gt" ? *v > arg : op == "$gte" ? *v >= arg : op == "$lt" ? *v < arg : op == "$lte" ? *v <= arg : false;
                if (!ok) return false;
            }
        }
        return true;
    }
    static std::string decode(const std::string& s) {  // percent-decoding
        std::string out;
        for (size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '%' && i + 2 < s.size()) {
                out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
                i += 2;
            } else {
                out += s[i];
            }
        }
        return out;
    }
    static std::string json_rev(const json& d) { return d.contains("_rev") ? d["_rev"].get<std::string>() : ""; }
};

}  // namespace kefu::test
