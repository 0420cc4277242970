// The cases section (cases_view.cpp, case_form_view.cpp): its transient state and entry points.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "web/view.hpp"

namespace kefu {

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
    // The case as the form loaded it (at base_rev): "unsaved" means the buffer differs from
    // it. When the record changes elsewhere (another desk, through the team) and nothing is
    // typed, the form takes the new version quietly; with something typed it says so, keeps
    // the typing, and saving merges (EditCase over a later revision).
    Case loaded;
    bool changed_elsewhere = false;
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

// The "已有解决方案？" panel of the case form: published articles matching the description.
void draw_case_suggestions(const ViewContext& ctx, const std::string& description, const std::string& case_id);
// Inserts text at the cursor of the case field typed in last (else into the acceptance
// record) of the case open in the form (case_form_view.cpp).
void insert_into_case(const ViewContext& ctx, const std::string& text);

// window.kefu.state().cases (the automation bridge).
nlohmann::json cases_snapshot(const SnapshotContext& snap);

}  // namespace kefu
