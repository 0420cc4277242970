// The seeds' named reports, each built as a ReportDoc (report_doc.hpp) for a period and a
// scope, in the user's language:
//   agent_daily       《话务人员日常工作统计表》: per agent, calls in/out, talk time, calls over
//                     5 minutes, cases recorded, answered on the spot, forwarded, closed,
//                     complaints, callbacks (reached / tried), satisfaction; a total row; the
//                     team per day (per month beyond 62 days).
//   complaints        《客户投诉统计表》: complaints and major complaints opened in the period,
//                     closed or open, resolution rate against 100%, mean time to close; by
//                     category, handling department and agent; every complaint listed.
//   daily_complaints  《客户投诉处理日报表》 for the period's last day: received that day (with
//                     what the customer said, phone masked), closed that day, still open.
//   summary           周报 / 月报: the KPIs against the previous period of the same length,
//                     volume per day by kind, channels, categories, complaints, callbacks,
//                     the FAQ and templates used.
//   department        customer feedback per department (product, sales, technical, service):
//                     cases forwarded to each, waiting / answered / closed, the time the
//                     department took, and the cases themselves.
// Lists longer than kMaxListedRows show the newest ones and say how many there are.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/report_doc.hpp"
#include "core/reports.hpp"

namespace kefu {

class Translator;

enum class ReportKind : uint8_t { AgentDaily, Complaints, DailyComplaints, Summary, Department, Count };
const char* name_of(ReportKind k);      // "agent_daily"
std::string label_key(ReportKind k);    // "report.kind.agent_daily"

constexpr size_t kMaxListedRows = 500;

ReportDoc build_report(const AppState& s, ReportKind kind, const ReportScope& scope, int64_t now_ms, const Translator& tr);

// "2026-11-01 – 2026-11-24" and "张三 · 技术类 · 全部部门" as the report header shows them.
std::string period_text(const ReportScope& scope);
std::string scope_text(const ReportScope& scope, const Translator& tr);

// The draft of a daily work log (work_log.hpp keeps the log): the day's activity written out:
// workload, every case recorded with its outcome, what to report to the team lead
// (complaints, major complaints, cases past a deadline), what is left open for tomorrow.
std::string draft_work_log(const AppState& s, const std::string& agent, int64_t day, int64_t now_ms, const Translator& tr);

}  // namespace kefu
