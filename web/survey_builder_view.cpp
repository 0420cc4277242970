// 满意度与回访 → 问卷设计: survey definitions edited as new versions, with a live preview.
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

using namespace surveys_ui;

// ---- [SECTION] the survey builder -----------------------------------------------------------------
namespace {

size_t responses_to(const ViewContext& ctx, const std::string& survey_id) {
    ScoreFilter f;
    f.survey_id = survey_id;
    return static_cast<size_t>(ctx.state.responses.scores(f).responses);
}

void start_builder_edit(const ViewContext& ctx, const Survey& x, bool creating) {
    if (current_role(ctx) < Role::Lead) {  // survey definitions are the team's (the core refuses anyone else)
        ctx.toast(ctx.tr("error.permission.lead_edit"), true);
        return;
    }
    SurveysUi& s = ctx.ui.surveys;
    s.builder_editing = true;
    s.builder_edit = x;
    s.builder_base_rev = creating || x.builtin ? 0 : x.version;
    if (creating) s.builder_edit.id = new_record_id('q', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
    s.options_text.clear();
    for (const SurveyQuestion& q : x.questions) {
        std::string text;
        for (const std::string& o : q.options) text += (text.empty() ? "" : "\n") + o;
        s.options_text.push_back(text);
    }
}

void save_builder(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    Survey x = s.builder_edit;
    for (size_t i = 0; i < x.questions.size(); ++i) {
        x.questions[i].options.clear();
        if (x.questions[i].kind != QuestionKind::Single && x.questions[i].kind != QuestionKind::Multiple) continue;
        const std::string& text = i < s.options_text.size() ? s.options_text[i] : std::string();
        size_t at = 0;
        while (at <= text.size()) {
            const size_t nl = text.find('\n', at);
            std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
            if (!line.empty()) x.questions[i].options.push_back(line);
            if (nl == std::string::npos) break;
            at = nl + 1;
        }
    }
    const size_t answered = responses_to(ctx, x.id);
    const ApplyResult r = ctx.dispatch(SaveSurvey{x, s.builder_base_rev});
    if (!r.ok) return ctx.report(r);
    Survey saved;
    find_survey(ctx.state, x.id, saved);
    ctx.toast(answered ? ctx.trf("survey.saved_version", {{"version", std::to_string(saved.version)}, {"n", std::to_string(answered)}})
                       : std::string(ctx.tr("survey.saved")));
    s.builder_editing = false;
    s.builder_selected = x.id;
}

void draw_builder_editor(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    Survey& e = s.builder_edit;
    const float font = ImGui::GetFontSize();
    s.options_text.resize(e.questions.size());
    const float label_w = ImGui::GetCursorPosX() + font * 4.5f;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("survey.field.title"));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(std::max(font * 8.0f, ImGui::GetContentRegionAvail().x - font * 8.0f));
    ImGui::InputText("##title", &e.title);
    ctx.probe_field("builder.title", e.title);
    ImGui::SameLine();
    int lang = e.language == "en" ? 1 : 0;
    const char* langs[] = {"中文", "English"};
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##lang", &lang, langs, 2)) e.language = lang ? "en" : "zh-CN";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("survey.field.intro"));
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##intro", &e.intro);
    ctx.probe_field("builder.intro", e.intro);

    int move = -1, move_to = -1, remove = -1;
    for (size_t i = 0; i < e.questions.size(); ++i) {
        SurveyQuestion& q = e.questions[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Separator();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(theme::kAccent, "%s", ctx.trf("survey.question_n", {{"n", std::to_string(i + 1)}}).c_str());
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(font * 11.0f);
        if (ImGui::BeginCombo("##kind", ctx.tr(label_key(q.kind)))) {
            for (int k = 0; k < static_cast<int>(QuestionKind::Count); ++k)
                if (ImGui::Selectable(ctx.tr(label_key(static_cast<QuestionKind>(k))), static_cast<int>(q.kind) == k)) q.kind = static_cast<QuestionKind>(k);
            ImGui::EndCombo();
        }
        char probe[40];
        std::snprintf(probe, sizeof probe, "builder.kind%d", static_cast<int>(i));
        ctx.probe(probe);
        ImGui::SameLine();
        ImGui::Checkbox(ctx.tr("survey.required"), &q.required);
        ImGui::SameLine();
        ImGui::BeginDisabled(i == 0);
        if (ImGui::SmallButton(ctx.tr("script.move_up"))) move = static_cast<int>(i), move_to = static_cast<int>(i) - 1;
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(i + 1 == e.questions.size());
        if (ImGui::SmallButton(ctx.tr("script.move_down"))) move = static_cast<int>(i), move_to = static_cast<int>(i) + 1;
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::SmallButton(ctx.tr("survey.remove_question"))) remove = static_cast<int>(i);
        std::snprintf(probe, sizeof probe, "builder.remove%d", static_cast<int>(i));
        ctx.probe(probe);
        ImGui::SetCursorPosX(label_w);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##text", ctx.tr("survey.question_hint"), &q.text);
        std::snprintf(probe, sizeof probe, "builder.text%d", static_cast<int>(i));
        ctx.probe_field(probe, q.text);
        ImGui::SetCursorPosX(label_w);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##help", ctx.tr("survey.help_hint"), &q.help);
        if (q.kind == QuestionKind::Single || q.kind == QuestionKind::Multiple) {
            ImGui::SetCursorPosX(label_w);
            ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.options_hint"));
            ImGui::SetCursorPosX(label_w);
            ImGui::InputTextMultiline("##options", &s.options_text[i], ImVec2(-1, font * 4.5f));
            std::snprintf(probe, sizeof probe, "builder.options%d", static_cast<int>(i));
            ctx.probe_field(probe, s.options_text[i]);
        }
        ImGui::PopID();
    }
    if (move >= 0) {
        std::swap(e.questions[static_cast<size_t>(move)], e.questions[static_cast<size_t>(move_to)]);
        std::swap(s.options_text[static_cast<size_t>(move)], s.options_text[static_cast<size_t>(move_to)]);
    }
    if (remove >= 0) {
        e.questions.erase(e.questions.begin() + remove);
        s.options_text.erase(s.options_text.begin() + remove);
    }
    ImGui::Separator();
    if (ImGui::Button(ctx.tr("survey.add_question"))) {
        SurveyQuestion q;
        // An id no other question of this survey has, kept across versions.
        for (int n = static_cast<int>(e.questions.size()) + 1;; ++n) {
            q.id = "q" + std::to_string(n);
            if (std::none_of(e.questions.begin(), e.questions.end(), [&](const SurveyQuestion& x) { return x.id == q.id; })) break;
        }
        e.questions.push_back(q);
        s.options_text.emplace_back();
    }
    ctx.probe("builder.add_question");
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("faq.save"))) save_builder(ctx);
    ctx.probe("builder.save");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("common.cancel"))) s.builder_editing = false;
    ctx.probe("builder.cancel");
}

void draw_builder_preview(const ViewContext& ctx, const Survey& x) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.25f);
    ImGui::TextUnformatted(x.title.c_str());
    ImGui::PopFont();
    ctx.probe_field("builder.title_view", x.title);
    const size_t n = responses_to(ctx, x.id);
    ImGui::TextColored(theme::kMutedText, "%s",
                       (std::string(x.version ? ctx.trf("faq.version", {{"rev", std::to_string(x.version)}}) : ctx.tr("faq.version_builtin")) +
                        " · " + ctx.trf("survey.responses_n", {{"n", std::to_string(n)}}) + (x.language == "en" ? " · English" : " · 中文"))
                           .c_str());
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("faq.edit"))) start_builder_edit(ctx, x, false);
    ctx.probe("builder.edit");
    ImGui::EndDisabled();
    if (n > 0) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.edit_makes_version"));
    }
    ImGui::Separator();
    if (!x.intro.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kAccent, "%s", x.intro.c_str());
        ImGui::PopTextWrapPos();
    }
    // The questions as the customer sees them (answers here are not saved).
    SurveyResponse& preview = s.builder_preview;  // UI state, reset with the rest of the agent's screen
    fit_draft(preview, x);
    for (size_t i = 0; i < x.questions.size(); ++i) {
        ImGui::Dummy(ImVec2(0, font * 0.2f));
        question_heading(x.questions[i], i, false);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(label_key(x.questions[i].kind)));
        answer_widget(ctx, x.questions[i], preview.answers[i], false, "builder.preview" + std::to_string(i), 100 + i);
    }
}

}  // namespace

void draw_survey_builder(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    const std::vector<Survey> surveys = all_surveys(ctx.state);
    if (s.builder_selected.empty() && !surveys.empty()) s.builder_selected = surveys.front().id;
    const float h = ImGui::GetContentRegionAvail().y;
    const float list_w = std::min(font * 16.0f, ImGui::GetContentRegionAvail().x * 0.3f);
    ImGui::PushStyleColor(ImGuiCol_Border, kBorder);
    ImGui::BeginChild("##surveys", ImVec2(list_w, h), ImGuiChildFlags_Borders);
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("survey.new"))) {
        Survey fresh;
        fresh.language = language_of(ctx);
        fresh.questions.push_back({"q1", QuestionKind::Rating, "", "", true, {}});
        start_builder_edit(ctx, fresh, true);
    }
    ctx.probe("builder.new");
    ImGui::EndDisabled();
    for (size_t i = 0; i < surveys.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(surveys[i].title.c_str(), s.builder_selected == surveys[i].id)) {
            s.builder_selected = surveys[i].id;
            s.builder_editing = false;
        }
        char probe[32];
        std::snprintf(probe, sizeof probe, "builder.row%d", static_cast<int>(i));
        ctx.probe(probe);
        ImGui::TextColored(theme::kMutedText, "   %s", ctx.trf("survey.questions_n", {{"n", std::to_string(surveys[i].questions.size())}}).c_str());
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.0f, font * 0.8f));
    ImGui::BeginChild("##builder", ImVec2(0, h), ImGuiChildFlags_Borders | ImGuiChildFlags_AlwaysUseWindowPadding);
    if (s.builder_editing) {
        draw_builder_editor(ctx);
    } else {
        Survey x;
        if (find_survey(ctx.state, s.builder_selected, x)) draw_builder_preview(ctx, x);
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

}  // namespace kefu
