// Shared by the satisfaction and callback views (the callback workspace, the builder's
// preview, the self-service survey): how a question and its answer are drawn, and the
// response being written.
#pragma once
#include <cstdint>
#include <string>

#include "imgui.h"
#include "web/ui.hpp"

namespace kefu::surveys_ui {

inline const ImVec4 kBorder(0.886f, 0.910f, 0.941f, 1.0f);
inline const ImVec4 kChosen(0.145f, 0.388f, 0.922f, 1.0f);
inline const char* const kRatingKeys[] = {tr_key("survey.rating1"), tr_key("survey.rating2"), tr_key("survey.rating3"),
                                          tr_key("survey.rating4"), tr_key("survey.rating5")};

// Stable ids for the free-text answers (wrapped_editor keeps the pointer).
const char* text_probe(size_t i);
std::string language_of(const ViewContext& ctx);
// "今天", "逾期 3 天", "11-26": when a callback is due.
std::string day_label(const ViewContext& ctx, int64_t day, int64_t today);
// A button that shows whether it is the chosen answer.
bool choice_button(const char* label, bool on, const ImVec2& size);
// The question as read out or shown: number, text, * when required, help below.
void question_heading(const SurveyQuestion& q, size_t i, bool large);
// One answer slot per question of `survey` (kept where the question ids match).
void fit_draft(SurveyResponse& d, const Survey& survey);
bool any_answered(const SurveyResponse& d);
// Saves a response (complete or partial, decided in the core); returns the stored id, or
// empty after reporting a refusal.
std::string save_response(const ViewContext& ctx, SurveyResponse r, SurveyChannel channel);

// The tabs of draw_surveys: the callback workspace and the callback log (callback_workspace_view.cpp).
void draw_workspace(const ViewContext& ctx);
void draw_callback_log(const ViewContext& ctx);

}  // namespace kefu::surveys_ui
