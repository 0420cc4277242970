// JSON export and import of records (format "kefu.export", documented in docs/export-format.md).
//
// Export: everything or a filtered part, with counts and a checksum, phones optionally masked.
// Import: the whole file is parsed and validated first (every problem listed with its
// location), then compared with the local store (new / updated / unchanged / conflict);
// nothing is applied until the user confirms, and then all of it goes through the journal.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <memory>

#include "core/command.hpp"
#include "core/phone.hpp"
#include "core/record.hpp"

namespace kefu {

constexpr const char* kExportFormat = "kefu.export";
constexpr int kExportVersion = 1;

struct ExportFilter {
    std::vector<std::string> types;     // empty: every type
    int64_t from_ms = 0;                // created_at range [from, to); 0 = unbounded
    int64_t to_ms = 0;
    std::vector<std::string> statuses;  // data.status in this set; empty: any
    bool include_deleted = true;        // tombstones (a full backup keeps them)
    bool mask_phones = false;           // 13812341234 -> 138****1234; agents and the access log left out
    bool include_starter = false;       // the built-in FAQ articles nobody has replaced (`extra`)
};

struct ExportMeta {
    ExportMeta() = default;
    ExportMeta(std::string version, int64_t now, Actor who, std::string data_space = {})
        : app_version(std::move(version)), now_ms(now), by(std::move(who)), space(std::move(data_space)) {}
    std::string app_version;
    int64_t now_ms = 0;
    Actor by;
    std::string space;  // "demo" from the demo station; empty from a real one
};

// `extra`: records that are not in the store (the built-in FAQ articles, see faq.hpp) with
// their encoded history, written when filter.include_starter asks for them.
std::string export_json(const RecordStore& store, const ExportFilter& filter, const ExportMeta& meta,
                        const std::vector<std::pair<Record, std::string>>& extra = {});
// "2026-11-23" at local midnight (utc_offset_minutes east of UTC) as ms since the epoch.
bool parse_local_date(std::string_view ymd, int utc_offset_minutes, int64_t& out_ms);

// A file name with the date, e.g. "kefu-export-20261123-2130.json".
std::string export_file_name(int64_t now_ms, int utc_offset_minutes);

using ImportIssue = FieldIssue;  // key: "import.err.*" / "import.warn.*"

enum class ImportKind { New, Update, Unchanged, Conflict };

struct ImportItem {
    ImportKind kind = ImportKind::New;
    Record record;
    std::string history_blob;  // encode_history() form
};

struct ImportPlan {
    std::vector<ImportIssue> errors;  // any error: the file is refused as a whole
    std::vector<ImportIssue> warnings;
    std::vector<ImportItem> items;
    int source_version = 0;  // format version found in the file (after migration: current)
    bool masked = false;
    size_t read_directly = 0;  // records read straight from their text (see record_reader.hpp)
    size_t count(ImportKind k) const;
    bool valid() const { return errors.empty(); }
};

struct ImportLimits {
    size_t max_bytes = 256u << 20;
    size_t max_depth = 48;
    size_t max_errors = 200;  // stop listing after this many
    // A file as exported is read record by record without json trees; false forces the
    // tree path everywhere (tests and the fuzzer check that both give the same plan).
    bool read_directly = true;
    // The data space receiving the file: "" the real station, "demo" the demo station. A file
    // from the other space is refused, and so are demo records and accounts (ids "demo-…", the
    // demo PIN) in a file for the real station, whatever its header says.
    std::string space;
};

// Parses, migrates and validates `bytes`, then classifies every record against `current`.
ImportPlan plan_import(const RecordStore& current, std::string_view bytes, const ImportLimits& limits = {});

// One record in the export format (an element of a file's "records"), and the same record
// read back through the importer's validator (types, ranges, sizes, history order): a team
// document carries this body (team_doc.hpp). Problems are listed under `path`; false when
// there is any. References to other records are not checked here (a file checks them).
nlohmann::json exchange_record(const Record& r, const std::vector<HistoryEntry>& history);
bool read_exchange_record(const nlohmann::json& o, const std::string& path, Record& r, std::string& history_blob,
                          std::vector<ImportIssue>& issues, size_t max_issues = 20);

enum class ConflictPolicy { KeepMine, TakeTheirs };

// Applies a valid plan through the store's single mutation path; returns the changes to
// journal. New and fast-forward records arrive whole with their history (a Put change);
// a conflict taken from the file becomes an ordinary update by `ctx` on top of local history.
ApplyOutcome apply_import(AppState& state, const ImportPlan& plan, ConflictPolicy policy, const CommandContext& ctx);

// The command (a family of one): applies a validated plan after the user confirmed its
// preview, then renumbers imported cases whose form number another case already has.
struct ApplyImport {
    std::shared_ptr<const ImportPlan> plan;
    ConflictPolicy policy = ConflictPolicy::KeepMine;
};
ApplyOutcome apply_family(AppState& s, const ApplyImport& c, const CommandContext& ctx);
const char* family_command_name(const ApplyImport& c);
Role family_role(const AppState& s, const ApplyImport& c, const Actor& actor);  // administrators (they can replace anything)

}  // namespace kefu
