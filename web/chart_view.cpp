// Charts drawn on Dear ImGui's draw lists (no chart library for Dear ImGui comes from the
// registries here): bars (grouped or stacked) and lines, with a value axis from core/chart_scale, labels
// in the user's language, an optional target line, and the values under the mouse.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/chart_scale.hpp"
#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

std::string number(double v, const char* unit) {
    char buf[32];
    if (std::fabs(v - std::round(v)) < 0.05) std::snprintf(buf, sizeof buf, "%.0f%s", v, unit);
    else std::snprintf(buf, sizeof buf, "%.1f%s", v, unit);
    return buf;
}

struct Frame {
    ImVec2 p0, p1;  // the plot area
    AxisScale scale;
    float slot = 0;  // width per label
};

// Axis, grid, labels and the target line; returns the plot area.
Frame draw_frame(const ChartSpec& spec, const ImVec2& origin, const ImVec2& size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    double lo = spec.fixed_range ? spec.lo : std::numeric_limits<double>::infinity();
    double hi = spec.fixed_range ? spec.hi : -std::numeric_limits<double>::infinity();
    if (!spec.fixed_range && spec.stacked) {
        lo = 0;  // stacked bars: the axis covers each label's total
        for (size_t i = 0; i < spec.labels.size(); ++i) {
            double sum = 0;
            for (const ChartSeries& s : spec.series)
                if (i < s.values.size() && std::isfinite(s.values[i])) sum += std::max(0.0, s.values[i]);
            hi = std::max(hi, sum);
        }
        if (!std::isfinite(hi)) lo = 0, hi = 1;
        if (std::isfinite(spec.target)) hi = std::max(hi, spec.target);
    } else if (!spec.fixed_range) {
        for (const ChartSeries& s : spec.series)
            for (double v : s.values)
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        if (!std::isfinite(lo)) lo = 0, hi = 1;
        if (spec.zero_based) lo = std::min(lo, 0.0);
        if (std::isfinite(spec.target)) lo = std::min(lo, spec.target), hi = std::max(hi, spec.target);
    }
    Frame f;
    if (spec.integer) hi = std::max(hi, lo + 4.0);  // small counts: ticks 0, 1, 2 … not 0.2, 0.4
    f.scale = nice_scale(lo, hi, 4);
    float axis_w = 0;
    for (double t : f.scale.ticks) axis_w = std::max(axis_w, ImGui::CalcTextSize(number(t, spec.unit).c_str()).x);
    f.p0 = ImVec2(origin.x + axis_w + font * 0.5f, origin.y + font * 0.5f);
    f.p1 = ImVec2(origin.x + size.x - font * 0.3f, origin.y + size.y - font * 1.6f);
    const ImU32 grid = IM_COL32(226, 232, 240, 255), text = ImGui::GetColorU32(theme::kMutedText);
    for (double t : f.scale.ticks) {
        const float y = f.p1.y - static_cast<float>(f.scale.at(t)) * (f.p1.y - f.p0.y);
        dl->AddLine(ImVec2(f.p0.x, y), ImVec2(f.p1.x, y), grid);
        const std::string label = number(t, spec.unit);
        dl->AddText(ImVec2(f.p0.x - ImGui::CalcTextSize(label.c_str()).x - font * 0.3f, y - font * 0.5f), text, label.c_str());
    }
    const size_t n = std::max<size_t>(1, spec.labels.size());
    f.slot = (f.p1.x - f.p0.x) / static_cast<float>(n);
    // Category labels, thinned out so they never overlap.
    float last_right = -1e9f;
    for (size_t i = 0; i < spec.labels.size(); ++i) {
        const float w = ImGui::CalcTextSize(spec.labels[i].c_str()).x;
        const float x = f.p0.x + f.slot * (static_cast<float>(i) + 0.5f) - w * 0.5f;
        if (x < last_right + font * 0.5f) continue;
        dl->AddText(ImVec2(x, f.p1.y + font * 0.3f), text, spec.labels[i].c_str());
        last_right = x + w;
    }
    if (std::isfinite(spec.target)) {
        const float y = f.p1.y - static_cast<float>(f.scale.at(spec.target)) * (f.p1.y - f.p0.y);
        const ImU32 red = ImGui::GetColorU32(theme::kErrorText);
        for (float x = f.p0.x; x < f.p1.x; x += 8.0f) dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 4.0f, f.p1.x), y), red, 1.5f);
        const std::string label = spec.target_label;
        dl->AddText(ImVec2(f.p1.x - ImGui::CalcTextSize(label.c_str()).x, y - font * 1.1f), red, label.c_str());
    }
    dl->AddLine(ImVec2(f.p0.x, f.p1.y), ImVec2(f.p1.x, f.p1.y), ImGui::GetColorU32(theme::kMutedText));
    return f;
}

void hover_tooltip(const ChartSpec& spec, const Frame& f, const char* probe_id, const ViewContext& ctx) {
    ctx.probe(probe_id);
    if (!ImGui::IsItemHovered() || spec.labels.empty()) return;
    const float mx = ImGui::GetIO().MousePos.x;
    const int i = static_cast<int>((mx - f.p0.x) / f.slot);
    if (i < 0 || i >= static_cast<int>(spec.labels.size())) return;
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(spec.labels[static_cast<size_t>(i)].c_str());
    for (const ChartSeries& s : spec.series) {
        const double v = static_cast<size_t>(i) < s.values.size() ? s.values[static_cast<size_t>(i)] : NAN;
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "■");
        ImGui::SameLine();
        ImGui::Text("%s  %s", s.name.c_str(), std::isfinite(v) ? number(v, spec.unit).c_str() : "—");
    }
    ImGui::EndTooltip();
}

}  // namespace

void bar_chart(const ViewContext& ctx, const char* probe_id, const ChartSpec& spec, const ImVec2& size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(probe_id, size);
    const Frame f = draw_frame(spec, origin, size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const size_t k = std::max<size_t>(1, spec.series.size());
    const float bar_w = std::min(f.slot * 0.7f / static_cast<float>(k), ImGui::GetFontSize() * 2.5f);
    const float base = f.p1.y - static_cast<float>(f.scale.at(std::clamp(0.0, f.scale.min, f.scale.max))) * (f.p1.y - f.p0.y);
    for (size_t i = 0; i < spec.labels.size(); ++i) {
        const float cx = f.p0.x + f.slot * (static_cast<float>(i) + 0.5f);
        if (spec.stacked) {
            // One bar per label, the series piled up from zero in order.
            const float w = std::min(f.slot * 0.6f, ImGui::GetFontSize() * 2.5f);
            double sum = 0;
            for (const ChartSeries& s : spec.series) {
                if (i >= s.values.size() || !std::isfinite(s.values[i]) || s.values[i] <= 0) continue;
                const float y0 = f.p1.y - static_cast<float>(f.scale.at(sum)) * (f.p1.y - f.p0.y);
                sum += s.values[i];
                const float y1 = f.p1.y - static_cast<float>(f.scale.at(sum)) * (f.p1.y - f.p0.y);
                dl->AddRectFilled(ImVec2(cx - w * 0.5f, y1), ImVec2(cx + w * 0.5f, y0 - 0.5f), s.color);
            }
            continue;
        }
        for (size_t j = 0; j < spec.series.size(); ++j) {
            const ChartSeries& s = spec.series[j];
            if (i >= s.values.size() || !std::isfinite(s.values[i])) continue;
            const float x = cx - bar_w * static_cast<float>(k) * 0.5f + bar_w * static_cast<float>(j);
            const float y = f.p1.y - static_cast<float>(f.scale.at(s.values[i])) * (f.p1.y - f.p0.y);
            dl->AddRectFilled(ImVec2(x + 1, std::min(y, base)), ImVec2(x + bar_w - 1, std::max(y, base)), s.color, 2.0f);
        }
    }
    hover_tooltip(spec, f, probe_id, ctx);
}

void line_chart(const ViewContext& ctx, const char* probe_id, const ChartSpec& spec, const ImVec2& size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(probe_id, size);
    const Frame f = draw_frame(spec, origin, size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const ChartSeries& s : spec.series) {
        ImVec2 prev;
        bool have_prev = false;
        for (size_t i = 0; i < s.values.size() && i < spec.labels.size(); ++i) {
            if (!std::isfinite(s.values[i])) {
                have_prev = false;  // a gap, not a dip to zero
                continue;
            }
            const ImVec2 p(f.p0.x + f.slot * (static_cast<float>(i) + 0.5f),
                           f.p1.y - static_cast<float>(f.scale.at(s.values[i])) * (f.p1.y - f.p0.y));
            if (have_prev) dl->AddLine(prev, p, s.color, 2.0f);
            dl->AddCircleFilled(p, 3.0f, s.color);
            prev = p;
            have_prev = true;
        }
    }
    hover_tooltip(spec, f, probe_id, ctx);
}

}  // namespace kefu
