#include "core/work_log.hpp"

#include <algorithm>
#include <cstdio>

#include "core/app_state.hpp"
#include "core/civil_date.hpp"
#include "core/i18n.hpp"
#include "core/json_util.hpp"
#include "core/record_write.hpp"
#include "core/utf8.hpp"

namespace kefu {

std::string work_log_id(const std::string& agent, int64_t day) {
    // Record ids are ASCII: the name goes in as its 64-bit FNV-1a hash (the data keeps the name).
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : agent) h = (h ^ c) * 1099511628211ull;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return format_ymd(civil_from_days(day)) + ":" + buf;
}

namespace {
WorkLog work_log_from_record(const Record& r) {
    WorkLog w;
    const nlohmann::json d = r.data();
    w.agent = json_string(d, "agent");
    w.day = json_int(d, "day", 0);
    w.text = json_string(d, "text");
    w.rev = r.rev;
    w.updated_ms = r.updated_at_ms;
    return w;
}
}  // namespace

bool find_work_log(const RecordStore& store, const std::string& agent, int64_t day, WorkLog& out) {
    const Record* r = store.find(kWorkLogType, work_log_id(agent, day));
    if (!r) return false;
    out = work_log_from_record(*r);
    return out.agent == agent;
}

std::vector<WorkLog> work_logs_of(const RecordStore& store, const std::string& agent, size_t limit) {
    std::vector<WorkLog> out;
    store.for_each(kWorkLogType, [&](const Record& r) {
        WorkLog w = work_log_from_record(r);
        if (w.agent == agent) out.push_back(std::move(w));
    });
    std::sort(out.begin(), out.end(), [](const WorkLog& a, const WorkLog& b) { return a.day > b.day; });
    if (out.size() > limit) out.resize(limit);
    return out;
}

ReportDoc work_log_doc(const WorkLog& log, const Translator& tr) {
    ReportDoc doc;
    doc.kind = "work_log";
    doc.title = tr.get("report.kind.work_log");
    doc.period = format_ymd(civil_from_days(log.day));
    doc.scope = log.agent;
    doc.lang = language_tag(tr.language());
    DocSection sec;
    sec.paragraphs.push_back(log.text);
    doc.sections.push_back(std::move(sec));
    return doc;
}

namespace {
ApplyOutcome apply_command(AppState& s, const SaveWorkLog& c, const CommandContext& ctx) {
    if (c.agent.empty()) return refused(ApplyResult::failure("report.error.log_agent"));
    if (c.text.size() > kMaxWorkLogBytes) return refused(ApplyResult::failure("report.error.log_too_long"));
    if (!valid_utf8(c.text)) return refused(ApplyResult::failure("report.error.log_encoding"));
    if (c.day < days_from_civil({2000, 1, 1}) || c.day > days_from_civil({2200, 1, 1})) return refused(ApplyResult::failure("report.error.log_day"));
    const nlohmann::json data = {{"agent", c.agent}, {"day", c.day}, {"text", c.text}};
    return save_record(s.records, kWorkLogType, work_log_id(c.agent, c.day), c.base_rev, data, ctx, "report.error.log_gone");
}
constexpr CommandInfo kWorkLogCmds[] = {{"SaveWorkLog", Role::Agent}};
static_assert(covers<WorkLogCmd>(kWorkLogCmds), "one row per work-log command, in the variant's order");
}  // namespace

ApplyOutcome apply_family(AppState& s, const WorkLogCmd& c, const CommandContext& ctx) {
    return std::visit([&](const auto& x) { return apply_command(s, x, ctx); }, c);
}
const char* family_command_name(const WorkLogCmd& c) { return kWorkLogCmds[c.index()].name; }
Role family_role(const AppState&, const WorkLogCmd& c, const Actor&) { return kWorkLogCmds[c.index()].role; }

}  // namespace kefu
