#include "core/record.hpp"

#include <algorithm>

#include "core/msgpack_text.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {

constexpr const char* kOpNames[] = {"create", "update", "delete", "put", "release"};
constexpr int kOpCount = static_cast<int>(sizeof(kOpNames) / sizeof(kOpNames[0]));
static_assert(kOpCount == static_cast<int>(ChangeOp::Release) + 1, "one name per ChangeOp");

bool parse_op(const std::string& s, ChangeOp& op) {
    for (int i = 0; i < kOpCount; ++i)
        if (s == kOpNames[i]) {
            op = static_cast<ChangeOp>(i);
            return true;
        }
    return false;
}

nlohmann::json actor_json(const Actor& a) { return {a.agent_id, a.name}; }
bool actor_from(const nlohmann::json& j, Actor& a) {
    if (!j.is_array() || j.size() != 2 || !j[0].is_string() || !j[1].is_string()) return false;
    a.agent_id = j[0].get<std::string>();
    a.name = j[1].get<std::string>();
    return true;
}

// A history entry's author, and who relayed it when someone did: 2 or 4 strings.
bool entry_actors_from(const nlohmann::json& j, Actor& by, Actor& via) {
    if (!j.is_array() || (j.size() != 2 && j.size() != 4)) return false;
    for (const nlohmann::json& s : j)
        if (!s.is_string()) return false;
    by = {j[0].get<std::string>(), j[1].get<std::string>()};
    via = j.size() == 4 ? Actor{j[2].get<std::string>(), j[3].get<std::string>()} : Actor{};
    return j.size() == 2 || !via.agent_id.empty();
}

bool fail(std::string* error, const char* what) {
    if (error) *error = what;
    return false;
}

std::vector<uint8_t> bytes_of(std::string_view s) { return std::vector<uint8_t>(s.begin(), s.end()); }

// The record's JSON form (journal "put" changes, tests); `h` is the history, as JSON or as
// its encoded bytes.
nlohmann::json record_json(const Record& r, nlohmann::json h) {
    return {{"t", r.type}, {"id", r.id}, {"rev", r.rev}, {"ca", r.created_at_ms}, {"cb", actor_json(r.created_by)},
            {"ua", r.updated_at_ms}, {"ub", actor_json(r.updated_by)}, {"del", r.deleted},
            {"d", nlohmann::json::binary(bytes_of(r.data_blob))}, {"h", std::move(h)}};
}

std::string encode_history_json(const nlohmann::json& h);

// Reads record_json(); the history comes back encoded whichever form it was written in
// (journals written before "put" changes carried the bytes hold it as JSON).
bool record_from_json_blob(const nlohmann::json& j, Record& r, std::string& history_blob, std::string* error) {
    if (!j.is_object()) return fail(error, "record is not an object");
    for (const char* k : {"t", "id"})
        if (!j.contains(k) || !j[k].is_string()) return fail(error, k);
    for (const char* k : {"rev", "ca", "ua"})
        if (!j.contains(k) || !j[k].is_number_integer()) return fail(error, k);
    if (!j.contains("del") || !j["del"].is_boolean()) return fail(error, "del");
    if (!j.contains("d") || !j["d"].is_binary()) return fail(error, "d");
    Record out;
    out.type = j["t"].get<std::string>();
    out.id = j["id"].get<std::string>();
    if (!valid_record_type(out.type) || !valid_record_id(out.id)) return fail(error, "type/id");
    out.rev = j["rev"].get<uint64_t>();
    out.created_at_ms = j["ca"].get<int64_t>();
    out.updated_at_ms = j["ua"].get<int64_t>();
    if (!j.contains("cb") || !actor_from(j["cb"], out.created_by)) return fail(error, "cb");
    if (!j.contains("ub") || !actor_from(j["ub"], out.updated_by)) return fail(error, "ub");
    out.deleted = j["del"].get<bool>();
    const auto& blob = j["d"].get_binary();
    out.data_blob.assign(blob.begin(), blob.end());
    std::string hist;
    if (j.contains("h")) {
        const nlohmann::json& h = j["h"];
        if (h.is_binary()) hist.assign(h.get_binary().begin(), h.get_binary().end());
        else if (h.is_array()) hist = encode_history_json(h);
        else return fail(error, "h");
        if (!history_blob_ok(hist)) return fail(error, "h");
    }
    r = std::move(out);
    history_blob = std::move(hist);
    return true;
}

}  // namespace

nlohmann::json Record::data() const {
    if (data_blob.empty()) return nlohmann::json::object();
    nlohmann::json j = nlohmann::json::from_msgpack(data_blob.begin(), data_blob.end(), true, false);
    return j.is_object() ? j : nlohmann::json::object();
}

void Record::set_data(const nlohmann::json& d) {
    std::vector<uint8_t> bytes = nlohmann::json::to_msgpack(d);
    data_blob.assign(bytes.begin(), bytes.end());
}

const char* change_op_name(ChangeOp op) { return kOpNames[static_cast<int>(op)]; }

bool valid_record_type(std::string_view type) {
    if (type.empty() || type.size() > 32) return false;
    for (char c : type)
        if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
    return true;
}

bool valid_record_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':'))
            return false;
    return true;
}

// ---- live commands ----------------------------------------------------------------------
namespace {

// The change a live command is about to make: who, when, which revision.
Change start_change(ChangeOp op, const std::string& type, const std::string& id, uint64_t rev, const CommandContext& ctx) {
    Change c;
    c.op = op;
    c.type = type;
    c.id = id;
    c.rev = rev;
    c.at_ms = ctx.now_ms;
    c.by = ctx.actor;
    return c;
}

// A live record the caller saw at `base_rev`, or the reason it cannot be changed.
ApplyResult check_live(const Record* rec, const std::string& type, const std::string& id, uint64_t base_rev) {
    if (!rec) return ApplyResult::failure("error.record.not_found", type + "/" + id);
    if (rec->deleted) return ApplyResult::failure("error.record.deleted", type + "/" + id);
    if (rec->rev != base_rev)
        return ApplyResult::failure("error.record.conflict", std::to_string(base_rev) + " → " + std::to_string(rec->rev));
    return ApplyResult::success();
}

}  // namespace

ApplyResult RecordStore::commit(Change c, Change* out) {
    if (undo_depth_ > 0 && std::none_of(undo_.begin(), undo_.end(), [&](const Before& b) { return b.type == c.type && b.id == c.id; })) {
        Before b{c.type, c.id, false, {}};
        if (const Entry* e = find_entry(c.type, c.id)) b.existed = true, b.entry = *e;
        undo_.push_back(std::move(b));
    }
    ApplyResult r = apply_change(c);
    if (r.ok && out) *out = std::move(c);
    return r;
}

ApplyResult RecordStore::create(const std::string& type, const std::string& id, nlohmann::json data,
                                const CommandContext& ctx, Change* out) {
    if (!valid_record_type(type)) return ApplyResult::failure("error.record.invalid_type", type);
    if (!valid_record_id(id)) return ApplyResult::failure("error.record.invalid_id", id);
    if (!data.is_object()) return ApplyResult::failure("error.record.invalid_data", "data must be an object");
    if (const Record* existing = find_any(type, id))
        return ApplyResult::failure(existing->deleted ? "error.record.deleted" : "error.record.exists", type + "/" + id);
    Change c = start_change(ChangeOp::Create, type, id, 1, ctx);
    c.set = std::move(data);
    return commit(std::move(c), out);
}

ApplyResult RecordStore::update(const std::string& type, const std::string& id, uint64_t base_rev,
                                const nlohmann::json& patch, const CommandContext& ctx, Change* out) {
    const Record* rec = find_any(type, id);
    if (ApplyResult r = check_live(rec, type, id, base_rev); !r.ok) return r;
    if (!patch.is_object()) return ApplyResult::failure("error.record.invalid_data", "patch must be an object");
    const nlohmann::json current = rec->data();
    Change c = start_change(ChangeOp::Update, type, id, rec->rev + 1, ctx);
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        auto cur = current.find(it.key());
        if (it.value().is_null()) {
            if (cur != current.end()) c.unset.push_back(it.key());
        } else if (cur == current.end() || *cur != it.value()) {
            c.set[it.key()] = it.value();
        }
    }
    if (c.set.empty() && c.unset.empty()) return ApplyResult::success();  // nothing changed: no revision
    return commit(std::move(c), out);
}

ApplyResult RecordStore::remove(const std::string& type, const std::string& id, uint64_t base_rev,
                                const CommandContext& ctx, Change* out) {
    const Record* rec = find_any(type, id);
    if (ApplyResult r = check_live(rec, type, id, base_rev); !r.ok) return r;
    return commit(start_change(ChangeOp::Delete, type, id, rec->rev + 1, ctx), out);
}

// ---- the single mutation path -------------------------------------------------------------
ApplyResult RecordStore::release(const std::string& type, const std::string& id, uint64_t base_rev,
                                 const CommandContext& ctx, Change* out) {
    const Record* rec = find_any(type, id);
    if (!rec) return ApplyResult::failure("error.record.not_found", type + "/" + id);
    if (rec->rev != base_rev) return ApplyResult::failure("error.record.conflict", std::to_string(rec->rev));
    return commit(start_change(ChangeOp::Release, type, id, base_rev, ctx), out);
}

ApplyResult RecordStore::apply_change(const Change& c) {
    if (!valid_record_type(c.type)) return ApplyResult::failure("error.record.invalid_type", c.type);
    if (!valid_record_id(c.id)) return ApplyResult::failure("error.record.invalid_id", c.id);
    if (!c.set.is_object()) return ApplyResult::failure("error.record.invalid_data", "set must be an object");
    if (!json_strings_valid(c.set)) return ApplyResult::failure("error.record.invalid_data", "invalid UTF-8");
    Entry* e = find_entry(c.type, c.id);
    if (c.op == ChangeOp::Release) {
        if (!e) return ApplyResult::failure("error.record.not_found", c.type + "/" + c.id);
        if (c.rev != e->record.rev)
            return ApplyResult::failure("error.record.revision", std::to_string(c.rev) + " is not " + std::to_string(e->record.rev));
        erase(c.type, c.id);
        return ApplyResult::success();
    }
    if (c.op == ChangeOp::Put) {
        const Record& r = c.put_record;
        if (r.type != c.type || r.id != c.id || r.rev != c.rev)
            return ApplyResult::failure("error.record.invalid_data", "put does not match its record");
        uint64_t last = 0;
        if (!history_blob_ok(c.put_history, &last) || last != r.rev)
            return ApplyResult::failure("error.record.invalid_data", "put history");
        for (const Actor* a : {&r.created_by, &r.updated_by})
            if (!valid_utf8(a->agent_id) || !valid_utf8(a->name)) return ApplyResult::failure("error.record.invalid_data", "invalid UTF-8");
        if (e && r.rev < e->record.rev)
            return ApplyResult::failure("error.record.revision", std::to_string(r.rev) + " after " + std::to_string(e->record.rev));
        restore_raw(r, c.put_history);
        return ApplyResult::success();
    }
    HistoryEntry h;
    h.rev = c.rev;
    h.op = c.op;
    h.at_ms = c.at_ms;
    h.by = c.by;

    if (c.op == ChangeOp::Create) {
        if (e) return ApplyResult::failure(e->record.deleted ? "error.record.deleted" : "error.record.exists", c.type + "/" + c.id);
        if (c.rev != 1) return ApplyResult::failure("error.record.revision", "create must be revision 1");
        if (json_larger_than(c.set, kMaxRecordBytes)) return ApplyResult::failure("error.record.too_large", c.type + "/" + c.id);
        Entry fresh;
        fresh.record.type = c.type;
        fresh.record.id = c.id;
        fresh.record.rev = 1;
        fresh.record.created_at_ms = fresh.record.updated_at_ms = c.at_ms;
        fresh.record.created_by = fresh.record.updated_by = c.by;
        fresh.record.set_data(c.set);
        fresh.history_blob = encode_history({h});
        auto& table = tables_[c.type];
        table.emplace(c.id, std::move(fresh));
        ++live_counts_[c.type];
        ++total_;
        ++version_;
        return ApplyResult::success();
    }

    if (!e) return ApplyResult::failure("error.record.not_found", c.type + "/" + c.id);
    Record& r = e->record;
    if (r.deleted) return ApplyResult::failure("error.record.deleted", c.type + "/" + c.id);
    if (c.rev != r.rev + 1)
        return ApplyResult::failure("error.record.revision", std::to_string(c.rev) + " after " + std::to_string(r.rev));

    if (c.op == ChangeOp::Update) {
        nlohmann::json next = r.data();
        for (auto it = c.set.begin(); it != c.set.end(); ++it) {
            auto cur = next.find(it.key());
            h.fields.push_back({it.key(), cur == next.end() ? nlohmann::json() : *cur, it.value()});
            next[it.key()] = it.value();
        }
        for (const std::string& k : c.unset) {
            auto cur = next.find(k);
            if (cur == next.end()) continue;
            h.fields.push_back({k, *cur, nullptr});
            next.erase(k);
        }
        if (json_larger_than(next, kMaxRecordBytes)) return ApplyResult::failure("error.record.too_large", c.type + "/" + c.id);
        r.set_data(next);
    } else {
        r.deleted = true;
        --live_counts_[c.type];
    }
    r.rev = c.rev;
    r.updated_at_ms = c.at_ms;
    r.updated_by = c.by;
    std::vector<HistoryEntry> hist;
    decode_history(e->history_blob, hist);
    hist.push_back(std::move(h));
    e->history_blob = encode_history(hist);
    ++version_;
    return ApplyResult::success();
}

// ---- queries ------------------------------------------------------------------------------
RecordStore::Entry* RecordStore::find_entry(std::string_view type, std::string_view id) {
    auto t = tables_.find(type);
    if (t == tables_.end()) return nullptr;
    auto it = t->second.find(std::string(id));
    return it == t->second.end() ? nullptr : &it->second;
}
const RecordStore::Entry* RecordStore::find_entry(std::string_view type, std::string_view id) const {
    return const_cast<RecordStore*>(this)->find_entry(type, id);
}

const Record* RecordStore::find(std::string_view type, std::string_view id) const {
    const Entry* e = find_entry(type, id);
    return e && !e->record.deleted ? &e->record : nullptr;
}
const Record* RecordStore::find_any(std::string_view type, std::string_view id) const {
    const Entry* e = find_entry(type, id);
    return e ? &e->record : nullptr;
}
std::vector<HistoryEntry> RecordStore::history(std::string_view type, std::string_view id) const {
    std::vector<HistoryEntry> out;
    if (const Entry* e = find_entry(type, id)) decode_history(e->history_blob, out);
    return out;
}

size_t RecordStore::count(std::string_view type) const {
    auto it = live_counts_.find(type);
    return it == live_counts_.end() ? 0 : it->second;
}

std::vector<std::string> RecordStore::types() const {
    std::vector<std::string> out;
    for (const auto& kv : tables_) out.push_back(kv.first);
    return out;
}

void RecordStore::for_each(std::string_view type, const std::function<void(const Record&)>& fn) const {
    auto t = tables_.find(type);
    if (t == tables_.end()) return;
    for (const auto& kv : t->second)
        if (!kv.second.record.deleted) fn(kv.second.record);
}

void RecordStore::for_each_entry(const std::function<void(const Record&, const std::vector<HistoryEntry>&)>& fn) const {
    for (const auto& t : tables_)
        for (const auto& kv : t.second) {
            std::vector<HistoryEntry> h;
            decode_history(kv.second.history_blob, h);
            fn(kv.second.record, h);
        }
}

void RecordStore::for_each_raw(const std::function<void(const Record&, const std::string&)>& fn) const {
    for (const auto& t : tables_)
        for (const auto& kv : t.second) fn(kv.second.record, kv.second.history_blob);
}

void RecordStore::restore(Record r, const std::vector<HistoryEntry>& history) {
    restore_raw(std::move(r), encode_history(history));
}

void RecordStore::restore_raw(Record r, std::string history_blob) {
    if (Entry* old = find_entry(r.type, r.id)) {
        if (!old->record.deleted) --live_counts_[r.type];
        --total_;
    }
    const std::string type = r.type, id = r.id;
    const bool live = !r.deleted;
    tables_[type][id] = Entry{std::move(r), std::move(history_blob)};
    if (live) ++live_counts_[type];
    ++total_;
    ++version_;
}

void RecordStore::begin_undo() {
    if (undo_depth_++ == 0) undo_.clear();
}

void RecordStore::end_undo() {
    if (undo_depth_ > 0 && --undo_depth_ == 0) undo_.clear();
}

void RecordStore::rollback() {
    if (undo_depth_ != 1) return;  // an inner scope leaves it to the outermost one
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
        if (it->existed) restore_raw(it->entry.record, it->entry.history_blob);
        else erase(it->type, it->id);
    }
    undo_.clear();
    ++version_;
}

void RecordStore::erase(const std::string& type, const std::string& id) {
    auto t = tables_.find(type);
    if (t == tables_.end()) return;
    auto e = t->second.find(id);
    if (e == t->second.end()) return;
    if (!e->second.record.deleted) --live_counts_[type];
    --total_;
    t->second.erase(e);
    ++version_;
}

void RecordStore::clear() {
    tables_.clear();
    live_counts_.clear();
    total_ = 0;
    ++version_;
}

// ---- JSON forms -------------------------------------------------------------------------------
nlohmann::json change_to_json(const Change& c) {
    nlohmann::json j = {{"op", change_op_name(c.op)}, {"t", c.type}, {"id", c.id}, {"rev", c.rev},
                        {"at", c.at_ms}, {"by", actor_json(c.by)}};
    if (!c.set.empty()) j["set"] = c.set;
    if (!c.unset.empty()) j["unset"] = c.unset;
    if (c.op == ChangeOp::Put) j["rec"] = record_json(c.put_record, nlohmann::json::binary(bytes_of(c.put_history)));
    return j;
}

bool change_from_json(const nlohmann::json& j, Change& out, std::string* error) {
    if (!j.is_object()) return fail(error, "change is not an object");
    Change c;
    if (!j.contains("op") || !j["op"].is_string() || !parse_op(j["op"].get<std::string>(), c.op)) return fail(error, "op");
    if (!j.contains("t") || !j["t"].is_string()) return fail(error, "t");
    if (!j.contains("id") || !j["id"].is_string()) return fail(error, "id");
    if (!j.contains("rev") || !j["rev"].is_number_unsigned()) return fail(error, "rev");
    if (!j.contains("at") || !j["at"].is_number_integer()) return fail(error, "at");
    if (!j.contains("by") || !actor_from(j["by"], c.by)) return fail(error, "by");
    c.type = j["t"].get<std::string>();
    c.id = j["id"].get<std::string>();
    c.rev = j["rev"].get<uint64_t>();
    c.at_ms = j["at"].get<int64_t>();
    if (j.contains("set")) {
        if (!j["set"].is_object()) return fail(error, "set");
        c.set = j["set"];
    }
    if (j.contains("unset")) {
        if (!j["unset"].is_array()) return fail(error, "unset");
        for (const auto& k : j["unset"]) {
            if (!k.is_string()) return fail(error, "unset");
            c.unset.push_back(k.get<std::string>());
        }
    }
    if (c.op == ChangeOp::Put) {
        if (!j.contains("rec") || !record_from_json_blob(j["rec"], c.put_record, c.put_history, error)) return fail(error, "rec");
    }
    out = std::move(c);
    return true;
}

namespace {

std::string encode_history_json(const nlohmann::json& h) {
    const std::vector<uint8_t> bytes = nlohmann::json::to_msgpack(h);
    return std::string(bytes.begin(), bytes.end());
}

nlohmann::json history_json(const std::vector<HistoryEntry>& history) {
    nlohmann::json h = nlohmann::json::array();
    for (const HistoryEntry& e : history) {
        nlohmann::json fields = nlohmann::json::array();
        for (const FieldChange& f : e.fields) fields.push_back({f.field, f.before, f.after});
        // [agent_id, name] or, relayed, [agent_id, name, via agent_id, via name].
        nlohmann::json by = actor_json(e.by);
        if (!e.via.agent_id.empty()) by.insert(by.end(), {e.via.agent_id, e.via.name});
        h.push_back({e.rev, change_op_name(e.op), e.at_ms, std::move(by), fields});
    }
    return h;
}

bool history_from_json(const nlohmann::json& j, std::vector<HistoryEntry>& out, std::string* error) {
    if (!j.is_array()) return fail(error, "h");
    std::vector<HistoryEntry> hist;
    for (const auto& e : j) {
        HistoryEntry h;
        if (!e.is_array() || e.size() != 5 || !e[0].is_number_unsigned() || !e[1].is_string() ||
            !parse_op(e[1].get<std::string>(), h.op) || !e[2].is_number_integer() || !entry_actors_from(e[3], h.by, h.via) || !e[4].is_array())
            return fail(error, "h[]");
        h.rev = e[0].get<uint64_t>();
        h.at_ms = e[2].get<int64_t>();
        for (const auto& f : e[4]) {
            if (!f.is_array() || f.size() != 3 || !f[0].is_string()) return fail(error, "h[].fields");
            h.fields.push_back({f[0].get<std::string>(), f[1], f[2]});
        }
        hist.push_back(std::move(h));
    }
    out = std::move(hist);
    return true;
}

}  // namespace

std::string encode_history(const std::vector<HistoryEntry>& history) { return encode_history_json(history_json(history)); }

bool decode_history(std::string_view blob, std::vector<HistoryEntry>& out) {
    out.clear();
    if (blob.empty()) return true;
    const nlohmann::json j = nlohmann::json::from_msgpack(blob.begin(), blob.end(), true, false);
    return !j.is_discarded() && history_from_json(j, out, nullptr);
}

nlohmann::json record_to_json(const Record& r, const std::vector<HistoryEntry>& history) {
    return record_json(r, history_json(history));
}

bool record_from_json(const nlohmann::json& j, Record& r, std::vector<HistoryEntry>& history, std::string* error) {
    Record out;
    std::string blob;
    std::vector<HistoryEntry> hist;
    if (!record_from_json_blob(j, out, blob, error)) return false;
    if (!decode_history(blob, hist)) return fail(error, "h");
    r = std::move(out);
    history = std::move(hist);
    return true;
}

Change put_change(const Record& r, std::string history_blob, int64_t at_ms, const Actor& by) {
    Change c;
    c.op = ChangeOp::Put;
    c.type = r.type;
    c.id = r.id;
    c.rev = r.rev;
    c.at_ms = at_ms;
    c.by = by;
    c.put_record = r;
    c.put_history = std::move(history_blob);
    return c;
}

void undo_entry(nlohmann::json& data, const HistoryEntry& entry) {
    for (const FieldChange& f : entry.fields) {
        if (f.before.is_null()) data.erase(f.field);
        else data[f.field] = f.before;
    }
}

std::vector<DataVersion> data_versions(const RecordStore& store, std::string_view type, std::string_view id) {
    std::vector<DataVersion> out;
    const Record* r = store.find_any(type, id);
    if (!r) return out;
    const std::vector<HistoryEntry> history = store.history(type, id);
    nlohmann::json data = r->data();
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        if (it->op != ChangeOp::Delete) out.push_back({it->rev, it->at_ms, it->by, data});
        undo_entry(data, *it);
    }
    std::reverse(out.begin(), out.end());
    return out;
}

bool read_history_head(MsgpackText& in, HistoryHead& out) {
    size_t parts = 0, actor_parts = 0;
    out.via_id = out.via_name = {};
    return in.array_header(parts) && parts == 5 && in.integer(out.rev) && in.str(out.op) && in.integer(out.at) &&
           in.array_header(actor_parts) && (actor_parts == 2 || actor_parts == 4) && in.str(out.agent_id) && in.str(out.name) &&
           (actor_parts == 2 || (in.str(out.via_id) && in.str(out.via_name) && !out.via_id.empty())) && in.array_header(out.changes);
}

bool history_blob_ok(std::string_view blob, uint64_t* last_rev) {
    uint64_t last = 0;
    if (!blob.empty()) {
        MsgpackText in(blob);
        size_t entries = 0;
        if (!in.array_header(entries)) return false;
        for (size_t i = 0; i < entries; ++i) {
            HistoryHead h;
            ChangeOp parsed;
            if (!read_history_head(in, h) || h.rev <= 0 || !parse_op(std::string(h.op), parsed) || !valid_utf8(h.agent_id) ||
                !valid_utf8(h.name) || !valid_utf8(h.via_id) || !valid_utf8(h.via_name))
                return false;
            for (size_t c = 0; c < h.changes; ++c) {
                size_t triple = 0;
                std::string_view field;
                if (!in.array_header(triple) || triple != 3 || !in.str(field) || !valid_utf8(field) || !in.skip() || !in.skip())
                    return false;
            }
            last = static_cast<uint64_t>(h.rev);
        }
        if (!in.at_end()) return false;
    }
    if (last_rev) *last_rev = last;
    return true;
}

}  // namespace kefu
