// Settings → 坐席与权限: the station's agents (administrators add and edit them, everyone
// sees the list), the idle lock, and the access log; the agent dialog (also "change my PIN").
#include <algorithm>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

void save_agent(const ViewContext& ctx) {
    AgentEditUi& e = ctx.ui.auth.edit;
    AgentProfile a = e.agent;
    a.pin = PinHash{};
    const uint64_t base = e.creating ? 0 : e.agent.rev;
    if (!valid_agent_id(a.id)) e.error = ctx.trf("error.agent.id", {{"detail", a.id}});
    else if ((e.creating || !e.pin.empty() || !e.pin2.empty()) && !valid_pin(e.pin)) e.error = ctx.tr("error.agent.pin");
    else if (e.pin != e.pin2) e.error = ctx.tr("auth.err.pin_mismatch");
    else if (e.pin.empty()) {  // an edit that keeps the PIN
        const ApplyResult r = ctx.dispatch(SaveAgent{a, base});
        if (r.ok) {
            e.open = false;
            ctx.toast(ctx.trf("agents.saved", {{"name", a.name}}));
        } else {
            e.error = ctx.trf(r.error.key, {{"detail", r.error.detail}});
        }
    } else {
        e.error.clear();
        ctx.ui.auth.verifying = true;
        const ViewContext copy = ctx;
        ctx.platform.derive_pin(e.pin, "", kPinIterations, [copy, a, base](Platform::DerivedPin d) mutable {
            AgentEditUi& ed = copy.ui.auth.edit;
            copy.ui.auth.verifying = false;
            if (d.hash.empty()) {
                ed.error = copy.trf("auth.err.crypto", {{"detail", d.error}});
                return;
            }
            a.pin = PinHash{kPinAlgorithm, kPinIterations, d.salt, d.hash};
            const ApplyResult r = copy.dispatch(SaveAgent{a, base});
            if (r.ok) {
                ed.open = false;
                copy.ui.auth.change_pin_open = false;
                copy.toast(copy.trf("agents.saved", {{"name", a.name}}));
            } else {
                ed.error = copy.trf(r.error.key, {{"detail", r.error.detail}});
            }
        });
    }
    wipe_secret(e.pin);
    wipe_secret(e.pin2);
}

void open_editor(const ViewContext& ctx, const AgentProfile& a, bool creating) {
    ctx.ui.auth.edit = AgentEditUi{true, creating, a, {}, {}, {}, true};
}

}  // namespace

// The agent dialog: a new agent, an administrator's edit, or one's own PIN (role, team and
// standing then read-only: the core refuses them anyway).
void draw_agent_dialog(const ViewContext& ctx) {
    AgentEditUi& e = ctx.ui.auth.edit;
    if (!e.open) return;
    const bool admin = current_role(ctx) == Role::Admin;
    if (!ImGui::IsPopupOpen("##agent_edit")) ImGui::OpenPopup("##agent_edit");
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(font * 24.0f, 0));
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("##agent_edit", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.15f);
    ImGui::TextUnformatted(ctx.tr(e.creating ? "agents.new" : admin ? "agents.edit" : "auth.menu.change_pin"));
    ImGui::PopFont();
    ImGui::Separator();
    const float label_w = font * 6.0f, w = font * 15.0f;
    auto label = [&](const char* key) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(key));
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(w);
    };
    if (e.focus) ImGui::SetKeyboardFocusHere();
    label("auth.field.id");
    ImGui::BeginDisabled(!e.creating);
    ImGui::InputText("##id", &e.agent.id);
    ImGui::EndDisabled();
    ctx.probe_field("agents.edit.id", e.agent.id);
    label("auth.field.name");
    ImGui::InputText("##name", &e.agent.name);
    ctx.probe_field("agents.edit.name", e.agent.name);
    ImGui::BeginDisabled(!admin);
    label("agents.col.role");
    if (ImGui::BeginCombo("##role", ctx.tr(label_key(e.agent.role)))) {
        for (int i = 0; i < static_cast<int>(Role::Count); ++i)
            if (ImGui::Selectable(ctx.tr(label_key(static_cast<Role>(i))), static_cast<int>(e.agent.role) == i))
                e.agent.role = static_cast<Role>(i);
        ImGui::EndCombo();
    }
    ctx.probe("agents.edit.role");
    label("agents.col.team");
    ImGui::InputText("##team", &e.agent.team);
    ctx.probe_field("agents.edit.team", e.agent.team);
    ImGui::SetCursorPosX(label_w);
    ImGui::Checkbox(ctx.tr("agents.active"), &e.agent.active);
    ctx.probe("agents.edit.active");
    ImGui::EndDisabled();
    label(e.creating ? "auth.field.pin" : "agents.new_pin");
    ImGui::InputTextWithHint("##pin", ctx.tr(e.creating ? "auth.field.pin.hint" : "agents.new_pin.hint"), &e.pin,
                             ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal);
    ctx.probe("agents.edit.pin");
    label("auth.field.pin2");
    ImGui::InputTextWithHint("##pin2", ctx.tr("auth.field.pin2.hint"), &e.pin2, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal);
    ctx.probe("agents.edit.pin2");
    if (e.pin.size() > kMaxPinDigits) e.pin.resize(kMaxPinDigits);
    if (e.pin2.size() > kMaxPinDigits) e.pin2.resize(kMaxPinDigits);
    e.focus = false;
    if (!e.error.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kErrorText, "%s", e.error.c_str());
        ImGui::PopTextWrapPos();
        ctx.probe("agents.edit.error");
    }
    ImGui::Separator();
    ImGui::BeginDisabled(ctx.ui.auth.verifying);
    if (ImGui::Button(ctx.tr(ctx.ui.auth.verifying ? "auth.verifying" : "common.save"))) save_agent(ctx);
    ImGui::EndDisabled();
    ctx.probe("agents.edit.save");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("common.cancel")) || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
        e.open = false;
        ctx.ui.auth.change_pin_open = false;
        wipe_secret(e.pin);
        wipe_secret(e.pin2);
    }
    ctx.probe("agents.edit.cancel");
    if (!e.open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void draw_agent_settings(const ViewContext& ctx) {
    const bool admin = current_role(ctx) == Role::Admin;
    const float font = ImGui::GetFontSize();
    section_heading(ctx, tr_key("settings.section.agents"));
    help_text(ctx.tr(admin ? "agents.help.admin" : "agents.help.other"));
    ImGui::BeginDisabled(ctx.ui.read_only || !admin);
    if (ImGui::Button(ctx.tr("agents.add"))) open_editor(ctx, AgentProfile{}, true);
    ctx.probe("agents.add");
    ImGui::EndDisabled();

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    const float rows_h = std::min(12.0f, static_cast<float>(ctx.state.agents.size()) + 1.2f) * ImGui::GetFrameHeightWithSpacing();
    // In a team, each agent's team account: made here by an administrator (开通).
    const bool in_team = ctx.state.settings.in_team();
    if (ImGui::BeginTable("##agents", in_team ? 7 : 6, flags, ImVec2(0, rows_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* key : {tr_key("auth.field.id"), tr_key("auth.field.name"), tr_key("agents.col.role"), tr_key("agents.col.team"),
                                tr_key("agents.col.state")})
            ImGui::TableSetupColumn(ctx.tr(key));
        if (in_team) ImGui::TableSetupColumn(ctx.tr("agents.col.team_account"));
        ImGui::TableSetupColumn(ctx.tr("agents.col.action"));
        ImGui::TableHeadersRow();
        for (const AgentProfile& a : ctx.state.agents) {
            ImGui::PushID(a.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(a.id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a.name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ctx.tr(label_key(a.role)));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a.team.c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(a.active ? theme::kOkText : theme::kMutedText, "%s", ctx.tr(a.active ? "agents.active" : "agents.inactive"));
            if (in_team) {
                ImGui::TableNextColumn();
                const TeamUi& t = ctx.ui.team;
                const auto server = t.server_roles.find(a.team_account);
                // The role here and in the team's table differ (changed here since, or the
                // account's role never written): one click brings the server in line.
                const bool differs = !a.team_account.empty() && t.server_roles_known &&
                                     (server == t.server_roles.end() || server->second != name_of(a.role));
                if (differs) {
                    ImGui::BeginDisabled(ctx.ui.read_only || !admin);
                    if (ImGui::SmallButton(ctx.tr("agents.team_account.update_role"))) {
                        ctx.ui.team.account_for = a.id;
                        ctx.ui.team.account_error = {};
                    }
                    ImGui::EndDisabled();
                    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                        ImGui::SetTooltip("%s", ctx.trf("agents.team_account.differs", {{"account", a.team_account}}).c_str());
                } else if (!a.team_account.empty()) {
                    ImGui::TextColored(theme::kOkText, "%s", ctx.tr("agents.team_account.yes"));
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", a.team_account.c_str());
                    // A forgotten team password: a new account for them (the administrator's).
                    if (admin && !ctx.ui.read_only && a.active) {
                        ImGui::SameLine();
                        const std::string reset_id = "agents.team_account.reset." + a.id;
                        ImGui::PushID(reset_id.c_str());
                        if (ImGui::SmallButton(ctx.tr("agents.team_account.reset"))) {
                            ctx.ui.team.account_for = a.id;
                            ctx.ui.team.account_reset = true;
                            ctx.ui.team.account_error = {};
                        }
                        ImGui::PopID();
                        ctx.probe(reset_id.c_str());
                        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx.tr("agents.team_account.reset_tip"));
                    }
                } else {
                    ImGui::BeginDisabled(ctx.ui.read_only || !admin || !a.active);
                    if (ImGui::SmallButton(ctx.tr("agents.team_account.make"))) {
                        ctx.ui.team.account_for = a.id;
                        ctx.ui.team.account_error = {};
                    }
                    ImGui::EndDisabled();
                }
                const std::string acct_probe = "agents.team_account." + a.id;
                ctx.probe_field(acct_probe.c_str(), a.team_account);
            }
            ImGui::TableNextColumn();
            ImGui::BeginDisabled(ctx.ui.read_only || !admin);
            if (ImGui::SmallButton(ctx.tr("common.edit"))) open_editor(ctx, a, false);
            ImGui::EndDisabled();
            const std::string probe = "agents.row." + a.id;
            ctx.probe(probe.c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    // The idle lock.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("settings.idle_lock"));
    ImGui::SameLine(font * 8.0f);
    ImGui::BeginDisabled(ctx.ui.read_only || !admin);
    int minutes = ctx.state.settings.idle_lock_minutes;
    ImGui::SetNextItemWidth(font * 7.0f);
    ImGui::InputInt("##idle", &minutes, 0, 0);
    ctx.probe("settings.idle_lock");
    if (ImGui::IsItemDeactivatedAfterEdit() || (ImGui::IsItemEdited() && !ImGui::IsItemActive())) {
        minutes = std::clamp(minutes, 0, kMaxIdleLockMinutes);
        if (minutes != ctx.state.settings.idle_lock_minutes) ctx.report(ctx.dispatch(SetIdleLock{minutes}));
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextUnformatted(ctx.tr("settings.idle_lock.unit"));
    help_text(ctx.tr("settings.idle_lock.help"));

    // Kiosk mode: the customer self-service screen, now or at every start.
    ImGui::Dummy(ImVec2(0, font * 0.3f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("settings.kiosk"));
    ImGui::SameLine(font * 8.0f);
    ImGui::BeginDisabled(ctx.ui.read_only || !admin);
    bool kiosk_start = ctx.state.settings.kiosk_start;
    if (ImGui::Checkbox(ctx.tr("settings.kiosk.start"), &kiosk_start)) ctx.report(ctx.dispatch(SetKioskStart{kiosk_start}));
    ctx.probe("settings.kiosk_start");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("settings.kiosk.now"))) {
        if (editing_in_progress(ctx)) ctx.toast(ctx.tr("auth.err.unsaved"), true);
        else enter_kiosk(ctx);
    }
    ctx.probe("settings.kiosk_now");
    ImGui::EndDisabled();
    help_text(ctx.tr("settings.kiosk.help"));

    // The access log: leads and administrators read it.
    if (current_role(ctx) < Role::Lead) return;
    AuthUi& a = ctx.ui.auth;
    if (a.log_version != ctx.state.version) {
        a.log = access_log(ctx.state.records, 200);
        a.log_version = ctx.state.version;
    }
    ImGui::Dummy(ImVec2(0, font * 0.3f));
    ImGui::TextUnformatted(ctx.tr("agents.log.title"));
    if (a.log.empty()) {
        help_text(ctx.tr("agents.log.empty"));
        return;
    }
    if (ImGui::BeginTable("##access", 5, flags, ImVec2(0, font * 14.0f))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* key : {tr_key("agents.log.time"), tr_key("agents.log.event"), tr_key("agents.log.agent"),
                                tr_key("agents.log.detail"), tr_key("agents.log.by")})
            ImGui::TableSetupColumn(ctx.tr(key));
        ImGui::TableHeadersRow();
        for (const AccessEntry& e : a.log) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_time(ctx, e.at_ms).c_str());
            ImGui::TableNextColumn();
            const bool bad = e.event == AccessEvent::WrongPin || e.event == AccessEvent::Refused;
            ImGui::TextColored(bad ? theme::kErrorText : theme::kStatusText, "%s",
                               ctx.tr(std::string("access.event.") + name_of(e.event)));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.agent.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.detail.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.actor.name.c_str());
        }
        ImGui::EndTable();
    }
    ctx.probe("agents.log");
}

}  // namespace kefu
