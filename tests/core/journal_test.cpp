#include "core/journal.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/file_io.hpp"
#include "tests/core/test_support.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

CommandContext at(int64_t ms) { return {{"1001", "张敏"}, ms}; }

// Applies a change to the store and appends it to the journal, like the app does.
void commit(RecordStore& s, Journal& j, const ApplyResult& r, const Change& c) {
    REQUIRE(r.ok);
    REQUIRE(j.append(c).ok);
    (void)s;
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

json dump_store(const RecordStore& s) {
    json all = json::object();
    s.for_each_entry([&](const Record& r, const std::vector<HistoryEntry>& h) { all[r.type + "/" + r.id] = record_to_json(r, h); });
    return all;
}

// Builds a journal with `n` records, each updated once. Returns the store it describes.
RecordStore build(Journal& j, int n) {
    RecordStore s;
    for (int i = 0; i < n; ++i) {
        Change c;
        const std::string id = "KF-" + std::to_string(i);
        commit(s, j, s.create("case", id, {{"title", "客户反映无法登录 #" + std::to_string(i)}, {"i", i}}, at(i), &c), c);
        commit(s, j, s.update("case", id, 1, {{"status", "forwarded"}}, at(i + 1), &c), c);
    }
    return s;
}

}  // namespace

TEST_CASE("crc32 matches the standard check value") {
    CHECK(crc32("123456789", 9) == 0xCBF43926u);
}

TEST_CASE("frames round-trip; damage is detected and the good prefix kept") {
    const std::string a = encode_frame({{"x", 1}});
    const std::string b = encode_frame({{"y", "二"}});
    DecodedFrames d = decode_frames(a + b);
    CHECK_FALSE(d.damaged);
    REQUIRE(d.payloads.size() == 2);
    CHECK(d.payloads[1]["y"] == "二");

    std::string flipped = a + b;
    flipped[a.size() + 14] ^= 0x01;  // a payload byte of the second frame
    d = decode_frames(flipped);
    CHECK(d.damaged);
    CHECK(d.problem == "checksum mismatch");
    CHECK(d.good_bytes == a.size());
    CHECK(d.payloads.size() == 1);
}

TEST_CASE("journal replay restores every record with its history") {
    test::TempDir dir;
    Journal j(dir.path());
    RecordStore loaded;
    CHECK(j.load(loaded).problems.empty());
    const RecordStore expected = build(j, 20);

    Journal again(dir.path());
    const LoadReport rep = again.load(loaded);
    CHECK(rep.problems.empty());
    CHECK(rep.changes_replayed == 40);
    CHECK(dump_store(loaded) == dump_store(expected));
}

TEST_CASE("a journal cut at every byte offset of its last entries recovers to the last complete entry") {
    test::TempDir dir;
    Journal j(dir.path());
    RecordStore tmp;
    j.load(tmp);
    RecordStore s = build(j, 3);
    const std::string seg = j.current_segment_path();
    const std::string full = read_whole_file(seg);
    // The last two frames: find where the second-to-last starts.
    const DecodedFrames frames = decode_frames(full);
    REQUIRE(frames.payloads.size() == 6);
    size_t offsets[7] = {0};
    {
        size_t at_byte = 0;
        for (int i = 0; i < 6; ++i) {
            at_byte += encode_frame(frames.payloads[i]).size();
            offsets[i + 1] = at_byte;
        }
        REQUIRE(offsets[6] == full.size());
    }
    for (size_t cut = offsets[4]; cut < full.size(); ++cut) {
        CAPTURE(cut);
        write_bytes(seg, full.substr(0, cut));
        Journal reopened(dir.path());
        RecordStore r;
        const LoadReport rep = reopened.load(r);
        const size_t complete = cut >= offsets[5] ? 5 : 4;
        CHECK(rep.changes_replayed == complete);
        CHECK(rep.bytes_cut == cut - offsets[complete]);
        CHECK((cut == offsets[complete]) == rep.problems.empty());
        // The file was cut back to its good prefix, and appending goes on from there.
        CHECK(read_whole_file(seg).size() == offsets[complete]);
        Change c;
        REQUIRE(r.create("case", "after-cut", {{"ok", true}}, at(99), &c).ok);
        REQUIRE(reopened.append(c).ok);
        Journal third(dir.path());
        RecordStore r3;
        CHECK(third.load(r3).problems.empty());
        CHECK(r3.find("case", "after-cut") != nullptr);
        CHECK(r3.total() == r.total());
    }
}

TEST_CASE("a flipped byte in the middle of the journal is detected; later changes that no longer follow are skipped, not misapplied") {
    test::TempDir dir;
    Journal j(dir.path(), StorageLimits{256, 4096, 1000});  // tiny segments: many files
    RecordStore tmp;
    j.load(tmp);
    build(j, 10);
    std::vector<std::string> segs;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        if (e.path().extension() == ".kj") segs.push_back(e.path().string());
    std::sort(segs.begin(), segs.end());
    REQUIRE(segs.size() > 4);
    std::string bytes = read_whole_file(segs[1]);
    bytes[20] ^= 0x40;
    write_bytes(segs[1], bytes);

    Journal reopened(dir.path(), StorageLimits{256, 4096, 1000});
    RecordStore r;
    const LoadReport rep = reopened.load(r);
    CHECK(rep.damaged());
    CHECK(rep.problems.front().find("checksum mismatch") != std::string::npos);
    CHECK(std::filesystem::exists(segs[1] + ".damaged"));
    // Every record that is present is consistent with some prefix of its history.
    r.for_each("case", [&](const Record& rec) {
        CHECK(rec.data()["title"].get<std::string>().find("无法登录") != std::string::npos);
        CHECK(rec.rev == r.history("case", rec.id).size());
    });
    CHECK(r.count("case") < 10);
    CHECK(r.count("case") >= 1);
}

TEST_CASE("compaction preserves everything and bounds the files; journal continues after it") {
    test::TempDir dir;
    const StorageLimits lim{1024, 2048, 4};
    Journal j(dir.path(), lim);
    RecordStore s;
    j.load(s);
    s = build(j, 30);
    CHECK(j.wants_compaction());
    REQUIRE(j.compact(s).ok);
    CHECK_FALSE(j.wants_compaction());
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        if (e.path().filename() == "store.json") continue;
        ++files;
        CHECK(e.path().filename().string().rfind("snap-", 0) == 0);
        CHECK(std::filesystem::file_size(e.path()) <= lim.snapshot_part_bytes + 600);
    }
    CHECK(files >= 3);

    Change c;
    REQUIRE(s.update("case", "KF-3", 2, {{"status", "closed"}}, at(500), &c).ok);
    REQUIRE(j.append(c).ok);
    Journal reopened(dir.path(), lim);
    RecordStore r;
    const LoadReport rep = reopened.load(r);
    CHECK(rep.problems.empty());
    CHECK(rep.snapshot_gen == 1);
    CHECK(rep.snapshot_records == 30);
    CHECK(rep.changes_replayed == 1);
    CHECK(dump_store(r) == dump_store(s));

    // A second compaction replaces the first snapshot.
    REQUIRE(reopened.compact(r).ok);
    Journal third(dir.path(), lim);
    RecordStore r3;
    CHECK(third.load(r3).snapshot_gen == 2);
    CHECK(dump_store(r3) == dump_store(s));
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/snap-0000000001.json"));
}

TEST_CASE("compaction waits for a share of the snapshot: a big store is not rewritten after every few segments") {
    test::TempDir dir;
    StorageLimits lim{1024, 2048, 4};
    lim.compact_after_share = 0.5;
    Journal j(dir.path(), lim);
    RecordStore s;
    j.load(s);
    s = build(j, 200);  // a store of some 50 segments' worth
    REQUIRE(j.compact(s).ok);
    size_t snapshot = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        if (e.path().filename().string().rfind("snap-", 0) == 0 && e.path().extension() == ".kj") snapshot += std::filesystem::file_size(e.path());
    REQUIRE(snapshot > 20 * lim.segment_bytes);
    // Changes arrive: four segments are not enough any more, half the snapshot is.
    int64_t t = 1000;
    std::vector<std::string> ids;
    s.for_each("case", [&](const Record& r) { ids.push_back(r.id); });
    size_t i = 0;
    auto change_one = [&] {  // the next case gets a note, journaled
        Change c;
        const Record* r = s.find("case", ids[i++ % ids.size()]);
        ++t;
        REQUIRE(s.update("case", r->id, r->rev, {{"note", std::string(120, 'x') + std::to_string(t)}}, at(t), &c).ok);
        REQUIRE(j.append(c).ok);
    };
    while (j.segments_since_snapshot() < 5) change_one();
    CHECK_FALSE(j.wants_compaction());
    while (static_cast<double>(j.journal_bytes_since_snapshot()) < 0.5 * static_cast<double>(snapshot)) {
        CHECK_FALSE(j.wants_compaction());
        change_one();
    }
    CHECK(j.wants_compaction());
    // Reopened, the rule still knows the snapshot's size.
    Journal reopened(dir.path(), lim);
    RecordStore r;
    reopened.load(r);
    CHECK(reopened.wants_compaction());
    CHECK(dump_store(r) == dump_store(s));
}

TEST_CASE("a batch of changes is one segment of its own; single changes after it open the next; all survive a reload") {
    test::TempDir dir;
    const StorageLimits lim{1024, 2048, 64};
    Journal j(dir.path(), lim);
    RecordStore s;
    j.load(s);
    Change c;
    REQUIRE(s.create("case", "KF-0", {{"title", "先来的一条"}}, at(1), &c).ok);
    REQUIRE(j.append(c).ok);
    std::vector<Change> batch;
    for (int i = 1; i <= 40; ++i) {
        REQUIRE(s.create("case", "KF-" + std::to_string(i), {{"title", "拉取的工单 #" + std::to_string(i)}}, at(10 + i), &c).ok);
        batch.push_back(c);
    }
    REQUIRE(j.append_batch(batch).ok);
    CHECK(j.segments_since_snapshot() == 2);
    CHECK(std::filesystem::file_size(dir.path() + "/seg-0000000002.kj") > lim.segment_bytes);  // one file, however big
    REQUIRE(s.update("case", "KF-3", 1, {{"status", "closed"}}, at(100), &c).ok);
    REQUIRE(j.append(c).ok);
    CHECK(j.segments_since_snapshot() == 3);  // not appended to the batch's file
    Journal reopened(dir.path(), lim);
    RecordStore r;
    const LoadReport rep = reopened.load(r);
    CHECK(rep.problems.empty());
    CHECK(rep.changes_replayed == 42);
    CHECK(dump_store(r) == dump_store(s));
    CHECK(reopened.journal_bytes_since_snapshot() == j.journal_bytes_since_snapshot());
}

TEST_CASE("a batch saved as a snapshot instead of journaled (a big import) survives a reload") {
    test::TempDir dir;
    const StorageLimits lim{1024, 2048, 64};
    Journal j(dir.path(), lim);
    RecordStore s;
    j.load(s);
    s = build(j, 3);  // journaled one by one
    // The import: whole records put into the store, not journaled; the app then writes a snapshot.
    RecordStore other;
    for (int i = 0; i < 40; ++i)
        REQUIRE(other.create("case", "IM-" + std::to_string(i), {{"title", "导入的工单"}, {"n", i}}, at(900 + i)).ok);
    other.for_each_raw([&](const Record& r, const std::string& h) {
        Change put;
        put.op = ChangeOp::Put;
        put.type = r.type;
        put.id = r.id;
        put.rev = r.rev;
        put.put_record = r;
        put.put_history = h;
        REQUIRE(s.apply_change(put).ok);
    });
    REQUIRE(j.compact(s).ok);
    Change c;
    REQUIRE(s.update("case", "IM-7", 1, {{"title", "导入后修改"}}, at(2000), &c).ok);
    REQUIRE(j.append(c).ok);

    Journal reopened(dir.path(), lim);
    RecordStore r;
    const LoadReport rep = reopened.load(r);
    CHECK(rep.problems.empty());
    CHECK(rep.snapshot_records == 43);
    CHECK(rep.changes_replayed == 1);
    CHECK(dump_store(r) == dump_store(s));
    CHECK(r.history("case", "IM-7").size() == 2);
}

TEST_CASE("a damaged snapshot part is reported and the intact records still load") {
    test::TempDir dir;
    const StorageLimits lim{1024, 1024, 2};
    Journal j(dir.path(), lim);
    RecordStore s;
    j.load(s);
    s = build(j, 20);
    REQUIRE(j.compact(s).ok);
    const std::string part = dir.path() + "/snap-0000000001-0000000001.kj";
    REQUIRE(std::filesystem::exists(part));
    std::string bytes = read_whole_file(part);
    bytes[bytes.size() / 2] ^= 0x10;
    write_bytes(part, bytes);
    Journal reopened(dir.path(), lim);
    RecordStore r;
    const LoadReport rep = reopened.load(r);
    CHECK(rep.damaged());
    CHECK(rep.problems.front().find("part snap-0000000001-0000000001.kj is damaged") != std::string::npos);
    CHECK(r.count("case") > 0);
    CHECK(r.count("case") < 20);
}

TEST_CASE("the cost of saving one change does not grow with the database") {
    test::TempDir dir;
    const StorageLimits lim{};
    Journal j(dir.path(), lim);
    RecordStore s;
    j.load(s);
    s = build(j, 2000);
    REQUIRE(j.compact(s).ok);
    Change c;
    REQUIRE(s.update("case", "KF-7", 2, {{"status", "closed"}}, at(9), &c).ok);
    REQUIRE(j.append(c).ok);
    // Only the current segment changed: it is small, whatever the size of the snapshot.
    CHECK(std::filesystem::file_size(j.current_segment_path()) <= lim.segment_bytes);
    CHECK(std::filesystem::file_size(j.current_segment_path()) < 1024);
}

TEST_CASE("layout versions: a new folder gets store.json; a folder without it is upgraded; a newer one is never written") {
    {
        test::TempDir dir;
        Journal j(dir.path());
        RecordStore s;
        const LoadReport rep = j.load(s);
        CHECK(rep.found_version == kStoreVersion);
        CHECK_FALSE(rep.migrated);
        CHECK(json::parse(read_whole_file(dir.path() + "/store.json"))["version"] == kStoreVersion);
    }
    {
        // Version 0: journal segments from before store.json existed (every earlier version is tested here).
        test::TempDir dir;
        {
            Journal j(dir.path());
            RecordStore s;
            j.load(s);
            build(j, 3);
        }
        std::filesystem::remove(dir.path() + "/store.json");
        Journal j(dir.path());
        RecordStore s;
        const LoadReport rep = j.load(s);
        CHECK(rep.found_version == 0);
        CHECK(rep.migrated);
        CHECK(rep.problems.empty());
        CHECK(s.count("case") == 3);
        CHECK(json::parse(read_whole_file(dir.path() + "/store.json"))["version"] == kStoreVersion);
        CHECK(store_migrations().size() == static_cast<size_t>(kStoreVersion));  // one step per earlier version
    }
    {
        test::TempDir dir;
        {
            Journal j(dir.path());
            RecordStore s;
            j.load(s);
            build(j, 2);
        }
        write_bytes(dir.path() + "/store.json", R"({"format":"kefu.store","version":99})");
        const std::string before = read_whole_file(dir.path() + "/seg-0000000001.kj");
        Journal j(dir.path());
        RecordStore s;
        const LoadReport rep = j.load(s);
        CHECK(rep.newer_version);
        CHECK(s.count("case") == 2);  // still readable
        Change c;
        REQUIRE(s.create("case", "new", {{"x", 1}}, at(5), &c).ok);
        CHECK(j.append(c).error.key == "error.storage.newer");
        CHECK(j.compact(s).error.key == "error.storage.newer");
        CHECK(read_whole_file(dir.path() + "/seg-0000000001.kj") == before);
    }
}

TEST_CASE("a snapshot manifest or store.json with wrong field types is reported, never thrown") {
    test::TempDir dir;
    const StorageLimits lim{1024, 1024, 2};
    {
        Journal j(dir.path(), lim);
        RecordStore s;
        j.load(s);
        s = build(j, 5);
        REQUIRE(j.compact(s).ok);
    }
    write_bytes(dir.path() + "/snap-0000000001.json",
                R"({"format":"kefu.snapshot","through_segment":3,"parts":[{"file":7,"bytes":"x","crc":null}]})");
    write_bytes(dir.path() + "/store.json", R"({"format":["kefu.store"],"version":"1"})");
    Journal reopened(dir.path(), lim);
    RecordStore r;
    const LoadReport rep = reopened.load(r);
    CHECK(rep.damaged());
    CHECK(r.count("case") == 0);
}
