// The parts of the satisfaction views that several of them draw (surveys_common.hpp).
#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID
#include "imgui_stdlib.h"
#include "web/surveys_common.hpp"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {
namespace surveys_ui {

// Stable ids for the free-text answers (wrapped_editor keeps the pointer).
const char* text_probe(size_t i) {
    static std::vector<std::string> ids;
    while (ids.size() <= i) ids.push_back("svq.text" + std::to_string(ids.size()));
    return ids[i].c_str();
}

std::string language_of(const ViewContext& ctx) { return ctx.state.settings.language == Language::En ? "en" : "zh-CN"; }

std::string day_label(const ViewContext& ctx, int64_t day, int64_t today) {
    if (day == today) return ctx.tr("callback.today");
    if (day < today) return ctx.trf("callback.overdue_days", {{"n", std::to_string(today - day)}});
    const CivilDate d = civil_from_days(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d-%02d", d.month, d.day);
    return buf;
}

// A button that shows whether it is the chosen answer.
bool choice_button(const char* label, bool on, const ImVec2& size) {
    ImGui::PushStyleColor(ImGuiCol_Button, on ? kChosen : ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    ImGui::PushStyleColor(ImGuiCol_Text, on ? ImVec4(1, 1, 1, 1) : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    const bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(2);
    return pressed;
}


}  // namespace surveys_ui

using namespace surveys_ui;


// One question's answer input. `large`: the self-service screen (touch-sized, captions).
// Probes "<base>.<value>" for each choice, "<base>.text" for free text.
void answer_widget(const ViewContext& ctx, const SurveyQuestion& q, SurveyAnswer& a, bool large, const std::string& base, size_t index) {
    a.question = q.id;
    a.kind = q.kind;
    const float font = ImGui::GetFontSize();
    const float unit = large ? font * 3.2f : font * 2.0f;
    const float avail = ImGui::GetContentRegionAvail().x;
    auto probe = [&](const std::string& what) { ctx.probe((base + "." + what).c_str()); };
    auto same_line_if_fits = [&](float w) {
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    };
    ImGui::PushID(static_cast<int>(index));
    switch (q.kind) {
        case QuestionKind::Rating: {
            const float w = large ? std::min(font * 8.0f, (avail - font * 2.0f) / 5.0f) : unit;
            for (int v = 1; v <= 5; ++v) {
                if (v > 1) same_line_if_fits(w);
                ImGui::PushID(v);
                if (large) {
                    // The score large, its meaning under it, both centred.
                    const ImVec2 p = ImGui::GetCursorScreenPos();
                    const std::string num = std::to_string(v);
                    if (choice_button("##r", a.value == v, ImVec2(w, unit * 1.3f))) a.value = a.value == v ? -1 : v;
                    const ImU32 col = a.value == v ? IM_COL32(255, 255, 255, 255) : ImGui::GetColorU32(ImGuiCol_Text);
                    ImDrawList* dl = ImGui::GetWindowDrawList();
                    ImGui::PushFont(nullptr, ImGui::GetFontSize() * 1.4f);
                    const ImVec2 n = ImGui::CalcTextSize(num.c_str());
                    dl->AddText(ImVec2(p.x + (w - n.x) * 0.5f, p.y + unit * 0.18f), col, num.c_str());
                    ImGui::PopFont();
                    const char* cap = ctx.tr(kRatingKeys[v - 1]);
                    const ImVec2 c = ImGui::CalcTextSize(cap);
                    dl->AddText(ImVec2(p.x + (w - c.x) * 0.5f, p.y + unit * 0.8f), col, cap);
                } else if (choice_button(std::to_string(v).c_str(), a.value == v, ImVec2(w, 0))) {
                    a.value = a.value == v ? -1 : v;
                }
                ImGui::PopID();
                probe(std::to_string(v));
                if (!large && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx.tr(kRatingKeys[v - 1]));
            }
            break;
        }
        case QuestionKind::Nps: {
            const float w = large ? std::min(unit, (avail - font * 3.0f) / 11.0f) : font * 1.9f;
            for (int v = 0; v <= 10; ++v) {
                if (v > 0) same_line_if_fits(w);
                ImGui::PushID(v);
                if (choice_button(std::to_string(v).c_str(), a.value == v, ImVec2(w, large ? unit : 0))) a.value = a.value == v ? -1 : v;
                ImGui::PopID();
                probe(std::to_string(v));
            }
            ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.nps_scale"));
            break;
        }
        case QuestionKind::YesNo: {
            const float w = large ? font * 8.0f : font * 4.0f;
            if (choice_button(ctx.tr("survey.yes"), a.value == 1, ImVec2(w, large ? unit : 0))) a.value = a.value == 1 ? -1 : 1;
            probe("1");
            ImGui::SameLine();
            if (choice_button(ctx.tr("survey.no"), a.value == 0, ImVec2(w, large ? unit : 0))) a.value = a.value == 0 ? -1 : 0;
            probe("0");
            break;
        }
        case QuestionKind::Single:
        case QuestionKind::Multiple: {
            for (size_t o = 0; o < q.options.size(); ++o) {
                const bool on = q.kind == QuestionKind::Single ? a.value == static_cast<int>(o) : ((a.choices >> o) & 1u) != 0;
                const std::string label = (q.kind == QuestionKind::Multiple ? (on ? "☑ " : "☐ ") : "") + q.options[o];
                const float w = large ? std::max(font * 10.0f, ImGui::CalcTextSize(label.c_str()).x + font * 2.0f)
                                      : ImGui::CalcTextSize(label.c_str()).x + font * 1.2f;
                if (o > 0) same_line_if_fits(w);
                ImGui::PushID(static_cast<int>(o));
                if (choice_button(label.c_str(), on, ImVec2(w, large ? unit : 0))) {
                    if (q.kind == QuestionKind::Single) a.value = on ? -1 : static_cast<int>(o);
                    else a.choices ^= 1u << o;
                }
                ImGui::PopID();
                probe(std::to_string(o));
            }
            break;
        }
        case QuestionKind::Text: {
            SurveysUi& s = ctx.ui.surveys;
            const char* id = text_probe(index);
            wrapped_editor(ctx, id, a.text, large ? font * 5.0f : font * 3.0f, s.editing_field, s.focus_field, tr_key("survey.text_hint"));
            ctx.probe_field((base + ".text").c_str(), a.text);
            break;
        }
        default: break;
    }
    ImGui::PopID();
}

namespace surveys_ui {

// The question as read out or shown: number, text, * when required, help below.
void question_heading(const SurveyQuestion& q, size_t i, bool large) {
    if (large) ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.6f);
    const std::string head = std::to_string(i + 1) + ". " + q.text + (q.required ? " *" : "");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(head.c_str());
    ImGui::PopTextWrapPos();
    if (large) ImGui::PopFont();
    if (!q.help.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", q.help.c_str());
        ImGui::PopTextWrapPos();
    }
}

// The draft holds an answer slot per question of the survey, in order.
void fit_draft(SurveyResponse& d, const Survey& survey) {
    std::vector<SurveyAnswer> answers;
    for (const SurveyQuestion& q : survey.questions) {
        SurveyAnswer a;
        for (const SurveyAnswer& old : d.answers)
            if (old.question == q.id && old.kind == q.kind) a = old;
        a.question = q.id;
        a.kind = q.kind;
        answers.push_back(std::move(a));
    }
    d.answers = std::move(answers);
    d.survey_id = survey.id;
    d.version = survey.version;
}

bool any_answered(const SurveyResponse& d) {
    return std::any_of(d.answers.begin(), d.answers.end(), [](const SurveyAnswer& a) { return a.answered(); });
}

// Saves the draft (complete when every required question is answered, else partial);
// returns the stored response's id, or empty after reporting a refusal.
std::string save_response(const ViewContext& ctx, SurveyResponse r, SurveyChannel channel) {
    Survey survey;
    if (!find_survey_version(ctx.state, r.survey_id, r.version, survey)) {
        ctx.report(ApplyResult::failure("error.survey.version_gone", std::to_string(r.version)));
        return {};
    }
    settle_response(survey, r);  // complete or partial, decided in the core
    r.channel = channel;
    r.id = new_record_id('v', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
    const ApplyResult res = ctx.dispatch(SubmitResponse{r});
    if (!res.ok) {
        ctx.report(res);
        return {};
    }
    if (!r.case_id.empty())
        if (const ResponseRow* row = ctx.state.responses.find_for_case(r.case_id, r.survey_id)) return row->id;
    return r.id;
}

}  // namespace surveys_ui
}  // namespace kefu
