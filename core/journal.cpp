#include "core/journal.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/file_io.hpp"
#include "core/json_util.hpp"

namespace kefu {

namespace fs = std::filesystem;

namespace {

constexpr unsigned char kMagic[4] = {'K', 'J', 0x01, 0x00};
constexpr size_t kHeader = 12;
constexpr size_t kMaxFramePayload = 8u << 20;

// Slice-by-8 tables: loading a 100k-case snapshot checksums ~130 MB, so speed matters.
using CrcTables = std::array<std::array<uint32_t, 256>, 8>;
CrcTables make_crc_tables() {
    CrcTables t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i)
        for (int k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
    return t;
}

void put_u32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
uint32_t get_u32(std::string_view s, size_t at) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(s[at + i])) << (8 * i);
    return v;
}

std::string numbered(const char* prefix, uint64_t n, const char* suffix) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%010llu%s", prefix, static_cast<unsigned long long>(n), suffix);
    return buf;
}

// Parses "<prefix><digits><suffix>"; false when the name does not have that shape.
bool parse_numbered(const std::string& name, std::string_view prefix, std::string_view suffix, uint64_t& n) {
    if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (digits.empty() || digits.size() > 19 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
    n = std::stoull(digits);
    return true;
}

bool write_file(const std::string& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    return static_cast<bool>(out);
}

}  // namespace

uint32_t crc32(const void* data, size_t size) { return crc32_update(0, data, size); }

uint32_t crc32_update(uint32_t crc, const void* data, size_t size) {
    static const CrcTables t = make_crc_tables();
    uint32_t c = crc ^ 0xFFFFFFFFu;
    const auto* p = static_cast<const unsigned char*>(data);
    for (; size >= 8; size -= 8, p += 8) {
        const uint32_t lo = c ^ (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
        c = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
            t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    }
    for (; size; --size, ++p) c = t[0][(c ^ *p) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::string encode_raw_frame(std::string_view body) {
    std::string out(reinterpret_cast<const char*>(kMagic), 4);
    put_u32(out, static_cast<uint32_t>(body.size()));
    put_u32(out, crc32(body.data(), body.size()));
    out.append(body.data(), body.size());
    return out;
}

std::string encode_frame(const nlohmann::json& payload) {
    const std::vector<uint8_t> body = nlohmann::json::to_msgpack(payload);
    return encode_raw_frame(std::string_view(reinterpret_cast<const char*>(body.data()), body.size()));
}

DecodedFrames decode_frames(std::string_view bytes) {
    const RawFrames raw = decode_raw_frames(bytes);
    DecodedFrames out;
    for (std::string_view p : raw.payloads) {
        nlohmann::json j = nlohmann::json::from_msgpack(p.begin(), p.end(), /*strict=*/true, /*allow_exceptions=*/false);
        if (j.is_discarded()) {
            out.problem = "undecodable frame";
            out.damaged = true;
            out.good_bytes = static_cast<size_t>(p.data() - bytes.data()) - kHeader;  // up to this frame
            return out;
        }
        out.payloads.push_back(std::move(j));
    }
    out.good_bytes = raw.good_bytes;
    out.damaged = raw.damaged;
    out.problem = raw.problem;
    return out;
}

RawFrames decode_raw_frames(std::string_view bytes) {
    RawFrames out;
    size_t at = 0;
    while (at < bytes.size()) {
        if (bytes.size() - at < kHeader) {
            out.problem = "incomplete frame header";
            break;
        }
        if (bytes.compare(at, 4, std::string_view(reinterpret_cast<const char*>(kMagic), 4)) != 0) {
            out.problem = "bad frame marker";
            break;
        }
        const uint32_t len = get_u32(bytes, at + 4);
        const uint32_t crc = get_u32(bytes, at + 8);
        if (len > kMaxFramePayload) {
            out.problem = "frame length out of range";
            break;
        }
        if (bytes.size() - at - kHeader < len) {
            out.problem = "incomplete frame";
            break;
        }
        const char* body = bytes.data() + at + kHeader;
        if (crc32(body, len) != crc) {
            out.problem = "checksum mismatch";
            break;
        }
        out.payloads.emplace_back(body, len);
        at += kHeader + len;
        out.good_bytes = at;
    }
    out.damaged = out.good_bytes != bytes.size();
    return out;
}

// ---- [SECTION] layout versions -----------------------------------------------------------------
namespace {

// Version 0 -> 1: folders from before store.json existed hold the same segments and
// snapshots; the step only records the version.
bool migrate_0_to_1(const std::string&, std::string&) { return true; }

const std::vector<StoreMigration> kStoreMigrations = {
    {0, "record the layout version (store.json)", migrate_0_to_1},
};

bool write_store_meta(const std::string& dir, int version) {
    const std::string p = dir + "/store.json";
    if (!write_file(p + ".tmp", nlohmann::json{{"format", "kefu.store"}, {"version", version}}.dump())) return false;
    std::error_code ec;
    fs::rename(p + ".tmp", p, ec);
    return !ec;
}

}  // namespace

const std::vector<StoreMigration>& store_migrations() { return kStoreMigrations; }

// ---- [SECTION] snapshot records ----------------------------------------------------------------
namespace {
constexpr char kRecordTag = 'R';

void put_u64(std::string& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put_str(std::string& out, std::string_view s) {
    put_u32(out, static_cast<uint32_t>(s.size()));
    out.append(s.data(), s.size());
}

struct Reader {
    std::string_view in;
    size_t at = 0;
    bool ok = true;
    uint64_t u64() {
        if (in.size() - at < 8) return ok = false, 0;
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
        at += 8;
        return v;
    }
    std::string str() {
        if (in.size() - at < 4) return ok = false, std::string();
        const uint32_t n = get_u32(in, at);
        at += 4;
        if (in.size() - at < n) return ok = false, std::string();
        std::string s(in.substr(at, n));
        at += n;
        return s;
    }
};
}  // namespace

std::string encode_snapshot_record(const Record& r, const std::string& history_blob) {
    std::string out(1, kRecordTag);
    put_str(out, r.type);
    put_str(out, r.id);
    put_u64(out, r.rev);
    put_u64(out, static_cast<uint64_t>(r.created_at_ms));
    put_str(out, r.created_by.agent_id);
    put_str(out, r.created_by.name);
    put_u64(out, static_cast<uint64_t>(r.updated_at_ms));
    put_str(out, r.updated_by.agent_id);
    put_str(out, r.updated_by.name);
    out += static_cast<char>(r.deleted ? 1 : 0);
    put_str(out, r.data_blob);
    put_str(out, history_blob);
    return out;
}

bool decode_snapshot_record(std::string_view payload, Record& r, std::string& history_blob) {
    if (payload.empty() || payload[0] != kRecordTag) return false;
    Reader in{payload, 1};
    Record out;
    out.type = in.str();
    out.id = in.str();
    out.rev = in.u64();
    out.created_at_ms = static_cast<int64_t>(in.u64());
    out.created_by.agent_id = in.str();
    out.created_by.name = in.str();
    out.updated_at_ms = static_cast<int64_t>(in.u64());
    out.updated_by.agent_id = in.str();
    out.updated_by.name = in.str();
    if (in.at >= payload.size()) return false;
    out.deleted = payload[in.at++] != 0;
    out.data_blob = in.str();
    std::string hist = in.str();
    if (!in.ok || in.at != payload.size() || !valid_record_type(out.type) || !valid_record_id(out.id)) return false;
    r = std::move(out);
    history_blob = std::move(hist);
    return true;
}

Journal::Journal(std::string dir, StorageLimits limits) : dir_(std::move(dir)), limits_(limits) {}

std::string Journal::current_segment_path() const {
    return current_segment_ ? path(numbered("seg-", current_segment_, ".kj")) : std::string();
}

LoadReport Journal::load(RecordStore& store) {
    LoadReport report;
    store.clear();
    std::error_code ec;
    fs::create_directories(dir_, ec);

    // Layout version: upgrade older folders step by step; never write a newer one.
    bool has_files = false;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        (void)entry;
        has_files = true;
        break;
    }
    const nlohmann::json meta = nlohmann::json::parse(read_whole_file(path("store.json")), nullptr, false);
    int version = has_files ? 0 : kStoreVersion;
    if (json_string(meta, "format") == "kefu.store" && meta.contains("version") && meta["version"].is_number_integer())
        version = meta["version"].get<int>();
    report.found_version = version;
    read_only_ = version > kStoreVersion;
    report.newer_version = read_only_;
    if (read_only_) report.problems.push_back("store version " + std::to_string(version) + " is newer than " + std::to_string(kStoreVersion));
    for (const StoreMigration& m : kStoreMigrations) {
        if (m.from != version || version >= kStoreVersion) continue;
        std::string why;
        if (!m.run(dir_, why)) {
            report.problems.push_back("upgrade from version " + std::to_string(version) + " failed: " + why);
            read_only_ = true;  // keep the old data untouched
            break;
        }
        ++version;
    }
    report.migrated = version != report.found_version && !read_only_;
    if (!read_only_ && (version != report.found_version || !meta.is_object()) && !write_store_meta(dir_, version))
        report.problems.push_back("cannot write store.json");

    std::vector<uint64_t> manifests, segments;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        const std::string name = entry.path().filename().string();
        uint64_t n = 0;
        if (parse_numbered(name, "snap-", ".json", n)) manifests.push_back(n);
        else if (parse_numbered(name, "seg-", ".kj", n)) segments.push_back(n);
    }
    std::sort(manifests.rbegin(), manifests.rend());
    std::sort(segments.begin(), segments.end());

    // Newest snapshot whose manifest and parts all verify; older ones are fallbacks.
    for (size_t mi = 0; mi < manifests.size(); ++mi) {
        const uint64_t gen = manifests[mi];
        const std::string mpath = path(numbered("snap-", gen, ".json"));
        nlohmann::json m = nlohmann::json::parse(read_whole_file(mpath), nullptr, false);
        if (m.is_discarded() || json_string(m, "format") != "kefu.snapshot" || !m.contains("parts") || !m["parts"].is_array() ||
            !m.contains("through_segment") || !m["through_segment"].is_number_unsigned()) {
            report.problems.push_back("snapshot " + std::to_string(gen) + ": unreadable manifest");
            continue;
        }
        RecordStore loaded;
        bool whole = true;
        size_t records = 0, snapshot_bytes = 0;
        for (const auto& part : m["parts"]) {
            const std::string file = json_string(part, "file");
            const std::string bytes = file.empty() ? std::string() : read_whole_file(path(file));
            snapshot_bytes += bytes.size();
            if (file.empty() || file.find('/') != std::string::npos || bytes.size() != json_uint(part, "bytes", UINT64_MAX) ||
                crc32(bytes.data(), bytes.size()) != json_uint(part, "crc", UINT64_MAX)) {
                report.problems.push_back("snapshot " + std::to_string(gen) + ": part " + file + " is damaged");
                whole = false;
            }
            const RawFrames frames = decode_raw_frames(bytes);
            for (std::string_view p : frames.payloads) {
                Record r;
                std::string h;
                if (decode_snapshot_record(p, r, h)) {
                    loaded.restore_raw(std::move(r), std::move(h));
                    ++records;
                }
            }
        }
        if (!whole && mi + 1 < manifests.size()) continue;  // an older, intact snapshot may exist
        // Use it: whole, or the last one we have (a partial restore beats an empty store).
        store = std::move(loaded);
        snapshot_gen_ = gen;
        snapshot_bytes_ = snapshot_bytes;
        snapshot_through_ = m["through_segment"].get<uint64_t>();
        report.snapshot_gen = gen;
        report.snapshot_records = records;
        break;
    }

    // Replay the journal after the snapshot. Each change must follow its record's revision,
    // so a gap (a lost or damaged change) shows as a skipped change, never as wrong data.
    segments_since_snapshot_ = 0;
    journal_bytes_ = 0;
    for (uint64_t n : segments) {
        if (n <= snapshot_through_) continue;
        const std::string p = path(numbered("seg-", n, ".kj"));
        const std::string bytes = read_whole_file(p);
        const DecodedFrames frames = decode_frames(bytes);
        ++report.segments_read;
        ++segments_since_snapshot_;
        journal_bytes_ += frames.good_bytes;
        for (const auto& j : frames.payloads) {
            Change c;
            std::string why;
            if (!change_from_json(j, c, &why)) {
                report.problems.push_back("segment " + std::to_string(n) + ": malformed change (" + why + ")");
                continue;
            }
            const ApplyResult r = store.apply_change(c);
            if (!r.ok) {
                report.problems.push_back("segment " + std::to_string(n) + ": change " + c.type + "/" + c.id + " rev " +
                                          std::to_string(c.rev) + " skipped (" + r.error.key + ")");
                continue;
            }
            ++report.changes_replayed;
        }
        if (frames.damaged) {
            // Keep the damaged original for support, then cut the file at its last good frame.
            report.problems.push_back("segment " + std::to_string(n) + ": " + frames.problem + " at byte " +
                                      std::to_string(frames.good_bytes) + "; " +
                                      std::to_string(bytes.size() - frames.good_bytes) + " bytes cut");
            report.bytes_cut += bytes.size() - frames.good_bytes;
            write_file(p + ".damaged", bytes);
            write_file(p, bytes.substr(0, frames.good_bytes));
        }
        current_segment_ = n;
        current_bytes_ = frames.good_bytes;
    }
    if (current_segment_ < snapshot_through_) {
        current_segment_ = snapshot_through_;
        current_bytes_ = limits_.segment_bytes;  // never append to a segment a snapshot covers
    }
    return report;
}

ApplyResult Journal::append(const Change& c) {
    if (read_only_) return ApplyResult::failure("error.storage.newer", std::to_string(kStoreVersion));
    const std::string frame = encode_frame(change_to_json(c));
    if (current_segment_ == 0 || (current_bytes_ > 0 && current_bytes_ + frame.size() > limits_.segment_bytes)) {
        ++current_segment_;
        current_bytes_ = 0;
        ++segments_since_snapshot_;
    }
    std::ofstream out(current_segment_path(), std::ios::binary | std::ios::app);
    out.write(frame.data(), static_cast<std::streamsize>(frame.size()));
    out.close();
    if (!out) return ApplyResult::failure("error.storage.write", current_segment_path());
    current_bytes_ += frame.size();
    journal_bytes_ += frame.size();
    return ApplyResult::success();
}

ApplyResult Journal::append_batch(const std::vector<Change>& changes) {
    if (read_only_) return ApplyResult::failure("error.storage.newer", std::to_string(kStoreVersion));
    std::string frames;
    for (const Change& c : changes) frames += encode_frame(change_to_json(c));
    ++current_segment_;
    ++segments_since_snapshot_;
    if (!write_file(current_segment_path(), frames)) return ApplyResult::failure("error.storage.write", current_segment_path());
    current_bytes_ = std::max(frames.size(), limits_.segment_bytes);  // closed: the next append opens a fresh one
    journal_bytes_ += frames.size();
    return ApplyResult::success();
}

ApplyResult Journal::compact(const RecordStore& store) {
    if (read_only_) return ApplyResult::failure("error.storage.newer", std::to_string(kStoreVersion));
    const uint64_t gen = snapshot_gen_ + 1;
    const uint64_t through = current_segment_;
    nlohmann::json parts = nlohmann::json::array();
    std::string buf;
    size_t part_no = 0, total = 0;
    bool ok = true;
    auto flush = [&] {
        if (buf.empty()) return;
        total += buf.size();
        const std::string file = numbered(("snap-" + numbered("", gen, "-")).c_str(), part_no++, ".kj");
        ok = ok && write_file(path(file), buf);
        parts.push_back({{"file", file}, {"bytes", buf.size()}, {"crc", crc32(buf.data(), buf.size())}});
        buf.clear();
    };
    size_t records = 0;
    store.for_each_raw([&](const Record& r, const std::string& h) {
        buf += encode_raw_frame(encode_snapshot_record(r, h));
        ++records;
        if (buf.size() >= limits_.snapshot_part_bytes) flush();
    });
    flush();
    const nlohmann::json manifest = {{"format", "kefu.snapshot"}, {"version", 1}, {"gen", gen},
                                     {"through_segment", through}, {"records", records}, {"parts", parts}};
    const std::string mpath = path(numbered("snap-", gen, ".json"));
    ok = ok && write_file(mpath + ".tmp", manifest.dump());
    std::error_code ec;
    if (ok) fs::rename(mpath + ".tmp", mpath, ec);
    if (!ok || ec) return ApplyResult::failure("error.storage.write", mpath);

    // The new snapshot is complete: drop what it replaces.
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        const std::string name = entry.path().filename().string();
        uint64_t n = 0;
        const bool old_segment = parse_numbered(name, "seg-", ".kj", n) && n <= through;
        const bool old_manifest = parse_numbered(name, "snap-", ".json", n) && n < gen;
        const bool old_part = name.rfind("snap-", 0) == 0 && name.size() > 15 && name.substr(name.size() - 3) == ".kj" &&
                              name.compare(5, 10, numbered("", gen, "")) != 0;
        if (old_segment || old_manifest || old_part) fs::remove(entry.path(), ec);
    }
    snapshot_gen_ = gen;
    snapshot_bytes_ = total;
    snapshot_through_ = through;
    segments_since_snapshot_ = 0;
    journal_bytes_ = 0;
    current_bytes_ = limits_.segment_bytes;  // next append opens a fresh segment
    return ApplyResult::success();
}

}  // namespace kefu
