// A report as a document: sections of paragraphs, charts and tables, already in the user's
// language. The named reports (named_reports.hpp) build one; the app draws it on screen, and
// the same document becomes CSV (every table), JSON, or a self-contained printable HTML file
// (tables plus SVG charts, A4) — so what is printed is what was on screen.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace kefu {

struct DocSeries {
    std::string name;
    std::vector<double> values;  // one per label; NaN: no value (a gap in a line)
};

enum class ChartKind : uint8_t { Bar, StackedBar, Line };

struct DocChart {
    ChartKind kind = ChartKind::Bar;
    std::string title;
    std::vector<std::string> labels;
    std::vector<DocSeries> series;
    double target = NAN;  // a dashed line, NaN: none
    std::string target_label;
    bool integer = false;  // counts: whole-number ticks
};

struct DocTable {
    std::string title;
    std::vector<std::string> columns;
    std::vector<bool> numeric;  // per column: right-aligned
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row_case;  // per row, the case it lists ("" none): the screen opens it
    bool total_row = false;             // the last row sums the others (bold)
    std::string empty_text;             // shown instead of an empty table
};

struct DocSection {
    std::string title;
    std::vector<std::string> paragraphs;
    std::vector<DocChart> charts;
    std::vector<DocTable> tables;
};

struct ReportDoc {
    std::string kind;       // "agent_daily", "complaints", … (file names, JSON)
    std::string title;      // 《话务人员日常工作统计表》
    std::string period;     // "2026-11-01 – 2026-11-24"
    std::string scope;      // "全部坐席 · 全部类别 · 全部部门"
    std::string generated;  // "生成于 2026-11-24 14:05 · 工作站"
    std::string lang = "zh-CN";
    std::vector<DocSection> sections;
};

// Every table, one after another: the report's title and period, then per table its title,
// header and rows, a blank line between tables. (to_csv adds the BOM and quoting.)
std::vector<std::vector<std::string>> doc_rows(const ReportDoc& doc);
// {"format":"kefu.report_doc","version":1,"kind":…,"sections":[{"title","paragraphs","charts","tables"}]}
std::string doc_to_json(const ReportDoc& doc);
// One HTML file with nothing to fetch: inline CSS (A4 pages, table headers repeated on every
// page, no row split across pages), SVG charts with hover titles, every text escaped.
std::string doc_to_html(const ReportDoc& doc);
// Text for HTML content and attribute values: & < > " ' escaped.
std::string html_escape(std::string_view text);

}  // namespace kefu
