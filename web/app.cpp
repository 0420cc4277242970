#include "web/app.hpp"
#include "core/civil_date.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/demo_data.hpp"
#include "core/file_io.hpp"
#include "imgui.h"

namespace kefu {

// ---- sections -------------------------------------------------------------------
namespace {
constexpr SectionInfo kSections[] = {
    {tr_key("nav.cases"), tr_key("nav.hint.cases"), "nav.cases", "cases"},
    {tr_key("nav.faq"), tr_key("nav.hint.faq"), "nav.faq", "faq"},
    {tr_key("nav.templates"), tr_key("nav.hint.templates"), "nav.templates", "templates"},
    {tr_key("nav.surveys"), tr_key("nav.hint.surveys"), "nav.surveys", "surveys"},
    {tr_key("nav.reports"), tr_key("nav.hint.reports"), "nav.reports", "reports"},
    {tr_key("nav.settings"), tr_key("nav.hint.settings"), "nav.settings", "settings"},
};
static_assert(sizeof(kSections) / sizeof(kSections[0]) == static_cast<size_t>(Section::Count),
              "one SectionInfo per Section");

constexpr double kToastMs = 4000;

}  // namespace

const SectionInfo& section_info(Section s) { return kSections[static_cast<int>(s)]; }

// ---- ViewContext helpers --------------------------------------------------------------
void add_toast(std::vector<Toast>& toasts, Toast t) {
    for (auto it = toasts.begin(); it != toasts.end(); ++it)
        if (it->text == t.text && it->is_error == t.is_error) {
            t.offer_export = t.offer_export || it->offer_export;
            toasts.erase(it);
            break;
        }
    toasts.push_back(std::move(t));
}

void ViewContext::toast(std::string text, bool is_error) const {
    add_toast(ui.toasts, {std::move(text), is_error, platform.now_ms()});
}

void ViewContext::wake_in(double ms) const {
    if (ms < 0) return;
    ui.wake_request_ms = ui.wake_request_ms < 0 ? ms : std::min(ui.wake_request_ms, ms);
}

void ViewContext::report(const ApplyResult& r, const std::string& file_name) const {
    if (r.ok) return;
    toast(trf(r.error.key, {{"detail", r.error.detail}, {"file", file_name}}), true);
}

void ViewContext::probe(const char* id) const {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ui.probes[id] = ProbeRect{a.x, a.y, b.x - a.x, b.y - a.y};
    if (ImGui::IsItemActive() || ImGui::IsItemFocused()) ui.active_probe = id;
}

void ViewContext::probe_field(const char* id, const std::string& value) const {
    probe(id);
    ui.field_values[id] = value;
}

// ---- actions ----------------------------------------------------------------------------
void change_ui_scale(const ViewContext& ctx, float new_scale) {
    // Snap to 5% steps and clamp, so repeated Ctrl+/- lands on round values.
    float s = static_cast<float>(static_cast<int>(new_scale * 20.0f + 0.5f)) / 20.0f;
    s = s < kMinUiScale ? kMinUiScale : s > kMaxUiScale ? kMaxUiScale : s;
    if (s != ctx.state.settings.ui_scale) ctx.report(ctx.dispatch(SetUiScale{s}));
}

// ---- App --------------------------------------------------------------------------
App::App(Platform& platform)
    : platform_(platform), dispatcher_([this](const Command& c) { return dispatch(c); }),
      team_(platform, [this](const Command& c) { return dispatch(c); }) {}

void App::init(const std::vector<std::string>& browser_languages, const std::string& storage_dir, bool storage_ok,
               const std::string& url_mode) {
    for (int i = 0; i < static_cast<int>(Language::Count); ++i) {
        const Language lang = static_cast<Language>(i);
        StringTable table;
        const std::string err = table.load_json(read_whole_file(std::string("/assets/i18n/") + language_tag(lang) + ".json"));
        if (!err.empty()) std::fprintf(stderr, "kefu: string table %s: %s\n", language_tag(lang), err.c_str());
        translator_.set_table(lang, std::move(table));
    }
    state_.settings.language = language_from_browser(browser_languages);
    load_default_calendar();
    load_starter_articles();
    if (storage_ok) {
        journal_ = std::make_unique<Journal>(storage_dir);
        const LoadReport report = journal_->load(state_.records);
        for (const std::string& p : report.problems) std::fprintf(stderr, "kefu: storage: %s\n", p.c_str());
        if (report.newer_version) {
            ui_.read_only = true;
            add_toast(ui_.toasts, {translator_.get("storage.newer"), true, platform_.now_ms(), true});
        } else if (report.damaged()) {
            const std::string detail = std::to_string(report.problems.size()) + " / " + std::to_string(report.bytes_cut) + " B";
            add_toast(ui_.toasts, {translator_.format("storage.recovered", {{"detail", detail}}), true, platform_.now_ms()});
            platform_.request_sync();  // persist the repaired files
        }
    } else {
        ui_.save_state = SaveState::Unavailable;
        add_toast(ui_.toasts, {translator_.get("storage.unavailable"), true, platform_.now_ms(), true});
    }
    refresh_derived(state_);
    ui_.demo = url_mode == "demo";
    if (ui_.demo && state_.records.total() == 0) reset_demo();  // the first visit of the demo station
    // The team database: the real station's only (the demo station never joins one).
    if (journal_ && !ui_.demo && !ui_.read_only) team_.open(storage_dir, state_);
    sync_language();
    // Who is at the station: nobody set up yet (first run), the agent this tab signed in
    // (a reload keeps the session), or the sign-in screen.
    ui_.auth.last_input_ms = platform_.now_ms();
    AgentProfile agent;
    const std::string session = platform_.session_agent();
    if (state_.agents.empty()) {
        ui_.auth.state = AuthState::FirstRun;
    } else if (!session.empty() && find_agent(state_.records, session, agent) && agent.active) {
        ui_.auth.state = AuthState::SignedIn;
        ui_.auth.agent = agent.id;
    } else if (ui_.demo && find_agent(state_.records, kDemoLeadId, agent)) {
        // The demo station opens signed in with its demo account (the banner gives the PIN).
        ui_.auth.state = AuthState::SignedIn;
        ui_.auth.agent = agent.id;
    } else {
        ui_.auth.state = AuthState::SignedOut;
    }
    // A team lead's station opens on the dashboard.
    if (state_.settings.home_dashboard || (ui_.auth.state == AuthState::SignedIn && agent.role == Role::Lead))
        ui_.section = Section::Reports;
    // The kiosk: asked by the address (?mode=kiosk), the settings, or this tab before a reload.
    // It needs a configured station: an administrator must exist to leave it again.
    const bool known_mode = url_mode.empty() || url_mode == "kiosk" || url_mode == "demo";
    if (!known_mode) {
        // Said in the user's language even before the Chinese font has arrived (it shows once it has).
        translator_.set_language(state_.settings.language);
        std::string shown;  // a crafted parameter is shown as plain, short, printable text
        for (char ch : url_mode.substr(0, 32)) shown += (ch >= 0x20 && ch < 0x7f) ? ch : '?';
        add_toast(ui_.toasts, {translator_.format("mode.unknown", {{"detail", shown}}), true, platform_.now_ms()});
        if (!ui_.read_only) dispatch(LogAccess{AccessEvent::BadAddress, "", "mode=" + shown});
        sync_language();
    }
    if (url_mode == "kiosk" || session == kKioskActor || state_.settings.kiosk_start) {
        if (state_.agents.empty()) add_toast(ui_.toasts, {translator_.get("mode.kiosk_needs_admin"), true, platform_.now_ms()});
        else enter_kiosk(context());
    }
    // The agent is back (a reload keeps the session): what they had not saved comes back too.
    if (ui_.auth.state == AuthState::SignedIn && !ui_.kiosk.active) load_agent_draft(context(), ui_.auth.agent);
}

void App::flush_draft() { kefu::flush_draft(context()); }

// The shipped working calendar (2026 mainland holidays) applies until the user edits the
// calendar in Settings, which stores it as a record; nothing is written on first start.
void App::load_default_calendar() {
    WorkCalendar cal;
    const std::string text = read_whole_file("/assets/calendars/cn-2026.json");
    const std::vector<FieldIssue> issues = parse_calendar(nlohmann::json::parse(text, nullptr, false), cal);
    if (!issues.empty()) {
        std::fprintf(stderr, "kefu: shipped calendar: %s %s\n", issues[0].path.c_str(), issues[0].key.c_str());
        return;
    }
    state_.default_calendar = std::move(cal);
}

// The built-in knowledge base (assets/faq/starter.json) and template library: shown from the
// first start, never written to storage until someone changes one.
void App::load_starter_articles() {
    std::vector<Article> articles;
    const ApplyResult r = parse_starter_articles(read_whole_file("/assets/faq/starter.json"), articles);
    if (!r.ok) {
        std::fprintf(stderr, "kefu: starter FAQ: %s\n", r.error.detail.c_str());
        return;
    }
    state_.starter_articles = std::move(articles);
    // The default reply templates and call scripts, a built-in layer in the same way.
    const ApplyResult lib = parse_template_library(read_whole_file("/assets/templates/library.json"), state_.builtin_templates,
                                                   state_.builtin_scripts);
    if (!lib.ok) std::fprintf(stderr, "kefu: template library: %s\n", lib.error.detail.c_str());
    // The default satisfaction surveys (version 0 of each).
    const ApplyResult surveys = parse_default_surveys(read_whole_file("/assets/surveys/default.json"), state_.builtin_surveys);
    if (!surveys.ok) std::fprintf(stderr, "kefu: default surveys: %s\n", surveys.error.detail.c_str());
}

void App::reset_demo() {
    const double t0 = platform_.now_ms();
    state_.records = RecordStore{};
    Settings fresh;
    fresh.language = state_.settings.language;
    state_.settings = fresh;
    refresh_derived(state_);
    DemoOptions options;
    options.now_ms = static_cast<int64_t>(t0);
    const ApplyResult r = generate_demo(state_, options);
    if (!r.ok) std::fprintf(stderr, "kefu: demo data: %s %s\n", r.error.key.c_str(), r.error.detail.c_str());
    ++state_.version;
    if (journal_) {
        const ApplyResult w = journal_->compact(state_.records);
        if (!w.ok) add_toast(ui_.toasts, {translator_.format(w.error.key, {{"detail", w.error.detail}}), true, platform_.now_ms(), true});
        ui_.save_state = SaveState::Saving;
        platform_.request_sync();
    }
    ui_.demo_reset_ms = platform_.now_ms() - t0;
}

void App::on_sync_done(bool ok, const std::string& error) {
    if (ui_.save_state == SaveState::Unavailable) return;
    if (ok) {
        ui_.save_state = SaveState::Saved;
        ui_.saved_at_ms = platform_.now_ms();
        ui_.save_error.clear();
        team_.durable();  // the team's checkpoint may move: what was pulled is in IndexedDB
    } else {
        // Say the common cause in plain words; anything else as the browser named it.
        const std::string reason = error.find("QuotaExceeded") != std::string::npos ? translator_.get("storage.reason.quota") : error;
        if (ui_.save_state != SaveState::Failed)
            add_toast(ui_.toasts, {translator_.format("storage.sync_failed", {{"detail", reason}}), true, platform_.now_ms(), true});
        ui_.save_state = SaveState::Failed;
        ui_.save_error = error;
    }
}

ApplyResult App::dispatch(const Command& c) {
    if (ui_.read_only) return ApplyResult::failure("error.read_only");
    // Changes carry the signed-in agent (before the first administrator exists: the station).
    const CommandContext ctx{current_actor(context()), static_cast<int64_t>(platform_.now_ms())};
    ApplyOutcome out = apply(state_, c, ctx);
    if (out.changes.empty()) return out.result;  // a refusal may still log itself (access log)
    sync_language();
    if (!journal_) return out.result;  // memory only: the status bar already says so
    // A big batch (an import) is saved as one snapshot of the whole store: journaling 100k
    // records one by one would write them twice and leave thousands of segment files.
    constexpr size_t kSnapshotInsteadOfJournal = 512;
    // Dozens of changes (a page of a team pull): one segment file of their own.
    constexpr size_t kBatchSegment = 32;
    const bool as_snapshot = out.changes.size() > kSnapshotInsteadOfJournal;
    const bool as_batch = !as_snapshot && out.changes.size() >= kBatchSegment;
    for (size_t i = 0; i < (as_snapshot || as_batch ? 1 : out.changes.size()); ++i) {
        const ApplyResult w = as_snapshot ? journal_->compact(state_.records)
                              : as_batch  ? journal_->append_batch(out.changes)
                                          : journal_->append(out.changes[i]);
        if (!w.ok) {
            ui_.save_state = SaveState::Failed;
            ui_.save_error = w.error.detail;
            add_toast(ui_.toasts, {translator_.format(w.error.key, {{"detail", w.error.detail}}), true, platform_.now_ms(), true});
            return out.ok() ? ApplyResult::success() : out.result;  // applied in memory; the toast says so and offers an export
        }
    }
    if (!as_snapshot && journal_->wants_compaction()) {
        const ApplyResult compacted = journal_->compact(state_.records);
        if (!compacted.ok) std::fprintf(stderr, "kefu: compaction failed: %s\n", compacted.error.detail.c_str());
    }
    ui_.save_state = SaveState::Saving;
    platform_.request_sync();
    team_.changed(state_);
    return out.result;
}

void App::sync_language() {
    // Without the CJK font Chinese cannot be drawn: show English until it arrives (the shell
    // says so in both languages), but keep the user's choice in the settings.
    translator_.set_language(ui_.font_state == FontState::Ready ? state_.settings.language : Language::En);
    if (!ui_.settings.station_name_editing) ui_.settings.station_name_edit = state_.settings.station_name;
    if (!ui_.settings.company_name_editing) ui_.settings.company_name_edit = state_.settings.company_name;
}

ViewContext App::context() { return ViewContext{state_, ui_, translator_, dispatcher_, platform_}; }

void App::on_font_ready(const std::string& font_name) {
    ui_.font_state = FontState::Ready;
    ui_.font_name = font_name;
    sync_language();
}

void App::on_font_failed() {
    ui_.font_state = FontState::Failed;
    sync_language();
}

void App::on_text_repaired() {
    add_toast(ui_.toasts, {translator_.get("input.repaired"), true, platform_.now_ms()});
}

void App::on_draft_result(bool ok, const std::string& error) {
    if (ok) {
        add_toast(ui_.toasts, {translator_.get("draft.write_ok_again"), false, platform_.now_ms()});
        return;
    }
    add_toast(ui_.toasts, {translator_.format("draft.write_failed", {{"detail", error}}), true, platform_.now_ms()});
}

void App::on_file_dropped(PickedFile file) {
    // Only someone at the workstation (or the first-run screen restoring a backup) imports:
    // a file dropped on the kiosk or the sign-in screen is ignored.
    const bool at_desk = ui_.auth.state == AuthState::SignedIn || ui_.auth.state == AuthState::FirstRun;
    if (at_desk && !ui_.kiosk.active) import_file(context(), file);
}

void App::on_storage_info(double used, double quota, bool persisted) {
    ui_.data.storage_used = used;
    ui_.data.storage_quota = quota;
    ui_.data.storage_persisted = persisted;
}

void App::set_display(float w, float h, float scale) {
    ui_.display_w = w;
    ui_.display_h = h;
    ui_.display_scale = scale;
}

void App::frame() {
    ui_.probes.clear();
    ui_.field_values.clear();
    ui_.active_probe.clear();
    ui_.wake_request_ms = -1;
    const double now = platform_.now_ms();
    auto& toasts = ui_.toasts;
    toasts.erase(std::remove_if(toasts.begin(), toasts.end(),
                                [now](const Toast& t) { return !t.is_error && now - t.shown_at_ms > kToastMs; }),
                 toasts.end());
    draw_app_frame(context());
    tick_drafts(context());
    ui_.team.on_screen = ui_.cases.open_id.empty() ? std::string() : team_doc_id(kCaseType, ui_.cases.open_id);
    // Who is at the desk, for the team session: the agent signed in, or locked out of the
    // screen for a moment (the desk goes on syncing as them); nobody in the kiosk.
    const bool at_desk = (ui_.auth.state == AuthState::SignedIn || ui_.auth.state == AuthState::Locked) && !ui_.kiosk.active;
    ui_.team.local_agent = at_desk ? ui_.auth.agent : std::string();
    if (!ui_.read_only) team_.update(state_, ui_.team);
    else ui_.team.phase = TeamSync::Phase::Off;  // the writing tab syncs; this one says so by saying nothing
    if (ui_.demo_reset_requested) {
        // Everything on screen belonged to the old demo data: start clean, signed in again.
        ui_.demo_reset_requested = false;
        reset_demo();
        ui_.auth.agent.clear();  // what was on screen belonged to the old data: dropped
        const ViewContext ctx = context();
        sign_in_as(ctx, kDemoLeadId);
        ui_.toasts.push_back({translator_.format("demo.reset_done", {{"ms", std::to_string(static_cast<int>(ui_.demo_reset_ms))}}),
                              false, platform_.now_ms()});
    }
}

double App::next_wake_ms() const {
    const double now = platform_.now_ms();
    // The status bar clock shows minutes: wake at the next minute boundary.
    double wake = 60000.0 - std::fmod(now, 60000.0) + 5.0;
    if (ui_.wake_request_ms >= 0) wake = std::min(wake, ui_.wake_request_ms);
    if (ui_.wake_request_ms >= 0) wake = std::min(wake, ui_.wake_request_ms);
    for (const Toast& t : ui_.toasts)
        if (!t.is_error) wake = std::min(wake, std::max(0.0, t.shown_at_ms + kToastMs - now) + 5.0);
    if (const double team = team_.wake_in_ms(); team >= 0) wake = std::min(wake, team + 5.0);
    return wake;
}

namespace {
const char* save_state_name(SaveState s) {
    switch (s) {
        case SaveState::Unavailable: return "unavailable";
        case SaveState::Idle: return "idle";
        case SaveState::Saving: return "saving";
        case SaveState::Saved: return "saved";
        case SaveState::Failed: return "failed";
    }
    return "?";
}
// The automation bridge's features, each under its name in window.kefu.state(): one row per feature.
struct FeatureSnapshot {
    const char* name;
    nlohmann::json (*snapshot)(const SnapshotContext&);
};
constexpr FeatureSnapshot kFeatureSnapshots[] = {
    {"cases", cases_snapshot},     {"faq", faq_snapshot},           {"templates", templates_snapshot}, {"surveys", surveys_snapshot},
    {"reports", reports_snapshot}, {"calendar", calendar_snapshot}, {"import", data_snapshot},         {"drafts", drafts_snapshot},
    {"team", team_snapshot},
};
}  // namespace

std::string App::state_json() const {
    nlohmann::json probes = nlohmann::json::object();
    nlohmann::json toasts = nlohmann::json::array();
    for (const Toast& t : ui_.toasts) toasts.push_back({{"text", t.text}, {"error", t.is_error}});
    auto font_word = [](FontState f) { return f == FontState::Ready ? "ready" : f == FontState::Failed ? "failed" : "loading"; };
    const char* font = font_word(ui_.font_state);
    const char* font_more = font_word(ui_.font_more_state);
    static const char* const kAuthNames[] = {"first_run", "signed_out", "locked", "signed_in"};
    const nlohmann::json auth = {{"state", kAuthNames[static_cast<int>(ui_.auth.state)]},
                                 {"agent", ui_.auth.state == AuthState::SignedIn ? ui_.auth.agent : std::string()},
                                 {"verifying", ui_.auth.verifying},
                                 {"wait_ms", ui_.auth.wait_ms},
                                 {"answered", ui_.auth.answered},
                                 {"agents", state_.agents.size()}};
    auto widget_ids = [&] {
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& kv : ui_.probes) ids.push_back(kv.first);
        return ids;
    };
    // Nobody signed in (or the kiosk): the bridge, like the screen, shows the form on screen and
    // nothing of the records.
    if (ui_.auth.state != AuthState::SignedIn || ui_.kiosk.active) {
        static const char* const kScreens[] = {"home", "faq", "request", "thanks", "exit"};
        const KioskUi& k = ui_.kiosk;
        const nlohmann::json kiosk = k.active ? nlohmann::json{{"screen", ui_.surveys.kiosk_open ? "survey" : kScreens[static_cast<int>(k.screen)]},
                                                               {"listed", k.listed},
                                                               {"article_open", !k.article.empty()},
                                                               {"survey_step", ui_.surveys.kiosk_step},
                                                               {"verifying", k.verifying}}
                                              : nlohmann::json();
        const nlohmann::json j = {{"auth", auth},
                                  {"mode", k.active ? "kiosk" : ui_.demo ? "demo" : "workstation"},
                                  {"kiosk", kiosk},
                                  {"drafts", {{"guard", ui_.drafts.guard}, {"kept", !ui_.drafts.written.empty()}, {"writes", ui_.drafts.writes}}},
                                  {"language", language_tag(state_.settings.language)},
                                  {"display_language", language_tag(translator_.language())},
                                  {"save_state", save_state_name(ui_.save_state)},
                                  {"read_only", ui_.read_only},
                                  {"font", font},
        {"font_more", font_more},
                                  {"display", {{"w", ui_.display_w}, {"h", ui_.display_h}, {"scale", ui_.display_scale}}},
                                  {"fields", ui_.field_values},
                                  {"focused", ui_.active_probe},
                                  {"toasts", toasts},
                                  {"widgets", widget_ids()}};
        // The team's sync status is on the first-run screen of a new desk too (no records in it).
        nlohmann::json out = j;
        out["team"] = team_snapshot({state_, ui_, static_cast<int64_t>(platform_.now_ms())});
        return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    nlohmann::json j = {
        {"auth", auth},
        {"mode", ui_.demo ? "demo" : "workstation"},
        {"demo", {{"reset_ms", ui_.demo_reset_ms}, {"tour_step", ui_.tour_step}}},
        {"idle_lock_minutes", state_.settings.idle_lock_minutes},
        {"section", section_info(ui_.section).state_name},
        {"language", language_tag(state_.settings.language)},
        {"display_language", language_tag(translator_.language())},
        {"ui_scale", state_.settings.ui_scale},
        {"station_name", state_.settings.station_name},
        {"version", state_.version},
        {"save_state", save_state_name(ui_.save_state)},
        {"records", state_.records.total()},
        {"read_only", ui_.read_only},
        {"storage", {{"used", ui_.data.storage_used}, {"quota", ui_.data.storage_quota}, {"persisted", ui_.data.storage_persisted}}},
        {"update_ready", ui_.update_ready},
        {"mask_phones", state_.settings.mask_phones},
        {"editing", editing_in_progress(state_, ui_)},
        {"palette_open", ui_.palette_open},
        {"palette_query", ui_.palette_query},
        {"font", font},
        {"font_more", font_more},
        {"display", {{"w", ui_.display_w}, {"h", ui_.display_h}, {"scale", ui_.display_scale}}},
        {"fields", ui_.field_values},
        {"focused", ui_.active_probe},
        {"toasts", toasts},
        {"widgets", widget_ids()},
    };
    const SnapshotContext snap{state_, ui_, static_cast<int64_t>(platform_.now_ms())};
    for (const FeatureSnapshot& f : kFeatureSnapshots) j[f.name] = f.snapshot(snap);
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string App::probe_json(const std::string& id) const {
    auto it = ui_.probes.find(id);
    if (it == ui_.probes.end()) return "null";
    const ProbeRect& r = it->second;
    return nlohmann::json{{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}.dump();
}

}  // namespace kefu
