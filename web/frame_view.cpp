// The app frame: sidebar (sections), main area, status bar, global shortcuts.
#include <cmath>
#include <ctime>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

void handle_shortcuts(const ViewContext& ctx) {
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_K, ImGuiInputFlags_RouteAlways)) {
        ctx.ui.palette_open = !ctx.ui.palette_open;
        if (ctx.ui.palette_open) {
            ctx.ui.palette_query.clear();
            ctx.ui.palette_selected = 0;
            ctx.ui.palette_focus_pending = true;
        }
    }
    const float scale = ctx.state.settings.ui_scale;
    if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_Equal, ImGuiInputFlags_RouteAlways) ||
        ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_KeypadAdd, ImGuiInputFlags_RouteAlways))
        change_ui_scale(ctx, scale + 0.1f);
    if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_Minus, ImGuiInputFlags_RouteAlways) ||
        ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_KeypadSubtract, ImGuiInputFlags_RouteAlways))
        change_ui_scale(ctx, scale - 0.1f);
    if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_0, ImGuiInputFlags_RouteAlways)) change_ui_scale(ctx, 1.0f);
    // Cases from anywhere: F2 takes a call, Ctrl+N starts a case, F1 lists the shortcuts.
    if (!ctx.ui.read_only && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup)) {
        if (ImGui::Shortcut(ImGuiKey_F2, ImGuiInputFlags_RouteAlways)) start_call(ctx);
        if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_N, ImGuiInputFlags_RouteAlways)) new_case(ctx, CaseChannel::InboundCall);
    }
    if (ImGui::Shortcut(ImGuiKey_F1, ImGuiInputFlags_RouteAlways)) ctx.ui.cases.help_open = !ctx.ui.cases.help_open;
    // Ctrl+wheel (and trackpad pinch, which browsers report as Ctrl+wheel) scales the UI
    // instead of zooming the page.
    if (io.KeyCtrl && io.MouseWheel != 0.0f) change_ui_scale(ctx, scale + (io.MouseWheel > 0 ? 0.1f : -0.1f));
}

}  // namespace

void draw_sidebar(const ViewContext& ctx, const ImVec2& pos, const ImVec2& size) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::kSidebarBg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, ImGui::GetStyle().WindowPadding.y));
    ImGui::Begin("##sidebar", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);

    const float pad = ImGui::GetStyle().ItemSpacing.x * 2;
    ImGui::Indent(pad);
    ImGui::PushTextWrapPos(size.x - pad);  // narrow sidebars and English titles wrap, never clip
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kSidebarTitle);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    ImGui::TextUnformatted(ctx.tr("app.title"));
    ImGui::PopFont();
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kSidebarMuted);
    ImGui::TextUnformatted(ctx.tr("app.subtitle"));
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::Unindent(pad);
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.8f));

    const float row_h = ImGui::GetFontSize() * 2.4f;
    for (int i = 0; i < static_cast<int>(Section::Count); ++i) {
        const Section s = static_cast<Section>(i);
        const SectionInfo& info = section_info(s);
        const bool selected = ctx.ui.section == s;
        ImGui::PushID(i);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ImGui::InvisibleButton("##nav", ImVec2(size.x, row_h))) ctx.ui.section = s;
        ctx.probe(info.probe_id);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const bool hovered = ImGui::IsItemHovered();
        if (selected || hovered)
            dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + row_h), selected ? theme::kSidebarSelected : theme::kSidebarHover);
        if (selected) dl->AddRectFilled(p, ImVec2(p.x + 4, p.y + row_h), theme::kAccentU32);
        const ImU32 col = selected ? theme::kSidebarTextSelected : theme::kSidebarText;
        dl->AddText(ImVec2(p.x + pad, p.y + (row_h - ImGui::GetFontSize()) * 0.5f), col, ctx.tr(info.nav_key));
        ImGui::PopID();
    }
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void draw_status_bar(const ViewContext& ctx, const ImVec2& pos, const ImVec2& size) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::kStatusBg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetFontSize() * 0.8f, (size.y - ImGui::GetFontSize()) * 0.5f));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kStatusText);

    // Left: save state (only "saved" once the browser confirmed the write), station, agent.
    struct SaveLook {
        ImVec4 dot;
        const char* key;
    };
    static const SaveLook kLooks[] = {
        {theme::kWarnText, tr_key("status.storage_unavailable")},
        {theme::kOkText, tr_key("status.saved")},
        {theme::kAccent, tr_key("status.saving")},
        {theme::kOkText, tr_key("status.saved")},
        {theme::kErrorText, tr_key("status.save_failed")},
    };
    static_assert(sizeof(kLooks) / sizeof(kLooks[0]) == 5, "one look per SaveState");
    static const SaveLook kReadOnly{theme::kWarnText, tr_key("status.read_only")};
    const SaveLook& look = ctx.ui.read_only ? kReadOnly : kLooks[static_cast<int>(ctx.ui.save_state)];
    ImGui::TextColored(look.dot, "%s", "\xE2\x97\x8F");  // ● dot
    ImGui::SameLine();
    ImGui::TextUnformatted(ctx.tr(look.key));
    ctx.probe("status.storage");
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    const std::string& station = ctx.state.settings.station_name;
    ImGui::TextUnformatted(station.empty() ? ctx.tr("status.station_none") : station.c_str());
    ctx.probe("status.station");
    draw_team_status(ctx);
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    draw_agent_menu(ctx);
    if (ctx.ui.cases.call_active) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        draw_call_status(ctx);
    }
    if (ctx.ui.font_state != FontState::Ready) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        ImGui::TextColored(theme::kWarnText, "%s",
                           ctx.tr(ctx.ui.font_state == FontState::Loading ? tr_key("status.font_loading") : tr_key("status.font_failed")));
    }

    if (ctx.ui.font_state == FontState::Ready && ctx.ui.font_more_state == FontState::Failed) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("status.font_more_failed"));
        ctx.probe("status.font_more_failed");
    }

    // A new version waits: reload now, unless something is being typed (then after saving).
    if (ctx.ui.update_ready) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        if (editing_in_progress(ctx)) {
            ImGui::TextColored(theme::kAccent, "%s", ctx.tr("status.update_after_save"));
        } else {
            ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
            if (ImGui::SmallButton(ctx.tr("status.update_now"))) ctx.platform.apply_update();
            ImGui::PopStyleColor(2);
        }
        ctx.probe("status.update");
    }

    // The working calendar runs out: administrators are told plainly (a click opens the
    // calendar settings), everyone else sees a quieter note.
    const WorkCalendar& cal = ctx.state.calendar;
    const int64_t now_ms = static_cast<int64_t>(ctx.platform.now_ms());
    if (const CalendarGap gap = calendar_gap(cal, now_ms); gap.year) {
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        const bool admin = current_role(ctx) == Role::Admin;
        const std::string text = ctx.trf(admin ? tr_key("status.calendar_gap_admin") : tr_key("status.calendar_gap"), {{"year", std::to_string(gap.year)}});
        ImGui::TextColored(admin ? theme::kWarnText : theme::kMutedText, "%s", text.c_str());
        ctx.probe("status.calendar_gap");
        if (admin && ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (admin && ImGui::IsItemClicked()) {
            ctx.ui.section = Section::Settings;
            ctx.ui.calendar.scroll_to_years = true;
        }
        // Midnight of 1 January changes what is said; the minute clock below wakes the frame.
    }

    // Right: palette hint and the clock, in the working calendar's time zone (the zone every
    // deadline, report and printed document uses); named when the computer's clock differs.
    const std::time_t t = static_cast<std::time_t>(floor_div(now_ms, 1000) + int64_t{cal.utc_offset_minutes} * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    const bool other_zone = ctx.platform.utc_offset_minutes() != cal.utc_offset_minutes;
    char clock[160];
    std::snprintf(clock, sizeof clock, "%04d-%02d-%02d %02d:%02d%s%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                  other_zone ? " " : "", other_zone ? zone_label(ctx, cal).c_str() : "");
    // Right-aligned after whatever the left side used (a running call makes it long); the
    // palette hint gives way first when the window is narrow.
    const char* hint = ctx.tr("status.palette_hint");
    const float gap = ImGui::GetFontSize() * 1.5f;
    const float left_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    const float right_edge = size.x - ImGui::GetStyle().WindowPadding.x;
    const float clock_w = ImGui::CalcTextSize(clock).x;
    const bool show_hint = left_end + gap + ImGui::CalcTextSize(hint).x + gap + clock_w <= right_edge;
    const float right_w = (show_hint ? ImGui::CalcTextSize(hint).x + gap : 0.0f) + clock_w;
    ImGui::SameLine(std::max(left_end + gap, right_edge - right_w));
    if (show_hint) {
        ImGui::TextColored(theme::kMutedText, "%s", hint);
        ImGui::SameLine(0, gap);
    }
    ImGui::TextUnformatted(clock);
    ctx.probe("status.clock");
    ctx.probe_field("status.clock_text", clock);
    if (other_zone && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx.trf("status.zone_differs", {{"zone", zone_label(ctx, cal)}}).c_str());

    ImGui::PopStyleColor();
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void draw_app_frame(const ViewContext& ctx) {
    // Nobody signed in (or the screen is locked): only the sign-in screen is drawn, so no
    // record is on screen or reachable by a shortcut; what was open stays for the unlock.
    // The kiosk covers everything; no shortcut reaches the workstation behind it.
    if (ctx.ui.kiosk.active) {
        draw_kiosk(ctx);
        draw_toasts(ctx);
        return;
    }
    const bool first_run = ctx.ui.auth.state == AuthState::FirstRun;
    draw_auth_screen(ctx);
    if (ctx.ui.auth.state != AuthState::SignedIn) {
        if (first_run) draw_data_dialogs(ctx);  // restoring a backup on a new computer
        if (ctx.ui.demo) draw_demo_banner(ctx, ImGui::GetMainViewport()->Pos, ImGui::GetMainViewport()->Size.x);
        draw_toasts(ctx);
        return;
    }
    check_idle_lock(ctx);
    handle_shortcuts(ctx);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    const float sidebar_w = std::floor(std::min(vp->Size.x * 0.35f, font * 13.0f));
    const float status_h = std::floor(font * 2.0f);
    // The demo station's banner takes the top strip, always.
    const float banner_h = ctx.ui.demo ? std::floor(font * 2.0f) : 0.0f;
    if (ctx.ui.demo) draw_demo_banner(ctx, vp->Pos, vp->Size.x);
    const ImVec2 origin(vp->Pos.x, vp->Pos.y + banner_h);
    const float height = vp->Size.y - banner_h;

    draw_sidebar(ctx, origin, ImVec2(sidebar_w, height - status_h));
    draw_status_bar(ctx, ImVec2(origin.x, origin.y + height - status_h), ImVec2(vp->Size.x, status_h));

    ImGui::SetNextWindowPos(ImVec2(origin.x + sidebar_w, origin.y));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x - sidebar_w, height - status_h));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.5f, font * 1.2f));
    ImGui::Begin("##main", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();
    draw_draft_banner(ctx);
    if (ctx.ui.section == Section::Settings)
        draw_settings(ctx);
    else if (ctx.ui.section == Section::Cases)
        draw_cases(ctx);
    else if (ctx.ui.section == Section::Faq)
        draw_faq(ctx);
    else if (ctx.ui.section == Section::Templates)
        draw_templates(ctx);
    else if (ctx.ui.section == Section::Surveys)
        draw_surveys(ctx);
    else if (ctx.ui.section == Section::Reports)
        draw_reports(ctx);
    else
        draw_empty_section(ctx, ctx.ui.section);
    ImGui::End();

    draw_palette(ctx);
    draw_case_help(ctx);
    draw_data_dialogs(ctx);
    draw_self_service_survey(ctx);
    draw_agent_dialog(ctx);
    draw_conflict_dialog(ctx);
    draw_team_account_dialog(ctx);
    draw_team_signin_dialog(ctx);
    draw_team_password_dialog(ctx);
    if (ctx.ui.demo) draw_demo_tour(ctx);
    draw_toasts(ctx);
}

void draw_toasts(const ViewContext& ctx) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    float y = vp->Pos.y + vp->Size.y - font * 3.0f;
    const float w = std::min(vp->Size.x - font * 2.0f, font * 26.0f);
    for (size_t i = ctx.ui.toasts.size(); i-- > 0;) {
        const Toast& t = ctx.ui.toasts[i];
        ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - font, y), ImGuiCond_Always, ImVec2(1, 1));
        ImGui::SetNextWindowSize(ImVec2(w, 0));
        ImGui::PushStyleColor(ImGuiCol_WindowBg, t.is_error ? theme::kErrorBg : theme::kToastBg);
        ImGui::PushStyleColor(ImGuiCol_Text, t.is_error ? theme::kErrorText : theme::kToastText);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 0.9f, font * 0.7f));
        char name[32];
        std::snprintf(name, sizeof name, "##toast%zu", i);
        ImGui::Begin(name, nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
        bool close = false;
        if (t.is_error) {
            ImGui::TextUnformatted(ctx.tr("error.title"));
            ImGui::SameLine(ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX() - ImGui::CalcTextSize(ctx.tr("common.close")).x - font);
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.6f, 0.106f, 0.106f, 0.12f));
            ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.6f, 0.106f, 0.106f, 0.25f));
            ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.6f, 0.106f, 0.106f, 0.35f));
            close = ImGui::SmallButton(ctx.tr("common.close"));
            ImGui::PopStyleColor(4);
            ctx.probe("toast.close");
        }
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(t.text.c_str());
        ImGui::PopTextWrapPos();
        if (t.offer_export) {
            if (ImGui::Button(ctx.tr("data.export_all"))) run_export(ctx, ExportFilter{});
            ctx.probe("toast.export");
        }
        y -= ImGui::GetWindowHeight() + font * 0.5f;
        ImGui::End();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(2);
        if (close) ctx.ui.toasts.erase(ctx.ui.toasts.begin() + static_cast<long>(i));
    }
}

}  // namespace kefu
