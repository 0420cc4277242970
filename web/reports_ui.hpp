// Reports (reports_view.cpp, report_doc_view.cpp, work_log_view.cpp): transient state and entry points.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/named_reports.hpp"
#include "core/reports.hpp"
#include "core/work_log.hpp"
#include "web/view.hpp"

namespace kefu {

// Reports: the dashboard's scope, the KPIs computed for it (cached), the drill-down; the
// named report shown (cached the same way); the work log being written.
enum class ReportsTab : uint8_t { Dashboard, Reports, WorkLog, Count };
const char* name_of(ReportsTab t);  // "dashboard" (the automation bridge)

struct ReportsUi {
    ReportsTab tab = ReportsTab::Dashboard;
    Period period = Period::Today;  // Custom: custom_from–custom_to
    int64_t custom_from = 0, custom_to = 0;  // local days; 0: not chosen yet
    std::string custom_from_text, custom_to_text;
    std::string agent;
    std::string agent_filter;  // typed into the agent list (a thousand agents do not fit a list)
    std::string team;          // 班组; empty: every team
    int category = -1, department = -1;
    uint64_t cached_version = ~0ull;
    std::string cached_key;
    KpiReport report;
    std::vector<std::pair<std::string, Scores>> trend;
    int selected = -1;  // Kpi whose records are listed, -1 none
    int drill_of = -1;  // the Kpi `drill` was listed for
    std::vector<DrillRow> drill;
    // "Needs action": open cases past a deadline now, callbacks due (with the KPIs' cache).
    size_t overdue = 0;
    size_t callbacks_due = 0;
    // The named report (tab 1).
    int kind = 0;  // ReportKind
    ReportDoc doc;
    std::string doc_key;
    double doc_ms = 0;  // how long building it took (shown, so slow scopes are visible)
    bool doc_scroll_top = false;
    // The work log (tab 2): the day shown, its text as edited, the saved text it started from.
    int64_t log_day = 0;  // 0: today
    std::string log_key;  // agent + day loaded
    std::string log_text, log_base;
    uint64_t log_rev = 0;
    std::map<std::string, std::string> log_unsaved;  // log_key -> text edited and not saved (kept while switching days)
    bool log_confirm_redraft = false;
    std::vector<WorkLog> logs;  // the agent's saved logs, read again when the records or the agent change
    std::string logs_key;
    std::string editing_field;
    const char* focus_field = nullptr;
};

// Reports (reports_view.cpp): the dashboard, the named reports, the work log.
void draw_reports(const ViewContext& ctx);
void draw_report_doc(const ViewContext& ctx, const ReportDoc& doc);    // report_doc_view.cpp
void draw_work_log(const ViewContext& ctx);                          // work_log_view.cpp
// Offers a report as a file through the browser: "csv", "json" or "html".
void download_doc(const ViewContext& ctx, const ReportDoc& doc, const std::string& stem, const char* format);

// window.kefu.state().reports (the automation bridge).
nlohmann::json reports_snapshot(const SnapshotContext& snap);

}  // namespace kefu
