// Satisfaction surveys and callbacks (满意度与回访): the callback workspace (due list → the
// case → the callback script → the survey read out → answers and outcome, in one flow), the
// results (score, CSAT, NPS, callback rate, charts), the survey builder, and the full-screen
// self-service survey. Every rule lives in core/survey and core/callback.
#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID
#include "imgui_stdlib.h"
#include "web/surveys_common.hpp"
#include "web/theme.hpp"
#include <iterator>

#include "web/ui.hpp"

namespace kefu {

using namespace surveys_ui;

void draw_surveys(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr("nav.surveys"));
    ImGui::PopFont();
    ctx.probe("section.title");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("nav.hint.surveys"));
    if (tab_button(ctx, tr_key("survey.tab_callbacks"), s.tab == SurveysTab::Callbacks, "survey.tab_callbacks")) s.tab = SurveysTab::Callbacks;
    ImGui::SameLine(0, 2.0f);
    if (tab_button(ctx, tr_key("survey.tab_results"), s.tab == SurveysTab::Results, "survey.tab_results")) s.tab = SurveysTab::Results;
    ImGui::SameLine(0, 2.0f);
    if (tab_button(ctx, tr_key("survey.tab_log"), s.tab == SurveysTab::Log, "survey.tab_log")) s.tab = SurveysTab::Log;
    ImGui::SameLine(0, 2.0f);
    if (tab_button(ctx, tr_key("survey.tab_builder"), s.tab == SurveysTab::Builder, "survey.tab_builder")) s.tab = SurveysTab::Builder;
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    if (ImGui::Button(ctx.tr("survey.self_service"))) {
        s.kiosk_open = true;
        s.kiosk_step = -1;  // the welcome page
        s.kiosk_draft = SurveyResponse{};
        s.kiosk_last_input_ms = ctx.platform.now_ms();
    }
    ctx.probe("survey.self_service");
    if (s.tab == SurveysTab::Callbacks) draw_workspace(ctx);
    else if (s.tab == SurveysTab::Results) draw_survey_results(ctx);
    else if (s.tab == SurveysTab::Log) draw_callback_log(ctx);
    else draw_survey_builder(ctx);
}


// ---- [SECTION] the case form's panel: its callback and satisfaction --------------------------------
void draw_case_callbacks(const ViewContext& ctx, const std::string& case_id) {
    const CallbackRow* cb = ctx.state.callbacks.for_case(case_id);
    const std::vector<const ResponseRow*> responses = ctx.state.responses.rows_for_case(case_id);
    if (!cb && responses.empty()) return;
    section_heading(ctx, tr_key("callback.panel"));
    if (cb) {
        std::string line = ctx.tr(label_key(cb->last));
        if (cb->attempts > 1) line += " ×" + std::to_string(cb->attempts);
        if (cb->last_ms) line += " · " + format_time(ctx, cb->last_ms, true);
        ImGui::TextColored(cb->last == CallbackOutcome::Done ? theme::kOkText : cb->finished ? theme::kErrorText : theme::kWarnText, "%s", line.c_str());
        if (!cb->finished && cb->retry_at_ms)
            ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("callback.retry_on", {{"time", format_time(ctx, cb->retry_at_ms, true)}}).c_str());
        ctx.probe("case.callback");
    }
    for (const ResponseRow* r : responses) {
        std::string line = r->score >= 0 ? ctx.trf("callback.panel_score", {{"score", std::to_string(static_cast<int>(r->score + 0.5f))}})
                                         : std::string(ctx.tr("callback.panel_no_score"));
        if (!r->complete) line += " · " + std::string(ctx.tr("callback.partial"));
        ImGui::TextColored(r->score >= kSatisfactionTarget || r->score < 0 ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : theme::kErrorText, "%s", line.c_str());
        ctx.probe("case.satisfaction");
    }
}

// window.kefu.state().surveys (the automation bridge, app.cpp).
nlohmann::json surveys_snapshot(const SnapshotContext& snap) {
    const SurveysUi& v = snap.ui.surveys;
    const int64_t today = snap.state.calendar.local_day(snap.now_ms);
    const CivilDate t = civil_from_days(today);
    ScoreFilter month;
    month.from_day = days_from_civil({t.year, t.month, 1});
    month.to_day = today;
    const Scores sc = snap.state.responses.scores(month);
    const CallbackRate rate = callback_rate(snap.state, month.from_day, today);
    return nlohmann::json{{"tab", name_of(v.tab)},
                          {"due", v.due.size()},
                          {"selected_case", v.due.empty() ? std::string() : v.due[static_cast<size_t>(v.selected)].case_id},
                          {"responses", snap.state.responses.size()},
                          {"callbacks", snap.state.records.count(kCallbackType)},
                          {"score_month", sc.has_score() ? nlohmann::json(sc.score()) : nlohmann::json()},
                          {"rate_month", rate.has_rate() ? nlohmann::json(rate.rate()) : nlohmann::json()},
                          {"kiosk_open", v.kiosk_open},
                          {"kiosk_step", v.kiosk_step},
                          {"surveys", all_surveys(snap.state).size()},
                          {"builder_editing", v.builder_editing},
                          {"draft_case", v.draft_case},
                          {"builder_version", [&] {
                               Survey x;
                               return find_survey(snap.state, v.builder_selected, x) ? x.version : 0;
                           }()},
                          {"builder_questions", [&] {
                               Survey x;
                               return find_survey(snap.state, v.builder_selected, x) ? x.questions.size() : size_t{0};
                           }()},
                          {"draft_answered", std::count_if(v.draft.answers.begin(), v.draft.answers.end(),
                                                           [](const SurveyAnswer& a) { return a.answered(); })}};
}

const char* name_of(SurveysTab t) {
    static const char* const kNames[] = {"callbacks", "results", "builder", "log"};
    static_assert(std::size(kNames) == static_cast<size_t>(SurveysTab::Count), "one name per tab");
    return t < SurveysTab::Count ? kNames[static_cast<size_t>(t)] : "?";
}

}  // namespace kefu
