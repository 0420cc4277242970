// 工作日志: the seeds ask every agent for a daily log of the customers' feedback. The app
// drafts it from the day's activity (core/named_reports: draft_work_log); the agent edits
// and saves it (SaveWorkLog, one record per agent and day, every save a version). A saved log
// opens as saved; text edited and not saved is kept while the agent looks at other days.
#include <algorithm>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

std::string key_of(const std::string& agent, int64_t day) { return std::to_string(day) + "\n" + agent; }

// Loads the log of (agent, day): its unsaved edit, else the saved text, else a fresh draft.
void load(const ViewContext& ctx, const std::string& agent, int64_t day, int64_t now) {
    ReportsUi& r = ctx.ui.reports;
    r.log_key = key_of(agent, day);
    WorkLog saved;
    if (find_work_log(ctx.state.records, agent, day, saved)) {
        r.log_base = saved.text;
        r.log_rev = saved.rev;
    } else {
        r.log_base = draft_work_log(ctx.state, agent, day, now, ctx.tr_);
        r.log_rev = 0;
    }
    const auto kept = r.log_unsaved.find(r.log_key);
    r.log_text = kept != r.log_unsaved.end() ? kept->second : r.log_base;
    r.editing_field.clear();
}

void save(const ViewContext& ctx, const std::string& agent, int64_t day) {
    ReportsUi& r = ctx.ui.reports;
    const ApplyResult res = ctx.dispatch(SaveWorkLog{agent, day, r.log_rev, r.log_text});
    if (!res.ok) {
        ctx.report(res);
        return;
    }
    WorkLog saved;
    if (find_work_log(ctx.state.records, agent, day, saved)) {
        r.log_base = saved.text;
        r.log_rev = saved.rev;
        r.log_text = saved.text;
    }
    r.log_unsaved.erase(r.log_key);
    ctx.toast(ctx.trf("report.log.saved", {{"day", format_ymd(civil_from_days(day))}}));
}

}  // namespace

void draw_work_log(const ViewContext& ctx) {
    ReportsUi& r = ctx.ui.reports;
    const float font = ImGui::GetFontSize();
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    const int64_t today = ctx.state.calendar.local_day(now);
    const std::string agent = current_actor(ctx).name;
    const int64_t day = r.log_day ? std::min(r.log_day, today) : today;
    if (r.log_key != key_of(agent, day)) {
        load(ctx, agent, day, now);
    } else {
        // Saved elsewhere (another tab, an import) while not being edited here: show that.
        WorkLog saved;
        if (r.log_text == r.log_base && find_work_log(ctx.state.records, agent, day, saved) && saved.rev != r.log_rev) load(ctx, agent, day, now);
    }
    const bool dirty = r.log_text != r.log_base;
    if (dirty) r.log_unsaved[r.log_key] = r.log_text;
    else r.log_unsaved.erase(r.log_key);

    // ---- the day and who writes
    auto go = [&](int64_t d) {
        r.log_day = std::min(d, today);
    };
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) go(day - 1);
    ctx.probe("log.prev");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(format_ymd(civil_from_days(day)).c_str());
    ctx.probe("log.day");
    ImGui::SameLine();
    ImGui::BeginDisabled(day >= today);
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) go(day + 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(day == today);
    if (ImGui::Button(ctx.tr("period.today"))) go(today);
    ImGui::EndDisabled();
    ImGui::SameLine(0, font * 1.5f);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("report.log.agent", {{"agent", agent}}).c_str());
    ImGui::SameLine(0, font * 1.5f);
    if (dirty) ImGui::TextColored(theme::kWarnText, "%s", ctx.tr("report.log.state_edited"));
    else if (r.log_rev) {
        WorkLog saved;
        find_work_log(ctx.state.records, agent, day, saved);
        ImGui::TextColored(theme::kOkText, "%s",
                           ctx.trf("report.log.state_saved", {{"v", std::to_string(r.log_rev)}, {"at", format_time(ctx, saved.updated_ms, true)}}).c_str());
    } else {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("report.log.state_draft"));
    }
    ctx.probe("log.state");

    // ---- the agent's past logs | the log
    const float list_w = font * 9.0f;
    ImGui::BeginChild("##logs", ImVec2(list_w, 0), ImGuiChildFlags_Borders);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("report.log.saved_logs"));
    const std::string logs_key = std::to_string(ctx.state.version) + "\n" + agent;
    if (r.logs_key != logs_key) {
        r.logs = work_logs_of(ctx.state.records, agent, 120);
        r.logs_key = logs_key;
    }
    const std::vector<WorkLog>& logs = r.logs;
    if (logs.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("report.log.none_saved"));
    for (size_t i = 0; i < logs.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const bool unsaved = r.log_unsaved.count(key_of(agent, logs[i].day)) != 0;
        const std::string label = format_ymd(civil_from_days(logs[i].day)) + (unsaved ? " *" : "");
        if (ImGui::Selectable(label.c_str(), logs[i].day == day)) go(logs[i].day);
        if (i == 0) ctx.probe("log.list0");
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float buttons_h = ImGui::GetFrameHeightWithSpacing() + font * 0.5f;
    wrapped_editor(ctx, "log.text", r.log_text, std::max(font * 8.0f, ImGui::GetContentRegionAvail().y - buttons_h), r.editing_field, r.focus_field);
    ImGui::BeginDisabled(ctx.ui.read_only || (!dirty && r.log_rev != 0));
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool do_save = ImGui::Button(ctx.tr("report.log.save"));
    ImGui::PopStyleColor(2);
    ImGui::EndDisabled();
    ctx.probe("log.save");
    if (do_save) save(ctx, agent, day);
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("report.log.redraft"))) {
        if (dirty || r.log_rev) r.log_confirm_redraft = true;
        else r.log_text = r.log_base = draft_work_log(ctx.state, agent, day, now, ctx.tr_);
    }
    ctx.probe("log.redraft");
    ImGui::SameLine();
    const std::string stem = "kefu-work-log-" + format_ymd(civil_from_days(day));
    WorkLog shown{agent, day, r.log_text, r.log_rev, 0};
    if (ImGui::Button(ctx.tr("report.export_html"))) download_doc(ctx, work_log_doc(shown, ctx.tr_), stem, "html");
    ctx.probe("log.export_html");
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("report.log.hint"));
    ImGui::EndGroup();
    confirm_dialog(ctx, r.log_confirm_redraft, "###redraft", ctx.tr("report.log.redraft_confirm"), tr_key("report.log.redraft_yes"), "redraft",
                   [&] { r.log_text = draft_work_log(ctx.state, agent, day, now, ctx.tr_); });
}

}  // namespace kefu
