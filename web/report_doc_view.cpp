// A report document (core/report_doc) on screen: its sections' paragraphs wrapped by the
// Chinese line-breaking rules, charts on the app's chart module (bars, stacked bars, lines,
// with a legend), tables with numbers right-aligned, a total row, and the form number of a
// listed case as a button that opens it. The same document is what the CSV, JSON and
// printable HTML files hold.
#include <algorithm>
#include <cmath>

#include "core/report_export.hpp"
#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

// Series colours: the app's accent, green, amber, red, violet, teal, slate (as in the HTML file).
const ImU32 kSeriesColours[] = {IM_COL32(37, 99, 235, 255), IM_COL32(22, 163, 74, 255), IM_COL32(217, 119, 6, 255), IM_COL32(220, 38, 38, 255),
                                IM_COL32(124, 58, 237, 255), IM_COL32(13, 148, 136, 255), IM_COL32(100, 116, 139, 255)};

void draw_chart(const ViewContext& ctx, const DocChart& c, const std::string& probe) {
    const float font = ImGui::GetFontSize();
    ImGui::TextUnformatted(c.title.c_str());
    ChartSpec spec;
    spec.labels = c.labels;
    spec.target = c.target;
    spec.target_label = c.target_label;
    spec.integer = c.integer;
    spec.stacked = c.kind == ChartKind::StackedBar;
    for (size_t i = 0; i < c.series.size(); ++i) spec.series.push_back({c.series[i].name, c.series[i].values, kSeriesColours[i % 7]});
    // The legend, on one line above the plot.
    if (spec.series.size() > 1) {
        for (size_t i = 0; i < spec.series.size(); ++i) {
            if (i) ImGui::SameLine(0, font);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(spec.series[i].color), "■");
            ImGui::SameLine(0, font * 0.3f);
            ImGui::TextColored(theme::kMutedText, "%s", spec.series[i].name.c_str());
        }
    }
    const ImVec2 size(ImGui::GetContentRegionAvail().x, font * 11.0f);
    if (c.kind == ChartKind::Line) line_chart(ctx, probe.c_str(), spec, size);
    else bar_chart(ctx, probe.c_str(), spec, size);
}

// Column weights from the header and the first rows, so long texts get the room.
std::vector<float> column_weights(const DocTable& t) {
    std::vector<float> w(t.columns.size(), 1.0f);
    for (size_t i = 0; i < t.columns.size(); ++i) w[i] = ImGui::CalcTextSize(t.columns[i].c_str()).x;
    for (size_t r = 0; r < t.rows.size() && r < 60; ++r)
        for (size_t i = 0; i < t.rows[r].size() && i < w.size(); ++i)
            w[i] = std::max(w[i], std::min(ImGui::CalcTextSize(t.rows[r][i].c_str()).x, ImGui::GetFontSize() * 22.0f));
    return w;
}

void draw_table(const ViewContext& ctx, const DocTable& t, const std::string& id, bool& first_case_probed) {
    const float font = ImGui::GetFontSize();
    if (t.rows.empty()) {
        ImGui::TextColored(theme::kMutedText, "%s", t.empty_text.c_str());
        return;
    }
    const size_t cols = t.columns.size();
    const float row_h = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().CellPadding.y * 2.0f;
    const bool scroll = t.rows.size() > 14;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (scroll) flags |= ImGuiTableFlags_ScrollY;
    const ImVec2 size(0, scroll ? row_h * 15.5f : 0);
    if (!ImGui::BeginTable(id.c_str(), static_cast<int>(cols), flags, size)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const std::vector<float> weights = column_weights(t);
    for (size_t i = 0; i < cols; ++i) ImGui::TableSetupColumn(t.columns[i].c_str(), ImGuiTableColumnFlags_WidthStretch, weights[i] + font);
    // The header row, numeric columns' titles right-aligned like their numbers.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (size_t i = 0; i < cols; ++i) {
        ImGui::TableSetColumnIndex(static_cast<int>(i));
        if (i < t.numeric.size() && t.numeric[i]) {
            const float w = ImGui::CalcTextSize(t.columns[i].c_str()).x, avail = ImGui::GetContentRegionAvail().x;
            if (w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
        }
        ImGui::TableHeader(t.columns[i].c_str());
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(t.rows.size()), row_h);
    if (!first_case_probed && !t.row_case.empty() && !t.row_case[0].empty()) clipper.IncludeItemByIndex(0);  // its probe exists off screen too
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const std::vector<std::string>& row = t.rows[static_cast<size_t>(r)];
            const bool total = t.total_row && static_cast<size_t>(r) + 1 == t.rows.size();
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
            if (total) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(239, 246, 255, 255));
            ImGui::PushID(r);
            const std::string& case_id = static_cast<size_t>(r) < t.row_case.size() ? t.row_case[static_cast<size_t>(r)] : std::string();
            for (size_t i = 0; i < cols; ++i) {
                ImGui::TableNextColumn();
                const std::string& cell = i < row.size() ? row[i] : std::string();
                if (i == 0 && !case_id.empty()) {
                    if (ImGui::SmallButton(cell.c_str())) open_case(ctx, case_id);
                    if (!first_case_probed) {
                        ctx.probe("rdoc.case0");
                        first_case_probed = true;
                    }
                    continue;
                }
                const float w = ImGui::CalcTextSize(cell.c_str()).x;
                const float avail = ImGui::GetContentRegionAvail().x;
                if (i < t.numeric.size() && t.numeric[i] && w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
                if (total) ImGui::TextColored(theme::kAccent, "%s", cell.c_str());
                else ImGui::TextUnformatted(cell.c_str());
                // A cut text shows whole under the mouse.
                if (w > avail && ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    ImGui::PushTextWrapPos(font * 30.0f);
                    ImGui::TextUnformatted(cell.c_str());
                    ImGui::PopTextWrapPos();
                    ImGui::EndTooltip();
                }
            }
            ImGui::PopID();
        }
    ImGui::EndTable();
}

}  // namespace

void draw_report_doc(const ViewContext& ctx, const ReportDoc& doc) {
    const float font = ImGui::GetFontSize();
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    ImGui::TextUnformatted(("《" + doc.title + "》").c_str());
    ImGui::PopFont();
    ctx.probe("rdoc.title");
    ImGui::TextColored(theme::kMutedText, "%s", (doc.period + "  ·  " + doc.scope).c_str());
    bool first_case_probed = false;
    for (size_t s = 0; s < doc.sections.size(); ++s) {
        const DocSection& sec = doc.sections[s];
        ImGui::PushID(static_cast<int>(s));
        if (!sec.title.empty()) {
            ImGui::Dummy(ImVec2(0, font * 0.4f));
            ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.1f);
            ImGui::TextUnformatted(sec.title.c_str());
            ImGui::PopFont();
            ImGui::Separator();
        }
        for (const std::string& p : sec.paragraphs) rich_text({RichSpan{p}}, ImGui::GetContentRegionAvail().x);
        for (size_t c = 0; c < sec.charts.size(); ++c)
            draw_chart(ctx, sec.charts[c], "rdoc.chart" + std::to_string(s) + "_" + std::to_string(c));
        for (size_t t = 0; t < sec.tables.size(); ++t) {
            const DocTable& table = sec.tables[t];
            if (sec.tables.size() > 1 || table.title != sec.title) ImGui::TextUnformatted(table.title.c_str());
            draw_table(ctx, table, "##t" + std::to_string(t), first_case_probed);
            ImGui::Dummy(ImVec2(0, font * 0.3f));
        }
        ImGui::PopID();
    }
    ImGui::Dummy(ImVec2(0, font));
    ImGui::TextColored(theme::kMutedText, "%s", doc.generated.c_str());
}

void download_doc(const ViewContext& ctx, const ReportDoc& doc, const std::string& stem, const char* format) {
    const std::string f = format;
    std::string text, mime;
    if (f == "csv") text = to_csv(doc_rows(doc)), mime = "text/csv;charset=utf-8";
    else if (f == "json") text = doc_to_json(doc), mime = "application/json";
    else text = doc_to_html(doc), mime = "text/html;charset=utf-8";
    offer_file(ctx, stem + "." + f, mime.c_str(), text);
}

void offer_file(const ViewContext& ctx, const std::string& name, const char* mime, const std::string& text) {
    ctx.platform.download_file(name, mime, std::vector<uint8_t>(text.begin(), text.end()));
    ctx.toast(ctx.trf("report.exported", {{"file", name}}));
}

}  // namespace kefu
