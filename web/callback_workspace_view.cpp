// 满意度与回访 → 回访工作台 and 回访记录: the due list, the call with its survey read out, the
// outcome saved as one command (FinishCallback), and the log of callbacks made.
#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID
#include "imgui_stdlib.h"
#include "web/surveys_common.hpp"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu::surveys_ui {

// ---- [SECTION] the callback workspace -------------------------------------------------------------
void refresh_due(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    if (s.due_version == ctx.state.version && s.due_minute == now / kMsPerMinute) return;
    s.due_version = ctx.state.version;
    s.due_minute = now / kMsPerMinute;
    s.due = due_callbacks(ctx.state, now);
    s.selected = std::clamp(s.selected, 0, std::max(0, static_cast<int>(s.due.size()) - 1));
}

void start_draft(const ViewContext& ctx, const Case& c) {
    SurveysUi& s = ctx.ui.surveys;
    s.draft_case = c.id;
    s.draft = SurveyResponse{};
    s.draft.case_id = c.id;
    s.contact = c.customer.name + c.customer.salutation;
    s.phone = !c.customer.mobile.empty() ? c.customer.mobile : c.customer.telephone;
    s.company = c.customer.company;
    s.result.clear();
    s.note.clear();
    s.editing_field.clear();
    Survey survey;
    if (survey_for_language(ctx.state, language_of(ctx), survey)) fit_draft(s.draft, survey);
}

void finish_call(const ViewContext& ctx, const DueCallback& due, CallbackOutcome outcome) {
    SurveysUi& s = ctx.ui.surveys;
    FinishCallback finish;
    // The answers are kept whenever some were given; a reached customer's survey is saved
    // even when they stopped half way (a partial response): one command with the callback.
    if (any_answered(s.draft)) {
        finish.response = s.draft;
        finish.response->id = new_record_id('v', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
    }
    RecordCallback& cb = finish.callback;
    cb.callback_id = due.callback_id.empty() ? new_record_id('k', static_cast<int64_t>(ctx.platform.now_ms()), random_salt()) : due.callback_id;
    cb.case_id = due.case_id;
    if (const Record* r = ctx.state.records.find(kCallbackType, cb.callback_id)) cb.base_rev = r->rev;
    cb.outcome = outcome;
    cb.note = s.note;
    cb.company = s.company;
    cb.contact = s.contact;
    cb.phone = s.phone;
    cb.result = s.result;
    const ApplyResult r = ctx.dispatch(finish);
    if (!r.ok) return ctx.report(r);
    ctx.toast(ctx.trf("callback.saved", {{"outcome", ctx.tr(label_key(outcome))}}));
    s.draft_case.clear();
    s.due_version = ~0ull;  // the list changes
}

void draw_due_list(const ViewContext& ctx, int64_t today) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    if (s.due.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.none_due"));
        ImGui::PopTextWrapPos();
        return;
    }
    for (size_t i = 0; i < s.due.size(); ++i) {
        const DueCallback& d = s.due[i];
        const CaseRow* row = ctx.state.cases.find(d.case_id);
        if (!row) continue;
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const bool sel = s.selected == static_cast<int>(i);
        if (ImGui::Selectable("##row", sel, ImGuiSelectableFlags_None, ImVec2(0, font * 2.5f))) s.selected = static_cast<int>(i);
        if (sel && s.scroll_to_selected) {
            ImGui::SetScrollHereY();
            s.scroll_to_selected = false;
        }
        char probe[32];
        std::snprintf(probe, sizeof probe, "callback.row%d", static_cast<int>(i));
        ctx.probe(probe);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float w = ImGui::GetItemRectSize().x;
        dl->AddText(ImVec2(p.x + font * 0.2f, p.y + font * 0.1f), ImGui::GetColorU32(ImGuiCol_Text), row->customer.c_str());
        const std::string when = day_label(ctx, d.due_day, today);
        const float when_w = ImGui::CalcTextSize(when.c_str()).x;
        dl->AddText(ImVec2(p.x + w - when_w - font * 0.2f, p.y + font * 0.1f),
                    ImGui::GetColorU32(d.due_day < today ? theme::kErrorText : theme::kMutedText), when.c_str());
        std::string sub = row->form_no + "  ·  " + ctx.tr(label_key(d.reason));
        if (d.attempts > 0) sub += "  ·  " + ctx.trf("callback.attempts_n", {{"n", std::to_string(d.attempts)}});
        dl->AddText(ImVec2(p.x + font * 0.2f, p.y + font * 1.25f), ImGui::GetColorU32(theme::kMutedText), sub.c_str());
        ImGui::PopID();
    }
}

void draw_call_flow(const ViewContext& ctx, const DueCallback& due) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    const Record* rec = ctx.state.records.find(kCaseType, due.case_id);
    if (!rec) return;
    const Case c = case_from_record(*rec);
    if (s.draft_case != c.id) start_draft(ctx, c);

    // ---- who to call, and what the case was about
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.25f);
    ImGui::TextUnformatted((c.customer.name + c.customer.salutation).c_str());
    ImGui::PopFont();
    ctx.probe("callback.customer");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", (c.form_no + "  ·  " + ctx.tr(label_key(due.reason))).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(ctx.tr("callback.open_case"))) open_case(ctx, c.id);
    ctx.probe("callback.open_case");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMutedText, "%s",
                       ctx.trf("callback.case_summary", {{"description", c.description.text},
                                                         {"result", !c.result.text.empty() ? c.result.text : c.solution.text}})
                           .c_str());
    ImGui::PopTextWrapPos();

    // ---- the callback script, filled in for this case
    draw_script_runner(ctx, c.id, &c);

    // ---- the survey, read out
    Survey survey;
    if (survey_for_language(ctx.state, language_of(ctx), survey)) {
        if (s.draft.survey_id != survey.id || s.draft.version != survey.version) fit_draft(s.draft, survey);
        section_heading(ctx, tr_key("callback.survey"));
        if (!survey.intro.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(theme::kAccent, "%s", survey.intro.c_str());
            ImGui::PopTextWrapPos();
        }
        for (size_t i = 0; i < survey.questions.size(); ++i) {
            ImGui::Dummy(ImVec2(0, font * 0.2f));
            question_heading(survey.questions[i], i, false);
            answer_widget(ctx, survey.questions[i], s.draft.answers[i], false, "callback.q" + std::to_string(i), i);
        }
    }

    // ---- the record (《客户回访记录表》) and the outcome
    section_heading(ctx, tr_key("callback.record"));
    const float label_w = ImGui::GetCursorPosX() + font * 6.0f;
    auto field = [&](const char* key, const char* probe, std::string& value) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(key));
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText((std::string("##") + probe).c_str(), &value);
        ctx.probe_field(probe, value);
    };
    field(tr_key("callback.field.contact"), "callback.contact", s.contact);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("callback.field.phone"));
    ImGui::SameLine(label_w);
    phone_input(ctx, "callback.phone", s.phone, ImGui::GetContentRegionAvail().x);
    field(tr_key("callback.field.company"), "callback.company", s.company);
    ImGui::TextUnformatted(ctx.tr("callback.field.result"));
    wrapped_editor(ctx, "callback.result", s.result, font * 3.0f, s.editing_field, s.focus_field, tr_key("callback.result_hint"));
    field(tr_key("callback.field.note"), "callback.note", s.note);

    ImGui::Dummy(ImVec2(0, font * 0.3f));
    ImGui::BeginDisabled(ctx.ui.read_only);
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool done = ImGui::Button(ctx.tr("callback.done"));
    ImGui::PopStyleColor(2);
    ctx.probe("callback.done");
    if (done) finish_call(ctx, due, CallbackOutcome::Done);
    for (CallbackOutcome o : {CallbackOutcome::Unreachable, CallbackOutcome::Refused, CallbackOutcome::WrongNumber}) {
        ImGui::SameLine();
        const std::string label = ctx.tr(label_key(o));
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label.c_str()).x + font) ImGui::NewLine();
        if (ImGui::Button(label.c_str())) finish_call(ctx, due, o);
        ctx.probe((std::string("callback.") + name_of(o)).c_str());
    }
    ImGui::EndDisabled();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.keys"));
}

void draw_workspace(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    refresh_due(ctx);
    if (!s.select_case.empty()) {  // a callback restored from a draft: its customer again
        for (size_t i = 0; i < s.due.size(); ++i)
            if (s.due[i].case_id == s.select_case) s.selected = static_cast<int>(i), s.scroll_to_selected = true;
        s.select_case.clear();
    }
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    const int64_t today = ctx.state.calendar.local_day(now);

    // This month against the seeds' targets.
    if (s.kpi_version != ctx.state.version || s.kpi_day != today) {
        const CivilDate t = civil_from_days(today);
        ScoreFilter month;
        month.from_day = days_from_civil({t.year, t.month, 1});
        month.to_day = today;
        s.kpi_rate = callback_rate(ctx.state, month.from_day, today);
        s.kpi_scores = ctx.state.responses.scores(month);
        s.kpi_version = ctx.state.version;
        s.kpi_day = today;
    }
    const CallbackRate& rate = s.kpi_rate;
    const Scores& scores = s.kpi_scores;
    auto kpi = [&](const char* key, bool has, double value, const char* unit, double target, const char* probe) {
        const std::string v = has ? (std::to_string(static_cast<int>(value + 0.5)) + unit) : std::string("—");
        ImGui::TextColored(!has ? theme::kMutedText : value >= target ? theme::kOkText : theme::kErrorText, "%s",
                           ctx.trf(key, {{"value", v}}).c_str());
        ctx.probe(probe);
    };
    kpi(tr_key("callback.kpi_rate"), rate.has_rate(), rate.rate(), "%", kCallbackRateTarget, "callback.kpi_rate");
    ImGui::SameLine(0, font * 2.0f);
    kpi(tr_key("callback.kpi_score"), scores.has_score(), scores.score(), "", kSatisfactionTarget, "callback.kpi_score");
    ImGui::SameLine(0, font * 2.0f);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("callback.due_count", {{"n", std::to_string(s.due.size())}}).c_str());
    ctx.probe("callback.due_count");

    // Keys: ↑/↓ choose a call, Ctrl+Enter records it as done.
    if (!ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup) && !s.due.empty()) {
        if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) s.selected = std::min(s.selected + 1, static_cast<int>(s.due.size()) - 1), s.scroll_to_selected = true;
        if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) s.selected = std::max(s.selected - 1, 0), s.scroll_to_selected = true;
    }
    const bool ctrl_enter = !s.due.empty() && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup) &&
                            ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_Enter, ImGuiInputFlags_RouteGlobal);

    const float h = ImGui::GetContentRegionAvail().y;
    const float list_w = std::min(font * 17.0f, ImGui::GetContentRegionAvail().x * 0.34f);
    ImGui::PushStyleColor(ImGuiCol_Border, kBorder);
    ImGui::BeginChild("##due", ImVec2(list_w, h), ImGuiChildFlags_Borders);
    draw_due_list(ctx, today);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.0f, font * 0.8f));
    ImGui::BeginChild("##call", ImVec2(0, h), ImGuiChildFlags_Borders | ImGuiChildFlags_AlwaysUseWindowPadding);
    if (s.due.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.rules_help"));
        ImGui::PopTextWrapPos();
    } else {
        const DueCallback due = s.due[static_cast<size_t>(s.selected)];
        if (s.draft_case != due.case_id) ImGui::SetScrollY(0.0f);  // a new customer: from the top
        draw_call_flow(ctx, due);
        if (ctrl_enter && !ctx.ui.read_only) finish_call(ctx, due, CallbackOutcome::Done);
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// 《客户回访记录表》: every callback, newest first — time, company, contact and phone, result
// and evaluation, the agent, the outcome and tries.
void draw_callback_log(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    if (s.log_version != ctx.state.version) {
        s.log_version = ctx.state.version;
        s.log.clear();
        ctx.state.records.for_each(kCallbackType, [&](const Record& r) { s.log.push_back(callback_from_record(r)); });
        auto last = [](const Callback& c) { return c.attempts.empty() ? int64_t{0} : c.attempts.back().at_ms; };
        std::sort(s.log.begin(), s.log.end(), [&](const Callback& a, const Callback& b) { return last(a) > last(b); });
    }
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("callback.log_count", {{"n", std::to_string(s.log.size())}}).c_str());
    ctx.probe("callback.log_count");
    if (s.log.empty()) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.log_empty"));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("##log", 8, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(ctx.tr("callback.col.time"), ImGuiTableColumnFlags_WidthFixed, font * 7.5f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.case"), ImGuiTableColumnFlags_WidthFixed, font * 8.5f);
    ImGui::TableSetupColumn(ctx.tr("callback.field.company"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.contact"), ImGuiTableColumnFlags_WidthFixed, font * 10.0f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.outcome"), ImGuiTableColumnFlags_WidthFixed, font * 7.5f);
    ImGui::TableSetupColumn(ctx.tr("callback.field.result"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.agent"), ImGuiTableColumnFlags_WidthFixed, font * 5.0f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.survey"), ImGuiTableColumnFlags_WidthFixed, font * 4.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.log.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Callback& c = s.log[static_cast<size_t>(i)];
            const CallbackAttempt* last = c.attempts.empty() ? nullptr : &c.attempts.back();
            const CaseRow* row = ctx.state.cases.find(c.case_id);
            ImGui::TableNextRow();
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(last ? format_time(ctx, last->at_ms, true).c_str() : "—");
            ImGui::TableNextColumn();
            if (row) {
                if (ImGui::SmallButton(row->form_no.c_str())) open_case(ctx, c.case_id);
                if (i == 0) ctx.probe("callback.log_case0");
            } else {
                ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.case_gone"));
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.company.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted((c.contact + "  " + shown_phone(ctx, c.phone)).c_str());
            ImGui::TableNextColumn();
            std::string outcome = last ? ctx.tr(label_key(last->outcome)) : "—";
            if (c.attempts.size() > 1) outcome += " ×" + std::to_string(c.attempts.size());
            ImGui::TextColored(last && last->outcome == CallbackOutcome::Done ? theme::kOkText
                               : c.finished                                   ? theme::kErrorText
                                                                              : theme::kWarnText,
                               "%s", outcome.c_str());
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted((c.result + (last && !last->note.empty() ? "（" + last->note + "）" : std::string())).c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(last ? last->by.name.c_str() : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.response_id.empty() ? "" : "✓");
            ImGui::PopID();
            if (i == 0) ctx.probe("callback.log_row0");
        }
    ImGui::EndTable();
}

}  // namespace kefu::surveys_ui
