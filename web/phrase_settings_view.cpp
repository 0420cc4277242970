// Settings → 禁用语: the phrase checker's list, edited in a table (core/phrase_check).
#include <algorithm>
#include <cstdio>

#include "core/phrase_check.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID: Esc leaves a field without reverting it
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

void draw_phrase_settings(const ViewContext& ctx) {
    UiState& ui = ctx.ui;
    const float font = ImGui::GetFontSize();
    if (!ui.settings.phrases_dirty && ui.settings.phrases_loaded_version != ctx.state.version) {
        ui.settings.phrases_edit = ctx.state.phrases.phrases();
        ui.settings.phrases_loaded_version = ctx.state.version;
    }
    section_heading(ctx, tr_key("phrases.title"));
    ctx.probe("phrases.title");
    help_text(ctx.tr("phrases.help"));
    ImGui::BeginDisabled(ctx.ui.read_only);
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("##phrases", 4, flags, ImVec2(0, font * 14.0f))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(ctx.tr("template.field.phrase"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(ctx.tr("phrases.reason"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn(ctx.tr("phrases.suggestion"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, font * 3.0f);
        ImGui::TableHeadersRow();
        int remove = -1;
        for (size_t i = 0; i < ui.settings.phrases_edit.size(); ++i) {
            Phrase& p = ui.settings.phrases_edit[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            for (auto [col, text] : {std::make_pair(0, &p.text), std::make_pair(1, &p.reason), std::make_pair(2, &p.suggestion)}) {
                ImGui::TableSetColumnIndex(col);
                ImGui::SetNextItemWidth(-1);
                ImGui::PushID(col);
                if (col == 0 && ui.settings.phrases_focus_new && i + 1 == ui.settings.phrases_edit.size()) {
                    ImGui::SetScrollHereY(1.0f);
                    ImGui::SetKeyboardFocusHere();
                    ui.settings.phrases_focus_new = false;
                }
                if (ImGui::InputText("##v", text)) ui.settings.phrases_dirty = true;
                if (col == 0) {
                    char probe[32];
                    std::snprintf(probe, sizeof probe, "phrases.text%d", static_cast<int>(i));
                    ctx.probe_field(probe, *text);
                }
                ImGui::PopID();
            }
            ImGui::TableSetColumnIndex(3);
            if (ImGui::SmallButton(ctx.tr("calendar.remove"))) remove = static_cast<int>(i);
            ImGui::PopID();
        }
        if (remove >= 0) {
            ui.settings.phrases_edit.erase(ui.settings.phrases_edit.begin() + remove);
            ui.settings.phrases_dirty = true;
        }
        ImGui::EndTable();
    }
    ctx.probe("phrases.table");
    if (ImGui::Button(ctx.tr("phrases.add"))) {
        ui.settings.phrases_edit.push_back({});
        ui.settings.phrases_dirty = true;
        ui.settings.phrases_focus_new = true;
    }
    ctx.probe("phrases.add");
    ImGui::SameLine();
    ImGui::BeginDisabled(!ui.settings.phrases_dirty);
    if (ImGui::Button(ctx.tr("phrases.save"))) {
        const PhraseChecker check(ui.settings.phrases_edit);  // what will be skipped, said plainly
        const ApplyResult r = ctx.dispatch(SetPhrases{ui.settings.phrases_edit});
        if (r.ok) {
            ui.settings.phrases_dirty = false;
            ui.settings.phrases_loaded_version = ~0ull;
            ctx.toast(check.skipped().empty() ? ctx.tr("phrases.saved")
                                              : ctx.trf("phrases.saved_skipped", {{"n", std::to_string(check.skipped().size())}}));
        } else {
            ctx.report(r);
        }
    }
    ctx.probe("phrases.save");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("phrases.reset"))) {
        ui.settings.phrases_edit = default_phrases();
        ui.settings.phrases_dirty = true;
    }
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("phrases.count", {{"n", std::to_string(ui.settings.phrases_edit.size())}}).c_str());
    ImGui::EndDisabled();
}

}  // namespace kefu
