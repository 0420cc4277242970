// Settings → 工作日历与时限 → 法定节假日年份: which years of public holidays are entered, the
// notice when the next one is missing, and adding a year by pasting the State Council's
// notice (core/holiday_notice reads it; every problem is pointed at, nothing guessed). What
// was read is shown on month grids, with the weekdays, for checking before it is saved.
#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

constexpr ImU32 kHolidayBg = IM_COL32(254, 226, 226, 255);  // light red: a day off
constexpr ImU32 kHolidayText = IM_COL32(153, 27, 27, 255);
constexpr ImU32 kWorkdayBg = IM_COL32(219, 234, 254, 255);  // light blue: a make-up working day
constexpr ImU32 kWorkdayText = IM_COL32(30, 64, 175, 255);

std::string issue_text(const ViewContext& ctx, const std::string& text, const NoticeIssue& issue) {
    std::string weekday;
    if (issue.key == "notice.err.weekday" || issue.key == "notice.err.workday_weekday") {
        const int w = std::atoi(issue.expected.c_str());
        if (w >= 0 && w < 7) weekday = ctx.tr(kWeekdayNameKeys[w]);
    }
    return ctx.trf(issue.key, {{"text", notice_excerpt(text, issue)}, {"detail", issue.detail}, {"expected", issue.expected},
                               {"weekday", weekday}});
}

// One month as a grid of weeks (Monday first): days off in red, make-up working days in blue,
// weekends muted; hovering a marked day names it.
void month_grid(const ViewContext& ctx, int year, int month, const std::map<int64_t, const NoticeDay*>& off,
                const std::map<int64_t, const NoticeDay*>& work) {
    const float font = ImGui::GetFontSize();
    const float cell_w = std::floor(font * 1.7f), cell_h = std::floor(font * 1.45f);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(ctx.trf("calendar.years.month", {{"year", std::to_string(year)}, {"month", std::to_string(month)}}).c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    for (int w = 0; w < 7; ++w) {
        const std::string head = ctx.tr(kWeekdayNameKeys[w]);
        // "周一" → "一": the grid's header keeps the last character only.
        const std::string shown = head.size() > 3 ? head.substr(head.size() - 3) : head;
        const ImVec2 sz = ImGui::CalcTextSize(shown.c_str());
        dl->AddText(ImVec2(origin.x + w * cell_w + (cell_w - sz.x) / 2, origin.y), ImGui::GetColorU32(theme::kMutedText), shown.c_str());
    }
    origin.y += cell_h;
    const int64_t first = days_from_civil({year, month, 1});
    const int64_t next = month == 12 ? days_from_civil({year + 1, 1, 1}) : days_from_civil({year, month + 1, 1});
    const int lead = weekday_from_days(first);
    const int rows = (lead + static_cast<int>(next - first) + 6) / 7;
    for (int64_t d = first; d < next; ++d) {
        const int slot = lead + static_cast<int>(d - first);
        const ImVec2 a(origin.x + (slot % 7) * cell_w, origin.y + (slot / 7) * cell_h);
        const ImVec2 b(a.x + cell_w - 2, a.y + cell_h - 2);
        const auto h = off.find(d), k = work.find(d);
        ImU32 text = ImGui::GetColorU32(slot % 7 >= 5 ? theme::kMutedText : theme::kStatusText);
        if (h != off.end()) dl->AddRectFilled(a, b, kHolidayBg, 3.0f), text = kHolidayText;
        if (k != work.end()) dl->AddRectFilled(a, b, kWorkdayBg, 3.0f), text = kWorkdayText;
        const std::string num = std::to_string(d - first + 1);
        const ImVec2 sz = ImGui::CalcTextSize(num.c_str());
        dl->AddText(ImVec2(a.x + (cell_w - 2 - sz.x) / 2, a.y + (cell_h - 2 - sz.y) / 2), text, num.c_str());
        if ((h != off.end() || k != work.end()) && ImGui::IsMouseHoveringRect(a, b))
            ImGui::SetTooltip("%s %s", format_ymd(civil_from_days(d)).c_str(), (h != off.end() ? h->second : k->second)->name.c_str());
    }
    ImGui::Dummy(ImVec2(cell_w * 7, cell_h * static_cast<float>(rows + 1)));  // the weekday header and the weeks
    ImGui::EndGroup();
}

void draw_notice_preview(const ViewContext& ctx, const HolidayNotice& n) {
    const float font = ImGui::GetFontSize();
    ImGui::TextUnformatted(ctx.trf("calendar.years.found", {{"year", std::to_string(n.year)},
                                                            {"holidays", std::to_string(n.holidays.size())},
                                                            {"workdays", std::to_string(n.workdays.size())}}).c_str());
    ctx.probe("cal_years.found");
    std::map<int64_t, const NoticeDay*> off, work;
    std::vector<std::pair<int, int>> months;  // (year, month) in order
    for (const auto* list : {&n.holidays, &n.workdays})
        for (const NoticeDay& d : *list) {
            (list == &n.holidays ? off : work)[d.day] = &d;
            const CivilDate c = civil_from_days(d.day);
            months.emplace_back(c.year, c.month);
        }
    std::sort(months.begin(), months.end());
    months.erase(std::unique(months.begin(), months.end()), months.end());
    const float grid_w = std::floor(font * 1.7f) * 7 + font * 1.2f;
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (size_t i = 0; i < months.size(); ++i) {
        if (i > 0) {
            ImGui::SameLine(0, font * 1.2f);
            if (ImGui::GetCursorScreenPos().x + grid_w > right) ImGui::NewLine();
        }
        month_grid(ctx, months[i].first, months[i].second, off, work);
    }
    // Legend.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& [bg, key] : {std::pair<ImU32, const char*>{kHolidayBg, tr_key("calendar.years.legend_off")},
                                 {kWorkdayBg, tr_key("calendar.years.legend_work")}}) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(ImVec2(p.x, p.y + font * 0.2f), ImVec2(p.x + font * 0.9f, p.y + font * 1.1f), bg, 2.0f);
        ImGui::Dummy(ImVec2(font * 1.1f, font));
        ImGui::SameLine();
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(key));
        ImGui::SameLine(0, font * 1.5f);
    }
    ImGui::NewLine();
}

}  // namespace

void draw_calendar_years(const ViewContext& ctx) {
    CalendarUi& ui = ctx.ui.calendar;
    const WorkCalendar& cal = ctx.state.calendar;
    const float font = ImGui::GetFontSize();
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    ImGui::Spacing();
    if (ui.scroll_to_years) {
        ImGui::SetScrollHereY(0.15f);
        ui.scroll_to_years = false;
    }
    ImGui::TextUnformatted(ctx.tr("calendar.years.title"));
    ctx.probe("cal_years.title");
    std::string years;
    for (int y : cal.years) years += (years.empty() ? "" : "、") + std::to_string(y);
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "%s", years.empty() ? ctx.tr("calendar.years.none") : ctx.trf("calendar.years.list", {{"years", years}}).c_str());
    ctx.probe_field("cal_years", years);
    const CalendarGap gap = calendar_gap(cal, now);
    if (gap.year) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kWarnText, "%s", ctx.trf(gap.days_until > 0 ? tr_key("calendar.years.gap_soon") : tr_key("calendar.years.gap_now"),
                                                            {{"year", std::to_string(gap.year)}, {"days", std::to_string(gap.days_until)}}).c_str());
        ImGui::PopTextWrapPos();
        ctx.probe("cal_years.gap");
    }
    const int this_year = civil_from_days(cal.local_day(now)).year;
    const int suggested = gap.year ? gap.year : cal.years.empty() ? this_year : std::max(this_year, *cal.years.rbegin() + 1);
    if (!ui.year_open) {
        if (ImGui::Button(ctx.trf("calendar.years.add", {{"year", std::to_string(suggested)}}).c_str())) {
            ui.year_open = true;
            ui.year = suggested;
            ui.notice_text.clear();
        }
        ctx.probe("cal_years.add");
        return;
    }

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("calendar.years.year"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 7.0f);
    ImGui::InputInt("##year", &ui.year, 1, 1);
    ui.year = std::clamp(ui.year, 1970, 2099);
    ctx.probe("cal_years.year");
    ctx.probe_field("cal_years.year_value", std::to_string(ui.year));
    help_text(ctx.trf("calendar.years.paste_help", {{"year", std::to_string(ui.year)}}).c_str());
    ImGui::InputTextMultiline("##notice", &ui.notice_text, ImVec2(std::min(ImGui::GetContentRegionAvail().x, font * 42.0f), font * 8.0f));
    ctx.probe_field("cal_years.notice", ui.notice_text);
    if (ui.parsed_text != ui.notice_text || ui.parsed_year != ui.year) {
        ui.parsed = parse_holiday_notice(ui.notice_text, ui.year);
        ui.parsed_text = ui.notice_text;
        ui.parsed_year = ui.year;
    }
    const HolidayNotice& n = ui.parsed;
    const bool empty = n.errors.size() == 1 && n.errors[0].key == "notice.err.empty";
    if (!empty) {
        ImGui::PushTextWrapPos(std::min(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x, ImGui::GetCursorPosX() + font * 42.0f));
        for (const NoticeIssue& e : n.errors) ImGui::TextColored(theme::kErrorText, "%s", issue_text(ctx, ui.notice_text, e).c_str());
        if (!n.errors.empty()) ctx.probe("cal_years.errors");
        for (const NoticeIssue& e : n.notes) ImGui::TextColored(theme::kMutedText, "%s", issue_text(ctx, ui.notice_text, e).c_str());
        ImGui::PopTextWrapPos();
        if (n.errors.empty()) draw_notice_preview(ctx, n);
    }
    ctx.probe_field("cal_years.error_count", std::to_string(empty ? 0 : n.errors.size()));

    ImGui::BeginDisabled(!n.usable());
    if (ImGui::Button(ctx.trf("calendar.years.save", {{"year", std::to_string(ui.year)}}).c_str()) &&
        set_calendar(ctx, calendar_with_year(cal, ui.year, n.holidays, n.workdays)))
        ui.year_open = false;
    ImGui::EndDisabled();
    ctx.probe("cal_years.save");
    ImGui::SameLine();
    // A calendar with no public holidays (another country's, a 7-day service desk) still
    // confirms its year, so nobody is warned about it again.
    ImGui::BeginDisabled(!empty);
    if (ImGui::Button(ctx.trf("calendar.years.confirm_none", {{"year", std::to_string(ui.year)}}).c_str()) &&
        set_calendar(ctx, calendar_with_year(cal, ui.year, {}, {})))
        ui.year_open = false;
    ImGui::EndDisabled();
    ctx.probe("cal_years.confirm_none");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("common.cancel"))) ui.year_open = false;
    ctx.probe("cal_years.cancel");
}

}  // namespace kefu
