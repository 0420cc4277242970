#include "core/report_doc.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/chart_scale.hpp"

namespace kefu {

std::vector<std::vector<std::string>> doc_rows(const ReportDoc& doc) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({doc.title});
    rows.push_back({doc.period, doc.scope});
    if (!doc.generated.empty()) rows.push_back({doc.generated});
    for (const DocSection& s : doc.sections) {
        for (const DocTable& t : s.tables) {
            rows.push_back({});
            rows.push_back({t.title.empty() ? s.title : t.title});
            rows.push_back(t.columns);
            if (t.rows.empty() && !t.empty_text.empty()) rows.push_back({t.empty_text});
            for (const std::vector<std::string>& r : t.rows) rows.push_back(r);
        }
    }
    return rows;
}

namespace {

nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

const char* kind_name(ChartKind k) { return k == ChartKind::Bar ? "bar" : k == ChartKind::StackedBar ? "stacked_bar" : "line"; }

}  // namespace

std::string doc_to_json(const ReportDoc& doc) {
    nlohmann::json sections = nlohmann::json::array();
    for (const DocSection& s : doc.sections) {
        nlohmann::json charts = nlohmann::json::array();
        for (const DocChart& c : s.charts) {
            nlohmann::json series = nlohmann::json::array();
            for (const DocSeries& d : c.series) {
                nlohmann::json values = nlohmann::json::array();
                for (double v : d.values) values.push_back(number_or_null(v));
                series.push_back({{"name", d.name}, {"values", values}});
            }
            charts.push_back({{"kind", kind_name(c.kind)}, {"title", c.title}, {"labels", c.labels}, {"series", series},
                              {"target", number_or_null(c.target)}});
        }
        nlohmann::json tables = nlohmann::json::array();
        for (const DocTable& t : s.tables) {
            nlohmann::json table = {{"title", t.title}, {"columns", t.columns}, {"rows", t.rows}, {"total_row", t.total_row}};
            if (std::any_of(t.row_case.begin(), t.row_case.end(), [](const std::string& id) { return !id.empty(); })) table["case_ids"] = t.row_case;
            tables.push_back(std::move(table));
        }
        sections.push_back({{"title", s.title}, {"paragraphs", s.paragraphs}, {"charts", charts}, {"tables", tables}});
    }
    const nlohmann::json j = {{"format", "kefu.report_doc"}, {"version", 1},       {"kind", doc.kind},
                              {"title", doc.title},          {"period", doc.period}, {"scope", doc.scope},
                              {"generated", doc.generated},  {"sections", sections}};
    return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

// The app's palette for series, in order (accent blue, green, amber, red, violet, teal).
const char* const kColours[] = {"#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0d9488", "#64748b"};

std::string fmt(double v, int decimals = 1) {
    char buf[40];
    if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// One chart as SVG, 680 × 260 user units scaled to the page width.
std::string svg_chart(const DocChart& c) {
    const double W = 680, H = 260, left = 48, right = 12, top = 14, bottom = 44;
    const size_t n = std::max<size_t>(1, c.labels.size());
    double lo = 0, hi = -std::numeric_limits<double>::infinity();
    if (c.kind == ChartKind::StackedBar) {
        for (size_t i = 0; i < n; ++i) {
            double sum = 0;
            for (const DocSeries& s : c.series)
                if (i < s.values.size() && std::isfinite(s.values[i])) sum += std::max(0.0, s.values[i]);
            hi = std::max(hi, sum);
        }
    } else {
        for (const DocSeries& s : c.series)
            for (double v : s.values)
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (!std::isfinite(hi)) hi = 1;
    if (std::isfinite(c.target)) hi = std::max(hi, c.target);
    if (c.integer) hi = std::max(hi, lo + 4.0);
    const AxisScale scale = nice_scale(lo, hi, 4);
    const double x0 = left, x1 = W - right, y0 = top, y1 = H - bottom;
    auto y_of = [&](double v) { return y1 - scale.at(v) * (y1 - y0); };
    const double slot = (x1 - x0) / static_cast<double>(n);
    std::string o = "<svg class=\"chart\" viewBox=\"0 0 " + fmt(W) + " " + fmt(H) + "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" +
                    html_escape(c.title) + "\">\n";
    for (double t : scale.ticks) {
        const std::string y = fmt(y_of(t), 1);
        o += "<line x1=\"" + fmt(x0) + "\" y1=\"" + y + "\" x2=\"" + fmt(x1) + "\" y2=\"" + y + "\" stroke=\"#e2e8f0\"/>";
        o += "<text x=\"" + fmt(x0 - 6) + "\" y=\"" + y + "\" dy=\"4\" text-anchor=\"end\" class=\"tick\">" + fmt(t) + "</text>\n";
    }
    // Category labels, thinned so that they never overlap (about 7 px per character).
    size_t longest = 1;
    for (const std::string& l : c.labels) longest = std::max(longest, l.size() / 2 + 1);
    const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(static_cast<double>(longest) * 12.0 / slot)));
    for (size_t i = 0; i < c.labels.size(); i += every)
        o += "<text x=\"" + fmt(x0 + slot * (static_cast<double>(i) + 0.5), 1) + "\" y=\"" + fmt(y1 + 16) + "\" text-anchor=\"middle\" class=\"tick\">" +
             html_escape(c.labels[i]) + "</text>";
    o += "\n";
    const size_t ns = std::max<size_t>(1, c.series.size());
    if (c.kind == ChartKind::Line) {
        for (size_t s = 0; s < c.series.size(); ++s) {
            const char* colour = kColours[s % 7];
            std::string path;
            bool pen = false;
            for (size_t i = 0; i < c.series[s].values.size() && i < n; ++i) {
                const double v = c.series[s].values[i];
                if (!std::isfinite(v)) {
                    pen = false;
                    continue;
                }
                path += (pen ? " L" : " M") + fmt(x0 + slot * (static_cast<double>(i) + 0.5), 1) + " " + fmt(y_of(v), 1);
                pen = true;
            }
            if (!path.empty()) o += "<path d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
            for (size_t i = 0; i < c.series[s].values.size() && i < n; ++i) {
                const double v = c.series[s].values[i];
                if (!std::isfinite(v)) continue;
                o += "<circle cx=\"" + fmt(x0 + slot * (static_cast<double>(i) + 0.5), 1) + "\" cy=\"" + fmt(y_of(v), 1) + "\" r=\"3\" fill=\"" + colour +
                     "\"><title>" + html_escape((i < c.labels.size() ? c.labels[i] + " · " : "") + c.series[s].name + ": " + fmt(v)) + "</title></circle>";
            }
            o += "\n";
        }
    } else {
        const double bar_w = c.kind == ChartKind::StackedBar ? slot * 0.6 : slot * 0.7 / static_cast<double>(ns);
        for (size_t i = 0; i < n; ++i) {
            double base = 0;
            for (size_t s = 0; s < c.series.size(); ++s) {
                const double v = i < c.series[s].values.size() ? c.series[s].values[i] : NAN;
                if (!std::isfinite(v) || v == 0) continue;
                double x, ya, yb;
                if (c.kind == ChartKind::StackedBar) {
                    x = x0 + slot * static_cast<double>(i) + slot * 0.2;
                    ya = y_of(base + std::max(0.0, v));
                    yb = y_of(base);
                    base += std::max(0.0, v);
                } else {
                    x = x0 + slot * static_cast<double>(i) + slot * 0.15 + bar_w * static_cast<double>(s);
                    ya = y_of(std::max(v, 0.0));
                    yb = y_of(std::min(v, 0.0));
                }
                o += "<rect x=\"" + fmt(x, 1) + "\" y=\"" + fmt(ya, 1) + "\" width=\"" + fmt(bar_w, 1) + "\" height=\"" + fmt(std::max(0.5, yb - ya), 1) +
                     "\" fill=\"" + kColours[s % 7] + "\"><title>" +
                     html_escape((i < c.labels.size() ? c.labels[i] + " · " : "") + c.series[s].name + ": " + fmt(v)) + "</title></rect>";
            }
        }
        o += "\n";
    }
    o += "<line x1=\"" + fmt(x0) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x1) + "\" y2=\"" + fmt(y1) + "\" stroke=\"#94a3b8\"/>";
    if (std::isfinite(c.target)) {
        const std::string y = fmt(y_of(c.target), 1);
        o += "<line x1=\"" + fmt(x0) + "\" y1=\"" + y + "\" x2=\"" + fmt(x1) + "\" y2=\"" + y + "\" stroke=\"#dc2626\" stroke-dasharray=\"6 4\"/>";
        o += "<text x=\"" + fmt(x1) + "\" y=\"" + y + "\" dy=\"-4\" text-anchor=\"end\" class=\"target\">" + html_escape(c.target_label) + "</text>";
    }
    // Legend under the labels.
    double lx = x0;
    for (size_t s = 0; s < c.series.size() && c.series.size() > 1; ++s) {
        o += "<rect x=\"" + fmt(lx, 1) + "\" y=\"" + fmt(H - 14) + "\" width=\"10\" height=\"10\" fill=\"" + kColours[s % 7] + "\"/>";
        o += "<text x=\"" + fmt(lx + 14, 1) + "\" y=\"" + fmt(H - 5) + "\" class=\"legend\">" + html_escape(c.series[s].name) + "</text>";
        lx += 28 + 7.0 * static_cast<double>(c.series[s].name.size());
    }
    return o + "</svg>\n";
}

const char* const kCss = R"(@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
       color: #0f172a; margin: 0 auto; max-width: 186mm; font-size: 10.5pt; line-height: 1.5; padding: 8mm 0; }
header { border-bottom: 2px solid #2563eb; margin-bottom: 6mm; padding-bottom: 2mm; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
.meta { color: #475569; font-size: 9.5pt; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; color: #1e3a8a; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; color: #334155; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0 2mm; white-space: pre-wrap; }
figure { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9.5pt; color: #334155; margin-bottom: 1mm; }
svg.chart { width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
svg .tick { font-size: 11px; fill: #64748b; }
svg .legend { font-size: 11px; fill: #334155; }
svg .target { font-size: 11px; fill: #dc2626; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #cbd5e1; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #eff6ff; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; background: #f8fafc; }
.empty { color: #64748b; font-style: italic; }
footer { margin-top: 8mm; color: #94a3b8; font-size: 8.5pt; }
@media print { body { padding: 0; max-width: none; } }
)";

void html_table(std::string& o, const DocTable& t, bool titled) {
    if (titled && !t.title.empty()) o += "<h3>" + html_escape(t.title) + "</h3>\n";
    if (t.rows.empty()) {
        o += "<p class=\"empty\">" + html_escape(t.empty_text) + "</p>\n";
        return;
    }
    auto cls = [&](size_t i) { return i < t.numeric.size() && t.numeric[i] ? " class=\"n\"" : ""; };
    o += "<table>\n<thead><tr>";
    for (size_t i = 0; i < t.columns.size(); ++i) o += std::string("<th") + cls(i) + ">" + html_escape(t.columns[i]) + "</th>";
    o += "</tr></thead>\n<tbody>\n";
    for (size_t r = 0; r < t.rows.size(); ++r) {
        o += t.total_row && r + 1 == t.rows.size() ? "<tr class=\"total\">" : "<tr>";
        for (size_t i = 0; i < t.rows[r].size(); ++i) o += std::string("<td") + cls(i) + ">" + html_escape(t.rows[r][i]) + "</td>";
        o += "</tr>\n";
    }
    o += "</tbody></table>\n";
}

}  // namespace

std::string doc_to_html(const ReportDoc& doc) {
    std::string o = "<!DOCTYPE html>\n<html lang=\"" + html_escape(doc.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    html_escape(doc.title + " " + doc.period) + "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>\n" +
                    kCss + "</style>\n</head>\n<body>\n<header>\n<h1>" + html_escape(doc.title) + "</h1>\n<div class=\"meta\">" +
                    html_escape(doc.period) + (doc.scope.empty() ? "" : " · " + html_escape(doc.scope)) + "</div>\n</header>\n";
    for (const DocSection& s : doc.sections) {
        o += "<section>\n";
        if (!s.title.empty()) o += "<h2>" + html_escape(s.title) + "</h2>\n";
        for (const std::string& p : s.paragraphs) o += "<p>" + html_escape(p) + "</p>\n";
        for (const DocChart& c : s.charts) {
            o += "<figure>\n";
            if (!c.title.empty()) o += "<figcaption>" + html_escape(c.title) + "</figcaption>\n";
            o += svg_chart(c) + "</figure>\n";
        }
        for (const DocTable& t : s.tables) html_table(o, t, s.tables.size() > 1 || t.title != s.title);
        o += "</section>\n";
    }
    o += "<footer>" + html_escape(doc.generated) + "</footer>\n</body>\n</html>\n";
    return o;
}

}  // namespace kefu
