// Durable storage of the RecordStore as files in one folder: an append-only journal in small
// segments plus periodic snapshots (compaction). In the browser the folder is an Emscripten
// IDBFS mount, which persists whole files; keeping every file small makes the cost of saving
// one change independent of the size of the database.
//
//   store.json            {"format":"kefu.store","version":N}: the layout version of this folder
//   seg-<n>.kj            journal segment: frames, each one Change (≤ segment_bytes per file)
//   snap-<g>.json         snapshot manifest: parts with sizes and CRCs, last segment covered
//   snap-<g>-<p>.kj       snapshot part: frames, each one Record with its history
//
// Frame = "KJ" 0x01 0x00 | payload length (u32 LE) | CRC-32 of payload (u32 LE) | MessagePack.
// Loading never fails: a torn or damaged tail is cut at the last good frame and reported.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "core/result.hpp"

namespace kefu {

uint32_t crc32(const void* data, size_t size);
// Streaming form: crc = crc32_update(crc, chunk) over the pieces, starting from 0.
uint32_t crc32_update(uint32_t crc, const void* data, size_t size);

std::string encode_frame(const nlohmann::json& payload);            // MessagePack payload
std::string encode_raw_frame(std::string_view payload);             // any bytes

struct RawFrames {
    std::vector<std::string_view> payloads;  // views into the decoded buffer
    size_t good_bytes = 0;
    bool damaged = false;
    std::string problem;
};
RawFrames decode_raw_frames(std::string_view bytes);

// Snapshot records: a fixed binary layout (no JSON on the load path), data and history
// carried as their MessagePack bytes.
std::string encode_snapshot_record(const Record& r, const std::string& history_blob);
bool decode_snapshot_record(std::string_view payload, Record& r, std::string& history_blob);

struct DecodedFrames {
    std::vector<nlohmann::json> payloads;
    size_t good_bytes = 0;  // length of the prefix made of whole, valid frames
    bool damaged = false;   // something after good_bytes is not a valid frame
    std::string problem;    // what was wrong there
};
DecodedFrames decode_frames(std::string_view bytes);

struct StorageLimits {
    size_t segment_bytes = 48 * 1024;         // a segment is closed once it reaches this size
    size_t snapshot_part_bytes = 1024 * 1024;  // snapshot parts stay around this size
    size_t compact_after_segments = 64;       // journal segments since the last snapshot…
    // …and at least this share of the last snapshot's bytes: a snapshot rewrites the whole
    // store, so compacting after a fixed amount of journal made a big pull (100,000 documents,
    // written page by page) rewrite the store some fifty times over. With a share, what is
    // written stays a small multiple of what arrived, and a load replays at most that share.
    double compact_after_share = 0.5;
};

// Layout version of the storage folder. Bump it when the layout or the encoding of frames
// changes, and add a step to kStoreMigrations (journal.cpp) that upgrades version N-1 to N.
constexpr int kStoreVersion = 1;

struct LoadReport {
    uint64_t snapshot_gen = 0;
    size_t snapshot_records = 0;
    size_t segments_read = 0;
    size_t changes_replayed = 0;
    size_t bytes_cut = 0;               // torn/damaged bytes removed from journal segments
    std::vector<std::string> problems;  // one line each, for the log and the user's detail
    int found_version = 0;     // layout version found in store.json (0: none, a new folder)
    bool migrated = false;     // the folder was upgraded from found_version to kStoreVersion
    bool newer_version = false;  // written by a newer Kefu: loaded read-only, never written
    bool damaged() const { return !problems.empty(); }
};

class Journal {
public:
    explicit Journal(std::string dir, StorageLimits limits = {});

    // Clears `store` and fills it from the folder (creating the folder if needed).
    LoadReport load(RecordStore& store);
    // Appends one change to the current segment (rolling to a new one when full). Refused
    // when the folder was written by a newer version (see LoadReport::newer_version).
    ApplyResult append(const Change& c);
    // Many changes of one command (a page of a team pull) as one segment of their own: one
    // file for IndexedDB to store instead of dozens of small ones.
    ApplyResult append_batch(const std::vector<Change>& changes);
    bool wants_compaction() const {
        return journal_bytes_ >= limits_.compact_after_segments * limits_.segment_bytes &&
               static_cast<double>(journal_bytes_) >= limits_.compact_after_share * static_cast<double>(snapshot_bytes_);
    }
    // Writes a new snapshot of `store`, then removes the journal and snapshot it replaces.
    ApplyResult compact(const RecordStore& store);

    const std::string& dir() const { return dir_; }
    std::string current_segment_path() const;
    uint64_t snapshot_gen() const { return snapshot_gen_; }
    size_t segments_since_snapshot() const { return segments_since_snapshot_; }
    size_t journal_bytes_since_snapshot() const { return journal_bytes_; }

private:
    std::string path(const std::string& name) const { return dir_ + "/" + name; }

    std::string dir_;
    StorageLimits limits_;
    uint64_t current_segment_ = 0;  // 0: none open yet
    size_t current_bytes_ = 0;
    uint64_t snapshot_gen_ = 0;
    uint64_t snapshot_through_ = 0;  // last segment number the snapshot covers
    size_t segments_since_snapshot_ = 0;
    size_t snapshot_bytes_ = 0;  // the last snapshot's parts, together
    size_t journal_bytes_ = 0;   // the segments written since
    bool read_only_ = false;
};

// One upgrade step of the storage folder, from version `from` to `from + 1`.
struct StoreMigration {
    int from;
    const char* what;
    bool (*run)(const std::string& dir, std::string& error);
};
const std::vector<StoreMigration>& store_migrations();

}  // namespace kefu
