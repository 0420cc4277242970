// Settings → 工作日历与时限: weekly working hours, holidays and make-up working days, the
// calendar as a JSON file (import / export / back to the shipped one), and the SLA rules'
// durations. Everything is stored through SetCalendar / SetSlaRules; the deadlines of
// every case are re-planned from them.
#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

constexpr const char* kUnitKeys[] = {tr_key("sla.unit.working_hours"), tr_key("sla.unit.working_days"), tr_key("sla.unit.hours"),
                                     tr_key("sla.unit.days")};
static_assert(sizeof(kUnitKeys) / sizeof(kUnitKeys[0]) == static_cast<size_t>(SlaUnit::Count), "a label per unit");

void import_calendar(const ViewContext& ctx, const PickedFile& f) {
    if (!f.error.empty()) return ctx.toast(ctx.trf("error.file_read", {{"detail", f.error}}), true);
    const nlohmann::json doc = nlohmann::json::parse(f.bytes.begin(), f.bytes.end(), nullptr, false);
    WorkCalendar cal;
    const std::vector<FieldIssue> issues = doc.is_discarded() ? std::vector<FieldIssue>{{"", "calendar.err.type", "JSON"}}
                                                              : parse_calendar(doc, cal);
    if (!issues.empty()) {
        std::string text = ctx.trf("calendar.import_failed", {{"file", f.name}});
        for (size_t i = 0; i < std::min<size_t>(5, issues.size()); ++i)
            text += "\n" + ctx.trf(issues[i].key, {{"path", issues[i].path.empty() ? f.name : issues[i].path}, {"detail", issues[i].detail}});
        return ctx.toast(text, true);
    }
    set_calendar(ctx, cal);
}

}  // namespace

bool set_calendar(const ViewContext& ctx, const WorkCalendar& cal) {
    const ApplyResult r = ctx.dispatch(SetCalendar{cal});
    if (!r.ok) {
        ctx.toast(ctx.trf(r.error.key, {{"path", r.error.detail}, {"detail", ""}}), true);
        return false;
    }
    ctx.toast(ctx.tr("calendar.saved"));
    return true;
}

const char* const kWeekdayNameKeys[7] = {tr_key("weekday.mon"), tr_key("weekday.tue"), tr_key("weekday.wed"), tr_key("weekday.thu"),
                                          tr_key("weekday.fri"), tr_key("weekday.sat"), tr_key("weekday.sun")};

const char* rule_name(const ViewContext& ctx, const SlaRule& rule) {
    return ctx.state.settings.language == Language::ZhCN || rule.name_en.empty() ? rule.name_zh.c_str() : rule.name_en.c_str();
}

const char* sla_unit_key(SlaUnit unit) { return kUnitKeys[static_cast<int>(unit)]; }

std::string utc_offset_text(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes >= 0 ? '+' : '-', std::abs(minutes) / 60 % 100, std::abs(minutes) % 60);
    return buf;
}

std::string zone_label(const ViewContext& ctx, const WorkCalendar& cal) {
    if (cal.time_zone == "Asia/Shanghai" && cal.utc_offset_minutes == 480) return ctx.tr("status.zone_beijing");
    return "UTC" + utc_offset_text(cal.utc_offset_minutes);
}

void draw_calendar_settings(const ViewContext& ctx) {
    CalendarUi& ui = ctx.ui.calendar;
    const WorkCalendar& cal = ctx.state.calendar;
    const float font = ImGui::GetFontSize();
    if (ui.loaded_version != ctx.state.version) {
        for (size_t d = 0; d < 7; ++d) ui.hours[d] = hours_text(cal.week[d]);
        ui.loaded_version = ctx.state.version;
    }
    section_heading(ctx, tr_key("calendar.title"));
    ctx.probe("calendar.title");
    ImGui::BeginDisabled(ctx.ui.read_only);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(cal.name.c_str());
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("calendar.zone", {{"zone", cal.time_zone}, {"offset", utc_offset_text(cal.utc_offset_minutes)}}).c_str());
    if (ctx.platform.utc_offset_minutes() != cal.utc_offset_minutes)
        ImGui::TextColored(theme::kWarnText, "%s", ctx.trf("calendar.zone_differs", {{"zone", zone_label(ctx, cal)},
                                                                                   {"computer", utc_offset_text(ctx.platform.utc_offset_minutes())}}).c_str());
    if (!cal.source.empty()) help_text(cal.source.c_str());
    ImGui::PopTextWrapPos();

    // Weekly hours: one line per weekday, committed when the field is left.
    float label_w = font * 3.0f;
    for (const char* k : kWeekdayNameKeys) label_w = std::max(label_w, ImGui::CalcTextSize(ctx.tr(k)).x + font);
    label_w += ImGui::GetCursorPosX();
    for (size_t d = 0; d < 7; ++d) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(kWeekdayNameKeys[d]));
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(font * 14.0f);
        ImGui::PushID(static_cast<int>(d));
        ImGui::InputTextWithHint("##hours", ctx.tr("calendar.day_off"), &ui.hours[d]);
        ImGui::PopID();
        if (d == 0) ctx.probe_field("calendar.hours_mon", ui.hours[d]);
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            WorkCalendar next = cal;
            if (!parse_hours_text(ui.hours[d], next.week[d])) {
                ctx.toast(ctx.trf("calendar.bad_hours", {{"text", ui.hours[d]}}), true);
                ui.hours[d] = hours_text(cal.week[d]);
            } else {
                set_calendar(ctx, next);
            }
        }
    }
    ImGui::SetCursorPosX(label_w);
    help_text(ctx.tr("calendar.hours_help"));

    // Holidays and make-up working days.
    ImGui::TextUnformatted(ctx.trf("calendar.counts", {{"holidays", std::to_string(cal.holidays.size())},
                                                      {"workdays", std::to_string(cal.workdays.size())}}).c_str());
    if (ImGui::BeginTable("##dates", 3, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH,
                          ImVec2(std::min(ImGui::GetContentRegionAvail().x, font * 26.0f), font * 9.0f))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(ctx.tr("calendar.col.date"), ImGuiTableColumnFlags_WidthFixed, font * 6.5f);
        ImGui::TableSetupColumn(ctx.tr("calendar.col.name"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, font * 3.0f);
        ImGui::TableHeadersRow();
        std::vector<std::pair<int64_t, bool>> days;  // (day, is make-up working day), in date order
        for (const auto& kv : cal.holidays) days.emplace_back(kv.first, false);
        for (const auto& kv : cal.workdays) days.emplace_back(kv.first, true);
        std::sort(days.begin(), days.end());
        for (const auto& [day, workday] : days) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_ymd(civil_from_days(day)).c_str());
            ImGui::TableNextColumn();
            const std::string& name = workday ? cal.workdays.at(day) : cal.holidays.at(day);
            if (workday) ImGui::TextColored(theme::kAccent, "%s", name.empty() ? ctx.tr("calendar.workday") : name.c_str());
            else ImGui::TextUnformatted(name.c_str());
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(day));
            if (ImGui::SmallButton(ctx.tr("calendar.remove"))) {
                WorkCalendar next = cal;
                (workday ? next.workdays : next.holidays).erase(day);
                set_calendar(ctx, next);
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::SetNextItemWidth(font * 6.5f);
    ImGui::InputTextWithHint("##new_date", "2027-01-01", &ui.new_date);
    ctx.probe_field("calendar.new_date", ui.new_date);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 8.0f);
    ImGui::InputTextWithHint("##new_name", ctx.tr("calendar.new_name"), &ui.new_name);
    ImGui::SameLine();
    ImGui::Checkbox(ctx.tr("calendar.workday"), &ui.new_is_workday);
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("calendar.add"))) {
        CivilDate d;
        if (!parse_ymd(ui.new_date, d)) {
            ctx.toast(ctx.trf("calendar.err.date", {{"path", ctx.tr("calendar.col.date")}, {"detail", ui.new_date}}), true);
        } else {
            WorkCalendar next = cal;
            const int64_t day = days_from_civil(d);
            next.holidays.erase(day);
            next.workdays.erase(day);
            (ui.new_is_workday ? next.workdays : next.holidays)[day] = ui.new_name;
            set_calendar(ctx, next);
            ui.new_date.clear();
            ui.new_name.clear();
        }
    }
    ctx.probe("calendar.add");
    draw_calendar_years(ctx);

    if (ImGui::Button(ctx.tr("calendar.import"))) {
        ViewContext copy = ctx;
        ctx.platform.pick_file(".json,application/json", [copy](PickedFile f) { import_calendar(copy, f); });
    }
    ctx.probe("calendar.import");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("calendar.export"))) {
        const std::string text = calendar_to_json(cal).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        ctx.platform.download_file("kefu-calendar.json", "application/json", std::vector<uint8_t>(text.begin(), text.end()));
    }
    ctx.probe("calendar.export");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("calendar.reset"))) set_calendar(ctx, ctx.state.default_calendar);
    ctx.probe("calendar.reset");

    // SLA rules: their durations and units (which events start and stop them are the
    // seeds' procedure; a rules file can change those too).
    section_heading(ctx, tr_key("sla.title"));
    if (ImGui::BeginTable("##rules", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(ctx.tr("sla.col.rule"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn(ctx.tr("sla.col.amount"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn(ctx.tr("sla.col.soon"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableHeadersRow();
        const std::vector<SlaRule>& rules = ctx.state.sla_rules;
        for (size_t i = 0; i < rules.size(); ++i) {
            const SlaRule& rule = rules[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(rule_name(ctx, rule));
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            std::vector<SlaRule> next = rules;
            int amount = static_cast<int>(rule.amount);
            ImGui::SetNextItemWidth(font * 7.0f);
            // Typed values apply on Enter (or leaving the field); -/+ apply at once.
            bool changed = ImGui::InputInt("##amount", &amount, 1, 1, ImGuiInputTextFlags_EnterReturnsTrue) && amount >= 1 && amount <= 1000;
            if (ImGui::IsItemDeactivatedAfterEdit() && amount >= 1 && amount <= 1000) changed = true;
            if (i == 0) ctx.probe("sla.amount_first");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
            if (ImGui::BeginCombo("##unit", ctx.tr(kUnitKeys[static_cast<int>(rule.unit)]))) {
                for (int u = 0; u < static_cast<int>(SlaUnit::Count); ++u)
                    if (ImGui::Selectable(ctx.tr(kUnitKeys[u]), u == static_cast<int>(rule.unit))) {
                        next[i].unit = static_cast<SlaUnit>(u);
                        changed = true;
                    }
                ImGui::EndCombo();
            }
            ImGui::TableNextColumn();
            int soon = rule.due_soon_percent;
            ImGui::SetNextItemWidth(-1);
            if (ImGui::SliderInt("##soon", &soon, 0, 90, "%d%%") && !ImGui::IsItemActive()) changed = true;
            if (ImGui::IsItemDeactivatedAfterEdit()) changed = true;
            if (changed) {
                next[i].amount = amount;
                next[i].due_soon_percent = soon;
                ctx.report(ctx.dispatch(SetSlaRules{next}));
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    help_text(ctx.tr("sla.help"));
    if (ImGui::Button(ctx.tr("sla.reset"))) ctx.report(ctx.dispatch(SetSlaRules{default_sla_rules()}));
    ImGui::EndDisabled();
}

// window.kefu.state().calendar (the automation bridge, app.cpp).
nlohmann::json calendar_snapshot(const SnapshotContext& snap) {
    return nlohmann::json{{"name", snap.state.calendar.name},
                          {"mon", hours_text(snap.state.calendar.week[0])},
                          {"holidays", snap.state.calendar.holidays.size()},
                          {"workdays", snap.state.calendar.workdays.size()},
                          {"years", snap.state.calendar.years},
                          {"forward_hours", snap.state.sla_rules.empty() ? 0 : snap.state.sla_rules[0].amount}};
}

}  // namespace kefu
