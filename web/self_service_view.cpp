// The full-screen self-service survey: one question at a time, touch-sized, thanks, reset.
#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID
#include "imgui_stdlib.h"
#include "web/surveys_common.hpp"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

using namespace surveys_ui;

// ---- [SECTION] the self-service survey ------------------------------------------------------------
void draw_self_service_survey(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    if (!s.kiosk_open) return;
    const double now = ctx.platform.now_ms();
    ImGuiIO& io = ImGui::GetIO();
    if (io.MouseClicked[0] || io.InputQueueCharacters.Size > 0 || ImGui::IsKeyPressed(ImGuiKey_Tab)) s.kiosk_last_input_ms = now;
    Survey survey;
    const bool have = survey_for_language(ctx.state, language_of(ctx), survey);
    // Inactivity: back to the welcome page with every answer cleared.
    constexpr double kIdleMs = 90'000, kThanksMs = 8'000;
    const bool thanks = have && s.kiosk_step >= static_cast<int>(survey.questions.size());
    if (s.kiosk_step >= 0 && now - s.kiosk_last_input_ms > (thanks ? kThanksMs : kIdleMs)) {
        s.kiosk_step = -1;
        s.kiosk_draft = SurveyResponse{};
    }
    ctx.wake_in(1000);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.973f, 0.980f, 0.988f, 1.0f));
    ImGui::Begin("##self_service", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    ctx.probe("kiosk.window");
    const float font = ImGui::GetFontSize();
    const float margin = std::max(font * 2.0f, (vp->Size.x - font * 48.0f) * 0.5f);
    // Leaving: in the kiosk, back to its start screen; at an agent's desk the screen locks, so
    // the customer cannot walk into the workstation (the agent's PIN unlocks it).
    ImGui::SetCursorPos(ImVec2(vp->Size.x - font * 7.0f, font * 0.6f));
    if (ImGui::SmallButton(ctx.tr("kiosk.exit"))) {
        s.kiosk_open = false;
        if (!ctx.ui.kiosk.active) lock_screen(ctx, "survey");
    }
    ctx.probe("kiosk.exit");
    ImGui::SetCursorPos(ImVec2(margin, vp->Size.y * 0.12f));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("##kiosk_body", ImVec2(vp->Size.x - margin * 2, vp->Size.y * 0.82f), ImGuiChildFlags_None);
    ImGui::PopStyleColor();
    if (!have) {
        ImGui::TextUnformatted(ctx.tr("kiosk.no_survey"));
    } else if (s.kiosk_step < 0) {
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 2.2f);
        ImGui::TextUnformatted(survey.title.c_str());
        ImGui::PopFont();
        ctx.probe("kiosk.title");
        ImGui::Dummy(ImVec2(0, font));
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.4f);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(survey.intro.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Dummy(ImVec2(0, font * 2));
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(ctx.tr("kiosk.start"), ImVec2(font * 14.0f, font * 3.2f))) {
            s.kiosk_step = 0;
            s.kiosk_draft = SurveyResponse{};
            fit_draft(s.kiosk_draft, survey);
        }
        ImGui::PopStyleColor(2);
        ImGui::PopFont();
        ctx.probe("kiosk.start");
    } else if (thanks) {
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 2.2f);
        ImGui::TextUnformatted(ctx.tr("kiosk.thanks"));
        ImGui::PopFont();
        ctx.probe("kiosk.thanks");
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("kiosk.thanks_sub"));
        ImGui::PopFont();
    } else {
        if (s.kiosk_draft.survey_id != survey.id || s.kiosk_draft.version != survey.version) fit_draft(s.kiosk_draft, survey);
        const size_t i = static_cast<size_t>(s.kiosk_step);
        const SurveyQuestion& q = survey.questions[i];
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.2f);
        ImGui::TextColored(theme::kMutedText, "%s",
                           ctx.trf("kiosk.progress", {{"n", std::to_string(i + 1)}, {"total", std::to_string(survey.questions.size())}}).c_str());
        ImGui::PopFont();
        ctx.probe("kiosk.progress");
        // Progress bar.
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + 6), IM_COL32(226, 232, 240, 255), 3.0f);
        ImGui::GetWindowDrawList()->AddRectFilled(
            p, ImVec2(p.x + w * static_cast<float>(i + 1) / static_cast<float>(survey.questions.size()), p.y + 6), ImGui::GetColorU32(theme::kAccent), 3.0f);
        ImGui::Dummy(ImVec2(0, font * 1.2f));
        question_heading(q, i, true);
        ImGui::Dummy(ImVec2(0, font));
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.4f);
        answer_widget(ctx, q, s.kiosk_draft.answers[i], true, "kiosk.q", i);
        ImGui::Dummy(ImVec2(0, font * 2));
        const ImVec2 nav(font * 9.0f, font * 2.6f);
        if (i > 0) {
            if (ImGui::Button(ctx.tr("kiosk.back"), nav)) --s.kiosk_step;
            ctx.probe("kiosk.back");
            ImGui::SameLine();
        }
        const bool last = i + 1 == survey.questions.size();
        const bool can_go = !q.required || s.kiosk_draft.answers[i].answered();
        ImGui::BeginDisabled(!can_go);
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(ctx.tr(last ? "kiosk.submit" : "kiosk.next"), nav)) {
            if (!last) {
                ++s.kiosk_step;
            } else {
                SurveyResponse r = s.kiosk_draft;
                r.agent = {"kiosk", ctx.state.settings.station_name.empty() ? std::string(ctx.tr("survey.channel.kiosk")) : ctx.state.settings.station_name};
                if (!save_response(ctx, r, SurveyChannel::Kiosk).empty()) {
                    s.kiosk_step = static_cast<int>(survey.questions.size());  // thanks
                    s.kiosk_draft = SurveyResponse{};
                    s.kiosk_last_input_ms = now;
                }
            }
        }
        ImGui::PopStyleColor(2);
        ImGui::EndDisabled();
        ctx.probe(last ? "kiosk.submit" : "kiosk.next");
        if (!can_go) {
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("kiosk.required"));
        }
        ImGui::PopFont();
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace kefu
