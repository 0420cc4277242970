// The case list: search, filters, a sortable table that only builds the rows on screen
// (ImGuiListClipper), SLA badges; plus the call timer and the shortcuts help.
// The list itself is a query of core/case_index (pure, tested); this file draws and dispatches.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>

#include "core/civil_date.hpp"
#include "core/app_state.hpp"
#include "core/exchange.hpp"
#include <tuple>
#include "imgui.h"
#include "imgui_stdlib.h"
#include "imgui_internal.h"  // ClearActiveID: a field being typed in must not carry its text into another case
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

// ---- [SECTION] shared case widgets ------------------------------------------------------------
std::string format_time(const ViewContext& ctx, int64_t ms, bool short_form) {
    if (ms <= 0) return "—";
    const std::time_t t = static_cast<std::time_t>(ms / 1000 + int64_t{ctx.state.calendar.utc_offset_minutes} * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    if (short_form) std::snprintf(buf, sizeof buf, "%02d-%02d %02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
    else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
    return buf;
}

std::string format_span(const ViewContext& ctx, int64_t ms) {
    const int64_t minutes = std::max<int64_t>(0, ms) / kMsPerMinute;
    const int64_t days = minutes / (24 * 60), hours = minutes / 60 % 24, mins = minutes % 60;
    if (days > 0) return ctx.trf("time.days_hours", {{"d", std::to_string(days)}, {"h", std::to_string(hours)}});
    if (hours > 0) return ctx.trf("time.hours_minutes", {{"h", std::to_string(hours)}, {"m", std::to_string(mins)}});
    return ctx.trf("time.minutes", {{"m", std::to_string(mins)}});
}

namespace {

struct SlaLook {
    const char* key;
    ImVec4 bg, text;
};
const SlaLook kSlaLooks[] = {
    {tr_key("sla.state.met"), ImVec4(0.863f, 0.988f, 0.906f, 1), ImVec4(0.082f, 0.502f, 0.239f, 1)},
    {tr_key("sla.state.ok"), ImVec4(0.859f, 0.918f, 0.996f, 1), ImVec4(0.118f, 0.251f, 0.686f, 1)},
    {tr_key("sla.state.paused"), ImVec4(0.945f, 0.957f, 0.969f, 1), ImVec4(0.278f, 0.333f, 0.412f, 1)},
    {tr_key("sla.state.due_soon"), ImVec4(1.0f, 0.929f, 0.835f, 1), ImVec4(0.604f, 0.204f, 0.071f, 1)},
    {tr_key("sla.state.breached"), ImVec4(0.996f, 0.886f, 0.886f, 1), ImVec4(0.6f, 0.106f, 0.106f, 1)},
};
static_assert(sizeof(kSlaLooks) / sizeof(kSlaLooks[0]) == static_cast<size_t>(SlaState::Count), "a look per SLA state");

}  // namespace

void sla_badge(const ViewContext& ctx, SlaState state, int64_t left_ms, bool with_time) {
    const SlaLook& look = kSlaLooks[static_cast<int>(state)];
    std::string text = ctx.tr(look.key);
    if (with_time && left_ms != kNever && (state == SlaState::Ok || state == SlaState::DueSoon || state == SlaState::Paused))
        text += " · " + ctx.trf("sla.left", {{"time", format_span(ctx, left_ms)}});
    else if (with_time && left_ms != kNever && state == SlaState::Breached && left_ms < 0)
        text += " · " + ctx.trf("sla.over", {{"time", format_span(ctx, -left_ms)}});
    const float font = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 pad(font * 0.4f, font * 0.08f);
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + ts.x + pad.x * 2, p.y + ts.y + pad.y * 2), ImGui::GetColorU32(look.bg),
                                              font * 0.25f);
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad.x, p.y + pad.y));
    ImGui::TextColored(look.text, "%s", text.c_str());
}

// ---- [SECTION] actions ------------------------------------------------------------------------
void new_case(const ViewContext& ctx, CaseChannel channel) {
    CasesUi& c = ctx.ui.cases;
    ctx.ui.section = Section::Cases;
    c.form_open = true;
    c.creating = true;
    c.open_id.clear();
    c.base_rev = 0;
    c.edit = Case{};
    c.edit.channel = channel;
    // A field of the previous form still active would keep its own copy of the old text and
    // write it into the new case (the same widget, another case): let go of it first.
    ImGui::ClearActiveID();
    c.editing_field.clear();
    c.dialog = CaseDialog::None;
    c.focus_field = channel == CaseChannel::InboundCall ? "case.mobile" : "case.name";
}

void start_call(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    if (c.call_active) end_call(ctx);  // one call at a time: the previous one is logged
    c.call_active = true;
    c.call_started_ms = ctx.platform.now_ms();
    c.call_log_id = new_record_id('k', static_cast<int64_t>(c.call_started_ms), random_salt());
    c.call_direction = ContactDirection::Inbound;
    c.call_case_id.clear();
    new_case(ctx, CaseChannel::InboundCall);
}

void start_outbound_call(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    if (!c.form_open || c.creating) return;
    if (c.call_active) end_call(ctx);
    c.call_active = true;
    c.call_started_ms = ctx.platform.now_ms();
    c.call_log_id = new_record_id('k', static_cast<int64_t>(c.call_started_ms), random_salt());
    c.call_direction = ContactDirection::Outbound;
    c.call_case_id = c.open_id;
}

void end_call(const ViewContext& ctx, int64_t ended_ms) {
    CasesUi& c = ctx.ui.cases;
    if (!c.call_active) return;
    c.call_active = false;
    const int64_t now = ended_ms > 0 ? ended_ms : static_cast<int64_t>(ctx.platform.now_ms());
    const Case& e = c.edit;
    LogContact log;
    // The id chosen when the call started: a draft restored after this call was logged knows it.
    log.id = !c.call_log_id.empty() ? c.call_log_id : new_record_id('k', now, random_salt());
    log.started_ms = static_cast<int64_t>(c.call_started_ms);
    log.ended_ms = std::max(now, log.started_ms);
    log.direction = c.call_direction;
    const bool with_case = c.form_open;
    log.phone = with_case ? (!e.customer.mobile.empty() ? e.customer.mobile : e.customer.telephone) : std::string();
    log.customer = with_case ? e.customer.name + e.customer.salutation : std::string();
    log.question = with_case ? e.description.text.substr(0, 600) : std::string();
    if (log.question.size() == 600) while (!log.question.empty() && (static_cast<unsigned char>(log.question.back()) & 0xC0) == 0x80) log.question.pop_back();
    if (!log.question.empty() && static_cast<unsigned char>(log.question.back()) >= 0xC0) log.question.pop_back();
    log.case_id = with_case && !c.creating ? c.open_id : std::string();
    if (c.call_direction == ContactDirection::Outbound && ctx.state.records.find(kCaseType, c.call_case_id)) {
        // Logged on the case it was made from, whatever is on screen now.
        const Case called = case_from_record(*ctx.state.records.find(kCaseType, c.call_case_id));
        log.case_id = c.call_case_id;
        log.phone = !called.customer.mobile.empty() ? called.customer.mobile : called.customer.telephone;
        log.customer = called.customer.name + called.customer.salutation;
        log.question.clear();
    }
    const ApplyResult r = ctx.dispatch(log);
    ctx.report(r);
    if (r.ok) {
        const int secs = static_cast<int>((log.ended_ms - log.started_ms) / 1000);
        char mmss[24];
        std::snprintf(mmss, sizeof mmss, "%d:%02d", secs / 60 % 10000, secs % 60);
        ctx.toast(ctx.trf("call.logged", {{"time", mmss}}));
    }
    if (r.ok && c.creating) c.pending_contact = log.id;  // attached when this new case is saved
}

void open_case(const ViewContext& ctx, const std::string& id) {
    const Record* r = ctx.state.records.find(kCaseType, id);
    if (!r) return;
    CasesUi& c = ctx.ui.cases;
    ctx.ui.section = Section::Cases;
    if (c.form_open && !c.creating && c.open_id != id) {  // another case: a field still active must let go (see new_case)
        ImGui::ClearActiveID();
        c.editing_field.clear();
    }
    c.form_open = true;
    c.creating = false;
    c.open_id = id;
    c.base_rev = r->rev;
    c.edit = case_from_record(*r);
    c.loaded = c.edit;
    c.changed_elsewhere = false;
    c.dialog = CaseDialog::None;
}

void draw_call_status(const ViewContext& ctx) {
    const CasesUi& c = ctx.ui.cases;
    if (!c.call_active) return;
    const double secs = std::max(0.0, (ctx.platform.now_ms() - c.call_started_ms) / 1000.0);
    const int s = static_cast<int>(secs);
    char clock[16];
    std::snprintf(clock, sizeof clock, "%02d:%02d", s / 60, s % 60);
    // The seeds: calls within 3 minutes, 5 at most.
    const ImVec4 colour = s < 180 ? theme::kOkText : s < 300 ? theme::kWarnText : theme::kErrorText;
    ImGui::TextColored(colour, "%s", ctx.trf(c.call_direction == ContactDirection::Outbound ? "call.timer_out" : "call.timer", {{"time", clock}}).c_str());
    ctx.probe("status.call");
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(s < 180 ? "call.target" : s < 300 ? "call.over_target" : "call.over_limit"));
    ImGui::SameLine();
    if (ImGui::SmallButton(ctx.tr("call.end"))) end_call(ctx);
    ctx.probe("status.call_end");
    ctx.wake_in(1000.0 - std::fmod(ctx.platform.now_ms() - c.call_started_ms, 1000.0) + 5.0);
}

void draw_case_help(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    if (c.help_open && !ImGui::IsPopupOpen("##case_help")) ImGui::OpenPopup("##case_help");
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetMainViewport()->Size.x - font * 2, font * 30), 0));
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("##case_help", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.2f);
    ImGui::TextUnformatted(ctx.tr("help.title"));
    ImGui::PopFont();
    ctx.probe("help.title");
    ImGui::Separator();
    const std::pair<const char*, const char*> keys[] = {
        {"F2", tr_key("help.call")},           {"Ctrl+N", tr_key("help.new")},        {"Ctrl+S", tr_key("help.save")},
        {"Ctrl+F", tr_key("help.search")},     {"↑ / ↓, Enter", tr_key("help.list")}, {"Alt+↑ / Alt+↓", tr_key("help.prev_next")},
        {"Esc", tr_key("help.back")},          {"Tab / Shift+Tab", tr_key("help.tab")}, {"Ctrl+K", tr_key("help.palette")},
        {"F1", tr_key("help.help")},
    };
    if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
        for (const auto& [key, what] : keys) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(theme::kAccent, "%s", key);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ctx.tr(what));
        }
        ImGui::EndTable();
    }
    // F1 toggles help_open (frame_view's shortcut); Esc and the button close it here.
    if (ImGui::Button(ctx.tr("common.close")) || ImGui::IsKeyPressed(ImGuiKey_Escape) || !c.help_open) {
        c.help_open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

// ---- [SECTION] the list -----------------------------------------------------------------------
namespace {

// A filter combo over a bit mask of `count` values: "全部" or the chosen values' labels.
// `worst_first` lists the values from the last one (deadline states: overdue on top).
void mask_combo(const ViewContext& ctx, const char* id, const char* title_key, uint32_t& mask, float width, int count,
                const std::function<const char*(int)>& label, bool worst_first = false) {
    std::string preview;
    int chosen = 0;
    for (int i = 0; i < count; ++i)
        if (mask >> i & 1u) {
            if (chosen++) preview += "、";
            preview += label(i);
        }
    if (!chosen) preview = ctx.tr("cases.filter.all");
    ImGui::SetNextItemWidth(width);
    const std::string shown = std::string(ctx.tr(title_key)) + ": " + preview;
    if (ImGui::BeginCombo(("##" + std::string(id)).c_str(), shown.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (int k = 0; k < count; ++k) {
            const int i = worst_first ? count - 1 - k : k;
            bool on = mask >> i & 1u;
            if (ImGui::Checkbox(label(i), &on)) mask = on ? mask | 1u << i : mask & ~(1u << i);
        }
        if (mask && ImGui::SmallButton(ctx.tr("cases.filter.clear"))) mask = 0;
        ImGui::EndCombo();
    }
    ctx.probe(id);
}

template <typename E>
void enum_mask_combo(const ViewContext& ctx, const char* id, const char* title_key, uint32_t& mask, float width) {
    mask_combo(ctx, id, title_key, mask, width, static_cast<int>(E::Count),
               [&](int i) { return ctx.tr(label_key(static_cast<E>(i))); });
}

std::string query_key(const CasesUi& c) {
    const CaseQuery& q = c.query;
    char buf[220];
    std::snprintf(buf, sizeof buf, "%u/%u/%u/%u/%u/%d/%d/%d/%lld/%lld/", q.statuses, q.categories, q.kinds, q.departments,
                  q.sla_states, q.open_only, static_cast<int>(q.sort), q.descending, static_cast<long long>(q.created_from_ms),
                  static_cast<long long>(q.created_to_ms));
    return buf + q.agent + "/" + c.search;
}

const std::vector<uint32_t>& list_rows(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    const std::string key = query_key(c);
    // SLA states change with time: refresh at least once a minute.
    if (c.cached_version != ctx.state.version || c.cached_key != key || c.cached_minute != now / kMsPerMinute) {
        CaseQuery q = c.query;
        q.text = c.search;
        c.rows = ctx.state.cases.query(q, now);
        c.cached_version = ctx.state.version;
        c.cached_key = key;
        c.cached_minute = now / kMsPerMinute;
        c.selected = std::min(c.selected, std::max(0, static_cast<int>(c.rows.size()) - 1));
    }
    return c.rows;
}

constexpr CaseSort kColumnSorts[] = {CaseSort::FormNo, CaseSort::Customer, CaseSort::Category, CaseSort::Kind,
                                     CaseSort::Status, CaseSort::Sla, CaseSort::Agent, CaseSort::Updated};
constexpr const char* kColumnKeys[] = {tr_key("cases.col.form_no"), tr_key("cases.col.customer"), tr_key("cases.col.category"),
                                       tr_key("cases.col.kind"), tr_key("cases.col.status"), tr_key("cases.col.sla"),
                                       tr_key("cases.col.agent"), tr_key("cases.col.updated")};
static_assert(sizeof(kColumnSorts) / sizeof(kColumnSorts[0]) == sizeof(kColumnKeys) / sizeof(kColumnKeys[0]), "a key per column");

void draw_list(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    const float font = ImGui::GetFontSize();
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());

    // Title row: title, count, the two ways in.
    const float right_edge = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr("nav.cases"));
    ImGui::PopFont();
    ctx.probe("section.title");
    const std::vector<uint32_t>& rows = list_rows(ctx);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s",
                       ctx.trf("cases.count", {{"n", std::to_string(rows.size())}, {"total", std::to_string(ctx.state.cases.size())}}).c_str());
    const char* call_label = ctx.tr("cases.call");
    const char* new_label = ctx.tr("cases.new");
    const float buttons_w = ImGui::CalcTextSize(call_label).x + ImGui::CalcTextSize(new_label).x + font * 3.0f;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + font, right_edge - buttons_w));
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(call_label)) start_call(ctx);
    ctx.probe("cases.call");
    ImGui::SameLine();
    if (ImGui::Button(new_label)) new_case(ctx, CaseChannel::InboundCall);
    ctx.probe("cases.new");
    ImGui::EndDisabled();

    // Cases or the contact log.
    if (ImGui::RadioButton(ctx.tr("cases.tab.cases"), !c.show_contacts)) c.show_contacts = false;
    ctx.probe("cases.tab.cases");
    ImGui::SameLine();
    if (ImGui::RadioButton(ctx.tr("cases.tab.contacts"), c.show_contacts)) c.show_contacts = true;
    ctx.probe("cases.tab.contacts");
    if (c.show_contacts) {
        draw_contact_log(ctx);
        return;
    }

    // Search and filters.
    if (c.focus_search) {
        ImGui::SetKeyboardFocusHere();
        c.focus_search = false;
    }
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, font * 22.0f));
    // The list above was filtered with the text as it was: a changed text is applied on the
    // next frame, which is asked for here (typing alone may not bring one).
    if (ImGui::InputTextWithHint("##search", ctx.tr("cases.search_hint"), &c.search)) ctx.wake_in(0);
    ctx.probe_field("cases.search", c.search);
    const bool search_focused = ImGui::IsItemFocused() || ImGui::IsItemActive();
    ImGui::SameLine();
    ImGui::Checkbox(ctx.tr("cases.filter.open"), &c.query.open_only);
    ctx.probe("cases.filter.open");
    const float combo_w = font * 9.5f;
    enum_mask_combo<CaseStatus>(ctx, "cases.filter.status", tr_key("cases.col.status"), c.query.statuses, combo_w);
    ImGui::SameLine();
    enum_mask_combo<CaseCategory>(ctx, "cases.filter.category", tr_key("cases.col.category"), c.query.categories, combo_w);
    ImGui::SameLine();
    enum_mask_combo<CaseKind>(ctx, "cases.filter.kind", tr_key("cases.col.kind"), c.query.kinds, combo_w);
    ImGui::SameLine();
    enum_mask_combo<Department>(ctx, "cases.filter.department", tr_key("case.field.department"), c.query.departments, combo_w);
    ImGui::SameLine();
    mask_combo(ctx, "cases.filter.sla", tr_key("cases.col.sla"), c.query.sla_states, combo_w, static_cast<int>(SlaState::Count),
               [&](int i) { return ctx.tr(kSlaLooks[i].key); }, /*worst_first=*/true);
    // Second row: who recorded it and when it was created.
    ImGui::SetNextItemWidth(combo_w);
    const std::string agent_label = std::string(ctx.tr("cases.col.agent")) + ": " + (c.query.agent.empty() ? ctx.tr("cases.filter.all") : c.query.agent);
    if (ImGui::BeginCombo("##agent", agent_label.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::Selectable(ctx.tr("cases.filter.all"), c.query.agent.empty())) c.query.agent.clear();
        for (const std::string& name : ctx.state.cases.agents())
            if (ImGui::Selectable(name.c_str(), name == c.query.agent)) c.query.agent = name;
        ImGui::EndCombo();
    }
    ctx.probe("cases.filter.agent");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("cases.filter.created"));
    const int offset = ctx.state.calendar.utc_offset_minutes;
    for (auto [buf, ms, probe_id, end] : {std::make_tuple(&c.from_date, &c.query.created_from_ms, "cases.filter.from", false),
                                          std::make_tuple(&c.to_date, &c.query.created_to_ms, "cases.filter.to", true)}) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(font * 6.5f);
        ImGui::InputTextWithHint((std::string("##") + probe_id).c_str(), end ? ctx.tr("cases.filter.to_hint") : ctx.tr("cases.filter.from_hint"), buf);
        ctx.probe_field(probe_id, *buf);
        int64_t day_start = 0;
        if (buf->empty()) *ms = 0;
        else if (parse_local_date(*buf, offset, day_start)) *ms = end ? day_start + kMsPerDay : day_start;  // "to" includes that day
        if (!buf->empty() && !parse_local_date(*buf, offset, day_start)) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kWarnText, "%s", ctx.tr("cases.filter.bad_date"));
        }
    }

    draw_server_find(ctx);  // a station keeping a working set: older cases on the team server

    if (ctx.state.cases.size() == 0) {
        ImGui::Dummy(ImVec2(0, font));
        ImGui::PushTextWrapPos(std::min(ImGui::GetContentRegionAvail().x, font * 36.0f));
        ImGui::TextUnformatted(ctx.tr("cases.empty"));
        ImGui::PopTextWrapPos();
        return;
    }

    if (rows.empty()) {
        ImGui::Dummy(ImVec2(0, font * 0.5f));
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("cases.no_match"));
        ctx.probe("cases.no_match");
        return;
    }

    // Keyboard: ↑/↓ move the selection, Enter opens it (also while typing in the search box).
    if (!rows.empty() && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup)) {
        const bool nav_ok = search_focused || !ImGui::GetIO().WantTextInput;
        if (nav_ok && ImGui::IsKeyPressed(ImGuiKey_DownArrow)) c.selected = std::min(c.selected + 1, static_cast<int>(rows.size()) - 1), c.scroll_to_selected = true;
        if (nav_ok && ImGui::IsKeyPressed(ImGuiKey_UpArrow)) c.selected = std::max(c.selected - 1, 0), c.scroll_to_selected = true;
        if (nav_ok && (ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter)) && c.selected < static_cast<int>(rows.size())) {
            open_case(ctx, ctx.state.cases.row(rows[static_cast<size_t>(c.selected)]).id);
            return;
        }
    }

    // The problem-order list (《问题订单处理一览表》): with only 问题订单 chosen, the order
    // number takes the category's column.
    const bool orders = c.query.kinds == 1u << static_cast<unsigned>(CaseKind::OrderProblem);
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##cases", 8, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const float weights[] = {1.45f, 1.0f, 0.55f, 0.75f, 1.0f, 1.5f, 0.7f, 0.95f};
    for (int i = 0; i < 8; ++i) {
        ImGuiTableColumnFlags f = ImGuiTableColumnFlags_WidthStretch;
        if (kColumnSorts[i] == CaseSort::Updated) f |= ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending;
        const char* title = orders && kColumnSorts[i] == CaseSort::Category ? ctx.tr("case.field.order_no") : ctx.tr(kColumnKeys[i]);
        ImGui::TableSetupColumn(title, f, weights[i] * (orders && kColumnSorts[i] == CaseSort::Category ? 2.0f : 1.0f), static_cast<ImGuiID>(i));
    }
    ImGui::TableHeadersRow();
    ctx.probe("cases.header");
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty && specs->SpecsCount > 0) {
        c.query.sort = kColumnSorts[specs->Specs[0].ColumnUserID];
        c.query.descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        specs->SpecsDirty = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    if (c.scroll_to_selected) clipper.IncludeItemByIndex(c.selected);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const CaseRow& r = ctx.state.cases.row(rows[static_cast<size_t>(i)]);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            const bool selected = i == c.selected;
            if (ImGui::Selectable(r.form_no.empty() ? "—" : r.form_no.c_str(), selected,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                c.selected = i;
                open_case(ctx, r.id);
            }
            if (i < 3) ctx.probe(i == 0 ? "cases.row.0" : i == 1 ? "cases.row.1" : "cases.row.2");
            if (selected && c.scroll_to_selected) {
                ImGui::SetScrollHereY();
                c.scroll_to_selected = false;
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.customer.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(orders ? r.order_no.c_str() : ctx.tr(label_key(r.category)));
            ImGui::TableNextColumn();
            if (r.priority == CasePriority::MajorComplaint) ImGui::TextColored(theme::kErrorText, "%s", ctx.tr("case.priority.major_complaint"));
            else ImGui::TextUnformatted(ctx.tr(label_key(r.kind)));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ctx.tr(label_key(r.status)));
            ImGui::TableNextColumn();
            // Time left of the most urgent clock, in its own units (working time for working-
            // time rules): planned for the rows on screen only.
            const SlaState st = r.sla_state(now);
            int64_t left = kNever;
            int uncertain = 0;  // the year not entered that a working-time clock runs through
            if (st != SlaState::Met) {
                read_case(*ctx.state.records.find(kCaseType, r.id), c.scratch);
                const std::vector<SlaClock> clocks = plan_clocks(ctx.state.sla_rules, ctx.state.calendar, case_times(c.scratch));
                if (const SlaClock* urgent = most_urgent_clock(clocks, now)) {
                    left = clock_left_ms(*urgent, ctx.state.calendar, now);
                    uncertain = uncertain_year(*urgent, ctx.state.calendar);
                }
            }
            sla_badge(ctx, st, left, st != SlaState::Met);
            if (uncertain) {  // counted through a year whose holidays are not entered
                ImGui::SameLine(0, ImGui::GetFontSize() * 0.5f);
                ImGui::TextColored(theme::kWarnText, "≈");
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s", ctx.trf("case.sla.uncertain", {{"year", std::to_string(uncertain)}}).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.recorder.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_time(ctx, r.updated_ms, true).c_str());
        }
    }
    ImGui::EndTable();
}

}  // namespace

void draw_contact_log(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    const float font = ImGui::GetFontSize();
    if (c.contacts_version != ctx.state.version) {
        c.contacts = list_contacts(ctx.state.records);
        c.contacts_version = ctx.state.version;
    }
    if (c.contacts.empty()) {
        ImGui::Dummy(ImVec2(0, font * 0.5f));
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("contact.empty"));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##contacts", 7, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* key : {tr_key("contact.col.time"), tr_key("contact.col.duration"), tr_key("contact.col.direction"),
                            tr_key("contact.col.phone"), tr_key("contact.col.customer"), tr_key("contact.col.question"),
                            tr_key("contact.col.case")})
        ImGui::TableSetupColumn(ctx.tr(key));
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(c.contacts.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Contact& k = c.contacts[static_cast<size_t>(i)];
            ImGui::PushID(i);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_time(ctx, k.started_ms, true).c_str());
            if (i == 0) ctx.probe("contact.row.0");
            ImGui::TableNextColumn();
            const int64_t d = k.duration_ms();
            const int secs = static_cast<int>(d / 1000);
            const ImVec4 colour = d <= kCallTargetMs ? theme::kOkText : d <= kCallLimitMs ? theme::kWarnText : theme::kErrorText;
            ImGui::TextColored(colour, "%d:%02d", secs / 60, secs % 60);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ctx.tr(label_key(k.direction)));
            ImGui::TableNextColumn();
            const std::string phone = shown_phone(ctx, k.phone);
            ImGui::TextUnformatted(phone.c_str());
            if (i == 0) ctx.probe_field("contact.phone.0", phone);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(k.customer.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(k.question.substr(0, k.question.find('\n')).c_str());
            ImGui::TableNextColumn();
            if (const CaseRow* row = k.case_id.empty() ? nullptr : ctx.state.cases.find(k.case_id)) {
                if (ImGui::SmallButton(row->form_no.c_str())) open_case(ctx, row->id);
            } else if (!ctx.ui.read_only && ImGui::SmallButton(ctx.tr("contact.open_case"))) {
                // A call logged without a case: open one from it; saving attaches the call.
                new_case(ctx, CaseChannel::InboundCall);
                c.edit.customer.mobile = classify_phone(k.phone) == PhoneKind::Mobile ? k.phone : std::string();
                c.edit.customer.telephone = c.edit.customer.mobile.empty() ? k.phone : std::string();
                c.edit.customer.name = k.customer;
                c.edit.description.text = k.question;
                c.pending_contact = k.id;
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void draw_cases(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_F, ImGuiInputFlags_RouteGlobal)) {
        c.form_open = false;
        c.focus_search = true;
    }
    if (c.form_open) {
        // The form's widgets are the open case's own: a field still active from another case
        // (F2 in the middle of typing) must never write its text into this one (Dear ImGui
        // hands a deactivated field's last text to the next widget of the same id).
        ImGui::PushID(c.creating ? "##new-case" : c.open_id.c_str());
        draw_case_form(ctx);
        ImGui::PopID();
    }
    else draw_list(ctx);
}

// window.kefu.state().cases (the automation bridge, app.cpp).
nlohmann::json cases_snapshot(const SnapshotContext& snap) {
    const CasesUi& c = snap.ui.cases;
    nlohmann::json out = {{"total", snap.state.cases.size()},
                        {"listed", c.rows.size()},
                        {"form_open", c.form_open},
                        {"creating", c.creating},
                        {"call_active", c.call_active},
                        {"call_started", c.call_active ? c.call_started_ms : 0.0},
                        {"contacts", snap.state.records.count(kContactType)},
                        {"help_open", c.help_open},
                        {"dialog", c.dialog != CaseDialog::None}};
    nlohmann::json forms = nlohmann::json::array();  // every form number (the first 50), for the team tests
    for (size_t i = 0; i < snap.state.cases.size() && i < 50; ++i) forms.push_back(snap.state.cases.row(i).form_no);
    out["form_nos"] = forms;
    if (const CaseRow* r = c.form_open && !c.creating ? snap.state.cases.find(c.open_id) : nullptr)
        out["open"] = {{"id", r->id}, {"form_no", r->form_no}, {"status", name_of(r->status)}, {"rev", r->rev},
                     {"missing", r->missing},
                     {"sla", sla_state_name(r->sla_state(snap.now_ms))},
                     {"clocks", [&] {
                          nlohmann::json list = nlohmann::json::array();
                          for (const SlaClock& k : snap.state.cases.clocks(*r, snap.state.calendar, snap.state.sla_rules))
                              list.push_back({{"rule", snap.state.sla_rules[k.rule].id},
                                              {"deadline", k.deadline_ms == kNever ? nlohmann::json() : nlohmann::json(k.deadline_ms)},
                                              {"uncertain", k.uncertain}});
                          return list;
                      }()}};
    return out;
}

}  // namespace kefu
