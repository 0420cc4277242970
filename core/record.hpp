// Records and the one door every record change goes through.
//
// A record is a typed JSON object (`data`) with the bookkeeping every domain needs: a stable
// id, a revision, created/updated by/at, a tombstone flag, and a history. Domain commands
// (ForwardCase, PublishArticle, …) turn into record Changes; RecordStore::apply_change is
// the only function that mutates records, both for live commands and for journal replay,
// so history, persistence and tests see every change the same way.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace kefu {

struct Actor {
    std::string agent_id;  // 工号
    std::string name;
    bool operator==(const Actor& o) const { return agent_id == o.agent_id && name == o.name; }
};

// The injectable clock: milliseconds since the Unix epoch.
using Clock = std::function<int64_t()>;

// Who acts and when: passed with every command.
struct CommandContext {
    Actor actor;
    int64_t now_ms = 0;
};

// Put: a whole record with its history arrives from an import (new, or a fast-forward of a
// record this store has not changed since); its revision may not go backwards.
// Release: this station lets go of its copy of a record the team database holds (outside the
// station's working set, working_set.hpp). Not a deletion: no tombstone, no history entry,
// never pushed; the record is simply no longer here (journaled so that a reload agrees).
enum class ChangeOp { Create, Update, Delete, Put, Release };
const char* change_op_name(ChangeOp op);

// A record's data is held as MessagePack bytes, decoded on demand: 100,000 cases as JSON
// trees would take gigabytes, as bytes about 130 MB (see BENCHMARKS.md). Views that list
// many records keep their own typed, derived index.
struct Record {
    std::string type;
    std::string id;
    uint64_t rev = 0;
    int64_t created_at_ms = 0;
    Actor created_by;
    int64_t updated_at_ms = 0;
    Actor updated_by;
    bool deleted = false;  // tombstone: "deleted" is not "never existed"
    std::string data_blob;  // MessagePack of the data object

    nlohmann::json data() const;
    void set_data(const nlohmann::json& d);
};

// One applied change, as journaled and replayed. `set` holds the top-level fields written
// (create: all of them); `unset` the fields removed.
struct Change {
    ChangeOp op = ChangeOp::Create;
    std::string type;
    std::string id;
    uint64_t rev = 0;  // the record's revision after this change
    int64_t at_ms = 0;
    Actor by;
    nlohmann::json set = nlohmann::json::object();
    std::vector<std::string> unset;
    // Put only: the whole record and its history as encode_history() bytes.
    Record put_record;
    std::string put_history;
};

struct FieldChange {
    std::string field;
    nlohmann::json before;  // null: absent
    nlohmann::json after;   // null: absent
};

// A create lists no field values (they are the record's first data, recoverable from the
// following updates' "before" values); an update lists each field's before and after.
struct HistoryEntry {
    uint64_t rev = 0;
    ChangeOp op = ChangeOp::Create;
    int64_t at_ms = 0;
    Actor by;
    std::vector<FieldChange> fields;
    // Who sent the change to the team database for `by`, when it went up under another
    // agent's team session (代为上传: `by` made it offline and signed out; docs/team-security.md).
    // Empty: none. Set by the push and kept from the server's copy; never by a command.
    Actor via = {};
};

constexpr size_t kMaxIdLength = 64;
constexpr size_t kMaxRecordBytes = 1 << 20;  // serialized data of one record

bool valid_record_type(std::string_view type);
bool valid_record_id(std::string_view id);

class RecordStore {
public:
    // Live commands: validate, build the Change, apply it. On success *out gets the change.
    ApplyResult create(const std::string& type, const std::string& id, nlohmann::json data,
                       const CommandContext& ctx, Change* out = nullptr);
    // `patch`: top-level fields to set; a null value removes the field. `base_rev` must be
    // the revision the caller saw (optimistic concurrency).
    ApplyResult update(const std::string& type, const std::string& id, uint64_t base_rev,
                       const nlohmann::json& patch, const CommandContext& ctx, Change* out = nullptr);
    ApplyResult remove(const std::string& type, const std::string& id, uint64_t base_rev,
                       const CommandContext& ctx, Change* out = nullptr);
    // Lets go of this station's copy (ChangeOp::Release) of the record at `base_rev`.
    ApplyResult release(const std::string& type, const std::string& id, uint64_t base_rev,
                        const CommandContext& ctx, Change* out = nullptr);

    // The single mutation path (live and replay). Checks that the change follows the
    // record's current revision.
    ApplyResult apply_change(const Change& c);

    // Live records only; nullptr for a missing or deleted record.
    const Record* find(std::string_view type, std::string_view id) const;
    // Including tombstones.
    const Record* find_any(std::string_view type, std::string_view id) const;
    // Decoded on demand (kept as MessagePack bytes); empty for an unknown record.
    std::vector<HistoryEntry> history(std::string_view type, std::string_view id) const;

    size_t count(std::string_view type) const;  // live records of a type
    size_t total() const { return total_; }      // every record, tombstones included
    uint64_t version() const { return version_; }
    std::vector<std::string> types() const;
    void for_each(std::string_view type, const std::function<void(const Record&)>& fn) const;  // id order not guaranteed
    void for_each_entry(const std::function<void(const Record&, const std::vector<HistoryEntry>&)>& fn) const;
    // Like for_each_entry with the history still encoded (snapshots copy it as it is).
    void for_each_raw(const std::function<void(const Record&, const std::string& history_blob)>& fn) const;

    // Restores a record with its history (snapshot load, import). Replaces any existing one.
    void restore(Record r, const std::vector<HistoryEntry>& history);
    void restore_raw(Record r, std::string history_blob);
    void clear();

    // One user action that writes several records (a workflow: a callback with its survey
    // answers, a case with the call it came from) succeeds or fails whole. While an undo scope
    // is open, every record a live change touches is remembered as it was before its first
    // change; rollback() puts them all back (a record that did not exist is gone again).
    // Use UndoScope below rather than these.
    void begin_undo();
    void end_undo();
    void rollback();

private:
    struct Entry {
        Record record;
        std::string history_blob;  // encode_history()
    };
    using Table = std::unordered_map<std::string, Entry>;
    // Applies a live command's change and hands it to the caller (for the journal).
    ApplyResult commit(Change c, Change* out);
    Entry* find_entry(std::string_view type, std::string_view id);
    const Entry* find_entry(std::string_view type, std::string_view id) const;

    std::map<std::string, Table, std::less<>> tables_;
    std::map<std::string, size_t, std::less<>> live_counts_;
    size_t total_ = 0;
    uint64_t version_ = 0;
    struct Before {
        std::string type, id;
        bool existed = false;
        Entry entry;
    };
    int undo_depth_ = 0;
    std::vector<Before> undo_;
    void erase(const std::string& type, const std::string& id);
};

// Opens an undo scope on a store: unless commit() is called, leaving the scope rolls back
// every record written in it. Scopes nest (only the outermost one remembers and rolls back).
class UndoScope {
public:
    explicit UndoScope(RecordStore& store) : store_(store) { store_.begin_undo(); }
    ~UndoScope() {
        if (!done_) store_.rollback();
        store_.end_undo();
    }
    void commit() { done_ = true; }
    UndoScope(const UndoScope&) = delete;
    UndoScope& operator=(const UndoScope&) = delete;

private:
    RecordStore& store_;
    bool done_ = false;
};

// A Put: the whole record `r` with its encoded history, arriving at `at_ms` through `by`.
Change put_change(const Record& r, std::string history_blob, int64_t at_ms, const Actor& by);

// Change <-> JSON (the journal's payload; compact keys).
nlohmann::json change_to_json(const Change& c);
bool change_from_json(const nlohmann::json& j, Change& out, std::string* error = nullptr);
std::string encode_history(const std::vector<HistoryEntry>& history);
bool decode_history(std::string_view blob, std::vector<HistoryEntry>& out);
// The head of one entry of an encoded history, [rev, op, at, [agent_id, name], [change…]],
// read up to the number of changes (shared by the checker below and the exporter).
class MsgpackText;
struct HistoryHead {
    int64_t rev = 0, at = 0;
    std::string_view op, agent_id, name;
    std::string_view via_id, via_name;  // empty: no relay (HistoryEntry::via)
    size_t changes = 0;
};
bool read_history_head(MsgpackText& in, HistoryHead& out);
// The shape encode_history() writes, checked without decoding it; the last revision in *last_rev.
bool history_blob_ok(std::string_view blob, uint64_t* last_rev = nullptr);

// Takes a record's data one entry back: each field the entry changed gets its "before" value
// (null: the field was absent).
void undo_entry(nlohmann::json& data, const HistoryEntry& entry);

// Every saved version of a record's data, oldest first (deletions left out), rebuilt from the
// current data by undoing each later update's fields (their "before" values).
struct DataVersion {
    uint64_t rev = 0;
    int64_t at_ms = 0;
    Actor by;
    nlohmann::json data;
};
std::vector<DataVersion> data_versions(const RecordStore& store, std::string_view type, std::string_view id);

nlohmann::json record_to_json(const Record& r, const std::vector<HistoryEntry>& history);
bool record_from_json(const nlohmann::json& j, Record& r, std::vector<HistoryEntry>& history, std::string* error = nullptr);

}  // namespace kefu
