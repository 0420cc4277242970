// Satisfaction surveys and callbacks (满意度与回访): the callback workspace (due list → the
// case → the callback script → the survey read out → answers and outcome, in one flow), the
// results (score, CSAT, NPS, callback rate, charts), the survey builder, and the full-screen
// self-service survey. Every rule lives in core/survey and core/callback.
#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

const ImVec4 kBorder(0.886f, 0.910f, 0.941f, 1.0f);
const ImVec4 kChosen(0.145f, 0.388f, 0.922f, 1.0f);

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

const char* const kRatingKeys[] = {tr_key("survey.rating1"), tr_key("survey.rating2"), tr_key("survey.rating3"),
                                   tr_key("survey.rating4"), tr_key("survey.rating5")};

}  // namespace

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

namespace {

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

// ---- [SECTION] the callback workspace -------------------------------------------------------------
void refresh_due(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    if (s.due_version == ctx.state.version && s.due_minute == now / kMsPerMinute) return;
    s.due_version = ctx.state.version;
    s.due_minute = now / kMsPerMinute;
    s.due = due_callbacks(ctx.state, now);
    s.selected = std::clamp(s.selected, 0, std::max(0, static_cast<int>(s.due.size()) - 1));
}

void start_draft(const ViewContext& ctx, const Case& c) {
    SurveysUi& s = ctx.ui.surveys;
    s.draft_case = c.id;
    s.draft = SurveyResponse{};
    s.draft.case_id = c.id;
    s.contact = c.customer.name + c.customer.salutation;
    s.phone = !c.customer.mobile.empty() ? c.customer.mobile : c.customer.telephone;
    s.company = c.customer.company;
    s.result.clear();
    s.note.clear();
    s.editing_field.clear();
    Survey survey;
    if (survey_for_language(ctx.state, language_of(ctx), survey)) fit_draft(s.draft, survey);
}

void finish_call(const ViewContext& ctx, const DueCallback& due, CallbackOutcome outcome) {
    SurveysUi& s = ctx.ui.surveys;
    FinishCallback finish;
    // The answers are kept whenever some were given; a reached customer's survey is saved
    // even when they stopped half way (a partial response): one command with the callback.
    if (any_answered(s.draft)) {
        finish.response = s.draft;
        finish.response->id = new_record_id('v', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
    }
    RecordCallback& cb = finish.callback;
    cb.callback_id = due.callback_id.empty() ? new_record_id('k', static_cast<int64_t>(ctx.platform.now_ms()), random_salt()) : due.callback_id;
    cb.case_id = due.case_id;
    if (const Record* r = ctx.state.records.find(kCallbackType, cb.callback_id)) cb.base_rev = r->rev;
    cb.outcome = outcome;
    cb.note = s.note;
    cb.company = s.company;
    cb.contact = s.contact;
    cb.phone = s.phone;
    cb.result = s.result;
    const ApplyResult r = ctx.dispatch(finish);
    if (!r.ok) return ctx.report(r);
    ctx.toast(ctx.trf("callback.saved", {{"outcome", ctx.tr(label_key(outcome))}}));
    s.draft_case.clear();
    s.due_version = ~0ull;  // the list changes
}

void draw_due_list(const ViewContext& ctx, int64_t today) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    if (s.due.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.none_due"));
        ImGui::PopTextWrapPos();
        return;
    }
    for (size_t i = 0; i < s.due.size(); ++i) {
        const DueCallback& d = s.due[i];
        const CaseRow* row = ctx.state.cases.find(d.case_id);
        if (!row) continue;
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const bool sel = s.selected == static_cast<int>(i);
        if (ImGui::Selectable("##row", sel, ImGuiSelectableFlags_None, ImVec2(0, font * 2.5f))) s.selected = static_cast<int>(i);
        if (sel && s.scroll_to_selected) {
            ImGui::SetScrollHereY();
            s.scroll_to_selected = false;
        }
        char probe[32];
        std::snprintf(probe, sizeof probe, "callback.row%d", static_cast<int>(i));
        ctx.probe(probe);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float w = ImGui::GetItemRectSize().x;
        dl->AddText(ImVec2(p.x + font * 0.2f, p.y + font * 0.1f), ImGui::GetColorU32(ImGuiCol_Text), row->customer.c_str());
        const std::string when = day_label(ctx, d.due_day, today);
        const float when_w = ImGui::CalcTextSize(when.c_str()).x;
        dl->AddText(ImVec2(p.x + w - when_w - font * 0.2f, p.y + font * 0.1f),
                    ImGui::GetColorU32(d.due_day < today ? theme::kErrorText : theme::kMutedText), when.c_str());
        std::string sub = row->form_no + "  ·  " + ctx.tr(label_key(d.reason));
        if (d.attempts > 0) sub += "  ·  " + ctx.trf("callback.attempts_n", {{"n", std::to_string(d.attempts)}});
        dl->AddText(ImVec2(p.x + font * 0.2f, p.y + font * 1.25f), ImGui::GetColorU32(theme::kMutedText), sub.c_str());
        ImGui::PopID();
    }
}

void draw_call_flow(const ViewContext& ctx, const DueCallback& due) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    const Record* rec = ctx.state.records.find(kCaseType, due.case_id);
    if (!rec) return;
    const Case c = case_from_record(*rec);
    if (s.draft_case != c.id) start_draft(ctx, c);

    // ---- who to call, and what the case was about
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.25f);
    ImGui::TextUnformatted((c.customer.name + c.customer.salutation).c_str());
    ImGui::PopFont();
    ctx.probe("callback.customer");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", (c.form_no + "  ·  " + ctx.tr(label_key(due.reason))).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(ctx.tr("callback.open_case"))) open_case(ctx, c.id);
    ctx.probe("callback.open_case");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMutedText, "%s",
                       ctx.trf("callback.case_summary", {{"description", c.description.text},
                                                         {"result", !c.result.text.empty() ? c.result.text : c.solution.text}})
                           .c_str());
    ImGui::PopTextWrapPos();

    // ---- the callback script, filled in for this case
    draw_script_runner(ctx, c.id, &c);

    // ---- the survey, read out
    Survey survey;
    if (survey_for_language(ctx.state, language_of(ctx), survey)) {
        if (s.draft.survey_id != survey.id || s.draft.version != survey.version) fit_draft(s.draft, survey);
        section_heading(ctx, tr_key("callback.survey"));
        if (!survey.intro.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(theme::kAccent, "%s", survey.intro.c_str());
            ImGui::PopTextWrapPos();
        }
        for (size_t i = 0; i < survey.questions.size(); ++i) {
            ImGui::Dummy(ImVec2(0, font * 0.2f));
            question_heading(survey.questions[i], i, false);
            answer_widget(ctx, survey.questions[i], s.draft.answers[i], false, "callback.q" + std::to_string(i), i);
        }
    }

    // ---- the record (《客户回访记录表》) and the outcome
    section_heading(ctx, tr_key("callback.record"));
    const float label_w = ImGui::GetCursorPosX() + font * 6.0f;
    auto field = [&](const char* key, const char* probe, std::string& value) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(key));
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText((std::string("##") + probe).c_str(), &value);
        ctx.probe_field(probe, value);
    };
    field(tr_key("callback.field.contact"), "callback.contact", s.contact);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("callback.field.phone"));
    ImGui::SameLine(label_w);
    phone_input(ctx, "callback.phone", s.phone, ImGui::GetContentRegionAvail().x);
    field(tr_key("callback.field.company"), "callback.company", s.company);
    ImGui::TextUnformatted(ctx.tr("callback.field.result"));
    wrapped_editor(ctx, "callback.result", s.result, font * 3.0f, s.editing_field, s.focus_field, tr_key("callback.result_hint"));
    field(tr_key("callback.field.note"), "callback.note", s.note);

    ImGui::Dummy(ImVec2(0, font * 0.3f));
    ImGui::BeginDisabled(ctx.ui.read_only);
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool done = ImGui::Button(ctx.tr("callback.done"));
    ImGui::PopStyleColor(2);
    ctx.probe("callback.done");
    if (done) finish_call(ctx, due, CallbackOutcome::Done);
    for (CallbackOutcome o : {CallbackOutcome::Unreachable, CallbackOutcome::Refused, CallbackOutcome::WrongNumber}) {
        ImGui::SameLine();
        const std::string label = ctx.tr(label_key(o));
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label.c_str()).x + font) ImGui::NewLine();
        if (ImGui::Button(label.c_str())) finish_call(ctx, due, o);
        ctx.probe((std::string("callback.") + name_of(o)).c_str());
    }
    ImGui::EndDisabled();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.keys"));
}

void draw_workspace(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    refresh_due(ctx);
    if (!s.select_case.empty()) {  // a callback restored from a draft: its customer again
        for (size_t i = 0; i < s.due.size(); ++i)
            if (s.due[i].case_id == s.select_case) s.selected = static_cast<int>(i), s.scroll_to_selected = true;
        s.select_case.clear();
    }
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    const int64_t today = ctx.state.calendar.local_day(now);

    // This month against the seeds' targets.
    if (s.kpi_version != ctx.state.version || s.kpi_day != today) {
        const CivilDate t = civil_from_days(today);
        ScoreFilter month;
        month.from_day = days_from_civil({t.year, t.month, 1});
        month.to_day = today;
        s.kpi_rate = callback_rate(ctx.state, month.from_day, today);
        s.kpi_scores = ctx.state.responses.scores(month);
        s.kpi_version = ctx.state.version;
        s.kpi_day = today;
    }
    const CallbackRate& rate = s.kpi_rate;
    const Scores& scores = s.kpi_scores;
    auto kpi = [&](const char* key, bool has, double value, const char* unit, double target, const char* probe) {
        const std::string v = has ? (std::to_string(static_cast<int>(value + 0.5)) + unit) : std::string("—");
        ImGui::TextColored(!has ? theme::kMutedText : value >= target ? theme::kOkText : theme::kErrorText, "%s",
                           ctx.trf(key, {{"value", v}}).c_str());
        ctx.probe(probe);
    };
    kpi(tr_key("callback.kpi_rate"), rate.has_rate(), rate.rate(), "%", kCallbackRateTarget, "callback.kpi_rate");
    ImGui::SameLine(0, font * 2.0f);
    kpi(tr_key("callback.kpi_score"), scores.has_score(), scores.score(), "", kSatisfactionTarget, "callback.kpi_score");
    ImGui::SameLine(0, font * 2.0f);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("callback.due_count", {{"n", std::to_string(s.due.size())}}).c_str());
    ctx.probe("callback.due_count");

    // Keys: ↑/↓ choose a call, Ctrl+Enter records it as done.
    if (!ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup) && !s.due.empty()) {
        if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) s.selected = std::min(s.selected + 1, static_cast<int>(s.due.size()) - 1), s.scroll_to_selected = true;
        if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) s.selected = std::max(s.selected - 1, 0), s.scroll_to_selected = true;
    }
    const bool ctrl_enter = !s.due.empty() && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup) &&
                            ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_Enter, ImGuiInputFlags_RouteGlobal);

    const float h = ImGui::GetContentRegionAvail().y;
    const float list_w = std::min(font * 17.0f, ImGui::GetContentRegionAvail().x * 0.34f);
    ImGui::PushStyleColor(ImGuiCol_Border, kBorder);
    ImGui::BeginChild("##due", ImVec2(list_w, h), ImGuiChildFlags_Borders);
    draw_due_list(ctx, today);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.0f, font * 0.8f));
    ImGui::BeginChild("##call", ImVec2(0, h), ImGuiChildFlags_Borders | ImGuiChildFlags_AlwaysUseWindowPadding);
    if (s.due.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.rules_help"));
        ImGui::PopTextWrapPos();
    } else {
        const DueCallback due = s.due[static_cast<size_t>(s.selected)];
        if (s.draft_case != due.case_id) ImGui::SetScrollY(0.0f);  // a new customer: from the top
        draw_call_flow(ctx, due);
        if (ctrl_enter && !ctx.ui.read_only) finish_call(ctx, due, CallbackOutcome::Done);
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// 《客户回访记录表》: every callback, newest first — time, company, contact and phone, result
// and evaluation, the agent, the outcome and tries.
void draw_callback_log(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    if (s.log_version != ctx.state.version) {
        s.log_version = ctx.state.version;
        s.log.clear();
        ctx.state.records.for_each(kCallbackType, [&](const Record& r) { s.log.push_back(callback_from_record(r)); });
        auto last = [](const Callback& c) { return c.attempts.empty() ? int64_t{0} : c.attempts.back().at_ms; };
        std::sort(s.log.begin(), s.log.end(), [&](const Callback& a, const Callback& b) { return last(a) > last(b); });
    }
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("callback.log_count", {{"n", std::to_string(s.log.size())}}).c_str());
    ctx.probe("callback.log_count");
    if (s.log.empty()) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.log_empty"));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("##log", 8, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(ctx.tr("callback.col.time"), ImGuiTableColumnFlags_WidthFixed, font * 7.5f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.case"), ImGuiTableColumnFlags_WidthFixed, font * 8.5f);
    ImGui::TableSetupColumn(ctx.tr("callback.field.company"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.contact"), ImGuiTableColumnFlags_WidthFixed, font * 10.0f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.outcome"), ImGuiTableColumnFlags_WidthFixed, font * 7.5f);
    ImGui::TableSetupColumn(ctx.tr("callback.field.result"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.agent"), ImGuiTableColumnFlags_WidthFixed, font * 5.0f);
    ImGui::TableSetupColumn(ctx.tr("callback.col.survey"), ImGuiTableColumnFlags_WidthFixed, font * 4.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.log.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Callback& c = s.log[static_cast<size_t>(i)];
            const CallbackAttempt* last = c.attempts.empty() ? nullptr : &c.attempts.back();
            const CaseRow* row = ctx.state.cases.find(c.case_id);
            ImGui::TableNextRow();
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(last ? format_time(ctx, last->at_ms, true).c_str() : "—");
            ImGui::TableNextColumn();
            if (row) {
                if (ImGui::SmallButton(row->form_no.c_str())) open_case(ctx, c.case_id);
                if (i == 0) ctx.probe("callback.log_case0");
            } else {
                ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("callback.case_gone"));
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.company.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted((c.contact + "  " + shown_phone(ctx, c.phone)).c_str());
            ImGui::TableNextColumn();
            std::string outcome = last ? ctx.tr(label_key(last->outcome)) : "—";
            if (c.attempts.size() > 1) outcome += " ×" + std::to_string(c.attempts.size());
            ImGui::TextColored(last && last->outcome == CallbackOutcome::Done ? theme::kOkText
                               : c.finished                                   ? theme::kErrorText
                                                                              : theme::kWarnText,
                               "%s", outcome.c_str());
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted((c.result + (last && !last->note.empty() ? "（" + last->note + "）" : std::string())).c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(last ? last->by.name.c_str() : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.response_id.empty() ? "" : "✓");
            ImGui::PopID();
            if (i == 0) ctx.probe("callback.log_row0");
        }
    ImGui::EndTable();
}

}  // namespace

void draw_surveys(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr("nav.surveys"));
    ImGui::PopFont();
    ctx.probe("section.title");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("nav.hint.surveys"));
    if (tab_button(ctx, tr_key("survey.tab_callbacks"), s.tab == 0, "survey.tab_callbacks")) s.tab = 0;
    ImGui::SameLine(0, 2.0f);
    if (tab_button(ctx, tr_key("survey.tab_results"), s.tab == 1, "survey.tab_results")) s.tab = 1;
    ImGui::SameLine(0, 2.0f);
    if (tab_button(ctx, tr_key("survey.tab_log"), s.tab == 3, "survey.tab_log")) s.tab = 3;
    ImGui::SameLine(0, 2.0f);
    if (tab_button(ctx, tr_key("survey.tab_builder"), s.tab == 2, "survey.tab_builder")) s.tab = 2;
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    if (ImGui::Button(ctx.tr("survey.self_service"))) {
        s.kiosk_open = true;
        s.kiosk_step = -1;  // the welcome page
        s.kiosk_draft = SurveyResponse{};
        s.kiosk_last_input_ms = ctx.platform.now_ms();
    }
    ctx.probe("survey.self_service");
    if (s.tab == 0) draw_workspace(ctx);
    else if (s.tab == 1) draw_survey_results(ctx);
    else if (s.tab == 3) draw_callback_log(ctx);
    else draw_survey_builder(ctx);
}

}  // namespace kefu

namespace kefu {

// ---- [SECTION] results --------------------------------------------------------------------------
namespace {

const char* const kPeriodKeys[] = {tr_key("survey.period.this_month"), tr_key("survey.period.last_month"), tr_key("survey.period.last_7"),
                                   tr_key("survey.period.last_30"), tr_key("survey.period.this_year"), tr_key("survey.period.all")};

void period_days(int period, int64_t today, int64_t& from, int64_t& to) {
    const CivilDate t = civil_from_days(today);
    to = today;
    switch (period) {
        case 0: from = days_from_civil({t.year, t.month, 1}); break;
        case 1: {
            const int64_t this_month = days_from_civil({t.year, t.month, 1});
            const CivilDate p = civil_from_days(this_month - 1);
            from = days_from_civil({p.year, p.month, 1});
            to = this_month - 1;
            break;
        }
        case 2: from = today - 6; break;
        case 3: from = today - 29; break;
        case 4: from = days_from_civil({t.year, 1, 1}); break;
        default: from = std::numeric_limits<int64_t>::min() / 2;
    }
}

void kpi_card(const ViewContext& ctx, const char* title_key, const std::string& value, int state, const std::string& sub, const char* probe,
              float width) {
    // state: 1 ok, -1 missed, 0 no target or no data
    const float font = ImGui::GetFontSize();
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, font * 4.2f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(theme::kCardBg), 6.0f);
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(kBorder), 6.0f);
    dl->AddText(ImVec2(p.x + font * 0.6f, p.y + font * 0.4f), ImGui::GetColorU32(theme::kMutedText), ctx.tr(title_key));
    const ImVec4 colour = state > 0 ? theme::kOkText : state < 0 ? theme::kErrorText : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.6f);
    dl->AddText(ImVec2(p.x + font * 0.6f, p.y + font * 1.4f), ImGui::GetColorU32(colour), value.c_str());
    ImGui::PopFont();
    dl->AddText(ImVec2(p.x + font * 0.6f, p.y + font * 2.95f), ImGui::GetColorU32(theme::kMutedText), sub.c_str());
    ImGui::Dummy(size);
    ImGui::EndGroup();
    ctx.probe(probe);
}

// Before sign-in (issue "Modes") answers are taken by the station ("local"); the kiosk by itself.
std::string agent_label(const ViewContext& ctx, const std::string& id) {
    if (id == "local") return ctx.state.settings.station_name.empty() ? std::string(ctx.tr("survey.this_station")) : ctx.state.settings.station_name;
    if (id == "kiosk") return ctx.tr("survey.channel.kiosk");
    return id.empty() ? std::string("—") : id;
}

std::string fixed1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

}  // namespace

void draw_survey_results(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    const int64_t today = ctx.state.calendar.local_day(static_cast<int64_t>(ctx.platform.now_ms()));
    ScoreFilter f;
    period_days(s.period, today, f.from_day, f.to_day);
    f.survey_id = s.survey_id;
    f.agent_id = s.agent_id;
    f.category = s.category;

    // ---- filters
    ImGui::SetNextItemWidth(font * 7.0f);
    if (ImGui::BeginCombo("##period", ctx.tr(kPeriodKeys[s.period]))) {
        for (int i = 0; i < 6; ++i)
            if (ImGui::Selectable(ctx.tr(kPeriodKeys[i]), s.period == i)) s.period = i;
        ImGui::EndCombo();
    }
    ctx.probe("results.period");
    ImGui::SameLine();
    const std::vector<Survey> surveys = all_surveys(ctx.state);
    std::string survey_label = ctx.tr("survey.all_surveys");
    for (const Survey& x : surveys)
        if (x.id == s.survey_id) survey_label = x.title;
    ImGui::SetNextItemWidth(font * 10.0f);
    if (ImGui::BeginCombo("##survey", survey_label.c_str())) {
        if (ImGui::Selectable(ctx.tr("survey.all_surveys"), s.survey_id.empty())) s.survey_id.clear();
        for (const Survey& x : surveys)
            if (ImGui::Selectable(x.title.c_str(), s.survey_id == x.id)) s.survey_id = x.id;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (s.res_agent_list.empty() || s.results_version != ctx.state.version) {
        ScoreFilter any_agent = f;
        any_agent.agent_id.clear();
        s.res_agent_list = ctx.state.responses.grouped(any_agent, ScoreGroup::Agent);
    }
    const auto& agents = s.res_agent_list;
    ImGui::SetNextItemWidth(font * 8.0f);
    if (ImGui::BeginCombo("##agent", s.agent_id.empty() ? ctx.tr("survey.all_agents") : agent_label(ctx, s.agent_id).c_str())) {
        if (ImGui::Selectable(ctx.tr("survey.all_agents"), s.agent_id.empty())) s.agent_id.clear();
        for (const auto& [id, sc] : agents)
            if (ImGui::Selectable(agent_label(ctx, id).c_str(), s.agent_id == id)) s.agent_id = id;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 7.0f);
    if (ImGui::BeginCombo("##category", s.category < 0 ? ctx.tr("survey.all_categories") : ctx.tr(label_key(static_cast<CaseCategory>(s.category))))) {
        if (ImGui::Selectable(ctx.tr("survey.all_categories"), s.category < 0)) s.category = -1;
        for (int i = 0; i < static_cast<int>(CaseCategory::Count); ++i)
            if (ImGui::Selectable(ctx.tr(label_key(static_cast<CaseCategory>(i))), s.category == i)) s.category = i;
        ImGui::EndCombo();
    }

    ImGui::BeginChild("##results", ImVec2(0, 0), ImGuiChildFlags_None);
    const std::string cache_key = std::to_string(f.from_day) + "/" + std::to_string(f.to_day) + "/" + f.survey_id + "/" + f.agent_id + "/" +
                            std::to_string(f.category) + "/" + std::to_string(s.group) + "/" + std::to_string(s.bar_group) + "/" + language_of(ctx);
    if (s.results_version != ctx.state.version || s.results_key != cache_key) {
        s.results_version = ctx.state.version;
        s.results_key = cache_key;
        s.res_scores = ctx.state.responses.scores(f);
        s.res_rate = callback_rate(ctx.state, f.from_day, f.to_day);
        s.res_trend = ctx.state.responses.grouped(f, s.group == 0 ? ScoreGroup::Day : s.group == 1 ? ScoreGroup::Week : ScoreGroup::Month);
        s.res_agents = ctx.state.responses.grouped(f, ScoreGroup::Agent);
        s.res_categories = ctx.state.responses.grouped(f, s.bar_group == 1 ? ScoreGroup::Department : s.bar_group == 2 ? ScoreGroup::Channel : ScoreGroup::Category);
        s.res_have_survey = !s.survey_id.empty() ? find_survey(ctx.state, s.survey_id, s.res_survey)
                                                 : survey_for_language(ctx.state, language_of(ctx), s.res_survey);
        s.res_dists = s.res_have_survey ? ctx.state.responses.distributions(f, s.res_survey) : std::vector<Distribution>{};
    }
    // ---- the figures against their targets
    const Scores& sc = s.res_scores;
    const CallbackRate& rate = s.res_rate;
    auto st = [](bool has, bool ok) { return has ? (ok ? 1 : -1) : 0; };
    const float card_w = std::max(font * 9.0f, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 5) / 6.0f);
    kpi_card(ctx, tr_key("survey.kpi.score"), sc.has_score() ? fixed1(sc.score()) : "—", st(sc.has_score(), sc.score() >= kSatisfactionTarget),
             ctx.tr("survey.kpi.score_target"), "results.score", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.csat"), sc.has_csat() ? fixed1(sc.csat()) + "%" : "—", 0,
             ctx.trf("survey.kpi.ratings_n", {{"n", std::to_string(sc.ratings)}}), "results.csat", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.nps"), sc.has_nps() ? fixed1(sc.nps()) : "—", 0,
             ctx.trf("survey.kpi.nps_sub", {{"p", std::to_string(sc.promoters)}, {"d", std::to_string(sc.detractors)}}), "results.nps", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.responses"), std::to_string(sc.responses),
             0, ctx.trf("survey.kpi.complete_n", {{"n", std::to_string(sc.complete)}}), "results.responses", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.callback_rate"), rate.has_rate() ? fixed1(rate.rate()) + "%" : "—",
             st(rate.has_rate(), rate.rate() >= kCallbackRateTarget),
             ctx.trf("survey.kpi.rate_sub", {{"done", std::to_string(rate.called_back)}, {"closed", std::to_string(rate.closed)}}), "results.rate", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.response_rate"), rate.has_response_rate() ? fixed1(rate.response_rate()) + "%" : "—", 0,
             ctx.tr("survey.kpi.response_rate_sub"), "results.response_rate", card_w);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.formulas"));
    ImGui::PopTextWrapPos();

    // ---- trend against the target
    const float w = ImGui::GetContentRegionAvail().x;
    section_heading(ctx, tr_key("survey.trend"));
    ImGui::SameLine(w - font * 12.0f);
    const char* group_names[] = {ctx.tr("survey.by_day"), ctx.tr("survey.by_week"), ctx.tr("survey.by_month")};
    ImGui::SetNextItemWidth(font * 6.0f);
    ImGui::Combo("##group", &s.group, group_names, 3);
    const auto& trend = s.res_trend;
    ChartSpec line;
    line.target = kSatisfactionTarget;
    line.target_label = ctx.tr("survey.target95");
    ChartSeries score{ctx.tr("survey.kpi.score"), {}, ImGui::GetColorU32(theme::kAccent)};
    for (const auto& [key, g] : trend) {
        line.labels.push_back(s.group == 0 ? key.substr(5) : key);
        score.values.push_back(g.has_score() ? g.score() : NAN);
    }
    line.series.push_back(score);
    if (trend.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.no_data"));
    else line_chart(ctx, "results.trend", line, ImVec2(w, font * 11.0f));

    // ---- per agent and per category
    const float half = (w - font) * 0.5f;
    auto bars = [&](const char* title, const std::vector<std::pair<std::string, Scores>>& groups, const char* probe, auto label_of,
                    bool selector) {
        ImGui::BeginGroup();
        section_heading(ctx, title);
        if (selector) {  // what the bars are per
            const char* group_labels[] = {ctx.tr("survey.group.category"), ctx.tr("survey.group.department"), ctx.tr("survey.group.channel")};
            ImGui::SetNextItemWidth(font * 7.0f);
            ImGui::Combo("##bar_group", &s.bar_group, group_labels, 3);
            ctx.probe("results.bar_group");
        }
        ChartSpec spec;
        spec.target = kSatisfactionTarget;
        spec.target_label = ctx.tr("survey.target95");
        ChartSeries series{ctx.tr("survey.kpi.score"), {}, ImGui::GetColorU32(theme::kAccent)};
        for (const auto& [name, g] : groups) {
            spec.labels.push_back(label_of(name));
            series.values.push_back(g.has_score() ? g.score() : NAN);
        }
        spec.series.push_back(series);
        if (spec.labels.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.no_data"));
        else bar_chart(ctx, probe, spec, ImVec2(half, font * 10.0f));
        ImGui::EndGroup();
    };
    bars(tr_key("survey.by_agent"), s.res_agents, "results.agents", [&](const std::string& k) { return agent_label(ctx, k); }, false);
    ImGui::SameLine();
    const char* second[] = {tr_key("survey.by_category"), tr_key("survey.by_department"), tr_key("survey.by_channel")};
    bars(second[s.bar_group], s.res_categories, "results.categories", [&](const std::string& k) {
        if (s.bar_group == 1) {
            Department d = Department::None;
            parse_name(k, d);
            return std::string(d == Department::None ? ctx.tr("survey.no_department") : ctx.tr(label_key(d)));
        }
        if (s.bar_group == 2) {
            SurveyChannel c = SurveyChannel::Callback;
            parse_name(k, c);
            return std::string(ctx.tr(label_key(c)));
        }
        CaseCategory c = CaseCategory::Other;
        parse_name(k, c);
        return std::string(ctx.tr(label_key(c)));
    }, true);

    // ---- how each question was answered
    if (s.res_have_survey) {
        const Survey& survey = s.res_survey;
        section_heading(ctx, tr_key("survey.distributions"));
        const std::vector<Distribution>& dists = s.res_dists;
        size_t k = 0;
        for (size_t qi = 0; qi < survey.questions.size(); ++qi) {
            const SurveyQuestion& q = survey.questions[qi];
            if (q.kind == QuestionKind::Text || k >= dists.size()) continue;
            const Distribution& d = dists[k++];
            if (k % 2 == 0) ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + half);
            ImGui::TextUnformatted((std::to_string(qi + 1) + ". " + q.text).c_str());
            ImGui::PopTextWrapPos();
            ChartSpec spec;
            spec.integer = true;
            ChartSeries series{ctx.tr("survey.answers"), {}, ImGui::GetColorU32(ImVec4(0.388f, 0.588f, 0.965f, 1.0f))};
            for (size_t o = 0; o < d.counts.size(); ++o) {
                std::string label = q.kind == QuestionKind::Rating ? std::to_string(o + 1)
                                    : q.kind == QuestionKind::Nps  ? std::to_string(o)
                                    : q.kind == QuestionKind::YesNo ? std::string(ctx.tr(o ? "survey.yes" : "survey.no"))
                                                                     : (o < q.options.size() ? q.options[o] : std::string());
                spec.labels.push_back(label);
                series.values.push_back(static_cast<double>(d.counts[o]));
            }
            spec.series.push_back(series);
            char probe[32];
            std::snprintf(probe, sizeof probe, "results.dist%d", static_cast<int>(qi));
            bar_chart(ctx, probe, spec, ImVec2(half, font * 8.0f));
            ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("survey.answered_n", {{"n", std::to_string(d.answered)}}).c_str());
            ImGui::EndGroup();
        }
    }
    ImGui::EndChild();
}

}  // namespace kefu

namespace kefu {

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

// ---- [SECTION] the self-service survey ------------------------------------------------------------
void draw_self_service_survey(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    if (!s.kiosk_open) return;
    const double now = ctx.platform.now_ms();
    ImGuiIO& io = ImGui::GetIO();
    if (io.MouseClicked[0] || io.InputQueueCharacters.Size > 0 || ImGui::IsKeyPressed(ImGuiKey_Tab)) s.kiosk_last_input_ms = now;
    Survey survey;
    const bool have = survey_for_language(ctx.state, language_of(ctx), survey);
    // Inactivity: back to the welcome page with every answer cleared.
    constexpr double kIdleMs = 90'000, kThanksMs = 8'000;
    const bool thanks = have && s.kiosk_step >= static_cast<int>(survey.questions.size());
    if (s.kiosk_step >= 0 && now - s.kiosk_last_input_ms > (thanks ? kThanksMs : kIdleMs)) {
        s.kiosk_step = -1;
        s.kiosk_draft = SurveyResponse{};
    }
    ctx.wake_in(1000);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.973f, 0.980f, 0.988f, 1.0f));
    ImGui::Begin("##self_service", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    ctx.probe("kiosk.window");
    const float font = ImGui::GetFontSize();
    const float margin = std::max(font * 2.0f, (vp->Size.x - font * 48.0f) * 0.5f);
    // Leaving: in the kiosk, back to its start screen; at an agent's desk the screen locks, so
    // the customer cannot walk into the workstation (the agent's PIN unlocks it).
    ImGui::SetCursorPos(ImVec2(vp->Size.x - font * 7.0f, font * 0.6f));
    if (ImGui::SmallButton(ctx.tr("kiosk.exit"))) {
        s.kiosk_open = false;
        if (!ctx.ui.kiosk.active) lock_screen(ctx, "survey");
    }
    ctx.probe("kiosk.exit");
    ImGui::SetCursorPos(ImVec2(margin, vp->Size.y * 0.12f));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("##kiosk_body", ImVec2(vp->Size.x - margin * 2, vp->Size.y * 0.82f), ImGuiChildFlags_None);
    ImGui::PopStyleColor();
    if (!have) {
        ImGui::TextUnformatted(ctx.tr("kiosk.no_survey"));
    } else if (s.kiosk_step < 0) {
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 2.2f);
        ImGui::TextUnformatted(survey.title.c_str());
        ImGui::PopFont();
        ctx.probe("kiosk.title");
        ImGui::Dummy(ImVec2(0, font));
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.4f);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(survey.intro.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Dummy(ImVec2(0, font * 2));
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(ctx.tr("kiosk.start"), ImVec2(font * 14.0f, font * 3.2f))) {
            s.kiosk_step = 0;
            s.kiosk_draft = SurveyResponse{};
            fit_draft(s.kiosk_draft, survey);
        }
        ImGui::PopStyleColor(2);
        ImGui::PopFont();
        ctx.probe("kiosk.start");
    } else if (thanks) {
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 2.2f);
        ImGui::TextUnformatted(ctx.tr("kiosk.thanks"));
        ImGui::PopFont();
        ctx.probe("kiosk.thanks");
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("kiosk.thanks_sub"));
        ImGui::PopFont();
    } else {
        if (s.kiosk_draft.survey_id != survey.id || s.kiosk_draft.version != survey.version) fit_draft(s.kiosk_draft, survey);
        const size_t i = static_cast<size_t>(s.kiosk_step);
        const SurveyQuestion& q = survey.questions[i];
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.2f);
        ImGui::TextColored(theme::kMutedText, "%s",
                           ctx.trf("kiosk.progress", {{"n", std::to_string(i + 1)}, {"total", std::to_string(survey.questions.size())}}).c_str());
        ImGui::PopFont();
        ctx.probe("kiosk.progress");
        // Progress bar.
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + 6), IM_COL32(226, 232, 240, 255), 3.0f);
        ImGui::GetWindowDrawList()->AddRectFilled(
            p, ImVec2(p.x + w * static_cast<float>(i + 1) / static_cast<float>(survey.questions.size()), p.y + 6), ImGui::GetColorU32(theme::kAccent), 3.0f);
        ImGui::Dummy(ImVec2(0, font * 1.2f));
        question_heading(q, i, true);
        ImGui::Dummy(ImVec2(0, font));
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.4f);
        answer_widget(ctx, q, s.kiosk_draft.answers[i], true, "kiosk.q", i);
        ImGui::Dummy(ImVec2(0, font * 2));
        const ImVec2 nav(font * 9.0f, font * 2.6f);
        if (i > 0) {
            if (ImGui::Button(ctx.tr("kiosk.back"), nav)) --s.kiosk_step;
            ctx.probe("kiosk.back");
            ImGui::SameLine();
        }
        const bool last = i + 1 == survey.questions.size();
        const bool can_go = !q.required || s.kiosk_draft.answers[i].answered();
        ImGui::BeginDisabled(!can_go);
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(ctx.tr(last ? "kiosk.submit" : "kiosk.next"), nav)) {
            if (!last) {
                ++s.kiosk_step;
            } else {
                SurveyResponse r = s.kiosk_draft;
                r.agent = {"kiosk", ctx.state.settings.station_name.empty() ? std::string(ctx.tr("survey.channel.kiosk")) : ctx.state.settings.station_name};
                if (!save_response(ctx, r, SurveyChannel::Kiosk).empty()) {
                    s.kiosk_step = static_cast<int>(survey.questions.size());  // thanks
                    s.kiosk_draft = SurveyResponse{};
                    s.kiosk_last_input_ms = now;
                }
            }
        }
        ImGui::PopStyleColor(2);
        ImGui::EndDisabled();
        ctx.probe(last ? "kiosk.submit" : "kiosk.next");
        if (!can_go) {
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("kiosk.required"));
        }
        ImGui::PopFont();
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace kefu

namespace kefu {

// ---- [SECTION] settings: callback rules -----------------------------------------------------------
void draw_callback_settings(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    auto load = [&](const CallbackRules& r) {
        s.rules_edit = r;
        s.key_customers_text.clear();
        for (const std::string& p : r.key_customers) s.key_customers_text += (s.key_customers_text.empty() ? "" : "\n") + p;
        s.rules_dirty = false;
    };
    if (!s.rules_dirty) load(ctx.state.callback_rules);
    section_heading(ctx, tr_key("callback.settings.title"));
    help_text(ctx.tr("callback.settings.help"));
    ImGui::BeginDisabled(ctx.ui.read_only);
    CallbackRules& r = s.rules_edit;
    bool changed = ImGui::Checkbox(ctx.tr("callback.settings.closed_cases"), &r.closed_cases);
    ctx.probe("callback_rules.closed_cases");
    auto number = [&](const char* key, const char* probe, int& value, int lo, int hi) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(key));
        ImGui::SameLine(font * 16.0f);
        ImGui::SetNextItemWidth(font * 6.0f);
        if (ImGui::InputInt((std::string("##") + probe).c_str(), &value)) {
            value = std::clamp(value, lo, hi);
            changed = true;
        }
        ctx.probe(probe);
    };
    number(tr_key("callback.settings.days_after_close"), "callback_rules.days", r.days_after_close, 0, 60);
    number(tr_key("callback.settings.complaint_days"), "callback_rules.complaint_days", r.complaint_days, 0, 60);
    number(tr_key("callback.settings.max_attempts"), "callback_rules.attempts", r.max_attempts, 1, 10);
    number(tr_key("callback.settings.list_days"), "callback_rules.list_days", r.list_days, 1, 366);
    ImGui::TextUnformatted(ctx.tr("callback.settings.key_customers"));
    if (ImGui::InputTextMultiline("##key_customers", &s.key_customers_text, ImVec2(font * 16.0f, font * 4.5f))) changed = true;
    ctx.probe_field("callback_rules.key_customers", s.key_customers_text);
    if (changed) s.rules_dirty = true;
    if (ImGui::Button(ctx.tr("callback.settings.save"))) {
        CallbackRules out = r;
        out.key_customers.clear();
        std::string digits;
        for (size_t i = 0; i <= s.key_customers_text.size(); ++i) {
            const char c = i < s.key_customers_text.size() ? s.key_customers_text[i] : '\n';
            if (c == '\n' || c == ',' || c == ';') {
                if (!digits.empty()) out.key_customers.push_back(digits);
                digits.clear();
            } else if (c != ' ' && c != '-' && c != '\r') {
                digits += c;  // anything but a digit is named by the check below
            }
        }
        const ApplyResult res = ctx.dispatch(SetCallbackRules{out});
        if (res.ok) {
            s.rules_dirty = false;
            ctx.toast(ctx.tr("callback.settings.saved"));
        } else {
            ctx.report(res);
        }
    }
    ctx.probe("callback_rules.save");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("callback.settings.defaults"))) {
        load(CallbackRules{});
        s.rules_dirty = true;
    }
    ctx.probe("callback_rules.defaults");
    if (s.rules_dirty) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(theme::kWarnText, "%s", ctx.tr("case.unsaved"));
    }
    ImGui::EndDisabled();
}

}  // namespace kefu

namespace kefu {

// ---- [SECTION] the case form's panel: its callback and satisfaction --------------------------------
void draw_case_callbacks(const ViewContext& ctx, const std::string& case_id) {
    const CallbackRow* cb = ctx.state.callbacks.for_case(case_id);
    const std::vector<const ResponseRow*> responses = ctx.state.responses.rows_for_case(case_id);
    if (!cb && responses.empty()) return;
    section_heading(ctx, tr_key("callback.panel"));
    if (cb) {
        std::string line = ctx.tr(label_key(cb->last));
        if (cb->attempts > 1) line += " ×" + std::to_string(cb->attempts);
        if (cb->last_ms) line += " · " + format_time(ctx, cb->last_ms, true);
        ImGui::TextColored(cb->last == CallbackOutcome::Done ? theme::kOkText : cb->finished ? theme::kErrorText : theme::kWarnText, "%s", line.c_str());
        if (!cb->finished && cb->retry_at_ms)
            ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("callback.retry_on", {{"time", format_time(ctx, cb->retry_at_ms, true)}}).c_str());
        ctx.probe("case.callback");
    }
    for (const ResponseRow* r : responses) {
        std::string line = r->score >= 0 ? ctx.trf("callback.panel_score", {{"score", std::to_string(static_cast<int>(r->score + 0.5f))}})
                                         : std::string(ctx.tr("callback.panel_no_score"));
        if (!r->complete) line += " · " + std::string(ctx.tr("callback.partial"));
        ImGui::TextColored(r->score >= kSatisfactionTarget || r->score < 0 ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : theme::kErrorText, "%s", line.c_str());
        ctx.probe("case.satisfaction");
    }
}

}  // namespace kefu
