// The views' state: UiState, the composition of every feature's transient state (each
// declared in the feature's own header with its entry points), and the automation bridge's
// per-feature snapshots (each declared in its feature's header). A new screen adds its header
// here, one member to UiState, and one row to the bridge's table (app.cpp).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "web/auth_ui.hpp"
#include "web/calendar_ui.hpp"
#include "web/cases_ui.hpp"
#include "web/data_ui.hpp"
#include "web/drafts.hpp"
#include "web/faq_ui.hpp"
#include "web/kiosk_ui.hpp"
#include "web/reports_ui.hpp"
#include "web/settings_ui.hpp"
#include "web/surveys_ui.hpp"
#include "web/team_ui.hpp"
#include "web/templates_ui.hpp"
#include "web/view.hpp"

namespace kefu {

// Transient UI state: what is on screen, not what is in the records.
struct UiState {
    Section section = Section::Cases;
    // ---- the features, each in its header
    AuthUi auth;
    KioskUi kiosk;
    CasesUi cases;
    CalendarUi calendar;
    FaqUi faq;
    TemplatesUi templates;
    SurveysUi surveys;
    ReportsUi reports;
    DataUi data;
    SettingsUi settings;
    TeamUi team;
    DraftsUi drafts;
    // ---- the frame around them
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
    bool read_only = false;  // another tab is the writer
    // The text field typed in last (probe id) and its cursor: where an inserted template goes.
    std::string text_cursor_field;
    int text_cursor = 0;
    int restore_cursor = -1;  // a restored draft: where the cursor goes in the field focused next
};

}  // namespace kefu
