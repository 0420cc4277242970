// Reports as files: CSV (RFC 4180 quoting, UTF-8 with a byte-order mark so that Excel opens
// Chinese correctly, CRLF line ends) and JSON. The printable HTML report comes later.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/reports.hpp"

namespace kefu {

// A field quoted when it holds a comma, a quote, a CR or LF (quotes doubled); a leading
// = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.
std::string csv_field(std::string_view v);
std::string to_csv(const std::vector<std::vector<std::string>>& rows);  // BOM + rows, CRLF

// The KPI table as the dashboard shows it: indicator, value, target, met, numerator,
// denominator, definition; `tr` gives the strings in the user's language.
using TranslateFn = std::function<std::string(std::string_view key)>;
std::vector<std::vector<std::string>> kpi_table(const KpiReport& r, const TranslateFn& tr);
// The cells of one KPI as every table shows them; "" where there is none (no data, no target).
std::string kpi_value_text(const KpiValue& k);                      // "75.0%", "94.8", "3"
std::string kpi_target_text(const KpiValue& k);                     // "≥ 100%", "≤ 3"
std::string kpi_met_text(const KpiValue& k, const TranslateFn& tr);  // 达标 / 未达标
// {"format":"kefu.report","version":1,"from":"2026-11-01","to":"2026-11-24","scope":{…},"kpis":[…],…}
std::string kpi_report_json(const KpiReport& r, const ReportScope& scope);

}  // namespace kefu
