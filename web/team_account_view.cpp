// Agents' own team accounts (issue "Team security"): 登录团队, the team password typed once a
// shift after the PIN, and 开通团队账号, where an administrator gives an agent an account. The
// dialogs set intents; web/team_link.cpp runs core/team_session and core/team_account.
#include <algorithm>

#include "core/team_account.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

// A modal in the middle of the screen, `width` font sizes wide; false when it is not showing.
bool begin_modal(const char* id, float width) {
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x - 40.0f, font * width), 0));
    return ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize);
}

// Muted (or coloured) text wrapped by Chinese line-breaking rules (ImGui's own wrap breaks at
// the first space it finds, "10 个字符" across two lines).
void words(const std::string& text, const ImVec4& colour = theme::kMutedText) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    rich_text({{text}}, ImGui::GetContentRegionAvail().x);
    ImGui::PopStyleColor();
}

void title(const char* text) {
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.15f);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
    ImGui::Separator();
}

void error_line(const ViewContext& ctx, const CommandError& e, const char* probe) {
    if (e.key.empty()) return;
    words(ctx.trf(e.key.c_str(), {{"detail", e.detail}, {"n", e.detail}}), theme::kErrorText);
    ctx.probe(probe);
}

// A labelled password field; true when Enter was pressed in it.
bool password_field(const ViewContext& ctx, float label_w, float field_w, const char* label, const char* id, const char* hint,
                    std::string& value, const char* probe) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr(label));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(field_w);
    const bool enter = ImGui::InputTextWithHint(id, hint ? ctx.tr(hint) : "", &value,
                                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ctx.probe_field(probe, std::string(value.size(), '*'));
    return enter;
}

}  // namespace

void draw_team_signin_dialog(const ViewContext& ctx) {
    TeamUi& t = ctx.ui.team;
    if (!t.signin_open || ctx.ui.read_only || !t.account_for.empty() || !t.resolving.empty() || ctx.ui.auth.edit.open) return;
    if (ctx.ui.auth.state != AuthState::SignedIn) return;  // the lock screen first
    AgentProfile me;
    if (!signed_in_agent(ctx, me) || me.team_account.empty()) return;
    if (!begin_modal("##team_signin", 30.0f)) return;
    ctx.probe("team.signin.window");
    const float font = ImGui::GetFontSize();
    title(ctx.tr("team.signin.title"));
    if (t.session_ended) words(ctx.tr("team.signin.ended"), theme::kWarnText);
    words(ctx.trf("team.signin.help", {{"name", me.name}, {"account", me.team_account}}));
    const float label_w = font * 6.0f, field_w = ImGui::GetContentRegionAvail().x - label_w;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("team.signin.account"));
    ImGui::SameLine(label_w);
    ImGui::TextUnformatted(me.team_account.c_str());
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(0);
    const bool enter = password_field(ctx, label_w, field_w, "team.signin.password_label", "##team_signin_pw", "team.signin.password_hint",
                                      t.signin_password, "team.signin.password");
    error_line(ctx, t.signin_error, "team.signin.error");
    ImGui::Separator();
    ImGui::BeginDisabled(t.signing_in || t.signin_password.empty());
    if (ImGui::Button(ctx.tr(t.signing_in ? "team.signin.working" : "team.signin.button")) || (enter && !t.signin_password.empty()))
        t.signin_requested = true;
    ImGui::EndDisabled();
    ctx.probe("team.signin.button");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("team.signin.later"))) {
        t.signin_open = false;
        t.signin_dismissed = me.id;
        wipe_secret(t.signin_password);
    }
    ctx.probe("team.signin.later");
    ImGui::SameLine();
    words(ctx.tr("team.signin.later_help"));
    if (!t.signin_open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void draw_team_account_dialog(const ViewContext& ctx) {
    TeamUi& t = ctx.ui.team;
    if (!t.role_updated.empty()) {
        AgentProfile a;
        if (find_agent(ctx.state.records, t.role_updated, a))
            ctx.toast(ctx.trf("team.account.role_updated", {{"name", a.name}, {"role", ctx.tr(label_key(a.role))}}));
        t.role_updated.clear();
    }
    if (!t.account_made.empty()) {
        AgentProfile a;
        if (find_agent(ctx.state.records, t.account_made, a)) ctx.toast(ctx.trf("team.account.made", {{"name", a.name}, {"account", a.team_account}}));
        t.account_made.clear();
    }
    if (!t.account_reset_done.empty()) {
        AgentProfile a;
        if (find_agent(ctx.state.records, t.account_reset_done, a))
            ctx.toast(ctx.trf("team.account.reset_done", {{"name", a.name}, {"account", a.team_account}}));
        t.account_reset_done.clear();
    }
    if (t.account_for.empty()) {
        t.account_reset = false;
        return;
    }
    AgentProfile a;
    if (!find_agent(ctx.state.records, t.account_for, a) || current_role(ctx) != Role::Admin || ctx.ui.read_only) {
        t.account_for.clear();
        return;
    }
    if (!begin_modal("##team_account", 34.0f)) return;
    ctx.probe("team.account.window");
    const float font = ImGui::GetFontSize();
    // An agent who has an account: only their role in the team's table changes (no password);
    // or their forgotten team password is reset (a new account replaces theirs).
    const bool reset = t.account_reset && !a.team_account.empty();
    const bool role_only = !a.team_account.empty() && !reset;
    const auto server = t.server_roles.find(a.team_account);
    Role there = Role::Agent;
    const bool listed = server != t.server_roles.end() && parse_name(server->second, there);
    title(ctx.trf(reset ? "team.account.reset_title" : role_only ? "team.account.role_title" : "team.account.title", {{"name", a.name}, {"id", a.id}})
              .c_str());
    if (reset)
        words(ctx.trf("team.account.reset_help", {{"name", a.name}, {"account", a.team_account}, {"n", std::to_string(kMinTeamPasswordChars)}}));
    else if (role_only)
        words(ctx.trf("team.account.role_help", {{"account", a.team_account}, {"here", ctx.tr(label_key(a.role))},
                                                 {"there", listed ? ctx.tr(label_key(there)) : ctx.tr("team.account.role_none")}}));
    else
        words(ctx.trf("team.account.help", {{"role", ctx.tr(label_key(a.role))}, {"n", std::to_string(kMinTeamPasswordChars)}}));
    float label_w = font * 6.0f;
    for (const char* key : {tr_key("team.account.password"), tr_key("team.account.password2"), tr_key("team.join.admin"), tr_key("team.join.password")})
        label_w = std::max(label_w, ImGui::CalcTextSize(ctx.tr(key)).x + font * 0.8f + ImGui::GetCursorPosX());
    const float field_w = ImGui::GetContentRegionAvail().x - label_w;
    bool enter = false;
    if (!role_only) {
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(0);
        enter |= password_field(ctx, label_w, field_w, "team.account.password", "##acct_pw", "team.account.password_hint", t.account_password,
                                "team.account.password");
        enter |= password_field(ctx, label_w, field_w, "team.account.password2", "##acct_pw2", nullptr, t.account_password2,
                                "team.account.password2");
    }
    // Made as the administrator signed in to the team; else with the team administrator's account.
    const bool by_session = t.session_role == "admin";
    if (!by_session) {
        words(ctx.tr("team.account.admin_help"));
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr("team.join.admin"));
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(field_w);
        ImGui::InputText("##acct_admin", &t.admin);
        ctx.probe_field("team.account.admin", t.admin);
        enter |= password_field(ctx, label_w, field_w, "team.join.password", "##acct_admin_pw", nullptr, t.admin_password, "team.account.admin_password");
    }
    error_line(ctx, t.account_error, "team.account.error");
    ImGui::Separator();
    const bool ready = (role_only || (!t.account_password.empty() && !t.account_password2.empty())) &&
                       (by_session || (!t.admin.empty() && !t.admin_password.empty()));
    ImGui::BeginDisabled(t.making_account || !ready);
    const char* button = t.making_account ? "team.account.working"
                         : reset          ? "team.account.reset_button"
                         : role_only      ? "team.account.role_button"
                                          : "team.account.button";
    if (ImGui::Button(ctx.tr(button)) || (enter && ready)) t.account_requested = true;
    ImGui::EndDisabled();
    ctx.probe("team.account.button");
    ImGui::SameLine();
    ImGui::BeginDisabled(t.making_account);
    if (ImGui::Button(ctx.tr("common.cancel")) || (!t.making_account && ImGui::IsKeyPressed(ImGuiKey_Escape))) {
        t.account_for.clear();
        t.account_reset = false;
        t.account_error = {};
        wipe_secret(t.account_password);
        wipe_secret(t.account_password2);
    }
    ImGui::EndDisabled();
    ctx.probe("team.account.cancel");
    if (t.account_for.empty()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void draw_team_password_dialog(const ViewContext& ctx) {
    TeamUi& t = ctx.ui.team;
    if (t.password_changed) {
        ctx.toast(ctx.tr("team.password.changed"));
        t.password_changed = false;
    }
    if (!t.password_open) return;
    AgentProfile me;
    if (!signed_in_agent(ctx, me) || t.session_agent != me.id || ctx.ui.read_only) {
        t.password_open = false;
        return;
    }
    if (!begin_modal("##team_password", 30.0f)) return;
    ctx.probe("team.password.window");
    const float font = ImGui::GetFontSize();
    title(ctx.tr("team.password.title"));
    words(ctx.trf("team.password.help", {{"account", t.session_account}, {"n", std::to_string(kMinTeamPasswordChars)}}));
    float label_w = font * 6.0f;
    for (const char* key : {tr_key("team.password.current"), tr_key("team.password.new"), tr_key("team.account.password2")})
        label_w = std::max(label_w, ImGui::CalcTextSize(ctx.tr(key)).x + font * 0.8f + ImGui::GetCursorPosX());
    const float field_w = ImGui::GetContentRegionAvail().x - label_w;
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(0);
    bool enter = password_field(ctx, label_w, field_w, "team.password.current", "##pw_cur", nullptr, t.password_current, "team.password.current");
    enter |= password_field(ctx, label_w, field_w, "team.password.new", "##pw_new", "team.account.password_hint", t.password_new, "team.password.new");
    enter |= password_field(ctx, label_w, field_w, "team.account.password2", "##pw_new2", nullptr, t.password_new2, "team.password.new2");
    error_line(ctx, t.password_error, "team.password.error");
    ImGui::Separator();
    const bool ready = !t.password_current.empty() && !t.password_new.empty() && !t.password_new2.empty();
    ImGui::BeginDisabled(t.changing_password || !ready);
    if (ImGui::Button(ctx.tr(t.changing_password ? "team.password.working" : "team.password.button")) || (enter && ready))
        t.password_requested = true;
    ImGui::EndDisabled();
    ctx.probe("team.password.button");
    ImGui::SameLine();
    ImGui::BeginDisabled(t.changing_password);
    if (ImGui::Button(ctx.tr("common.cancel")) || (!t.changing_password && ImGui::IsKeyPressed(ImGuiKey_Escape))) {
        t.password_open = false;
        wipe_secret(t.password_current);
        wipe_secret(t.password_new);
        wipe_secret(t.password_new2);
    }
    ImGui::EndDisabled();
    ctx.probe("team.password.cancel");
    if (!t.password_open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace kefu
