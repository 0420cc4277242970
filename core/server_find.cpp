#include "core/server_find.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/case.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

bool phone_like(std::string_view s, size_t& digits) {
    digits = 0;
    for (char c : s) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != ' ' && c != '-' && c != '+' && c != '(' && c != ')') return false;
    }
    return digits >= 5;
}

void add_unique(json& list, const std::string& v) {
    if (!v.empty() && std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

std::string query(json selector, size_t limit) { return json{{"selector", std::move(selector)}, {"limit", limit}}.dump(); }
}  // namespace

std::vector<std::string> server_find_bodies(std::string_view text, size_t limit) {
    const std::string t = trimmed(text);
    std::vector<std::string> out;
    if (t.empty() || !valid_utf8(t)) return out;
    size_t digits = 0;
    if (phone_like(t, digits)) {
        json variants = json::array();
        add_unique(variants, t);
        const std::string d = phone_digits(t);
        add_unique(variants, d);
        if (d.size() == 11) {  // a mobile as people write it: 138 0000 1111, 138-0000-1111
            add_unique(variants, d.substr(0, 3) + " " + d.substr(3, 4) + " " + d.substr(7));
            add_unique(variants, d.substr(0, 3) + "-" + d.substr(3, 4) + "-" + d.substr(7));
        }
        out.push_back(query({{"data.customer.mobile", {{"$in", variants}}}}, limit));
        out.push_back(query({{"data.customer.telephone", {{"$in", variants}}}}, limit));
        return out;
    }
    if (t.find('-') != std::string::npos && std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        json forms = json::array();
        add_unique(forms, t);
        std::string upper = t;
        for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
        add_unique(forms, upper);
        out.push_back(query({{"data.form_no", {{"$in", forms}}}}, limit));
        return out;
    }
    // A name from its first characters: the index's range [text, text + U+FFFF).
    out.push_back(query({{"data.customer.name", {{"$gte", t}, {"$lt", t + "\xEF\xBF\xBF"}}}}, limit));
    return out;
}

bool read_server_find(const std::string& body, std::vector<TeamDoc>& found, std::vector<RefusedDoc>& refused) {
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("docs") || !j["docs"].is_array()) return false;
    std::vector<TeamDoc> taken;
    for (const json& d : j["docs"]) take_doc(d, taken, refused);
    for (TeamDoc& doc : taken) {
        if (doc.record.type != kCaseType) continue;
        const bool seen = std::any_of(found.begin(), found.end(), [&](const TeamDoc& f) { return f.record.id == doc.record.id; });
        if (!seen) found.push_back(std::move(doc));
    }
    return true;
}

}  // namespace kefu
