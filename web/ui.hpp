// Shared view plumbing: the context every draw_* function receives, translation helpers,
// and the widget probe that lets end-to-end tests find a widget's screen rectangle.
#pragma once
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <memory>
#include <set>

#include "core/app_state.hpp"
#include "core/named_reports.hpp"
#include "core/reports.hpp"
#include "core/exchange.hpp"
#include "core/holiday_notice.hpp"
#include "core/i18n.hpp"
#include "web/drafts.hpp"
#include "web/platform.hpp"

struct ImVec2;

namespace kefu {

enum class Section { Cases, Faq, Templates, Surveys, Reports, Settings, Count };

enum class FontState { Loading, Ready, Failed };

// What the status bar says about saving; it must never claim "saved" before the browser
// confirmed the write to IndexedDB.
enum class SaveState { Unavailable, Idle, Saving, Saved, Failed };

struct ProbeRect {
    float x = 0, y = 0, w = 0, h = 0;
};

// A message shown at the bottom-right for a few seconds (success) or until closed (error).
struct Toast {
    std::string text;
    bool is_error = false;
    double shown_at_ms = 0;
    bool offer_export = false;  // shows an "export all data" button: nothing need be lost
};

// Which lifecycle dialog the case form has open (the lifecycle actions, plus pause/resume).
enum class CaseDialog { None, Action, Discard };

// The case list and form: filters, the cached result, the form's edit buffer, the call.
struct CasesUi {
    // List
    std::string search;
    CaseQuery query;              // filters and sort (text comes from `search`)
    std::string from_date, to_date;  // YYYY-MM-DD edit buffers of the created-date filter
    bool focus_search = false;
    int selected = 0;             // position in `rows`
    bool scroll_to_selected = false;
    // Result cache: recomputed when the state, the query or the minute changes.
    uint64_t cached_version = ~0ull;
    std::string cached_key;
    int64_t cached_minute = -1;
    std::vector<uint32_t> rows;
    Case scratch;  // reused to read the rows on screen
    // The caller's earlier cases (a scan of every case's phones): recomputed only when the
    // number typed or the state changes.
    uint64_t earlier_version = ~0ull;
    std::string earlier_phone;
    std::vector<uint32_t> earlier;
    // Form: an open case (id) or a new one (creating); `edit` is the buffer being typed in.
    bool form_open = false;
    bool creating = false;
    std::string open_id;
    uint64_t base_rev = 0;
    Case edit;
    bool focus_first_field = false;
    const char* focus_field = nullptr;  // probe id of the field to focus on the next frame
    std::string editing_field;          // the multi-line field shown as an editor (see case_form_view)
    // Lifecycle dialog
    CaseDialog dialog = CaseDialog::None;
    CaseAction action = CaseAction::Answer;
    std::string dialog_text, dialog_person, dialog_other;
    int dialog_department = 1;
    bool dialog_focus = false;
    // The running call (the status bar shows its timer against the 3- and 5-minute marks).
    bool call_active = false;
    double call_started_ms = 0;
    ContactDirection call_direction = ContactDirection::Inbound;
    std::string call_case_id;  // an outbound call is made from a case
    std::string call_log_id;   // the contact-log record the call becomes (chosen at its start: logged once)
    std::string pending_contact;  // a logged call waiting for the case it opens (new_case from the log)
    bool show_contacts = false;   // the list shows the contact log instead of the cases
    uint64_t contacts_version = ~0ull;
    std::vector<Contact> contacts;
    bool help_open = false;
    // "已有解决方案?": FAQ suggestions for the description, searched 300 ms after typing stops.
    std::string suggest_text;
    double suggest_due_ms = 0;
    uint64_t suggest_version = ~0ull;
    std::vector<SearchHit> suggestions;
    // Call script runner: the script chosen to start, the answers being typed per step.
    int script_choice = 0;
    std::string script_run_id;
    std::vector<std::string> script_answers;
};

// Settings → working calendar and deadlines: edit buffers, refilled when the stored
// calendar changes (version), committed when a field is left.
struct CalendarUi {
    uint64_t loaded_version = ~0ull;
    std::array<std::string, 7> hours;  // "09:00-18:00" per weekday
    std::string new_date, new_name;
    bool new_is_workday = false;
    // Adding a year from the State Council's notice (calendar_year_view.cpp): the pasted text,
    // parsed again only when it or the year changes.
    bool year_open = false;
    bool scroll_to_years = false;  // the status bar's notice was clicked
    int year = 0;
    std::string notice_text;
    std::string parsed_text;
    int parsed_year = -1;
    HolidayNotice parsed;
};

// The knowledge base: search and filters, the cached result, the open article, the editor.
// A version history dialog (history_view.cpp): open, and the revisions compared.
struct HistoryDialogState {
    bool open = false;
    uint64_t from = 0, to = 0;
};

struct FaqUi {
    std::string search;
    std::string category;   // selected category path ("": all); filters this and below
    int status_filter = 0;  // 0 any, else ArticleStatus + 1
    int language_filter = 0;  // 0 any, 1 zh-CN, 2 en
    bool focus_search = false;
    // Result cache: recomputed when the state, the query or a filter changes.
    uint64_t cached_version = ~0ull;
    std::string cached_key;
    std::vector<SearchHit> hits;  // with a query: ranked; without: every article, by category
    int selected = 0;
    bool scroll_to_selected = false;
    std::string open_id;  // the article shown on the right
    // Editor
    bool editing = false;
    bool creating = false;
    Article edit;
    uint64_t base_rev = 0;
    std::string tags_text, synonyms_text;  // edited as one line each, split on commas
    std::string editing_field;
    const char* focus_field = nullptr;
    bool confirm_discard = false;
    bool confirm_delete = false;
    HistoryDialogState history;
    std::vector<std::string> shown_marks;  // highlighted parts of the open article (for tests)
};

// Reply templates: filters, the selected one, the editor.
struct TemplatesUi {
    std::string search;
    int filter = 0;  // 0 all, 1 favourites, 2 most used, 3 + TemplateCategory
    int language_filter = 0;
    std::string selected;
    bool editing = false;
    bool creating = false;
    ReplyTemplate edit;
    uint64_t base_rev = 0;
    std::string tags_text;
    std::string editing_field;
    const char* focus_field = nullptr;
    bool confirm_delete = false;  // the delete button asks once more
    HistoryDialogState history;
    // A template with values missing, about to be inserted (or copied): the agent decides first
    // (fill them in for this use, insert with the gaps marked, or cancel).
    bool gaps_open = false;
    bool gaps_insert = false;
    std::string gaps_template;
    std::vector<std::string> gaps_names, gaps_values;
    // Call scripts tab: the selected script, its editor.
    bool scripts_tab = false;
    std::string script_selected;
    bool script_editing = false;
    bool script_creating = false;
    CallScript script_edit;
    uint64_t script_base_rev = 0;
    bool script_confirm_delete = false;
};

// Satisfaction and callbacks: the callback workspace, the results, the survey builder and the
// full-screen self-service survey.
struct SurveysUi {
    int tab = 0;  // 0 callback workspace, 1 results, 2 survey builder, 3 callback log
    // The callback log (《客户回访记录表》), newest first; cached per records version.
    uint64_t log_version = ~0ull;
    std::vector<Callback> log;
    int bar_group = 0;  // second bar chart: 0 category, 1 department, 2 channel
    // Callback workspace: the due list (cached), the call being made.
    uint64_t due_version = ~0ull;
    int64_t due_minute = -1;
    std::vector<DueCallback> due;
    int selected = 0;
    bool scroll_to_selected = false;
    std::string draft_case;  // the case the draft below belongs to
    std::string select_case;  // a restored callback: select its row once the due list is read
    SurveyResponse draft;
    std::string contact, phone, company, result, note;
    std::string editing_field;
    const char* focus_field = nullptr;
    // Results filters: period (0 this month, 1 last month, 2 last 7 days, 3 last 30 days, 4 this year, 5 all).
    int period = 0;
    int group = 0;  // trend by 0 day, 1 week, 2 month
    std::string survey_id, agent_id;
    int category = -1;
    // What the results and the workspace's figures show, recomputed when the records, the
    // filters or the day change (100,000 responses take milliseconds, not every frame).
    uint64_t results_version = ~0ull;
    std::string results_key;
    Scores res_scores;
    CallbackRate res_rate;
    std::vector<std::pair<std::string, Scores>> res_trend, res_agents, res_categories, res_agent_list;
    std::vector<Distribution> res_dists;
    Survey res_survey;
    bool res_have_survey = false;
    uint64_t kpi_version = ~0ull;
    int64_t kpi_day = -1;
    Scores kpi_scores;
    CallbackRate kpi_rate;
    // Survey builder
    std::string builder_selected;
    bool builder_editing = false;
    Survey builder_edit;
    uint64_t builder_base_rev = 0;
    std::vector<std::string> options_text;  // per question, one option per line
    SurveyResponse builder_preview;         // answers tried in the builder's preview (never saved)
    // Settings → 回访规则: the edit buffer, taken from the store until changed.
    CallbackRules rules_edit;
    std::string key_customers_text;
    bool rules_dirty = false;
    // Self-service survey (full screen)
    bool kiosk_open = false;
    int kiosk_step = 0;  // question index; == questions: the thank-you page
    SurveyResponse kiosk_draft;
    double kiosk_last_input_ms = 0;
};

// Reports: the dashboard's scope, the KPIs computed for it (cached), the drill-down; the
// named report shown (cached the same way); the work log being written.
struct ReportsUi {
    int tab = 0;     // 0 dashboard, 1 reports, 2 work log
    int period = 0;  // 0 today, 1 this week, 2 this month, 3 last month, 4 last 30 days, 5 this year,
                     // 6 last week, 7 yesterday, 8 from–to (custom_from/custom_to)
    int64_t custom_from = 0, custom_to = 0;  // local days; 0: not chosen yet
    std::string custom_from_text, custom_to_text;
    std::string agent;
    std::string agent_filter;  // typed into the agent list (a thousand agents do not fit a list)
    std::string team;          // 班组; empty: every team
    int category = -1, department = -1;
    uint64_t cached_version = ~0ull;
    std::string cached_key;
    KpiReport report;
    std::vector<std::pair<std::string, Scores>> trend;
    int selected = -1;  // Kpi whose records are listed, -1 none
    int drill_of = -1;  // the Kpi `drill` was listed for
    std::vector<DrillRow> drill;
    // "Needs action": open cases past a deadline now, callbacks due (with the KPIs' cache).
    size_t overdue = 0;
    size_t callbacks_due = 0;
    // The named report (tab 1).
    int kind = 0;  // ReportKind
    ReportDoc doc;
    std::string doc_key;
    double doc_ms = 0;  // how long building it took (shown, so slow scopes are visible)
    bool doc_scroll_top = false;
    // The work log (tab 2): the day shown, its text as edited, the saved text it started from.
    int64_t log_day = 0;  // 0: today
    std::string log_key;  // agent + day loaded
    std::string log_text, log_base;
    uint64_t log_rev = 0;
    std::map<std::string, std::string> log_unsaved;  // log_key -> text edited and not saved (kept while switching days)
    bool log_confirm_redraft = false;
    std::vector<WorkLog> logs;  // the agent's saved logs, read again when the records or the agent change
    std::string logs_key;
    std::string editing_field;
    const char* focus_field = nullptr;
};

// Who is at the station (auth_view.cpp). The PIN never leaves the field it was typed in
// except to WebCrypto, and every buffer holding it is wiped after use.
enum class AuthState { FirstRun, SignedOut, Locked, SignedIn };
struct AgentEditUi {
    bool open = false;
    bool creating = false;
    AgentProfile agent;      // being edited (its pin is not used: a new PIN is typed)
    std::string pin, pin2;   // a new PIN; empty on an edit: keep the old one
    std::string error;
    bool focus = false;
};
struct AuthUi {
    AuthState state = AuthState::SignedOut;
    std::string agent;         // 工号 signed in (or whose screen is locked)
    int64_t locked_at_ms = 0;
    double last_input_ms = 0;  // the idle lock counts from here
    // The sign-in / first-run / unlock form.
    std::string id, name, pin, pin2;
    std::string error;
    bool verifying = false;  // WebCrypto is deriving
    bool focus = true;
    int64_t wait_ms = 0;     // the backoff left for the agent on the form (shown as a countdown)
    // Settings → agents: the profile being edited; the access log as last read.
    AgentEditUi edit;
    std::vector<AccessEntry> log;
    uint64_t log_version = ~0ull;
    // Status-bar menu → change one's own PIN.
    bool change_pin_open = false;
    std::string old_pin;
};

// Kiosk mode (kiosk_view.cpp): what the customer at the screen is doing.
enum class KioskScreen { Home, Faq, Request, Thanks, Exit };
struct KioskUi {
    bool active = false;
    KioskScreen screen = KioskScreen::Home;
    std::string search, article;                // FAQ: the query, the article open
    size_t listed = 0;                          // FAQ entries on screen (for tests)
    std::string name, phone, description;       // the request being written
    int category = 1;                           // CaseCategory (服务 by default)
    std::string error;
    std::string exit_id, exit_pin;              // leaving: an administrator's 工号 and PIN
    bool verifying = false;
    bool focus = false;
    bool scroll_top = false;
    double thanks_at_ms = 0;
};

// Transient UI state: what is on screen, not what is in the records.
struct UiState {
    Section section = Section::Cases;
    AuthUi auth;
    KioskUi kiosk;
    // The demo station (?mode=demo): its own data space, the banner, reset and the tour.
    bool demo = false;
    bool demo_reset_requested = false;
    double demo_reset_ms = 0;  // how long the last reset took
    int tour_step = -1;        // -1: no tour
    // Phone masking: the one phone field an agent opened to read or edit in full.
    std::string phone_revealed;
    bool phone_focus = false;
    bool update_ready = false;  // a new version of the app is installed and waits for a reload
    bool palette_open = false;
    bool palette_focus_pending = false;
    std::string palette_query;
    int palette_selected = 0;
    std::string station_name_edit;  // edit buffer; committed on deactivation
    bool station_name_editing = false;
    std::vector<Toast> toasts;
    FontState font_state = FontState::Loading;
    FontState font_more_state = FontState::Loading;  // every other character (fetched after the first frame)
    SaveState save_state = SaveState::Idle;
    double saved_at_ms = 0;
    std::string save_error;
    std::string font_name;
    float display_w = 0, display_h = 0, display_scale = 1;
    std::map<std::string, ProbeRect, std::less<>> probes;  // rebuilt every frame
    std::map<std::string, std::string, std::less<>> field_values;  // probed text fields, for tests
    std::string active_probe;  // id of the probed widget holding keyboard focus
    double wake_request_ms = -1;  // soonest redraw a view asked for this frame (-1: none)
    uint64_t input_count = 0;     // keyboard, mouse and text events so far (drafts watch it)
    DraftsUi drafts;

    // Import: the validated plan waiting for the user's confirmation (or its errors).
    std::shared_ptr<const ImportPlan> import_plan;
    std::string import_file;
    int import_policy = 0;  // ConflictPolicy
    // Filtered export dialog.
    bool export_open = false;
    std::set<std::string> export_types;  // empty: all
    std::string export_from, export_to;  // YYYY-MM-DD edit buffers
    bool export_deleted = true;
    bool export_mask = false;
    bool export_starter = false;  // the built-in knowledge-base articles too
    // Storage as the browser reports it (navigator.storage.estimate / persisted).
    double storage_used = -1, storage_quota = -1;
    bool storage_persisted = false;
    bool read_only = false;  // another tab is the writer
    CasesUi cases;
    CalendarUi calendar;
    FaqUi faq;
    TemplatesUi templates;
    SurveysUi surveys;
    ReportsUi reports;
    // The text field typed in last (probe id) and its cursor: where an inserted template goes.
    std::string text_cursor_field;
    int text_cursor = 0;
    int restore_cursor = -1;  // a restored draft: where the cursor goes in the field focused next
    std::string company_name_edit;
    bool company_name_editing = false;
    // Settings → phrases never to use: the list being edited, loaded from the store.
    std::vector<Phrase> phrases_edit;
    bool phrases_dirty = false;
    bool phrases_focus_new = false;  // a row was just added: scroll to it, type into it
    uint64_t phrases_loaded_version = ~0ull;
};

class Dispatcher {
public:
    explicit Dispatcher(std::function<ApplyResult(const Command&)> fn) : fn_(std::move(fn)) {}
    ApplyResult operator()(const Command& c) const { return fn_(c); }

private:
    std::function<ApplyResult(const Command&)> fn_;
};

struct ViewContext {
    const AppState& state;
    UiState& ui;
    const Translator& tr_;
    const Dispatcher& dispatch;
    Platform& platform;

    const char* tr(std::string_view key) const { return tr_.get(key).c_str(); }
    std::string trf(std::string_view key, const std::vector<std::pair<std::string, std::string>>& args) const {
        return tr_.format(key, args);
    }
    void toast(std::string text, bool is_error = false) const;
    // Frames are drawn on demand: a view showing something that changes without input (a
    // running call timer, a countdown) asks for the next redraw, e.g. wake_in(1000) for 1 Hz.
    void wake_in(double ms) const;
    // Shows a failed command's error in the user's language.
    void report(const ApplyResult& r, const std::string& file_name = {}) const;
    // Records the last ImGui item's rectangle under a stable id (for window.kefu.rect()).
    void probe(const char* id) const;
    // probe() for a text field, also exposing its current value to window.kefu.state().
    void probe_field(const char* id, const std::string& value) const;
};

// Marks a string literal as a translation key kept in a table (the i18n test scans for it).
constexpr const char* tr_key(const char* key) { return key; }

// Per-section strings, tied to the enum by static_asserts in app.cpp.
struct SectionInfo {
    const char* nav_key;
    const char* hint_key;
    const char* probe_id;
    const char* state_name;
};
const SectionInfo& section_info(Section s);

// Actions reachable from the command palette and from shortcuts.
void run_export(const ViewContext& ctx, const ExportFilter& filter);
void run_import(const ViewContext& ctx);
void import_file(const ViewContext& ctx, const PickedFile& file);
void change_ui_scale(const ViewContext& ctx, float new_scale);

void draw_calendar_settings(const ViewContext& ctx);
// The years of public holidays entered, and adding one from the State Council's notice.
void draw_calendar_years(const ViewContext& ctx);
// Stores the calendar (SetCalendar), says so or shows why not; true when stored.
bool set_calendar(const ViewContext& ctx, const WorkCalendar& cal);
// The weekday names, Monday first (keys of the translation tables).
extern const char* const kWeekdayNameKeys[7];
// "北京时间" for Asia/Shanghai, else "UTC+05:30": how a time's zone is named on screen.
std::string zone_label(const ViewContext& ctx, const WorkCalendar& cal);
std::string utc_offset_text(int minutes);

// Multi-line text shown wrapped (Dear ImGui 1.92.2's multi-line input does not wrap), an
// editor when clicked or tabbed into; editing_field/focus_field belong to the view's state.
void wrapped_editor(const ViewContext& ctx, const char* probe_id, std::string& value, float height, std::string& editing_field,
                    const char*& focus_field, const char* placeholder_key = "case.click_to_write");

// Small shared widgets (settings_view.cpp).
void section_heading(const ViewContext& ctx, const char* key);
void help_text(const char* text);

// Cases (cases_view.cpp, case_form_view.cpp).
void draw_cases(const ViewContext& ctx);
void draw_case_form(const ViewContext& ctx);
void draw_case_help(const ViewContext& ctx);
void draw_call_status(const ViewContext& ctx);
void start_call(const ViewContext& ctx);
// Calls the customer of the open case (呼出): the timer runs, the call is logged on that case.
void start_outbound_call(const ViewContext& ctx);
// Ends the running call and logs it (with the open case, if it has been saved); `ended_ms`
// (else now) when the call is known to have ended earlier (a draft restored long after).
void end_call(const ViewContext& ctx, int64_t ended_ms = 0);
void draw_contact_log(const ViewContext& ctx);
void new_case(const ViewContext& ctx, CaseChannel channel);
void open_case(const ViewContext& ctx, const std::string& id);
// Random bits for new record ids (two stations never pick the same id).
uint32_t random_salt();
// "2026-11-23 09:05" (or "11-23 09:05" with short) in the browser's local time.
std::string format_time(const ViewContext& ctx, int64_t ms, bool short_form = false);
// "1 小时 20 分" / "1 h 20 min": a span of time, rounded down to minutes.
std::string format_span(const ViewContext& ctx, int64_t ms);
// An SLA rule's name in the display language, and the label of its unit.
const char* rule_name(const ViewContext& ctx, const SlaRule& rule);
const char* sla_unit_key(SlaUnit unit);
// A coloured SLA badge (state and, if running, time left or overdue).
void sla_badge(const ViewContext& ctx, SlaState state, int64_t left_ms, bool with_time);

// Knowledge base (faq_view.cpp).
void draw_faq(const ViewContext& ctx);
void open_article(const ViewContext& ctx, const std::string& id);
// Text with bold and marked (search match) parts, wrapped to `wrap_width`.
struct RichSpan {
    std::string_view text;
    bool bold = false;
    bool mark = false;     // a search match (yellow) or a filled placeholder (blue, with missing red)
    bool missing = false;  // a placeholder without a value
};
// Wrapped by core/line_break (Chinese line-breaking rules; a marked span is kept whole when
// it fits a line). Returns the height; with draw=false only measures (rich_text.cpp).
// `line_height` 0: the font's line with item spacing.
float rich_text(const std::vector<RichSpan>& spans, float wrap_width, bool draw = true, float line_height = 0);
// A missing template value as it is marked in a record ("【公司名称】"), and a text split where
// such marks stand (marked as missing, so they are drawn red and never broken across lines).
std::string gap_mark(const ViewContext& ctx, std::string_view placeholder_name);
std::vector<RichSpan> gap_spans(const ViewContext& ctx, std::string_view text);
// The "已有解决方案？" panel of the case form: published articles matching the description.
void draw_case_suggestions(const ViewContext& ctx, const std::string& description, const std::string& case_id);

// A yes/no question in a modal (dialogs_view.cpp): `yes` runs on the first button; the probes
// are "dlg.<probe_prefix>.yes" and ".no"; Esc or Cancel closes it.
void confirm_dialog(const ViewContext& ctx, bool& flag, const char* popup_id, const std::string& text, const char* yes_key,
                    const char* probe_prefix, const std::function<void()>& yes);

// The version history dialog of FAQ articles and templates (dialogs_view.cpp).
struct VersionRow {
    uint64_t rev = 0;  // 0: the built-in text
    int64_t at_ms = 0;
    Actor by;
};
struct HistoryDialogSpec {
    const char* popup_id = "###history";
    std::string title;
    const char* probe_prefix = "faq";       // probes "<prefix>.history_dialog", ".diff", ".restore", ".history_close"
    const char* field_key_prefix = "faq.field.";
    const char* builtin_note = nullptr;     // shown instead when there is only the built-in text
    std::vector<VersionRow> rows;           // oldest first
    std::function<void(size_t row)> row_badge;                               // optional
    std::function<std::vector<FieldDiff>(size_t from_row, size_t to_row)> diff;
    std::function<ApplyResult(uint64_t rev)> restore;                        // saves that version as the newest
};
// Opens the dialog comparing the last two revisions.
void open_history(HistoryDialogState& st, const std::vector<uint64_t>& revs);
void draw_history_dialog(const ViewContext& ctx, HistoryDialogState& st, const HistoryDialogSpec& spec);

// Reply templates (templates_view.cpp), its call scripts tab (call_scripts_view.cpp).
void draw_templates(const ViewContext& ctx);
void draw_call_scripts(const ViewContext& ctx);
// A rendered template: filled values marked blue, missing ones red, wrapped to `width`.
void draw_rendered(const Rendered& r, float width);
// Reports (reports_view.cpp): the dashboard, the named reports, the work log.
void draw_reports(const ViewContext& ctx);
void draw_report_doc(const ViewContext& ctx, const ReportDoc& doc);    // report_doc_view.cpp
void draw_work_log(const ViewContext& ctx);                          // work_log_view.cpp
// Offers text as a downloaded file and says so in a toast.
void offer_file(const ViewContext& ctx, const std::string& name, const char* mime, const std::string& text);
// Offers a report as a file through the browser: "csv", "json" or "html".
void download_doc(const ViewContext& ctx, const ReportDoc& doc, const std::string& stem, const char* format);
// A phone number as this screen may show it: masked (138****1234) when Settings says so.
std::string shown_phone(const ViewContext& ctx, const std::string& phone);
// A phone number field: with masking on it shows the masked number until the agent clicks
// into it, then the real number to edit (masked again when the field is left).
void phone_input(const ViewContext& ctx, const char* probe_id, std::string& value, float width, const char* hint = "");
// Something typed and not saved yet (a case, an article, a template, a survey, a work log):
// the app does not reload for an update while this is true.
bool editing_in_progress(const ViewContext& ctx);
// The case form is open with changes not saved yet.
bool case_form_unsaved(const ViewContext& ctx);
// Who is at the station: the signed-in agent; before the first administrator exists, the
// station (its name, else "本工作站").
Actor current_actor(const ViewContext& ctx);
// The signed-in agent's profile (false: nobody is signed in).
bool signed_in_agent(const ViewContext& ctx, AgentProfile& out);
// The role of whoever is at the station (Admin on a station without agents: it is being set up).
Role current_role(const ViewContext& ctx);
// Overwrites a buffer that held a PIN, then empties it.
void wipe_secret(std::string& s);
// Sign-in, first run and the lock screen cover the window while nobody is signed in (auth_view.cpp).
void draw_auth_screen(const ViewContext& ctx);
// Locks the screen (the session's agent stays; the PIN unlocks), logged with `why` ("idle"/"manual").
void lock_screen(const ViewContext& ctx, const char* why);
void draw_agent_menu(const ViewContext& ctx);       // the status bar's agent button and its menu
void draw_agent_settings(const ViewContext& ctx);   // Settings → agents, idle lock, access log
void draw_agent_dialog(const ViewContext& ctx);     // a new agent, an edit, or one's own PIN
// Clears everything an agent was working on from the screen (the records are untouched).
void reset_work_ui(UiState& ui);
// The agent `id` (whose PIN was just checked) is now at the station.
void sign_in_as(const ViewContext& ctx, const std::string& id);
// Kiosk mode: the signed-in agent's session ends and the customer screen takes the window.
void enter_kiosk(const ViewContext& ctx);
void draw_kiosk(const ViewContext& ctx);
// The demo station's banner (always on screen) and its guided tour (demo_view.cpp).
void draw_demo_banner(const ViewContext& ctx, const ImVec2& pos, float width);
void draw_demo_tour(const ViewContext& ctx);
// An FAQ answer (paragraphs, lists, bold, marked words) wrapped to `width` (faq_view.cpp).
void draw_article_answer(const std::string& answer, const std::vector<std::string>& marks, float width);
// Any input: the idle lock starts counting again; locks the screen when the idle time ran out.
void check_idle_lock(const ViewContext& ctx);
// Satisfaction and callbacks (surveys_view.cpp); the self-service survey covers the window.
void draw_surveys(const ViewContext& ctx);
void draw_self_service_survey(const ViewContext& ctx);
// The case form's panel: the case's latest callback and its survey score (surveys_view.cpp).
void draw_case_callbacks(const ViewContext& ctx, const std::string& case_id);
// Settings → 回访规则: when cases are due a callback (surveys_view.cpp).
void draw_callback_settings(const ViewContext& ctx);
// Charts (chart_view.cpp): a value per label per series; NaN = no value (a gap).
struct ChartSeries {
    std::string name;
    std::vector<double> values;
    unsigned int color = 0;  // ImU32
};
struct ChartSpec {
    std::vector<std::string> labels;
    std::vector<ChartSeries> series;
    double target = NAN;       // a dashed line (the seed's target), NaN: none
    std::string target_label;
    bool fixed_range = false;  // lo..hi instead of the data's range
    double lo = 0, hi = 100;
    bool zero_based = true;
    bool integer = false;  // counts: whole-number ticks
    bool stacked = false;  // bar_chart: the series piled up per label (the axis covers the totals)
    const char* unit = "";
};
void bar_chart(const ViewContext& ctx, const char* probe_id, const ChartSpec& spec, const ImVec2& size);
void line_chart(const ViewContext& ctx, const char* probe_id, const ChartSpec& spec, const ImVec2& size);
void draw_survey_results(const ViewContext& ctx);
void draw_survey_builder(const ViewContext& ctx);
// One question's answer input (surveys_view.cpp); `large` for the self-service screen.
void answer_widget(const ViewContext& ctx, const SurveyQuestion& q, SurveyAnswer& a, bool large, const std::string& probe_base, size_t index);
// A button styled as a tab, filled when on (dialogs_view.cpp).
bool tab_button(const ViewContext& ctx, const char* key, bool on, const char* probe_id);
// Settings → 禁用语: the phrase checker's list, edited in a table (templates_view.cpp).
void draw_phrase_settings(const ViewContext& ctx);
// Placeholder values for the case open in the form, this station and today.
PlaceholderValues current_values(const ViewContext& ctx);
PlaceholderValues values_for_case(const ViewContext& ctx, const Case* c);
// The call-script runner in the case form's panel and the callback workspace
// (templates_view.cpp); placeholders from `for_case`, else from the case open in the form.
void draw_script_runner(const ViewContext& ctx, const std::string& case_id, const Case* for_case = nullptr);
// Inserts text at the cursor of the case field typed in last (else into the acceptance
// record) of the case open in the form (case_form_view.cpp).
void insert_into_case(const ViewContext& ctx, const std::string& text);

// Views.
void draw_app_frame(const ViewContext& ctx);
void draw_sidebar(const ViewContext& ctx, const ImVec2& pos, const ImVec2& size);
void draw_status_bar(const ViewContext& ctx, const ImVec2& pos, const ImVec2& size);
void draw_empty_section(const ViewContext& ctx, Section s);
void draw_settings(const ViewContext& ctx);
void draw_palette(const ViewContext& ctx);
void draw_toasts(const ViewContext& ctx);
void draw_backup_section(const ViewContext& ctx);
void draw_data_dialogs(const ViewContext& ctx);

}  // namespace kefu
