// The honest empty state of a section whose issue has not landed yet.
#include <string>

#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {
struct EmptyText {
    const char* title;
    const char* body;
};
// Settings is never empty; its row is unused.
constexpr EmptyText kEmptyTexts[] = {
    {tr_key("empty.cases.title"), tr_key("empty.cases.body")},       {tr_key("empty.faq.title"), tr_key("empty.faq.body")},
    {tr_key("empty.templates.title"), tr_key("empty.templates.body")}, {tr_key("empty.surveys.title"), tr_key("empty.surveys.body")},
    {tr_key("empty.reports.title"), tr_key("empty.reports.body")},   {tr_key("settings.title"), tr_key("data.help")},
};
static_assert(sizeof(kEmptyTexts) / sizeof(kEmptyTexts[0]) == static_cast<size_t>(Section::Count),
              "one empty-state text per Section");
}  // namespace

void draw_empty_section(const ViewContext& ctx, Section s) {
    const SectionInfo& info = section_info(s);
    const EmptyText& text = kEmptyTexts[static_cast<int>(s)];
    const float font = ImGui::GetFontSize();

    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr(info.nav_key));
    ImGui::PopFont();
    ctx.probe("section.title");
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(info.hint_key));
    ImGui::Dummy(ImVec2(0, font * 0.5f));

    const float card_w = std::min(ImGui::GetContentRegionAvail().x, font * 40.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.2f, font * 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.886f, 0.910f, 0.941f, 1.0f));
    ImGui::BeginChild("##empty", ImVec2(card_w, 0),
                      ImGuiChildFlags_Borders | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    // Badge
    const char* badge = ctx.tr("empty.badge");
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 ts = ImGui::CalcTextSize(badge);
    const ImVec2 bp(font * 0.5f, font * 0.15f);
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + ts.x + bp.x * 2, p.y + ts.y + bp.y * 2),
                                              ImGui::GetColorU32(theme::kBadgeBg), font * 0.3f);
    ImGui::SetCursorScreenPos(ImVec2(p.x + bp.x, p.y + bp.y));
    ImGui::TextColored(theme::kBadgeText, "%s", badge);
    ImGui::Dummy(ImVec2(0, bp.y));

    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.15f);
    ImGui::TextUnformatted(ctx.tr(text.title));
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(ctx.tr(text.body));
    ImGui::Dummy(ImVec2(0, font * 0.3f));
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("empty.next_step"));
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
}

}  // namespace kefu
