// Who is at the station: the first-run screen that creates the administrator, the sign-in
// screen, the lock screen (idle or by hand), the status bar's agent menu, and Settings →
// agents (profiles, the idle lock, the access log). PINs are derived by WebCrypto
// (Platform::derive_pin) and compared by the core (SignIn); views only collect them.
#include <algorithm>
#include <cstring>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

std::string error_text(const ViewContext& ctx, const ApplyResult& r) { return ctx.trf(r.error.key, {{"detail", r.error.detail}}); }

const AgentProfile* agent_by_id(const ViewContext& ctx, const std::string& id) {
    auto it = std::lower_bound(ctx.state.agents.begin(), ctx.state.agents.end(), id,
                               [](const AgentProfile& a, const std::string& k) { return a.id < k; });
    return it != ctx.state.agents.end() && it->id == id ? &*it : nullptr;
}

void finish_sign_in(const ViewContext& ctx, const std::string& id, bool unlock) {
    AuthUi& a = ctx.ui.auth;
    // What the previous agent left on screen is kept as their draft, then leaves the screen;
    // this agent's own draft comes back (below).
    const bool other = a.agent != id || ctx.ui.drafts.owner != id;
    if (other) {
        flush_draft(ctx);
        reset_work_ui(ctx.ui);
    }
    const AgentProfile* p = agent_by_id(ctx, id);
    a.state = AuthState::SignedIn;
    a.agent = id;
    a.last_input_ms = ctx.platform.now_ms();
    a.error.clear();
    wipe_secret(a.pin);
    wipe_secret(a.pin2);
    a.name.clear();
    ctx.platform.set_session_agent(id);
    ctx.platform.set_kiosk(false);
    // A team lead starts on the dashboard; an unlock returns to where the agent was.
    if (!unlock) ctx.ui.section = (p && p->role == Role::Lead) || ctx.state.settings.home_dashboard ? Section::Reports : Section::Cases;
    if (other) load_agent_draft(ctx, id);
}

void submit_first_run(const ViewContext& ctx) {
    AuthUi& a = ctx.ui.auth;
    if (!valid_agent_id(a.id)) a.error = ctx.trf("error.agent.id", {{"detail", a.id}});
    else if (a.name.find_first_not_of(' ') == std::string::npos) a.error = ctx.tr("error.agent.name");
    else if (!valid_pin(a.pin)) a.error = ctx.tr("error.agent.pin");
    else if (a.pin != a.pin2) a.error = ctx.tr("auth.err.pin_mismatch");
    else {
        a.error.clear();
        a.verifying = true;
        const ViewContext copy = ctx;  // references to App-owned objects, which live as long as the page
        AgentProfile admin{a.id, a.name, Role::Admin, "", true, {}, 0};
        ctx.platform.derive_pin(a.pin, "", kPinIterations, [copy, admin](Platform::DerivedPin d) mutable {
            AuthUi& au = copy.ui.auth;
            au.verifying = false;
            if (d.hash.empty()) {
                au.error = copy.trf("auth.err.crypto", {{"detail", d.error}});
                return;
            }
            admin.pin = PinHash{kPinAlgorithm, kPinIterations, d.salt, d.hash};
            const ApplyResult r = copy.dispatch(SaveAgent{admin, 0, /*sign_in=*/true});
            if (!r.ok) {
                au.error = error_text(copy, r);
                return;
            }
            finish_sign_in(copy, admin.id, false);
        });
    }
    wipe_secret(a.pin);
    wipe_secret(a.pin2);
}

void submit_sign_in(const ViewContext& ctx) {
    AuthUi& a = ctx.ui.auth;
    const std::string id = a.state == AuthState::Locked ? a.agent : a.id;
    const AgentProfile* p = agent_by_id(ctx, id);
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    bool deriving = false;  // answered later, when the derivation is done
    if (!p || !p->active) a.error = ctx.trf("error.signin.unknown", {{"detail", id}});
    else if (const int64_t wait = ctx.state.pin_streaks.wait_ms(id, now); wait > 0)
        a.error = ctx.trf("error.signin.wait", {{"detail", std::to_string((wait + 999) / 1000)}});
    else if (!valid_pin(a.pin)) a.error = ctx.tr("auth.err.pin_format");
    else {
        deriving = true;
        a.error.clear();
        a.verifying = true;
        const ViewContext copy = ctx;
        const bool unlock = a.state == AuthState::Locked;
        const std::string stored = p->pin.hash;
        ctx.platform.derive_pin(a.pin, p->pin.salt, p->pin.iterations, [copy, id, unlock, stored](Platform::DerivedPin d) {
            AuthUi& au = copy.ui.auth;
            au.verifying = false;
            ++au.answered;
            if (d.hash.empty()) {
                au.error = copy.trf("auth.err.crypto", {{"detail", d.error}});
                return;
            }
            // A read-only tab (another tab writes) checks the PIN without writing the log.
            const ApplyResult r = copy.ui.read_only ? (same_hash(d.hash, stored) ? ApplyResult::success() : ApplyResult::failure("error.signin.wrong_pin"))
                                                    : copy.dispatch(SignIn{id, d.hash});
            if (r.ok) {
                finish_sign_in(copy, id, unlock);
                return;
            }
            au.error = error_text(copy, r);
            au.focus = true;
        });
    }
    if (!deriving) ++a.answered;
    wipe_secret(a.pin);
}

// A PIN field: digits only, hidden, Enter submits.
bool pin_field(const ViewContext& ctx, const char* probe_id, const char* hint_key, std::string& value, float width) {
    ImGui::SetNextItemWidth(width);
    const bool enter = ImGui::InputTextWithHint((std::string("##") + probe_id).c_str(), ctx.tr(hint_key), &value,
                                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal |
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
    ctx.probe(probe_id);
    if (value.size() > kMaxPinDigits) value.resize(kMaxPinDigits);
    return enter;
}

bool text_field(const ViewContext& ctx, const char* probe_id, const char* hint_key, std::string& value, float width) {
    ImGui::SetNextItemWidth(width);
    const bool enter = ImGui::InputTextWithHint((std::string("##") + probe_id).c_str(), ctx.tr(hint_key), &value, ImGuiInputTextFlags_EnterReturnsTrue);
    ctx.probe_field(probe_id, value);
    return enter;
}

void field_label(const ViewContext& ctx, const char* key) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kStatusText);
    ImGui::TextUnformatted(ctx.tr(key));
    ImGui::PopStyleColor();
}

bool primary_button(const char* label, float width, bool enabled) {
    ImGui::BeginDisabled(!enabled);
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.114f, 0.306f, 0.847f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool clicked = ImGui::Button(label, ImVec2(width, ImGui::GetFrameHeight() * 1.35f));
    ImGui::PopStyleColor(3);
    ImGui::EndDisabled();
    return clicked;
}

void draw_first_run(const ViewContext& ctx, float w) {
    AuthUi& a = ctx.ui.auth;
    // A new desk of an existing team takes its agents from the team instead.
    if (ctx.ui.team.first_run_open || ctx.state.settings.in_team()) return draw_team_first_run(ctx, w);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    ImGui::TextUnformatted(ctx.tr("auth.first.title"));
    ImGui::PopFont();
    help_text(ctx.tr("auth.first.help"));
    ImGui::Spacing();
    if (a.focus) ImGui::SetKeyboardFocusHere();
    a.focus = false;
    field_label(ctx, "auth.field.id");
    bool enter = text_field(ctx, "auth.id", "auth.field.id.hint", a.id, w);
    field_label(ctx, "auth.field.name");
    enter |= text_field(ctx, "auth.name", "auth.field.name.hint", a.name, w);
    field_label(ctx, "auth.field.pin");
    enter |= pin_field(ctx, "auth.pin", "auth.field.pin.hint", a.pin, w);
    field_label(ctx, "auth.field.pin2");
    enter |= pin_field(ctx, "auth.pin2", "auth.field.pin2.hint", a.pin2, w);
    ImGui::Spacing();
    if ((primary_button(ctx.tr(a.verifying ? "auth.verifying" : "auth.first.submit"), w, !a.verifying) || enter) && !a.verifying)
        submit_first_run(ctx);
    ctx.probe("auth.submit");
    // Moving to a new computer: the backup brings its agents (and their PINs) along.
    ImGui::Spacing();
    ImGui::Separator();
    help_text(ctx.tr("auth.first.restore_help"));
    if (ImGui::Button(ctx.tr("auth.first.restore"), ImVec2(w, 0))) run_import(ctx);
    ctx.probe("auth.restore");
    help_text(ctx.tr("auth.first.team_help"));
    if (ImGui::Button(ctx.tr("auth.first.team"), ImVec2(w, 0))) ctx.ui.team.first_run_open = true;
    ctx.probe("auth.team");
}

// Muted text wrapped by Chinese line-breaking rules (help_text() breaks "PIN 码" apart).
void muted_words(const std::string& text, float w) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
    rich_text({{text}}, w);
    ImGui::PopStyleColor();
}

// An agent whose PIN this desk does not have (PINs never go into the team database): the
// team password signs them in (web/team_link.cpp runs it), the PIN comes from their own team
// account, or they choose one here; then SignInByTeam, one command.
void draw_team_password_sign_in(const ViewContext& ctx, const AgentProfile& who, float w) {
    AuthUi& a = ctx.ui.auth;
    TeamUi& t = ctx.ui.team;
    if (t.desk_agent != who.id) {
        t.desk_agent = who.id;
        t.desk_error = {};
        t.desk_ready = t.desk_need_pin = false;
        t.desk_frames = 3;
    }
    // The card fits its content a frame or two late (auto-resize): draw until it has.
    if (t.desk_frames > 0) {
        --t.desk_frames;
        ctx.wake_in(16.0);
    }
    if (!t.desk_error.key.empty()) {
        a.error = ctx.trf(t.desk_error.key.c_str(), {{"detail", t.desk_error.detail}});
        t.desk_error = {};
    }
    if (t.desk_ready) {  // the PIN from the account: signed in here
        t.desk_ready = false;
        const std::string id = who.id;  // `who` lives in the agents list the command rebuilds
        const ApplyResult r = ctx.dispatch(SignInByTeam{id, t.desk_pin});
        wipe_secret(t.desk_pin.hash);
        if (r.ok) return finish_sign_in(ctx, id, false);
        a.error = error_text(ctx, r);
        return;
    }
    ImGui::Spacing();
    if (who.team_account.empty() || !ctx.state.settings.in_team()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarnText);
        rich_text({{ctx.trf("error.signin.no_team_account", {{"detail", who.id}})}}, w);
        ImGui::PopStyleColor();
        ctx.probe("auth.team.none");
        return;
    }
    if (!t.desk_need_pin) {
        muted_words(ctx.tr("auth.team.help"), w);
        ImGui::Spacing();
        field_label(ctx, "auth.team.password");
        if (a.focus) {
            ImGui::SetKeyboardFocusHere();
            a.focus = false;
        }
        ImGui::SetNextItemWidth(w);
        const bool enter = ImGui::InputTextWithHint("##auth_team_password", ctx.tr("auth.team.password.hint"), &t.desk_password,
                                                    ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
        ctx.probe_field("auth.team.password", std::string(t.desk_password.size(), '*'));
        ImGui::Spacing();
        const bool ready = !t.desk_working && !t.desk_password.empty();
        if ((primary_button(ctx.tr(t.desk_working ? "auth.verifying" : "auth.team.signin"), w, ready) || enter) && ready) {
            a.error.clear();
            t.desk_requested = true;
        }
        ctx.probe("auth.team.submit");
        return;
    }
    // The team password was right; the account holds no PIN yet: the agent chooses one.
    muted_words(ctx.tr("auth.team.choose_pin"), w);
    ImGui::Spacing();
    field_label(ctx, "auth.field.pin");
    bool enter = pin_field(ctx, "auth.pin", "auth.field.pin.hint", a.pin, w);
    field_label(ctx, "auth.field.pin2");
    enter |= pin_field(ctx, "auth.pin2", "auth.field.pin2.hint", a.pin2, w);
    ImGui::Spacing();
    if ((primary_button(ctx.tr(a.verifying ? "auth.verifying" : "auth.team.set_pin"), w, !a.verifying) || enter) && !a.verifying) {
        if (!valid_pin(a.pin)) a.error = ctx.tr("error.agent.pin");
        else if (a.pin != a.pin2) a.error = ctx.tr("auth.err.pin_mismatch");
        else {
            a.error.clear();
            a.verifying = true;
            const ViewContext copy = ctx;
            const std::string id = who.id;
            ctx.platform.derive_pin(a.pin, "", kPinIterations, [copy, id](Platform::DerivedPin d) {
                AuthUi& au = copy.ui.auth;
                au.verifying = false;
                if (d.hash.empty()) {
                    au.error = copy.trf("auth.err.crypto", {{"detail", d.error}});
                    return;
                }
                const ApplyResult r = copy.dispatch(SignInByTeam{id, PinHash{kPinAlgorithm, kPinIterations, d.salt, d.hash}});
                if (!r.ok) {
                    au.error = error_text(copy, r);
                    return;
                }
                copy.ui.team.desk_need_pin = false;
                copy.ui.team.desk_frames = 3;
                finish_sign_in(copy, id, false);
            });
        }
        wipe_secret(a.pin);
        wipe_secret(a.pin2);
    }
    ctx.probe("auth.team.submit");
}

void draw_sign_in(const ViewContext& ctx, float w) {
    AuthUi& a = ctx.ui.auth;
    const bool locked = a.state == AuthState::Locked;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    ImGui::TextUnformatted(ctx.tr(locked ? "auth.locked.title" : "auth.signin.title"));
    ImGui::PopFont();
    ctx.probe("auth.title");
    const AgentProfile* who = agent_by_id(ctx, locked ? a.agent : a.id);
    if (locked) {
        if (who) ImGui::Text("%s（%s）· %s", who->name.c_str(), who->id.c_str(), ctx.tr(label_key(who->role)));
        ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("auth.locked.since", {{"time", format_time(ctx, a.locked_at_ms)}}).c_str());
    } else {
        // An agent whose PIN this desk lacks signs in with the team password (below).
        help_text(ctx.tr(who && who->pin.empty() ? "auth.signin.help_team" : "auth.signin.help"));
        ImGui::Spacing();
        field_label(ctx, "auth.field.id");
        if (a.focus && a.id.empty()) ImGui::SetKeyboardFocusHere();
        if (text_field(ctx, "auth.id", "auth.field.id.hint", a.id, w) && who) a.focus = true;
        who = agent_by_id(ctx, a.id);  // as typed this frame (the PIN or the team password follows at once)
        // The matching agents (by 工号 or name), to pick with one click.
        if (!who) {
            int shown = 0;
            for (const AgentProfile& p : ctx.state.agents) {
                if (!p.active) continue;
                if (!a.id.empty() && p.id.rfind(a.id, 0) != 0 && p.name.find(a.id) == std::string::npos) continue;
                if (++shown > 6) break;
                ImGui::PushID(p.id.c_str());
                const std::string label = p.name + "  " + p.id + "  · " + ctx.tr(label_key(p.role));
                if (ImGui::Selectable(label.c_str(), false, 0, ImVec2(w, 0))) {
                    a.id = p.id;
                    a.focus = true;
                    a.error.clear();
                }
                ImGui::PopID();
                if (shown == 1) ctx.probe("auth.pick.first");
            }
        } else {
            ImGui::TextColored(theme::kOkText, "%s · %s", who->name.c_str(), ctx.tr(label_key(who->role)));
        }
    }
    if (!locked && who && who->pin.empty()) return draw_team_password_sign_in(ctx, *who, w);
    ImGui::Spacing();
    field_label(ctx, "auth.field.pin");
    if (a.focus && (locked || who)) {
        ImGui::SetKeyboardFocusHere();
        a.focus = false;
    }
    const bool enter = pin_field(ctx, "auth.pin", "auth.field.pin.hint", a.pin, w);
    // During a backoff the button counts down; nothing is derived or compared meanwhile.
    const int64_t wait = who ? ctx.state.pin_streaks.wait_ms(who->id, static_cast<int64_t>(ctx.platform.now_ms())) : 0;
    std::string label = ctx.tr(a.verifying ? "auth.verifying" : locked ? "auth.unlock" : "auth.signin");
    if (wait > 0) {
        label = ctx.trf("auth.wait", {{"seconds", std::to_string((wait + 999) / 1000)}});
        ctx.wake_in(static_cast<double>(wait % 1000 + 20));
    }
    ImGui::Spacing();
    // Enter during a backoff says how long is left (submit_sign_in checks it before deriving).
    if ((primary_button(label.c_str(), w, !a.verifying && wait <= 0) || enter) && !a.verifying) submit_sign_in(ctx);
    ctx.ui.auth.wait_ms = wait;
    ctx.probe("auth.submit");
    if (locked) {
        ImGui::Spacing();
        if (ImGui::Button(ctx.tr("auth.switch"), ImVec2(w, 0))) {
            a.state = AuthState::SignedOut;
            a.id.clear();
            a.error.clear();
            a.focus = true;
            wipe_secret(a.pin);
        }
        ctx.probe("auth.switch");
        if (editing_in_progress(ctx)) help_text(ctx.tr("auth.switch.unsaved"));
    }
}

}  // namespace

void reset_work_ui(UiState& ui) {
    // The draft was written or flushed by the caller first; what the browser was told stays.
    DraftsUi kept;
    kept.guard = ui.drafts.guard;
    kept.writes = ui.drafts.writes;
    ui.drafts = kept;
    ui.cases = CasesUi{};
    ui.faq = FaqUi{};
    ui.templates = TemplatesUi{};
    ui.surveys = SurveysUi{};
    ui.reports = ReportsUi{};
    ui.palette_open = false;
    ui.phone_revealed.clear();
    ui.data.import_plan.reset();
    ui.data.export_open = false;
}

void wipe_secret(std::string& s) {
    std::fill(s.begin(), s.end(), '\0');
    s.clear();
}

void sign_in_as(const ViewContext& ctx, const std::string& id) { finish_sign_in(ctx, id, false); }

Actor current_actor(const ViewContext& ctx) {
    if (ctx.ui.kiosk.active) return Actor{kKioskActor, ctx.tr("case.channel.kiosk")};
    AgentProfile p;
    if (signed_in_agent(ctx, p)) return Actor{p.id, p.name};
    const std::string& station = ctx.state.settings.station_name;
    const std::string name = station.empty() ? std::string(ctx.tr("status.station_none")) : station;
    // Before the first administrator exists the station itself acts; afterwards nobody does.
    return Actor{ctx.state.agents.empty() ? "local" : "", name};
}

bool signed_in_agent(const ViewContext& ctx, AgentProfile& out) {
    if (ctx.ui.auth.state != AuthState::SignedIn) return false;
    const AgentProfile* p = agent_by_id(ctx, ctx.ui.auth.agent);
    if (!p || !p->active) return false;
    out = *p;
    return true;
}

Role current_role(const ViewContext& ctx) {
    if (ctx.state.agents.empty()) return Role::Admin;
    AgentProfile p;
    return signed_in_agent(ctx, p) ? p.role : Role::Agent;
}

void lock_screen(const ViewContext& ctx, const char* why) {
    AuthUi& a = ctx.ui.auth;
    if (a.state != AuthState::SignedIn) return;
    if (!ctx.ui.read_only) ctx.dispatch(LogAccess{AccessEvent::Lock, a.agent, why});
    a.state = AuthState::Locked;
    a.locked_at_ms = static_cast<int64_t>(ctx.platform.now_ms());
    a.error.clear();
    a.focus = true;
    ctx.ui.palette_open = false;
    // A reload while locked must not bring the session back.
    ctx.platform.set_session_agent("");
}

void check_idle_lock(const ViewContext& ctx) {
    AuthUi& a = ctx.ui.auth;
    const int minutes = ctx.state.settings.idle_lock_minutes;
    if (a.state != AuthState::SignedIn || minutes <= 0) return;
    const double left = a.last_input_ms + minutes * 60000.0 - ctx.platform.now_ms();
    if (left <= 0) lock_screen(ctx, "idle");
    else ctx.wake_in(left + 50);
}

void draw_auth_screen(const ViewContext& ctx) {
    AuthUi& a = ctx.ui.auth;
    // An agent deactivated (or removed by an import) while signed in is signed out.
    AgentProfile p;
    if (a.state == AuthState::SignedIn && !signed_in_agent(ctx, p)) {
        a.state = AuthState::SignedOut;
        ctx.platform.set_session_agent("");
    }
    if (a.state == AuthState::FirstRun && !ctx.state.agents.empty()) a.state = AuthState::SignedOut;  // an import brought agents
    if (a.state == AuthState::SignedIn) return;

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::kSidebarBg);
    ImGui::Begin("##auth", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    ctx.probe("auth.window");

    const float card_w = std::min(vp->Size.x - font * 2.0f, font * 26.0f);
    const float inner_w = card_w - font * 3.0f;
    ImGui::SetCursorPos(ImVec2((vp->Size.x - card_w) * 0.5f, std::max(font, vp->Size.y * 0.12f)));
    // Brand above the card.
    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kSidebarTitle);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.6f);
    ImGui::TextUnformatted(ctx.tr("app.title"));
    ImGui::PopFont();
    ImGui::PopStyleColor();
    const std::string& station = ctx.state.settings.station_name;
    ImGui::TextColored(theme::kSidebarMuted, "%s", station.empty() ? ctx.tr("app.subtitle") : station.c_str());
    ImGui::EndGroup();
    ImGui::SetCursorPosX((vp->Size.x - card_w) * 0.5f);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kCardBg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.5f, font * 1.3f));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, font * 0.5f);
    ImGui::BeginChild("##auth_card", ImVec2(card_w, 0), ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    if (a.state == AuthState::FirstRun) draw_first_run(ctx, inner_w);
    else draw_sign_in(ctx, inner_w);
    if (!a.error.empty()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(a.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ctx.probe("auth.error");
        ctx.ui.field_values["auth.error"] = a.error;
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    ImGui::SetCursorPosX((vp->Size.x - card_w) * 0.5f);
    ImGui::PushTextWrapPos((vp->Size.x + card_w) * 0.5f);
    // Where the data is: this browser only, or also the team's server.
    ImGui::TextColored(theme::kSidebarMuted, "%s", ctx.tr(ctx.state.settings.in_team() ? tr_key("auth.footer_team") : tr_key("auth.footer")));
    ImGui::PopTextWrapPos();
    ImGui::End();
}

void draw_agent_menu(const ViewContext& ctx) {
    AgentProfile me;
    if (!signed_in_agent(ctx, me)) {
        ImGui::TextUnformatted(ctx.tr("status.agent_none"));
        return;
    }
    const std::string label = me.name + " · " + ctx.tr(label_key(me.role));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    if (ImGui::SmallButton(label.c_str())) ImGui::OpenPopup("##agent_menu");
    ImGui::PopStyleColor();
    ctx.probe("status.agent");
    if (ImGui::BeginPopup("##agent_menu")) {
        ImGui::TextColored(theme::kMutedText, "%s %s", ctx.tr("auth.field.id"), me.id.c_str());
        ImGui::Separator();
        if (ImGui::MenuItem(ctx.tr("auth.menu.lock"))) lock_screen(ctx, "manual");
        ctx.probe("auth.menu.lock");
        if (ImGui::MenuItem(ctx.tr("auth.menu.change_pin"))) {
            ctx.ui.auth.change_pin_open = true;
            ctx.ui.auth.edit = AgentEditUi{true, false, me, {}, {}, {}, true};
        }
        ctx.probe("auth.menu.change_pin");
        if (!ctx.ui.team.session_agent.empty() && ctx.ui.team.session_agent == me.id) {  // signed in to the team as themselves
            if (ImGui::MenuItem(ctx.tr("team.password.menu"))) {
                ctx.ui.team.password_open = true;
                ctx.ui.team.password_error = {};
            }
            ctx.probe("auth.menu.team_password");
        }
        if (ImGui::MenuItem(ctx.tr("auth.menu.sign_out"))) {
            if (editing_in_progress(ctx)) {
                ctx.toast(ctx.tr("auth.err.unsaved"), true);
            } else {
                ctx.dispatch(LogAccess{AccessEvent::SignOut, me.id, ""});
                AuthUi& a = ctx.ui.auth;
                a.state = AuthState::SignedOut;
                a.agent.clear();
                a.id.clear();
                a.focus = true;
                ctx.platform.set_session_agent("");
                flush_draft(ctx);  // a call still running is kept for the agent's return
                reset_work_ui(ctx.ui);
            }
        }
        ctx.probe("auth.menu.sign_out");
        ImGui::EndPopup();
    }
}

}  // namespace kefu
