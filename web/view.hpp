// Shared view plumbing: the context every draw_* function receives, translation helpers,
// the widget probe that lets end-to-end tests find a widget's screen rectangle, and the small
// widgets and helpers every feature's views use. A feature's own state and functions are in
// its header (cases_ui.hpp, faq_ui.hpp, …); ui.hpp composes them into UiState.
#pragma once
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/app_state.hpp"
#include "core/i18n.hpp"
#include "core/period.hpp"
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
// Adds a toast; the same words already showing are not stacked again (a failure repeating
// while saving retries): that toast is shown afresh instead.
void add_toast(std::vector<Toast>& toasts, Toast t);

struct UiState;  // ui.hpp: every feature's transient state

// What the automation bridge (window.kefu.state()) shows of one feature, read from the
// records and the UI state; App::state_json puts each feature's under its name. Each
// feature declares its `<feature>_snapshot(const SnapshotContext&)` in its header.
struct SnapshotContext {
    const AppState& state;
    const UiState& ui;
    int64_t now_ms;
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

// Display scale (the palette and Ctrl +/-).
void change_ui_scale(const ViewContext& ctx, float new_scale);

// Multi-line text shown wrapped (Dear ImGui 1.92.2's multi-line input does not wrap), an
// editor when clicked or tabbed into; editing_field/focus_field belong to the view's state.
void wrapped_editor(const ViewContext& ctx, const char* probe_id, std::string& value, float height, std::string& editing_field,
                    const char*& focus_field, const char* placeholder_key = "case.click_to_write");

// Small shared widgets (settings_view.cpp).
void section_heading(const ViewContext& ctx, const char* key);
void help_text(const char* text);

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

// A yes/no question in a modal (dialogs_view.cpp): `yes` runs on the first button; the probes
// are "dlg.<probe_prefix>.yes" and ".no"; Esc or Cancel closes it.
void confirm_dialog(const ViewContext& ctx, bool& flag, const char* popup_id, const std::string& text, const char* yes_key,
                    const char* probe_prefix, const std::function<void()>& yes);

// Offers text as a downloaded file and says so in a toast.
void offer_file(const ViewContext& ctx, const std::string& name, const char* mime, const std::string& text);
// A phone number as this screen may show it: masked (138****1234) when Settings says so.
std::string shown_phone(const ViewContext& ctx, const std::string& phone);
// A phone number field: with masking on it shows the masked number until the agent clicks
// into it, then the real number to edit (masked again when the field is left).
void phone_input(const ViewContext& ctx, const char* probe_id, std::string& value, float width, const char* hint = "");
// Something typed and not saved yet (a case, an article, a template, a survey, a work log):
// the app does not reload for an update while this is true.
bool editing_in_progress(const ViewContext& ctx);
bool editing_in_progress(const AppState& state, const UiState& ui);
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

// The period list of a report or a results page: `offered` in their order (widgets.cpp).
void period_combo(const ViewContext& ctx, const char* probe_id, Period& value, const Period* offered, size_t count);

// A button styled as a tab, filled when on (dialogs_view.cpp).
bool tab_button(const ViewContext& ctx, const char* key, bool on, const char* probe_id);

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

// The demo station's banner (always on screen) and its guided tour (demo_view.cpp).
void draw_demo_banner(const ViewContext& ctx, const ImVec2& pos, float width);
void draw_demo_tour(const ViewContext& ctx);
// Any input: the idle lock starts counting again; locks the screen when the idle time ran out.
void check_idle_lock(const ViewContext& ctx);

// The frame around the features (frame_view.cpp, palette_view.cpp, empty_view.cpp).
void draw_app_frame(const ViewContext& ctx);
void draw_sidebar(const ViewContext& ctx, const ImVec2& pos, const ImVec2& size);
void draw_status_bar(const ViewContext& ctx, const ImVec2& pos, const ImVec2& size);
void draw_empty_section(const ViewContext& ctx, Section s);
void draw_palette(const ViewContext& ctx);
void draw_toasts(const ViewContext& ctx);

}  // namespace kefu
