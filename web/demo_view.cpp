// The demo station (?mode=demo): an always-visible banner saying so (with the demo PIN, the
// reset and the tour), and the guided tour of the main features for visitors.
#include <algorithm>

#include "core/demo_data.hpp"
#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

const ImVec4 kBannerBg(0.992f, 0.878f, 0.278f, 1.0f);  // amber: unmistakably not the real station
const ImVec4 kBannerText(0.271f, 0.173f, 0.0f, 1.0f);

struct TourStep {
    Section section;
    const char* probe;  // the widget pointed at
    const char* title;
    const char* text;
};
const TourStep kTour[] = {
    {Section::Cases, "nav.cases", tr_key("demo.tour.cases.title"), tr_key("demo.tour.cases.text")},
    {Section::Faq, "nav.faq", tr_key("demo.tour.faq.title"), tr_key("demo.tour.faq.text")},
    {Section::Templates, "nav.templates", tr_key("demo.tour.templates.title"), tr_key("demo.tour.templates.text")},
    {Section::Surveys, "nav.surveys", tr_key("demo.tour.surveys.title"), tr_key("demo.tour.surveys.text")},
    {Section::Reports, "nav.reports", tr_key("demo.tour.reports.title"), tr_key("demo.tour.reports.text")},
    {Section::Settings, "nav.settings", tr_key("demo.tour.modes.title"), tr_key("demo.tour.modes.text")},
};
constexpr int kTourSteps = static_cast<int>(sizeof(kTour) / sizeof(kTour[0]));

}  // namespace

void draw_demo_banner(const ViewContext& ctx, const ImVec2& pos, float width) {
    const float font = ImGui::GetFontSize();
    const float h = std::floor(font * 2.0f);
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(ImVec2(width, h));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, kBannerBg);
    ImGui::PushStyleColor(ImGuiCol_Text, kBannerText);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 0.8f, (h - ImGui::GetFrameHeight()) * 0.5f));
    ImGui::Begin("##demo_banner", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                               ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("demo.banner"));
    ctx.probe("demo.banner");
    ImGui::SameLine(0, font);
    ImGui::TextUnformatted(ctx.trf("demo.banner.pin", {{"pin", kDemoPin}}).c_str());
    // The buttons on the right.
    const char* reset = ctx.tr("demo.reset");
    const char* tour = ctx.tr("demo.tour");
    const float bw = ImGui::CalcTextSize(reset).x + ImGui::CalcTextSize(tour).x + ImGui::GetStyle().FramePadding.x * 4 + font;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + font, width - bw - font * 0.8f));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(1, 1, 1, 0.55f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(1, 1, 1, 0.85f));
    const bool signed_in = ctx.ui.auth.state == AuthState::SignedIn;
    ImGui::BeginDisabled(!signed_in);
    if (ImGui::Button(tour)) {
        ctx.ui.tour_step = 0;
        ctx.ui.section = kTour[0].section;
    }
    ctx.probe("demo.tour");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(reset)) ImGui::OpenPopup("##demo_reset");
    ctx.probe("demo.reset");
    ImGui::PopStyleColor(2);
    ImGui::PopStyleColor();  // text: the popup uses the normal colours
    if (ImGui::BeginPopup("##demo_reset")) {
        ImGui::TextUnformatted(ctx.tr("demo.reset.confirm"));
        if (ImGui::Button(ctx.tr("demo.reset.yes"))) {
            ctx.ui.demo_reset_requested = true;  // App::frame does it after this frame
            ctx.ui.tour_step = -1;
            ImGui::CloseCurrentPopup();
        }
        ctx.probe("demo.reset.yes");
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("common.cancel"))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void draw_demo_tour(const ViewContext& ctx) {
    int& step = ctx.ui.tour_step;
    if (step < 0 || step >= kTourSteps) {
        step = -1;
        return;
    }
    const TourStep& t = kTour[step];
    ctx.ui.section = t.section;
    const float font = ImGui::GetFontSize();
    // Point at the section in the sidebar: a ring around it, the card beside it.
    auto it = ctx.ui.probes.find(t.probe);
    ImVec2 at(font * 14.0f, font * 6.0f);
    if (it != ctx.ui.probes.end()) {
        const ProbeRect& r = it->second;
        ImGui::GetForegroundDrawList()->AddRect(ImVec2(r.x + 2, r.y + 2), ImVec2(r.x + r.w - 2, r.y + r.h - 2), IM_COL32(250, 204, 21, 255),
                                                font * 0.3f, 0, 3.0f);
        at = ImVec2(r.x + r.w + font * 0.8f, r.y);
    }
    ImGui::SetNextWindowPos(at);
    ImGui::SetNextWindowSize(ImVec2(font * 22.0f, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(1, 1, 1, 1));
    ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.98f, 0.8f, 0.08f, 1));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font, font * 0.8f));
    ImGui::Begin("##demo_tour", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                             ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("demo.tour.progress", {{"n", std::to_string(step + 1)}, {"total", std::to_string(kTourSteps)}}).c_str());
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.15f);
    ImGui::TextUnformatted(ctx.tr(t.title));
    ImGui::PopFont();
    ctx.probe("demo.tour.card");
    help_text(ctx.tr(t.text));
    ImGui::Spacing();
    if (step > 0 && ImGui::Button(ctx.tr("demo.tour.back"))) --step;
    if (step > 0) ImGui::SameLine();
    const bool last = step == kTourSteps - 1;
    if (ImGui::Button(ctx.tr(last ? "demo.tour.done" : "demo.tour.next"))) step = last ? -1 : step + 1;
    ctx.probe("demo.tour.next");
    ImGui::SameLine();
    if (!last && ImGui::SmallButton(ctx.tr("demo.tour.skip"))) step = -1;
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

}  // namespace kefu
