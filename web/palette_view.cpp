// Command palette (Ctrl+K): type to find a section or an action, Enter to run it.
// Matching is core/palette (pure, tested); this file only lists and dispatches.
#include <functional>

#include "core/palette.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

struct PaletteAction {
    std::string label;
    std::function<void()> run;
};

// Builds entries (every language's label is searchable) and their actions.
void build_palette(const ViewContext& ctx, std::vector<PaletteEntry>& entries, std::vector<PaletteAction>& actions) {
    auto add = [&](const std::string& id, std::string label, std::vector<std::string> texts, std::function<void()> run) {
        texts.push_back(label);
        entries.push_back({id, std::move(texts)});
        actions.push_back({std::move(label), std::move(run)});
    };
    auto both = [&](const char* key) {
        return std::vector<std::string>{ctx.tr_.get_in(Language::ZhCN, key), ctx.tr_.get_in(Language::En, key)};
    };
    for (int i = 0; i < static_cast<int>(Section::Count); ++i) {
        const Section s = static_cast<Section>(i);
        const SectionInfo& info = section_info(s);
        std::vector<std::string> texts = both(info.nav_key);
        texts.push_back(info.state_name);
        add(info.probe_id, ctx.trf("palette.go_to", {{"section", ctx.tr(info.nav_key)}}), texts,
            [&ctx, s] { ctx.ui.section = s; });
    }
    add("lang.zh", ctx.tr("palette.lang_zh"), both("palette.lang_zh"), [&ctx] { ctx.report(ctx.dispatch(SetLanguage{Language::ZhCN})); });
    add("lang.en", ctx.tr("palette.lang_en"), both("palette.lang_en"), [&ctx] { ctx.report(ctx.dispatch(SetLanguage{Language::En})); });
    const float scale = ctx.state.settings.ui_scale;
    add("scale.up", ctx.tr("palette.scale_up"), both("palette.scale_up"), [&ctx, scale] { change_ui_scale(ctx, scale + 0.1f); });
    add("scale.down", ctx.tr("palette.scale_down"), both("palette.scale_down"), [&ctx, scale] { change_ui_scale(ctx, scale - 0.1f); });
    add("scale.reset", ctx.tr("palette.scale_reset"), both("palette.scale_reset"), [&ctx] { change_ui_scale(ctx, 1.0f); });
    add("case.call", ctx.tr("palette.call"), both("palette.call"), [&ctx] { start_call(ctx); });
    add("case.new", ctx.tr("palette.new_case"), both("palette.new_case"), [&ctx] { new_case(ctx, CaseChannel::InboundCall); });
    add("case.orders", ctx.tr("palette.orders"), both("palette.orders"), [&ctx] {
        ctx.ui.section = Section::Cases;
        ctx.ui.cases.form_open = false;
        ctx.ui.cases.show_contacts = false;
        ctx.ui.cases.query.kinds = 1u << static_cast<unsigned>(CaseKind::OrderProblem);
    });
    add("help", ctx.tr("palette.help"), both("palette.help"), [&ctx] { ctx.ui.cases.help_open = true; });
    add("data.export", ctx.tr("palette.export_all"), both("palette.export_all"), [&ctx] { run_export(ctx, ExportFilter{}); });
    add("data.import", ctx.tr("palette.import"), both("palette.import"), [&ctx] { run_import(ctx); });
}

}  // namespace

void draw_palette(const ViewContext& ctx) {
    UiState& ui = ctx.ui;
    if (!ui.palette_open) return;

    std::vector<PaletteEntry> entries;
    std::vector<PaletteAction> actions;
    build_palette(ctx, entries, actions);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    const float w = std::min(vp->Size.x - font * 2.0f, font * 32.0f);
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.12f), ImGuiCond_Always, ImVec2(0.5f, 0));
    ImGui::SetNextWindowSize(ImVec2(w, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 0.75f, font * 0.75f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, font * 0.5f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(1, 1, 1, 1));
    ImGui::Begin("##palette", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize);
    ctx.probe("palette.window");

    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("palette.title"));
    if (ui.palette_focus_pending) {
        ImGui::SetKeyboardFocusHere();
        ui.palette_focus_pending = false;
    }
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##palette_query", ctx.tr("palette.placeholder"), &ui.palette_query)) ui.palette_selected = 0;
    ctx.probe_field("palette.input", ui.palette_query);

    const std::vector<PaletteMatch> matches = match_palette(entries, ui.palette_query);
    const int count = static_cast<int>(matches.size());
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) ui.palette_selected = count ? (ui.palette_selected + 1) % count : 0;
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) ui.palette_selected = count ? (ui.palette_selected + count - 1) % count : 0;
    if (ui.palette_selected >= count) ui.palette_selected = count ? count - 1 : 0;

    int run_index = -1;
    if (count && (ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter))) run_index = ui.palette_selected;

    ImGui::Dummy(ImVec2(0, font * 0.2f));
    if (!count) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("palette.no_results"));
    for (int i = 0; i < count && i < 12; ++i) {
        const PaletteMatch& m = matches[i];
        ImGui::PushID(i);
        if (ImGui::Selectable(actions[m.index].label.c_str(), i == ui.palette_selected, 0, ImVec2(0, font * 1.6f))) run_index = i;
        const std::string probe_id = "cmd." + entries[m.index].id;
        ctx.probe(probe_id.c_str());
        ImGui::PopID();
    }
    ImGui::Separator();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("palette.footer"));

    const bool clicked_outside = ImGui::IsMouseClicked(ImGuiMouseButton_Left) &&
                                 !ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem | ImGuiHoveredFlags_ChildWindows);
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(3);

    if (run_index >= 0) {
        ui.palette_open = false;
        actions[matches[run_index].index].run();
    } else if (ImGui::IsKeyPressed(ImGuiKey_Escape) || clicked_outside) {
        ui.palette_open = false;
    }
}

}  // namespace kefu
