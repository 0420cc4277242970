// Settings: language, interface size, station name, settings backup, about.
#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

void section_heading(const ViewContext& ctx, const char* key) {
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.4f));
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.1f);
    ImGui::TextUnformatted(ctx.tr(key));
    ImGui::PopFont();
    ImGui::Separator();
}

void help_text(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void draw_settings(const ViewContext& ctx) {
    const Settings& s = ctx.state.settings;
    const float font = ImGui::GetFontSize();
    // Label column as wide as the longest label in the current language (English is wider).
    // (SameLine offsets count from the window's left edge, so the padding is included.)
    float label_w = font * 6.0f;
    for (const char* key : {tr_key("settings.language"), tr_key("settings.ui_scale"), tr_key("settings.station_name"), tr_key("settings.company_name"), tr_key("settings.home"), tr_key("settings.mask_phones"),
                            tr_key("settings.about.version"), tr_key("settings.about.imgui"), tr_key("settings.about.font"),
                            tr_key("settings.about.display")})
        label_w = std::max(label_w, ImGui::CalcTextSize(ctx.tr(key)).x + font * 1.5f);
    label_w += ImGui::GetCursorPosX();
    const float field_w = std::min(ImGui::GetContentRegionAvail().x - label_w, font * 22.0f);

    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr("settings.title"));
    ImGui::PopFont();
    ctx.probe("section.title");

    // A read-only tab (another tab writes) shows the settings but cannot change them; only an
    // administrator changes the station's configuration (the core refuses anyone else).
    const bool admin = current_role(ctx) == Role::Admin;
    if (!admin) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarnText);
        ImGui::TextUnformatted(ctx.tr("settings.admin_only"));
        ImGui::PopStyleColor();
        ctx.probe("settings.admin_only");
    }
    ImGui::BeginDisabled(ctx.ui.read_only);

    // ---- display
    section_heading(ctx, tr_key("settings.section.display"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("settings.language"));
    ImGui::SameLine(label_w);
    const char* names[] = {"简体中文", "English"};
    static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(Language::Count), "one name per Language");
    for (int i = 0; i < static_cast<int>(Language::Count); ++i) {
        if (i) ImGui::SameLine();
        const bool selected = static_cast<int>(s.language) == i;
        if (ImGui::RadioButton(names[i], selected) && !selected) ctx.report(ctx.dispatch(SetLanguage{static_cast<Language>(i)}));
        ctx.probe(i == 0 ? "settings.lang.zh" : "settings.lang.en");
    }
    if (!s.language_chosen) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("settings.language.follow"));
    }

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("settings.ui_scale"));
    ImGui::SameLine(label_w);
    int percent = static_cast<int>(s.ui_scale * 100.0f + 0.5f);
    ImGui::SetNextItemWidth(field_w);
    // Apply on release: re-scaling the style while dragging would move the slider under the mouse.
    ImGui::SliderInt("##scale", &percent, static_cast<int>(kMinUiScale * 100), static_cast<int>(kMaxUiScale * 100), "%d%%",
                     ImGuiSliderFlags_AlwaysClamp);
    ctx.probe("settings.scale");
    if (ImGui::IsItemDeactivatedAfterEdit() || (ImGui::IsItemEdited() && !ImGui::IsItemActive()))
        change_ui_scale(ctx, static_cast<float>(percent) / 100.0f);
    ImGui::SetCursorPosX(label_w);
    help_text(ctx.tr("settings.ui_scale.help"));

    ImGui::EndDisabled();
    ImGui::BeginDisabled(ctx.ui.read_only || !admin);

    // ---- station
    section_heading(ctx, tr_key("settings.section.station"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("settings.station_name"));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(field_w);
    ImGui::InputTextWithHint("##station", ctx.tr("settings.station_name.placeholder"), &ctx.ui.settings.station_name_edit);
    ctx.probe_field("settings.station_name", ctx.ui.settings.station_name_edit);
    ctx.ui.settings.station_name_editing = ImGui::IsItemActive();
    if (ImGui::IsItemDeactivatedAfterEdit()) {
        const ApplyResult r = ctx.dispatch(SetStationName{ctx.ui.settings.station_name_edit});
        ctx.report(r);
        if (!r.ok) ctx.ui.settings.station_name_edit = ctx.state.settings.station_name;
    }
    ImGui::SetCursorPosX(label_w);
    help_text(ctx.tr("settings.station_name.help"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("settings.company_name"));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(field_w);
    ImGui::InputTextWithHint("##company", ctx.tr("settings.company_name.placeholder"), &ctx.ui.settings.company_name_edit);
    ctx.probe_field("settings.company_name", ctx.ui.settings.company_name_edit);
    ctx.ui.settings.company_name_editing = ImGui::IsItemActive();
    if (ImGui::IsItemDeactivatedAfterEdit()) {
        const ApplyResult r = ctx.dispatch(SetCompanyName{ctx.ui.settings.company_name_edit});
        ctx.report(r);
        if (!r.ok) ctx.ui.settings.company_name_edit = ctx.state.settings.company_name;
    }

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("settings.home"));
    ImGui::SameLine(label_w);
    for (int i = 0; i < 2; ++i) {
        if (i) ImGui::SameLine();
        const bool on = s.home_dashboard == (i == 1);
        if (ImGui::RadioButton(ctx.tr(i ? "settings.home.dashboard" : "settings.home.cases"), on) && !on)
            ctx.report(ctx.dispatch(SetHomeScreen{i == 1}));
        ctx.probe(i ? "settings.home.dashboard" : "settings.home.cases");
    }
    ImGui::SetCursorPosX(label_w);
    help_text(ctx.tr("settings.home.help"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("settings.mask_phones"));
    ImGui::SameLine(label_w);
    bool mask = s.mask_phones;
    if (ImGui::Checkbox(ctx.tr("settings.mask_phones.on"), &mask)) ctx.report(ctx.dispatch(SetPhoneMasking{mask}));
    ctx.probe("settings.mask_phones");
    ImGui::SetCursorPosX(label_w);
    help_text(ctx.tr("settings.mask_phones.help"));

    ImGui::EndDisabled();

    // ---- the team database
    draw_team_settings(ctx);

    // ---- agents, the idle lock and the access log
    draw_agent_settings(ctx);

    // ---- working calendar and deadlines
    ImGui::BeginDisabled(!admin);
    draw_calendar_settings(ctx);
    draw_phrase_settings(ctx);
    draw_callback_settings(ctx);

    // ---- backup and storage
    draw_backup_section(ctx);
    ImGui::EndDisabled();

    // ---- about
    section_heading(ctx, tr_key("settings.section.about"));
    char display[96];
    std::snprintf(display, sizeof display, "%.0f × %.0f, ×%.2f", ctx.ui.display_w, ctx.ui.display_h, ctx.ui.display_scale);
    const char* font_name = ctx.ui.font_state == FontState::Ready ? ctx.ui.font_name.c_str() : ctx.tr("font.builtin");
    const std::pair<const char*, const char*> rows[] = {
        {tr_key("settings.about.version"), KEFU_VERSION},
        {tr_key("settings.about.imgui"), IMGUI_VERSION},
        {tr_key("settings.about.font"), font_name},
        {tr_key("settings.about.display"), display},
    };
    std::string diagnostics;
    for (const auto& [key, value] : rows) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(key));
        ImGui::SameLine(label_w);
        ImGui::TextUnformatted(value);
        diagnostics += std::string(ctx.tr_.get_in(Language::En, key)) + ": " + value + "\n";
    }
    if (ImGui::Button(ctx.tr("settings.about.copy"))) {
        ctx.platform.copy_to_clipboard("Kefu diagnostics\n" + diagnostics);
        ctx.toast(ctx.tr("settings.about.copied"));
    }
    ctx.probe("settings.copy_diagnostics");
}

}  // namespace kefu
