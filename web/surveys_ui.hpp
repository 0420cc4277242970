// Satisfaction and callbacks (surveys_view.cpp and its areas): transient state and entry points.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "web/view.hpp"

namespace kefu {

// Satisfaction and callbacks: the callback workspace, the results, the survey builder and the
// full-screen self-service survey.
enum class SurveysTab : uint8_t { Callbacks, Results, Builder, Log, Count };
const char* name_of(SurveysTab t);  // "callbacks" (the automation bridge)

struct SurveysUi {
    SurveysTab tab = SurveysTab::Callbacks;
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
    // Results filters.
    Period period = Period::ThisMonth;
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

// Satisfaction and callbacks (surveys_view.cpp); the self-service survey covers the window.
void draw_surveys(const ViewContext& ctx);
void draw_self_service_survey(const ViewContext& ctx);
// The case form's panel: the case's latest callback and its survey score (surveys_view.cpp).
void draw_case_callbacks(const ViewContext& ctx, const std::string& case_id);
// Settings → 回访规则: when cases are due a callback (surveys_view.cpp).
void draw_callback_settings(const ViewContext& ctx);
void draw_survey_results(const ViewContext& ctx);
void draw_survey_builder(const ViewContext& ctx);
// One question's answer input (surveys_view.cpp); `large` for the self-service screen.
void answer_widget(const ViewContext& ctx, const SurveyQuestion& q, SurveyAnswer& a, bool large, const std::string& probe_base, size_t index);

// window.kefu.state().surveys (the automation bridge).
nlohmann::json surveys_snapshot(const SnapshotContext& snap);

}  // namespace kefu
