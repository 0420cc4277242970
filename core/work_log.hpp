// The daily work log (工作日志): a record per agent and day ("work_log"), drafted from that
// day's activity (draft_work_log), edited by the agent and saved with SaveWorkLog.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/command.hpp"
#include "core/record.hpp"
#include "core/report_doc.hpp"

namespace kefu {

class Translator;

constexpr const char* kWorkLogType = "work_log";
constexpr size_t kMaxWorkLogBytes = 100'000;

struct WorkLog {
    std::string agent;  // the agent's name
    int64_t day = 0;    // local day
    std::string text;
    uint64_t rev = 0;   // 0: not saved yet
    int64_t updated_ms = 0;
};

std::string work_log_id(const std::string& agent, int64_t day);  // "2026-11-24:<hash of the name>"
// The saved log of that agent and day; false when there is none.
bool find_work_log(const RecordStore& store, const std::string& agent, int64_t day, WorkLog& out);
// The agent's saved logs, newest day first.
std::vector<WorkLog> work_logs_of(const RecordStore& store, const std::string& agent, size_t limit = 400);
// The log as a document (its export).
ReportDoc work_log_doc(const WorkLog& log, const Translator& tr);

struct SaveWorkLog {
    std::string agent;
    int64_t day = 0;
    uint64_t base_rev = 0;  // the revision edited; 0 for a new log
    std::string text;
};
using WorkLogCmd = std::variant<SaveWorkLog>;
ApplyOutcome apply_family(AppState& s, const WorkLogCmd& c, const CommandContext& ctx);
const char* family_command_name(const WorkLogCmd& c);
Role family_role(const AppState& s, const WorkLogCmd& c, const Actor& actor);

}  // namespace kefu
