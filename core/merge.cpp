#include "core/merge.hpp"

#include <algorithm>
#include <set>

namespace kefu {

namespace {

using json = nlohmann::json;

// A field's value in `o`, or nullptr when it is absent (null and absent are the same to a
// record: writing null removes the field).
const json* field(const json& o, const std::string& key) {
    if (!o.is_object()) return nullptr;
    auto it = o.find(key);
    return it == o.end() || it->is_null() ? nullptr : &*it;
}

bool same(const json* a, const json* b) { return a == b || (a && b && *a == *b); }
// `list` begins with `base` (absent: an empty list): only appended to since.
bool appended_to(const json* base, const json& list) {
    if (!base) return true;
    if (!base->is_array() || base->size() > list.size()) return false;
    return std::equal(base->begin(), base->end(), list.begin());
}

// A signed section ({"text", "by", "at"}: a description, a solution, a review) is one value:
// its text, who wrote it and when belong together, never mixed from two desks.
bool atomic(const json& o) { return o.contains("text") && o.contains("at"); }
json value_or_null(const json* v) { return v ? *v : json(); }

void merge_into(const json& base, const json& mine, const json& theirs, const std::string& prefix, json& out,
                std::vector<MergeConflict>& conflicts) {
    std::set<std::string> keys;
    for (const json* o : {&base, &mine, &theirs})
        if (o->is_object())
            for (auto it = o->begin(); it != o->end(); ++it) keys.insert(it.key());
    out = json::object();
    for (const std::string& k : keys) {
        const json* b = field(base, k);
        const json* m = field(mine, k);
        const json* t = field(theirs, k);
        const std::string path = prefix.empty() ? k : prefix + "." + k;
        const json* pick = nullptr;
        if (same(m, t) || same(b, t)) pick = m;  // agreed, or changed only here
        else if (same(b, m)) pick = t;           // changed only there
        else if (m && t && m->is_object() && t->is_object() && !atomic(*m) && !atomic(*t)) {
            // Both changed an object: merge inside it (an absent base is an empty one).
            static const json kEmpty = json::object();
            json inner;
            merge_into(b && b->is_object() ? *b : kEmpty, *m, *t, path, inner, conflicts);
            out[k] = std::move(inner);
            continue;
        } else if (m && t && m->is_array() && t->is_array() && appended_to(b, *m) && appended_to(b, *t)) {
            // An append-only list (callback attempts, reopenings, cases an article solved):
            // both desks only added to it, so both additions stay: the shared start, this
            // desk's, then the other's not already there.
            json both = *m;
            const size_t shared = b && b->is_array() ? b->size() : 0;
            for (size_t i = shared; i < t->size(); ++i)
                if (std::find(both.begin() + static_cast<std::ptrdiff_t>(shared), both.end(), (*t)[i]) == both.end()) both.push_back((*t)[i]);
            out[k] = std::move(both);
            continue;
        } else {
            conflicts.push_back({path, value_or_null(b), value_or_null(m), value_or_null(t)});
            pick = m;  // kept here until someone picks; `theirs` is in the conflict
        }
        if (pick) out[k] = *pick;
    }
}

bool same_entry(const HistoryEntry& a, const HistoryEntry& b) {
    return a.rev == b.rev && a.op == b.op && a.at_ms == b.at_ms && a.by == b.by;
}

}  // namespace

MergeResult merge3(const json& base, const json& mine, const json& theirs) {
    MergeResult r;
    merge_into(base, mine, theirs, "", r.data, r.conflicts);
    return r;
}

size_t shared_entries(const std::vector<HistoryEntry>& a, const std::vector<HistoryEntry>& b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && same_entry(a[n], b[n])) ++n;
    return n;
}

uint64_t common_revision(const std::vector<HistoryEntry>& a, const std::vector<HistoryEntry>& b) {
    const size_t n = shared_entries(a, b);
    return n == 0 ? 0 : a[n - 1].rev;
}

bool data_at(const json& now, const std::vector<HistoryEntry>& history, uint64_t rev, json& out) {
    json data = now;
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        if (it->rev == rev) {
            out = std::move(data);
            return true;
        }
        if (it->op == ChangeOp::Put) return false;  // replaced wholesale: what came before is not recoverable
        undo_entry(data, *it);
    }
    return false;
}

}  // namespace kefu
