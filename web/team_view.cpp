// Settings → 团队同步 and the status bar's sync item. The view sets intents (join, sync now,
// leave) for web/team_link.cpp and shows the status it writes; it holds no rule of its own.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "core/agents.hpp"
#include "core/case_commands.hpp"
#include "core/case_index.hpp"
#include "core/phone.hpp"
#include "core/server_find.hpp"
#include "core/team.hpp"
#include "core/team_join.hpp"
#include "core/working_set.hpp"
#include "web/cases_ui.hpp"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

// What the status bar says, and in which colour (the same words head the settings section).
struct TeamWord {
    std::string text;
    ImVec4 colour;
};

TeamWord team_word(const ViewContext& ctx) {
    const TeamUi& t = ctx.ui.team;
    const auto n = [](size_t v) { return std::to_string(v); };
    if (ctx.ui.read_only) return {ctx.tr("team.status.other_tab"), theme::kMutedText};  // the writing tab syncs
    if (t.phase == TeamSync::Phase::Failed || (!t.has_account && ctx.state.settings.in_team()))
        return {ctx.tr("team.status.stopped"), theme::kErrorText};
    if (!t.conflicts.empty()) return {ctx.trf("team.status.conflicts", {{"n", n(t.conflicts.size())}}), theme::kWarnText};
    if (!t.refused.empty()) return {ctx.trf("team.status.refused", {{"n", n(t.refused.size())}}), theme::kErrorText};
    switch (t.phase) {
        case TeamSync::Phase::Offline: return {ctx.trf("team.status.offline", {{"n", n(t.pending)}}), theme::kWarnText};
        case TeamSync::Phase::Syncing:
            return {t.pending ? ctx.trf("team.status.syncing_n", {{"n", n(t.pending)}}) : std::string(ctx.tr("team.status.syncing")), theme::kAccent};
        case TeamSync::Phase::Synced: return {ctx.tr("team.status.synced"), theme::kOkText};
        case TeamSync::Phase::Held: return {ctx.trf("team.status.held", {{"n", n(t.pending)}}), theme::kWarnText};
        default: return {ctx.tr("team.status.off"), theme::kMutedText};
    }
}

void row(const ViewContext& ctx, float label_w, const char* key, const std::string& value, const char* probe_id) {
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(key));
    ImGui::SameLine(label_w);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopTextWrapPos();
    ctx.probe(probe_id);
}

// A form's labelled text fields (Settings: labels beside, at `label_w`; the first-run card:
// labels above, `label_w` < 0); a secret one is masked and its text never probed. True when
// Enter was pressed in a secret one.
struct FormField {
    const char* label;
    const char* id;
    const char* probe;
    std::string* value;
    bool secret;
};

template <size_t N>
bool form_fields(const ViewContext& ctx, float label_w, float field_w, const FormField (&fields)[N]) {
    bool enter = false;
    for (const FormField& f : fields) {
        if (label_w >= 0) ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(f.label));
        if (label_w >= 0) ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(field_w);
        if (f.secret) {
            enter = ImGui::InputText(f.id, f.value, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue) || enter;
            ctx.probe(f.probe);  // never its text
        } else {
            ImGui::InputText(f.id, f.value);
            ctx.probe_field(f.probe, *f.value);
        }
    }
    return enter;
}

// A form's error, in words, under its fields (nothing when there is none).
void form_error(const ViewContext& ctx, float label_w, const CommandError& error, const char* probe_id) {
    if (error.key.empty()) return;
    ImGui::SetCursorPosX(label_w);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(ctx.trf(error.key.c_str(), {{"detail", error.detail}}).c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ctx.probe(probe_id);
}

// The join form's fields. True when Enter was pressed in the password.
bool join_fields(const ViewContext& ctx, float label_w, float field_w) {
    TeamUi& t = ctx.ui.team;
    const FormField fields[] = {{tr_key("team.join.address"), "##team_address", "team.address", &t.address, false},
                                {tr_key("team.join.admin"), "##team_admin", "team.admin", &t.admin, false},
                                {tr_key("team.join.password"), "##team_password", "team.password", &t.admin_password, true}};
    return form_fields(ctx, label_w, field_w, fields);
}

// Muted text wrapped by the Chinese line-breaking rules (ImGui's own wrap breaks Chinese only
// at its few punctuation marks), to the right edge from where the cursor is.
void muted_wrapped(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
    rich_text({{text}}, ImGui::GetContentRegionAvail().x);
    ImGui::PopStyleColor();
}

// What the station keeps of the team database (working_set.hpp): everything, or the last N
// days and every open case. True when `days` changed.
bool keep_choice(const ViewContext& ctx, float label_w, int& days, bool enabled) {
    static constexpr int kChoices[] = {kKeepEverything, 30, 90, 180, 365};
    // Settings: the label beside, at `label_w`; the first-run card (label_w < 0): above.
    if (label_w >= 0) ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("team.keep"));
    if (label_w >= 0) ImGui::SameLine(label_w);
    label_w = std::max(label_w, ImGui::GetCursorPosX());
    bool changed = false;
    ImGui::BeginDisabled(!enabled);
    for (int n : kChoices) {
        if (n != kChoices[0]) ImGui::SameLine();
        const std::string label = n == kKeepEverything ? std::string(ctx.tr("team.keep.all")) : ctx.trf("team.keep.days", {{"n", std::to_string(n)}});
        if (ImGui::RadioButton((label + "##keep" + std::to_string(n)).c_str(), days == n) && days != n) {
            days = n;
            changed = true;
        }
        ctx.probe(("team.keep." + std::to_string(n)).c_str());
    }
    ImGui::EndDisabled();
    ImGui::SetCursorPosX(label_w);
    muted_wrapped(days == kKeepEverything ? std::string(ctx.tr("team.keep.help_all")) : ctx.trf("team.keep.help_days", {{"n", std::to_string(days)}}));
    return changed;
}

bool join_ready(const TeamUi& t) { return !t.address.empty() && !t.admin.empty() && !t.admin_password.empty(); }

// 逐条核对: the records here against the team database, before joining (core/join_preview.hpp).
void draw_join_check(const ViewContext& ctx, float label_w) {
    TeamUi& t = ctx.ui.team;
    ImGui::SetCursorPosX(label_w);
    ImGui::BeginDisabled(!join_ready(t) || t.checking || t.joining);
    if (ImGui::SmallButton(ctx.tr("team.check.button"))) t.check_requested = true;
    ctx.probe("team.check");
    ImGui::EndDisabled();
    if (t.checking) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kAccent, "%s",
                           ctx.trf("team.check.working", {{"n", std::to_string(t.check_asked)}, {"total", std::to_string(t.check_total)}}).c_str());
        return;
    }
    if (t.check_for != team_address(t.address) + "\n" + t.admin) return;  // made for another server or account
    if (!t.check_error.key.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kErrorText, "%s", ctx.trf(t.check_error.key.c_str(), {{"detail", t.check_error.detail}}).c_str());
        ctx.probe("team.check_error");
        return;
    }
    if (!t.check_done) return;
    static const char* const kOutcomeKeys[] = {tr_key("team.check.upload"), tr_key("team.check.same"), tr_key("team.check.team_newer"),
                                               tr_key("team.check.ours_newer"), tr_key("team.check.merge"), tr_key("team.check.refused")};
    ImGui::SetCursorPosX(label_w);
    if (ImGui::BeginTable("##check", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
        for (size_t i = 0; i < t.check_counts.size(); ++i) {
            if (t.check_counts[i] == 0) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ctx.tr(kOutcomeKeys[i]));
            ImGui::TableNextColumn();
            ImGui::Text("%zu", t.check_counts[i]);
        }
        ImGui::EndTable();
    }
    ctx.probe("team.check_result");
    if (t.check_conflicts > 0) {
        ImGui::SetCursorPosX(label_w);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarnText);
        rich_text({{ctx.trf("team.check.conflicts", {{"n", std::to_string(t.check_conflicts)}})}}, ImGui::GetContentRegionAvail().x);
        ImGui::PopStyleColor();
    }
    // The records the team holds too and that joining changes, named as agents know them.
    std::vector<const JoinPreview::Item*> shown;
    for (const JoinPreview::Item& i : t.check_items)
        if (i.outcome != JoinPreview::Outcome::Same) shown.push_back(&i);
    if (shown.empty()) return;
    ImGui::SetCursorPosX(label_w);
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    if (!ImGui::BeginChild("##check_items", ImVec2(ImGui::GetContentRegionAvail().x, row_h * (std::min<float>(static_cast<float>(shown.size()), 8.0f) + 0.5f)),
                           ImGuiChildFlags_Borders)) {
        ImGui::EndChild();
        return;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown.size()));
    while (clipper.Step())
        for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
            const JoinPreview::Item& i = *shown[static_cast<size_t>(n)];
            std::string type, id, label = i.doc_id;
            AgentProfile agent;
            if (parse_team_doc_id(i.doc_id, type, id) && type == kCaseType) {
                if (const CaseRow* row = ctx.state.cases.find(id)) label = row->form_no + "  " + row->customer;
            } else if (type == kAgentType && find_agent(ctx.state.records, id, agent)) {
                label = ctx.trf("team.check.agent", {{"id", agent.id}, {"name", agent.name}});
            }
            ImGui::TextUnformatted(label.c_str());
            ImGui::SameLine(ImGui::GetFontSize() * 16.0f);
            std::string what = ctx.tr(kOutcomeKeys[static_cast<size_t>(i.outcome)]);
            if (i.conflicts > 0) what += ctx.trf("team.check.item_conflicts", {{"n", std::to_string(i.conflicts)}});
            ImGui::TextColored(i.conflicts > 0 ? theme::kWarnText : theme::kMutedText, "%s", what.c_str());
        }
    ImGui::EndChild();
}

void draw_join_form(const ViewContext& ctx, float label_w, float field_w, bool may_join) {
    TeamUi& t = ctx.ui.team;
    help_text(ctx.tr("team.join.help"));
    ImGui::Spacing();
    ImGui::BeginDisabled(t.joining || !may_join);
    const bool enter = join_fields(ctx, label_w, field_w);
    keep_choice(ctx, label_w, t.join_keep_days, true);
    ImGui::SetCursorPosX(label_w);
    const bool ready = join_ready(t);
    ImGui::BeginDisabled(!ready);
    if ((ImGui::Button(ctx.tr("team.join.button")) || (enter && ready)) && !t.joining) t.join_requested = true;
    ctx.probe("team.join");
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    if (t.joining) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kAccent, "%s", ctx.tr("team.join.working"));
    }
    if (!may_join) {
        ImGui::SetCursorPosX(label_w);
        help_text(ctx.tr("team.join.admin_only"));
    }
    form_error(ctx, label_w, t.join_error, "team.join_error");
    // What joining does to the records already here, as an import's preview says it.
    if (t.preview_version != ctx.state.version) {
        t.preview_version = ctx.state.version;
        t.preview_cases = ctx.state.records.count(kCaseType);
        t.preview_others = 0;
        for (const std::string& type : ctx.state.records.types())
            if (type != kCaseType && team_replicates(type)) t.preview_others += ctx.state.records.count(type);
        t.preview_example.clear();
        t.preview_codeless = cases_without_station_code(ctx.state, &t.preview_example);
    }
    if (t.preview_cases + t.preview_others > 0) {
        ImGui::Spacing();
        ImGui::SetCursorPosX(label_w);
        muted_wrapped(ctx.trf("team.join.preview", {{"cases", std::to_string(t.preview_cases)}, {"others", std::to_string(t.preview_others)}}));
        ctx.probe("team.join_preview");
    }
    if (t.preview_cases + t.preview_others > 0) draw_join_check(ctx, label_w);
    if (t.preview_codeless > 0) {
        int64_t day = 0;
        int seq = 0;
        parse_form_no(t.preview_example, day, seq);
        ImGui::SetCursorPosX(label_w);
        muted_wrapped(ctx.trf("team.join.renumber", {{"n", std::to_string(t.preview_codeless)}, {"before", t.preview_example},
                                                     {"after", format_form_no(day, seq, "A")}}));
        ctx.probe("team.join_renumber");
    }
}

// 作为自助终端接入: a kiosk joins its drop-box with the account the server printed for it
// (serve.py --add-kiosk); it sends its requests and survey answers there and reads nothing.
void draw_kiosk_join(const ViewContext& ctx, float label_w, float field_w, bool may_join) {
    TeamUi& t = ctx.ui.team;
    ImGui::Spacing();
    ImGui::Spacing();
    ImGui::TextUnformatted(ctx.tr("team.kiosk.heading"));
    ctx.probe("team.kiosk.heading");
    help_text(ctx.tr("team.kiosk.help"));
    ImGui::BeginDisabled(t.kiosk_joining || !may_join);
    const FormField fields[] = {{tr_key("team.join.address"), "##kiosk_address", "team.kiosk.address", &t.kiosk_address, false},
                                {tr_key("team.kiosk.account"), "##kiosk_account", "team.kiosk.account", &t.kiosk_account, false},
                                {tr_key("team.kiosk.password"), "##kiosk_password", "team.kiosk.password", &t.kiosk_password, true}};
    const bool enter = form_fields(ctx, label_w, field_w, fields);
    ImGui::SetCursorPosX(label_w);
    const bool ready = !t.kiosk_address.empty() && !t.kiosk_account.empty() && !t.kiosk_password.empty();
    ImGui::BeginDisabled(!ready);
    if ((ImGui::Button(ctx.tr("team.kiosk.button")) || (enter && ready)) && !t.kiosk_joining) t.kiosk_join_requested = true;
    ctx.probe("team.kiosk.join");
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    if (t.kiosk_joining) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kAccent, "%s", ctx.tr("team.join.working"));
    }
    form_error(ctx, label_w, t.kiosk_join_error, "team.kiosk.error");
}

void draw_list(const ViewContext& ctx, const char* title_key, const std::vector<std::pair<std::string, std::string>>& items, const char* probe_id) {
    if (items.empty()) return;
    ImGui::Spacing();
    ImGui::TextColored(theme::kErrorText, "%s", ctx.trf(title_key, {{"n", std::to_string(items.size())}}).c_str());
    ctx.probe(probe_id);
    ImGui::Indent();
    ImGui::PushTextWrapPos(0.0f);
    for (size_t i = 0; i < items.size() && i < 20; ++i) {
        // A case is named as agents know it: its form number and customer.
        std::string type, id, label = items[i].first;
        if (parse_team_doc_id(items[i].first, type, id) && type == kCaseType)
            if (const CaseRow* row = ctx.state.cases.find(id)) label = row->form_no + "  " + row->customer;
        ImGui::BulletText("%s", label.c_str());
        ImGui::SameLine();
        ImGui::TextColored(theme::kMutedText, "%s", items[i].second.c_str());
    }
    if (items.size() > 20) ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("team.list_more", {{"n", std::to_string(items.size() - 20)}}).c_str());
    ImGui::PopTextWrapPos();
    ImGui::Unindent();
}

}  // namespace

void draw_team_settings(const ViewContext& ctx) {
    TeamUi& t = ctx.ui.team;
    const Settings& s = ctx.state.settings;
    const float font = ImGui::GetFontSize();
    float label_w = font * 6.0f;
    for (const char* key : {tr_key("team.join.address"), tr_key("team.join.admin"), tr_key("team.join.password"), tr_key("team.server"),
                            tr_key("team.account"), tr_key("team.signin.row"), tr_key("team.station"), tr_key("team.state"), tr_key("team.last_sync"), tr_key("team.pending"), tr_key("team.keep"),
                            tr_key("team.kiosk.account"), tr_key("team.kiosk.password")})
        label_w = std::max(label_w, ImGui::CalcTextSize(ctx.tr(key)).x + font * 1.5f);
    label_w += ImGui::GetCursorPosX();
    const float field_w = std::min(ImGui::GetContentRegionAvail().x - label_w, font * 22.0f);

    section_heading(ctx, tr_key("team.section"));
    if (t.scroll_here) {
        ImGui::SetScrollHereY(0.1f);
        t.scroll_here = false;
    }
    ctx.probe("team.section");
    // Joining and leaving are the station's administrator's (anyone's on a station that has
    // no agent yet: a new desk takes its agents from the team).
    const bool may_change = !ctx.ui.read_only && (ctx.state.agents.empty() || current_role(ctx) == Role::Admin);
    if (!s.in_team()) {
        draw_join_form(ctx, label_w, field_w, may_change);
        draw_kiosk_join(ctx, label_w, field_w, may_change);
        return;
    }
    const TeamWord word = team_word(ctx);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("team.state"));
    ImGui::SameLine(label_w);
    ImGui::TextColored(word.colour, "%s", word.text.c_str());
    ctx.probe("team.state");
    if (!t.error.key.empty() && t.phase != TeamSync::Phase::Synced) {
        ImGui::SetCursorPosX(label_w);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kErrorText, "%s", ctx.trf(t.error.key.c_str(), {{"detail", t.error.detail}}).c_str());
        ImGui::PopTextWrapPos();
        ctx.probe("team.error");
    }
    if (!t.has_account) {
        ImGui::SetCursorPosX(label_w);
        help_text(ctx.tr("team.no_account"));
    }
    if (t.phase == TeamSync::Phase::Held) {  // what to do about it: sign in to the team
        ImGui::SetCursorPosX(label_w);
        help_text(ctx.tr("team.held.help"));
        ctx.probe("team.held.help");
    }
    if (s.team_kiosk) {  // a kiosk: what it is, instead of who signs in
        ImGui::SetCursorPosX(label_w);
        help_text(ctx.tr("team.kiosk.joined_help"));
        ctx.probe("team.kiosk.joined");
    }
    // Who the desk syncs as: the agent signed in to the team, or the station's own account.
    if (!s.team_kiosk) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("team.signin.row"));
        ImGui::SameLine(label_w);
        AgentProfile me;
        const bool has_account = signed_in_agent(ctx, me) && !me.team_account.empty();
        Role session_role = Role::Agent;
        parse_name(t.session_role, session_role);
        if (!t.session_agent.empty()) {
            ImGui::TextColored(theme::kOkText, "%s",
                               ctx.trf("team.signin.as", {{"name", me.name}, {"account", t.session_account},
                                                          {"role", ctx.tr(label_key(session_role))}}).c_str());
        } else {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(ctx.tr(has_account ? "team.signin.none" : "team.signin.no_account"));
            ImGui::PopTextWrapPos();
            if (has_account && !ctx.ui.read_only) {
                ImGui::SetCursorPosX(label_w);
                if (ImGui::SmallButton(ctx.tr("team.signin.button"))) {
                    t.signin_open = true;
                    t.signin_dismissed.clear();
                }
                ctx.probe("team.signin.open");
            } else if (!has_account && !ctx.ui.read_only && !me.id.empty() && me.active && current_role(ctx) == Role::Admin) {
                // An administrator without a team account (the first desk, just joined): their own, here.
                ImGui::SetCursorPosX(label_w);
                if (ImGui::SmallButton(ctx.tr("team.signin.make_own"))) {
                    t.account_for = me.id;
                    t.account_error = {};
                }
                ctx.probe("team.signin.make_own");
            }
        }
        ctx.probe_field("team.signin.row", t.session_account);
    }
    row(ctx, label_w, tr_key("team.server"), s.team_server, "team.server");
    row(ctx, label_w, tr_key("team.account"), s.team_account, "team.account");
    const int64_t today = ctx.state.calendar.local_day(static_cast<int64_t>(ctx.platform.now_ms()));
    row(ctx, label_w, tr_key("team.station"),
        ctx.trf("team.station.value", {{"code", s.team_station}, {"example", format_form_no(today, 1, s.team_station)}}), "team.station");
    int keep = s.team_keep_days;
    if (!s.team_kiosk && keep_choice(ctx, label_w, keep, may_change)) ctx.report(ctx.dispatch(SetTeamWorkingSet{keep}));
    if (t.released > 0) {
        ImGui::SetCursorPosX(label_w);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
        rich_text({{ctx.trf("team.keep.released", {{"n", std::to_string(t.released)}, {"days", std::to_string(keep)}})}},
                  ImGui::GetContentRegionAvail().x);
        ImGui::PopStyleColor();
        ctx.probe("team.released");
    }
    if (t.working_set_unsupported) {
        ImGui::SetCursorPosX(label_w);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarnText);
        rich_text({{ctx.tr("team.keep.unsupported")}}, ImGui::GetContentRegionAvail().x);
        ImGui::PopStyleColor();
        ctx.probe("team.keep_unsupported");
    }
    row(ctx, label_w, tr_key("team.last_sync"), t.last_synced_ms ? format_time(ctx, t.last_synced_ms) : std::string(ctx.tr("team.never")), "team.last_sync");
    row(ctx, label_w, tr_key("team.pending"),
        ctx.trf("team.pending.value", {{"n", std::to_string(t.pending)}, {"down", std::to_string(t.pulled)}, {"up", std::to_string(t.pushed)}}),
        "team.pending");
    if (t.verifying || t.forgotten > 0) {  // the server went back in time
        ImGui::SetCursorPosX(label_w);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarnText);
        rich_text({{t.verifying ? std::string(ctx.tr("team.restored.checking"))
                                : ctx.trf("team.restored.done", {{"n", std::to_string(t.forgotten)}})}},
                  ImGui::GetContentRegionAvail().x);
        ImGui::PopStyleColor();
        ctx.probe("team.restored");
    }

    draw_list(ctx, tr_key("team.refused.title"), t.refused, "team.refused");
    if (!t.refused_docs.empty()) {  // each with its first problem, in words
        std::vector<std::pair<std::string, std::string>> docs;
        for (const auto& [id, issue] : t.refused_docs)
            docs.push_back({id, issue.key.empty() ? std::string() : ctx.trf(issue.key.c_str(), {{"path", issue.path}, {"detail", issue.detail}})});
        draw_list(ctx, tr_key("team.refused_docs.title"), docs, "team.refused_docs");
    }
    if (!t.conflicts.empty()) {
        ImGui::Spacing();
        ImGui::TextColored(theme::kWarnText, "%s", ctx.trf("team.conflicts.title", {{"n", std::to_string(t.conflicts.size())}}).c_str());
        ctx.probe("team.conflicts");
        help_text(ctx.tr("team.conflicts.help"));
        ImGui::Indent();
        for (size_t i = 0; i < t.conflicts.size() && i < 50; ++i) {
            ImGui::PushID(static_cast<int>(i));
            std::string type, id;
            parse_team_doc_id(t.conflicts[i], type, id);
            std::string label = t.conflicts[i];
            if (type == kCaseType)
                if (const CaseRow* row = ctx.state.cases.find(id)) label = row->form_no + "  " + row->customer;
            if (ImGui::SmallButton(ctx.tr("team.conflicts.open"))) {
                t.resolving = t.conflicts[i];
                t.picks.clear();
            }
            ctx.probe(("team.conflict." + std::to_string(i)).c_str());
            ImGui::SameLine();
            ImGui::TextUnformatted(label.c_str());
            ImGui::PopID();
        }
        ImGui::Unindent();
    }

    ImGui::Spacing();
    ImGui::SetCursorPosX(label_w);
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("team.sync_now"))) t.sync_now_requested = true;
    ctx.probe("team.sync_now");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!may_change);
    if (ImGui::Button(ctx.tr("team.leave"))) t.leave_confirm = true;
    ctx.probe("team.leave");
    ImGui::EndDisabled();
    confirm_dialog(ctx, t.leave_confirm, "##team_leave", ctx.tr("team.leave.confirm"), tr_key("team.leave"), "team_leave",
                   [&] { t.leave_requested = true; });
}

void draw_server_find(const ViewContext& ctx) {
    TeamUi& t = ctx.ui.team;
    const Settings& s = ctx.state.settings;
    const std::string& text = ctx.ui.cases.search;
    if (!t.found_opened.empty()) open_case(ctx, std::exchange(t.found_opened, std::string()));
    if (!s.in_team() || s.team_keep_days == kKeepEverything || ctx.ui.read_only || server_find_bodies(text).empty()) return;
    const bool current = t.find_text == text;  // results of an earlier text are not shown
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("team.find.scope", {{"n", std::to_string(s.team_keep_days)}}).c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(t.finding);
    if (ImGui::SmallButton(ctx.tr("team.find.button"))) {
        t.find_text = text;
        t.find_requested = true;
    }
    ctx.probe("cases.find_server");
    ImGui::EndDisabled();
    if (!current) return;
    if (t.finding) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kAccent, "%s", ctx.tr("team.find.working"));
        return;
    }
    if (!t.find_error.key.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kErrorText, "%s", ctx.trf(t.find_error.key.c_str(), {{"detail", t.find_error.detail}}).c_str());
        ctx.probe("cases.find_error");
    }
    // Cases this station holds already are in the list below; the rest are shown here.
    std::vector<size_t> shown;
    for (size_t i = 0; i < t.found.size(); ++i)
        if (!ctx.state.records.find(kCaseType, t.found[i].record.id)) shown.push_back(i);
    if (t.find_error.key.empty() && shown.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("team.find.none"));
        ctx.probe("cases.found_none");
        return;
    }
    if (shown.empty()) return;
    ImGui::TextColored(theme::kAccent, "%s", ctx.trf("team.find.title", {{"n", std::to_string(shown.size())}}).c_str());
    ctx.probe("cases.found");
    const float row_h = ImGui::GetFrameHeightWithSpacing();
    const float height = row_h * (static_cast<float>(std::min<size_t>(shown.size(), 5)) + 1.3f);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##found", 6, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const char* columns[] = {tr_key("cases.col.form_no"), tr_key("cases.col.customer"), tr_key("team.find.phone"), tr_key("cases.col.status"),
                             tr_key("team.find.created"), ""};
    const float weights[] = {1.5f, 1.0f, 1.1f, 0.8f, 1.0f, 0.6f};
    for (int i = 0; i < 6; ++i) ImGui::TableSetupColumn(*columns[i] ? ctx.tr(columns[i]) : "", ImGuiTableColumnFlags_WidthStretch, weights[i]);
    ImGui::TableHeadersRow();
    for (size_t n = 0; n < shown.size(); ++n) {
        const TeamUi::FoundRow& r = t.found_rows[shown[n]];
        ImGui::PushID(static_cast<int>(n));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.form_no.empty() ? "—" : r.form_no.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.customer.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted((s.mask_phones ? mask_phone(r.phone) : r.phone).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ctx.tr(label_key(r.status)));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_time(ctx, r.created_ms).c_str());  // with the year: found cases are old
        ImGui::TableNextColumn();
        if (ImGui::SmallButton(ctx.tr("team.find.open"))) t.open_found = static_cast<int>(shown[n]);
        if (n < 3) ctx.probe(("cases.found." + std::to_string(n)).c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void draw_team_status(const ViewContext& ctx) {
    if (!ctx.state.settings.in_team()) return;
    const TeamWord word = team_word(ctx);
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    ImGui::TextColored(word.colour, "%s", "\xE2\x87\x85");  // ⇅
    ImGui::SameLine(0, ImGui::GetFontSize() * 0.3f);
    ImGui::TextColored(word.colour, "%s", word.text.c_str());
    ctx.probe_field("status.team", word.text);  // the words, for the tests
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (ImGui::IsItemClicked()) {
        ctx.ui.section = Section::Settings;
        ctx.ui.team.scroll_here = true;
    }
}

void draw_team_first_run(const ViewContext& ctx, float w) {
    TeamUi& t = ctx.ui.team;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    ImGui::TextUnformatted(ctx.tr("team.first.title"));
    ImGui::PopFont();
    if (ctx.state.settings.in_team()) {
        // Joined: the first sync brings the agents; the sign-in screen follows by itself.
        const TeamWord word = team_word(ctx);
        help_text(ctx.tr("team.first.waiting"));
        ImGui::Spacing();
        ImGui::TextColored(word.colour, "%s", word.text.c_str());
        ctx.probe("team.first.state");
        ImGui::TextUnformatted(ctx.trf("team.first.pulled", {{"n", std::to_string(t.pulled)}}).c_str());
        if (!t.error.key.empty() && t.phase != TeamSync::Phase::Synced) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(theme::kErrorText, "%s", ctx.trf(t.error.key.c_str(), {{"detail", t.error.detail}}).c_str());
            ImGui::PopTextWrapPos();
        }
        if (t.phase == TeamSync::Phase::Synced) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(theme::kWarnText, "%s", ctx.tr("team.first.no_agents"));
            ImGui::PopTextWrapPos();
        }
        return;
    }
    help_text(ctx.tr("team.join.help"));
    ImGui::Spacing();
    ImGui::BeginDisabled(t.joining);
    const bool enter = join_fields(ctx, -1, w);
    keep_choice(ctx, -1, t.join_keep_days, !t.joining);
    ImGui::Spacing();
    const bool ready = join_ready(t);
    ImGui::BeginDisabled(!ready);
    if ((ImGui::Button(ctx.tr(t.joining ? "team.join.working" : "team.join.button"), ImVec2(w, ImGui::GetFrameHeight() * 1.35f)) || (enter && ready)) && !t.joining)
        t.join_requested = true;
    ctx.probe("team.join");
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    if (!t.join_error.key.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kErrorText, "%s", ctx.trf(t.join_error.key.c_str(), {{"detail", t.join_error.detail}}).c_str());
        ImGui::PopTextWrapPos();
        ctx.probe("team.join_error");
    }
    ImGui::Spacing();
    if (ImGui::Button(ctx.tr("team.first.back"), ImVec2(w, 0))) t.first_run_open = false;
    ctx.probe("team.first.back");
}

namespace {

// A listed field's name in the user's language (the case form's labels), else its path.
std::string field_label(const ViewContext& ctx, const std::string& path) {
    static const std::pair<const char*, const char*> kNames[] = {
        {"customer.name", tr_key("case.field.customer_name")}, {"customer.mobile", tr_key("case.field.customer_phone")},
        {"customer.telephone", tr_key("case.field.customer_phone")}, {"description", tr_key("case.field.description")},
        {"acceptance", tr_key("case.field.acceptance")}, {"solution", tr_key("case.field.solution")},
        {"result", tr_key("case.field.result")}, {"review", tr_key("case.field.review")}, {"order_no", tr_key("case.field.order_no")},
        {"_deleted", tr_key("team.conflict.deleted")},
    };
    for (const auto& [p, key] : kNames)
        if (path == p) return ctx.tr(key);
    return path;
}

// A value as the agent reads it: a signed section's text, a text, "deleted / kept", or JSON.
std::string shown_value(const ViewContext& ctx, const std::string& path, const nlohmann::json& v) {
    if (path == "_deleted") return ctx.tr(v.is_boolean() && v.get<bool>() ? tr_key("team.conflict.delete") : tr_key("team.conflict.keep"));
    if (v.is_null()) return ctx.tr("team.conflict.empty");
    if (v.is_object() && v.contains("text") && v["text"].is_string()) return v["text"].get<std::string>();
    if (v.is_string()) return v.get<std::string>();
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void draw_conflict_dialog(const ViewContext& ctx) {
    TeamUi& t = ctx.ui.team;
    if (t.resolving.empty()) return;
    std::string type, id;
    const Record* r = parse_team_doc_id(t.resolving, type, id) ? ctx.state.records.find(type, id) : nullptr;
    const std::vector<FieldConflict> list = r ? field_conflicts(*r) : std::vector<FieldConflict>{};
    if (list.empty()) {  // settled meanwhile (here or at another desk)
        t.resolving.clear();
        return;
    }
    const char* popup = "##team_conflict";
    if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x - 40.0f, font * 52.0f), std::min(vp->Size.y - 40.0f, font * 34.0f)));
    if (!ImGui::BeginPopupModal(popup, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoTitleBar)) return;
    ctx.probe("team.resolve.window");
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.2f);
    std::string title = t.resolving;
    if (type == kCaseType)
        if (const CaseRow* row = ctx.state.cases.find(id)) title = row->form_no + "  " + row->customer;
    ImGui::TextUnformatted(ctx.trf("team.resolve.title", {{"record", title}}).c_str());
    ImGui::PopFont();
    help_text(ctx.tr("team.resolve.help"));
    const bool lead = current_role(ctx) >= Role::Lead;
    ImGui::BeginChild("##conflicts", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.6f), ImGuiChildFlags_Borders);
    const float col_w = (ImGui::GetContentRegionAvail().x - font) * 0.5f;
    for (size_t i = 0; i < list.size(); ++i) {
        const FieldConflict& f = list[i];
        ImGui::PushID(static_cast<int>(i));
        auto pick = std::find_if(t.picks.begin(), t.picks.end(), [&](const auto& p) { return p.first == f.path; });
        if (pick == t.picks.end()) {
            t.picks.push_back({f.path, 0});
            pick = t.picks.end() - 1;
        }
        ImGui::SeparatorText(field_label(ctx, f.path).c_str());
        const struct {
            const nlohmann::json* value;
            const Actor* by;
            int choice;
            const char* probe;
        } sides[] = {{&f.mine, &f.mine_by, 1, "mine"}, {&f.theirs, &f.theirs_by, 2, "theirs"}};
        for (int side = 0; side < 2; ++side) {
            if (side) ImGui::SameLine(0, font);
            ImGui::PushID(side);
            ImGui::BeginGroup();
            const std::string who = sides[side].by->name.empty() ? ctx.tr("team.resolve.someone") : sides[side].by->name;
            ImGui::BeginDisabled(!lead || ctx.ui.read_only);
            const std::string label = ctx.trf("team.resolve.version_of", {{"n", std::to_string(side + 1)}, {"name", who}});
            if (ImGui::RadioButton(label.c_str(), pick->second == sides[side].choice)) pick->second = sides[side].choice;
            ImGui::EndDisabled();
            ctx.probe(("team.resolve." + std::to_string(i) + "." + sides[side].probe).c_str());
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col_w);
            ImGui::TextUnformatted(shown_value(ctx, f.path, *sides[side].value).c_str());
            ImGui::PopTextWrapPos();
            ImGui::Dummy(ImVec2(col_w, 0));
            ImGui::EndGroup();
            ImGui::PopID();
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    std::vector<ConflictPick> picks;
    for (const auto& [path, choice] : t.picks)
        if (choice) picks.push_back({path, choice == 2});
    ImGui::BeginDisabled(picks.empty() || !lead || ctx.ui.read_only);
    if (ImGui::Button(ctx.trf("team.resolve.save", {{"n", std::to_string(picks.size())}}).c_str())) {
        const ApplyResult res = ctx.dispatch(ResolveConflict{type, id, r->rev, picks});
        ctx.report(res);
        if (res.ok) {
            t.picks.clear();
            if (field_conflicts(*ctx.state.records.find_any(type, id)).empty()) {
                t.resolving.clear();
                ImGui::CloseCurrentPopup();
            }
        }
    }
    ImGui::EndDisabled();
    ctx.probe("team.resolve.save");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("common.close")) || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        t.resolving.clear();
        t.picks.clear();
        ImGui::CloseCurrentPopup();
    }
    ctx.probe("team.resolve.close");
    if (!lead) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("team.resolve.lead_only"));
    }
    ImGui::EndPopup();
}

nlohmann::json team_snapshot(const SnapshotContext& ctx) {
    const TeamUi& t = ctx.ui.team;
    const Settings& s = ctx.state.settings;
    nlohmann::json refused = nlohmann::json::array();
    for (const auto& [id, why] : t.refused) refused.push_back({{"id", id}, {"reason", why}});
    nlohmann::json refused_docs = nlohmann::json::array();
    for (const auto& [id, why] : t.refused_docs) refused_docs.push_back({{"id", id}, {"problem", why.key}, {"path", why.path}});
    nlohmann::json check_items = nlohmann::json::array();
    for (const JoinPreview::Item& i : t.check_items) check_items.push_back({{"id", i.doc_id}, {"outcome", name_of(i.outcome)}, {"conflicts", i.conflicts}});
    nlohmann::json check_counts = nlohmann::json::object();
    for (size_t i = 0; i < t.check_counts.size(); ++i) check_counts[name_of(static_cast<JoinPreview::Outcome>(i))] = t.check_counts[i];
    nlohmann::json found = nlohmann::json::array();
    for (const TeamUi::FoundRow& r : t.found_rows) found.push_back(r.form_no);
    return {{"in_team", s.in_team()}, {"server", s.team_server}, {"account", s.team_account}, {"station", s.team_station},
            {"phase", name_of(t.phase)}, {"error", t.error.key}, {"error_detail", t.error.detail}, {"pending", t.pending},
            {"pulled", t.pulled}, {"pushed", t.pushed}, {"verifying", t.verifying}, {"pull", t.pull_state}, {"forgotten", t.forgotten}, {"released", t.released}, {"refused", refused}, {"refused_docs", refused_docs},
            {"conflicts", t.conflicts}, {"joining", t.joining}, {"join_error", t.join_error.key},
            {"join_error_detail", t.join_error.detail}, {"last_synced_ms", t.last_synced_ms}, {"has_account", t.has_account},
            {"wake_in_ms", t.wake_in_ms}, {"keep_days", s.team_keep_days}, {"working_set_unsupported", t.working_set_unsupported},
            {"found", found}, {"finding", t.finding}, {"find_error", t.find_error.key},
            {"session", {{"agent", t.session_agent}, {"account", t.session_account}, {"role", t.session_role}, {"ended", t.session_ended},
                         {"signin_open", t.signin_open}, {"signing_in", t.signing_in}, {"error", t.signin_error.key}}},
            {"desk", {{"agent", t.desk_agent}, {"working", t.desk_working}, {"need_pin", t.desk_need_pin}, {"ready", t.desk_ready}, {"requested", t.desk_requested}}},
            {"password_job", {{"open", t.password_open}, {"working", t.changing_password}, {"error", t.password_error.key}}},
            {"account_job", {{"for", t.account_for}, {"working", t.making_account}, {"error", t.account_error.key},
                             {"detail", t.account_error.detail}}},
            {"check", {{"done", t.check_done}, {"checking", t.checking}, {"error", t.check_error.key}, {"counts", check_counts},
                       {"conflicts", t.check_conflicts}, {"items", check_items}}}};
}

}  // namespace kefu
