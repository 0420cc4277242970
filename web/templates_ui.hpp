// Reply templates, call scripts and Settings → 禁用语 (templates_view.cpp, call_scripts_view.cpp, phrase_settings_view.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "web/history_dialog.hpp"
#include "web/view.hpp"

namespace kefu {

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

// Reply templates (templates_view.cpp), its call scripts tab (call_scripts_view.cpp).
void draw_templates(const ViewContext& ctx);
void draw_call_scripts(const ViewContext& ctx);
// A rendered template: filled values marked blue, missing ones red, wrapped to `width`.
void draw_rendered(const Rendered& r, float width);
// Settings → 禁用语: the phrase checker's list, edited in a table (templates_view.cpp).
void draw_phrase_settings(const ViewContext& ctx);
// Placeholder values for the case open in the form, this station and today.
PlaceholderValues current_values(const ViewContext& ctx);
PlaceholderValues values_for_case(const ViewContext& ctx, const Case* c);
// The call-script runner in the case form's panel and the callback workspace
// (templates_view.cpp); placeholders from `for_case`, else from the case open in the form.
void draw_script_runner(const ViewContext& ctx, const std::string& case_id, const Case* for_case = nullptr);

// window.kefu.state().templates (the automation bridge).
nlohmann::json templates_snapshot(const SnapshotContext& snap);

}  // namespace kefu
