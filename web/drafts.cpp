// Drafts (see drafts.hpp): capture what is unsaved on screen as one JSON object, put it back
// after a reload, and write it to the browser at most once a second while typing.
//
// Written by hand: a draft is a snapshot of this app's own editor buffers, so there is no
// library to reach for; the domain objects inside are stored with the core's own
// *_to_data / *_from_data (the same code as the records), so a draft reads back exactly as
// the record would.
#include "web/drafts.hpp"

#include <algorithm>
#include <chrono>

#include "core/json_util.hpp"
#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

using nlohmann::json;

namespace {

constexpr int kDraftVersion = 1;

// A draft is read back like any JSON from storage: never with value(key, default), which
// throws on a wrong type (and the browser build has no exceptions): a damaged draft must not
// stop the app, it just brings less back.
const json& part(const json& j, const char* key) {
    static const json kNone = json::object();
    if (!j.is_object()) return kNone;
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : kNone;
}
// A domain object kept in a draft is read back through its record reader, like a stored one.
Record as_record(const char* type, std::string id, const json& data) {
    Record rec;
    rec.type = type;
    rec.id = std::move(id);
    rec.set_data(data);
    return rec;
}
double number(const json& j, const char* key, double fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

// The multi-line editors a restored draft may put the cursor back into. (A single-line field
// is not focused again: Dear ImGui selects all of it on focus, and the next key would replace it.)
const char* const kRefocusable[] = {"case.description", "case.acceptance"};

const char* refocusable(const std::string& probe) {
    for (const char* p : kRefocusable)
        if (probe == p) return p;
    return nullptr;
}

bool callback_in_progress(const SurveysUi& s) {
    const bool answered = std::any_of(s.draft.answers.begin(), s.draft.answers.end(), [](const SurveyAnswer& a) { return a.answered(); });
    return !s.draft_case.empty() && (answered || !s.result.empty() || !s.note.empty());
}

// The work log's unsaved texts, by key ("<day>\n<name>"), with the one on screen.
std::map<std::string, std::string> unsaved_logs(const ReportsUi& r) {
    std::map<std::string, std::string> out = r.log_unsaved;
    if (!r.log_key.empty() && r.log_text != r.log_base) out[r.log_key] = r.log_text;
    return out;
}

json capture_case(const ViewContext& ctx) {
    const CasesUi& c = ctx.ui.cases;
    json k = {{"creating", c.creating}, {"id", c.creating ? std::string() : c.open_id}, {"base_rev", c.base_rev},
              {"edit", case_to_data(c.edit)}};
    if (!c.pending_contact.empty()) k["pending_contact"] = c.pending_contact;
    if (ctx.ui.text_cursor_field.rfind("case.", 0) == 0) {
        k["cursor_field"] = ctx.ui.text_cursor_field;
        k["cursor"] = ctx.ui.text_cursor;
    }
    return k;
}

void write(const ViewContext& ctx, const std::string& text) {
    DraftsUi& d = ctx.ui.drafts;
    if (text == d.written) return;
    ctx.platform.write_draft(d.owner, text);
    d.written = text;
    ++d.writes;
}

bool drafts_allowed(const ViewContext& ctx) {
    return !ctx.ui.kiosk.active && !ctx.ui.read_only && !ctx.ui.drafts.owner.empty();
}

void write_now(const ViewContext& ctx) {
    DraftsUi& d = ctx.ui.drafts;
    const auto t0 = std::chrono::steady_clock::now();
    const json j = capture_draft(ctx);
    write(ctx, j.is_null() ? std::string() : j.dump(-1, ' ', false, json::error_handler_t::replace));
    d.dirty = false;
    d.last_write_ms = ctx.platform.now_ms();
    d.write_cost_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// 放弃: the restored editors close; a restored call keeps running (it is logged when it ends).
void discard_restored(const ViewContext& ctx) {
    UiState& ui = ctx.ui;
    CasesUi& c = ui.cases;
    CasesUi fresh;
    fresh.call_active = c.call_active;
    fresh.call_started_ms = c.call_started_ms;
    fresh.call_direction = c.call_direction;
    fresh.call_case_id = c.call_case_id;
    fresh.call_log_id = c.call_log_id;
    c = std::move(fresh);
    ui.faq = FaqUi{};
    ui.templates = TemplatesUi{};
    ui.surveys = SurveysUi{};
    ui.reports = ReportsUi{};
    ui.drafts.banner = false;
    ui.drafts.restored.clear();
    write_now(ctx);
}

}  // namespace

bool has_draft_work(const ViewContext& ctx) {
    const UiState& ui = ctx.ui;
    if (ui.kiosk.active) return false;
    return editing_in_progress(ctx) || ui.cases.call_active;
}

json capture_draft(const ViewContext& ctx) {
    const UiState& ui = ctx.ui;
    json d = json::object();
    const CasesUi& c = ui.cases;
    const bool case_unsaved = case_form_unsaved(ctx);
    if (c.call_active) {
        d["call"] = {{"started", c.call_started_ms},
                     {"direction", static_cast<int>(c.call_direction)},
                     {"case", c.call_case_id},
                     {"log_id", c.call_log_id}};
    }
    // The form goes with a call even unchanged: the call is logged with its customer.
    if (c.form_open && (case_unsaved || c.call_active)) d["case"] = capture_case(ctx);
    const FaqUi& f = ui.faq;
    if (f.editing) {
        d["article"] = {{"creating", f.creating}, {"id", f.edit.id}, {"base_rev", f.base_rev}, {"open_id", f.open_id},
                        {"edit", article_to_data(f.edit)}, {"tags", f.tags_text}, {"synonyms", f.synonyms_text}};
    }
    const TemplatesUi& t = ui.templates;
    if (t.editing) {
        d["template"] = {{"creating", t.creating}, {"id", t.edit.id}, {"base_rev", t.base_rev}, {"builtin", t.edit.builtin},
                         {"edit", template_to_data(t.edit)}, {"tags", t.tags_text}};
    }
    if (t.script_editing) {
        d["script"] = {{"creating", t.script_creating}, {"id", t.script_edit.id}, {"base_rev", t.script_base_rev},
                       {"builtin", t.script_edit.builtin}, {"edit", script_to_data(t.script_edit)}};
    }
    const SurveysUi& s = ui.surveys;
    if (s.builder_editing) {
        d["survey"] = {{"id", s.builder_edit.id},           {"base_rev", s.builder_base_rev}, {"builtin", s.builder_edit.builtin},
                       {"version", s.builder_edit.version}, {"edit", survey_to_data(s.builder_edit)}, {"options", s.options_text}};
    }
    if (callback_in_progress(s)) {
        d["callback"] = {{"case", s.draft_case}, {"response", response_to_data(s.draft)}, {"contact", s.contact}, {"phone", s.phone},
                         {"company", s.company}, {"result", s.result}, {"note", s.note}};
    }
    const ReportsUi& r = ui.reports;
    if (const auto logs = unsaved_logs(r); !logs.empty()) {
        json texts = json::object();
        for (const auto& [key, text] : logs) texts[key] = text;
        d["work_log"] = {{"texts", texts}, {"shown", r.log_key}};
    }
    if (d.empty()) return nullptr;
    d["v"] = kDraftVersion;
    d["seen"] = ctx.platform.now_ms();
    d["section"] = static_cast<int>(ui.section);
    d["reports_tab"] = static_cast<int>(r.tab);
    d["surveys_tab"] = static_cast<int>(s.tab);
    d["scripts_tab"] = t.scripts_tab;
    return d;
}

std::vector<std::string> restore_draft(const ViewContext& ctx, const json& d) {
    std::vector<std::string> what;
    if (!d.is_object() || static_cast<int>(json_int(d, "v", 0)) != kDraftVersion) return what;
    UiState& ui = ctx.ui;
    const double now = ctx.platform.now_ms();
    const int section = static_cast<int>(json_int(d, "section", 0));
    if (section >= 0 && section < static_cast<int>(Section::Count)) ui.section = static_cast<Section>(section);

    CasesUi& c = ui.cases;
    if (const json& k = part(d, "case"); !k.empty()) {
        const std::string id = json_string(k, "id");
        const json edit = part(k, "edit");
        const Section where = ui.section;
        if (json_bool(k, "creating", false)) {
            Case e = case_from_data(id, edit);
            new_case(ctx, e.channel);
            c.edit = std::move(e);
            c.focus_field = nullptr;
            what.push_back(tr_key("draft.what.new_case"));
        } else if (ctx.state.records.find(kCaseType, id)) {
            open_case(ctx, id);
            c.edit = case_from_data(id, edit);
            c.base_rev = json_uint(k, "base_rev", c.base_rev);
            what.push_back(tr_key("draft.what.case"));
        }
        ui.section = where;
        if (c.form_open) {
            const std::string pending = json_string(k, "pending_contact");
            if (!pending.empty() && ctx.state.records.find(kContactType, pending)) c.pending_contact = pending;
            if (const char* field = refocusable(json_string(k, "cursor_field"))) {
                c.focus_field = field;
                ui.text_cursor_field = field;
                ui.text_cursor = static_cast<int>(json_int(k, "cursor", 0));
                ui.restore_cursor = ui.text_cursor;
            }
        }
    }
    if (const json& k = part(d, "call"); !k.empty()) {
        const std::string log_id = json_string(k, "log_id");
        // Logged already (the page went away right after the call ended): not again.
        if (!log_id.empty() && !ctx.state.records.find(kContactType, log_id)) {
            c.call_active = true;
            c.call_started_ms = number(k, "started", now);
            const int dir = static_cast<int>(json_int(k, "direction", 0));
            c.call_direction = dir == static_cast<int>(ContactDirection::Outbound) ? ContactDirection::Outbound : ContactDirection::Inbound;
            c.call_case_id = json_string(k, "case");
            c.call_log_id = log_id;
            const double seen = number(d, "seen", now);
            if (now - seen > kCallGoneAfterMs) {
                end_call(ctx, static_cast<int64_t>(seen));
                ui.drafts.call_logged_on_restore = true;
                what.push_back(tr_key("draft.what.call_logged"));
            } else {
                what.push_back(tr_key("draft.what.call"));
            }
        }
    }
    if (const json& k = part(d, "article"); !k.empty()) {
        FaqUi& f = ui.faq;
        f.editing = true;
        f.creating = json_bool(k, "creating", false);
        f.edit = article_from_record(as_record(kArticleType, json_string(k, "id"), part(k, "edit")));
        f.base_rev = json_uint(k, "base_rev", 0);
        f.edit.rev = f.base_rev;
        f.open_id = json_string(k, "open_id");
        f.tags_text = json_string(k, "tags");
        f.synonyms_text = json_string(k, "synonyms");
        what.push_back(tr_key("draft.what.article"));
    }
    TemplatesUi& t = ui.templates;
    if (const json& k = part(d, "template"); !k.empty()) {
        t.editing = true;
        t.creating = json_bool(k, "creating", false);
        t.edit = template_from_record(as_record(kTemplateType, json_string(k, "id"), part(k, "edit")));
        t.edit.builtin = json_bool(k, "builtin", false);
        t.base_rev = json_uint(k, "base_rev", 0);
        t.edit.rev = t.base_rev;
        t.selected = t.edit.id;
        t.tags_text = json_string(k, "tags");
        what.push_back(tr_key("draft.what.template"));
    }
    if (const json& k = part(d, "script"); !k.empty()) {
        t.script_editing = true;
        t.script_creating = json_bool(k, "creating", false);
        t.script_edit = script_from_data(json_string(k, "id"), part(k, "edit"));
        t.script_edit.builtin = json_bool(k, "builtin", false);
        t.script_base_rev = json_uint(k, "base_rev", 0);
        t.script_edit.rev = t.script_base_rev;
        t.script_selected = t.script_edit.id;
        what.push_back(tr_key("draft.what.script"));
    }
    t.scripts_tab = json_bool(d, "scripts_tab", false);
    SurveysUi& s = ui.surveys;
    s.tab = static_cast<SurveysTab>(std::clamp<int64_t>(json_int(d, "surveys_tab", 0), 0, static_cast<int>(SurveysTab::Count) - 1));
    if (const json& k = part(d, "survey"); !k.empty()) {
        s.builder_editing = true;
        s.builder_edit = survey_from_data(json_string(k, "id"), part(k, "edit"));
        s.builder_edit.builtin = json_bool(k, "builtin", false);
        s.builder_edit.version = json_uint(k, "version", 0);
        s.builder_base_rev = json_uint(k, "base_rev", 0);
        s.builder_selected = s.builder_edit.id;
        s.options_text = json_string_list(k, "options");
        s.options_text.resize(s.builder_edit.questions.size());
        what.push_back(tr_key("draft.what.survey"));
    }
    if (const json& k = part(d, "callback"); !k.empty()) {
        s.draft = response_from_record(as_record(kResponseType, std::string(), part(k, "response")));
        s.draft_case = json_string(k, "case");
        s.draft.case_id = s.draft_case;
        s.select_case = s.draft_case;
        s.contact = json_string(k, "contact");
        s.phone = json_string(k, "phone");
        s.company = json_string(k, "company");
        s.result = json_string(k, "result");
        s.note = json_string(k, "note");
        what.push_back(tr_key("draft.what.callback"));
    }
    ReportsUi& r = ui.reports;
    r.tab = static_cast<ReportsTab>(std::clamp<int64_t>(json_int(d, "reports_tab", 0), 0, static_cast<int>(ReportsTab::Count) - 1));
    if (const json& k = part(d, "work_log"); !k.empty()) {
        const json texts = part(k, "texts");  // kept alive for the loop
        for (const auto& [key, text] : texts.items())
            if (text.is_string()) r.log_unsaved[key] = text.get<std::string>();
        // The day that was on screen (the key starts with it), even when that is no longer today.
        const std::string shown = json_string(k, "shown");
        const std::string& key = r.log_unsaved.count(shown) ? shown : r.log_unsaved.empty() ? shown : r.log_unsaved.begin()->first;
        r.log_day = std::strtoll(key.c_str(), nullptr, 10);
        if (!r.log_unsaved.empty()) what.push_back(tr_key("draft.what.work_log"));
    }
    return what;
}

void tick_drafts(const ViewContext& ctx) {
    UiState& ui = ctx.ui;
    DraftsUi& d = ui.drafts;
    const bool work = !ui.read_only && has_draft_work(ctx);
    if (work != d.guard) {
        d.guard = work;
        ctx.platform.set_leave_guard(work);
    }
    if (!drafts_allowed(ctx)) return;
    if (ui.input_count != d.input_seen) {
        d.input_seen = ui.input_count;
        d.dirty = true;
    }
    const double now = ctx.platform.now_ms();
    if (!work) {
        // Saved or discarded: the draft goes at once (a reload now must not bring it back).
        if (!d.written.empty()) write_now(ctx);
        d.dirty = false;
        d.banner = false;
        return;
    }
    const bool heartbeat = ui.cases.call_active && now - d.last_write_ms >= kCallHeartbeatMs;
    if (!d.dirty && !heartbeat) return;
    const double wait = d.last_write_ms + 1000.0 - now;
    if (wait > 0) {
        ctx.wake_in(wait + 5.0);
        return;
    }
    write_now(ctx);
}

void flush_draft(const ViewContext& ctx) {
    if (!drafts_allowed(ctx)) return;
    write_now(ctx);
}

void load_agent_draft(const ViewContext& ctx, const std::string& agent) {
    DraftsUi& d = ctx.ui.drafts;
    d.owner = agent;
    if (!drafts_allowed(ctx)) return;
    const std::string text = ctx.platform.read_draft(agent);
    if (text.empty()) return;
    const auto t0 = std::chrono::steady_clock::now();
    const json j = json::parse(text, nullptr, false);
    d.written = text;
    d.dirty = true;  // written again soon as it is now (or removed, if nothing came back)
    d.last_write_ms = -1e18;
    d.restored = restore_draft(ctx, j);
    d.banner = !d.restored.empty();
    d.restore_cost_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void draw_draft_banner(const ViewContext& ctx) {
    DraftsUi& d = ctx.ui.drafts;
    if (!d.banner) return;
    std::string what;
    for (const std::string& key : d.restored) what += (what.empty() ? "" : ctx.tr("draft.list_sep")) + std::string(ctx.tr(key));
    const std::string text = ctx.trf("draft.banner", {{"what", what}});
    const float font = ImGui::GetFontSize();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kInfoBg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 0.7f, font * 0.4f));
    ImGui::BeginChild("##draft_banner", ImVec2(0, 0), ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    const float buttons_w = ImGui::CalcTextSize(ctx.tr("draft.discard")).x + ImGui::CalcTextSize(ctx.tr("draft.dismiss")).x +
                            ImGui::GetStyle().FramePadding.x * 4 + font * 1.5f;
    const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
    ImGui::PushTextWrapPos(right - buttons_w);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kInfoText, "%s", text.c_str());
    ImGui::PopTextWrapPos();
    ctx.probe("draft.banner");
    ctx.probe_field("draft.banner_text", text);
    ImGui::SameLine(right - buttons_w + font * 0.5f);
    if (ImGui::SmallButton(ctx.tr("draft.discard"))) d.confirm_discard = true;
    ctx.probe("draft.discard");
    ImGui::SameLine();
    if (ImGui::SmallButton(ctx.tr("draft.dismiss"))) d.banner = false;
    ctx.probe("draft.dismiss");
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    confirm_dialog(ctx, d.confirm_discard, "###draft_discard", ctx.tr("draft.discard_confirm"), "draft.discard", "draft_discard",
                   [&ctx] { discard_restored(ctx); });
    ImGui::Spacing();
}

// window.kefu.state().drafts (the automation bridge, app.cpp).
nlohmann::json drafts_snapshot(const SnapshotContext& snap) {
    return nlohmann::json{{"owner", snap.ui.drafts.owner},
                        {"guard", snap.ui.drafts.guard},
                        {"kept", !snap.ui.drafts.written.empty()},
                        {"writes", snap.ui.drafts.writes},
                        {"banner", snap.ui.drafts.banner},
                        {"restored", snap.ui.drafts.restored},
                        {"call_logged_on_restore", snap.ui.drafts.call_logged_on_restore},
                        {"write_ms", snap.ui.drafts.write_cost_ms},
                        {"restore_ms", snap.ui.drafts.restore_cost_ms}};
}

}  // namespace kefu
