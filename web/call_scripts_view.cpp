// Call scripts (通话脚本): the scripts tab of 话术 (a list, a view, an editor of steps made of
// templates with a question each) and the runner beside a case (steps ticked, answers
// written, the run recorded). Rules live in core/templates.
#include <algorithm>
#include <cstdio>

#include "core/phrase_check.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID: Esc leaves a field without reverting it
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

const ImVec4 kBorder(0.886f, 0.910f, 0.941f, 1.0f);

// ---- [SECTION] call scripts -------------------------------------------------------------------------
size_t runs_of_script(const ViewContext& ctx, const std::string& script_id) {
    size_t n = 0;
    ctx.state.records.for_each(kScriptRunType, [&](const Record& r) { n += script_run_from_record(r).script_id == script_id; });
    return n;
}

// Templates a step can use: those of the script's language first, by category and title.
std::vector<ReplyTemplate> step_choices(const ViewContext& ctx, const std::string& language) {
    std::vector<ReplyTemplate> choices = visible_templates(ctx.state, "local");
    std::stable_sort(choices.begin(), choices.end(), [&](const ReplyTemplate& a, const ReplyTemplate& b) {
        if ((a.language == language) != (b.language == language)) return a.language == language;
        if (a.category != b.category) return a.category < b.category;
        return a.title < b.title;
    });
    return choices;
}

void start_script_edit(const ViewContext& ctx, const CallScript& sc, bool creating) {
    if (current_role(ctx) < Role::Lead) {  // call scripts are the team's (the core refuses anyone else)
        ctx.toast(ctx.tr("error.permission.lead_edit"), true);
        return;
    }
    TemplatesUi& t = ctx.ui.templates;
    t.script_editing = true;
    t.script_creating = creating;
    t.script_edit = sc;
    t.script_base_rev = creating || sc.builtin ? 0 : sc.rev;
    t.focus_field = "script.title";
}

void save_script(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    CallScript sc = t.script_edit;
    if (t.script_creating) sc.id = new_record_id('s', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
    const ApplyResult r = ctx.dispatch(SaveScript{sc, t.script_base_rev});
    if (!r.ok) return ctx.report(r);
    ctx.toast(ctx.tr("script.saved"));
    t.script_editing = false;
    t.script_selected = sc.id;
}

void draw_script_list(const ViewContext& ctx, const std::vector<CallScript>& scripts) {
    TemplatesUi& t = ctx.ui.templates;
    if (scripts.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("script.none"));
        ImGui::PopTextWrapPos();
    }
    for (size_t i = 0; i < scripts.size(); ++i) {
        const CallScript& sc = scripts[i];
        ImGui::PushID(static_cast<int>(i));
        std::string label = sc.title + (sc.language == "en" ? "  · EN" : "");
        if (ImGui::Selectable(label.c_str(), t.script_selected == sc.id)) {
            t.script_selected = sc.id;
            t.script_editing = false;
        }
        char probe[32];
        std::snprintf(probe, sizeof probe, "script.row%d", static_cast<int>(i));
        ctx.probe(probe);
        ImGui::TextColored(theme::kMutedText, "   %s", ctx.trf("script.steps_n", {{"n", std::to_string(sc.steps.size())}}).c_str());
        ImGui::PopID();
    }
}

void draw_script_view(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    const float font = ImGui::GetFontSize();
    CallScript sc;
    if (t.script_selected.empty() || !find_script(ctx.state, t.script_selected, sc)) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("script.pick"));
        return;
    }
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.25f);
    ImGui::TextUnformatted(sc.title.c_str());
    ImGui::PopFont();
    ctx.probe_field("script.title_view", sc.title);
    std::string meta = ctx.trf("script.steps_n", {{"n", std::to_string(sc.steps.size())}}) + (sc.language == "en" ? " · English" : " · 中文");
    if (sc.builtin) meta += std::string(" · ") + ctx.tr("faq.builtin");
    ImGui::TextColored(theme::kMutedText, "%s", meta.c_str());
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("faq.edit"))) start_script_edit(ctx, sc, false);
    ctx.probe("script.edit");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("faq.delete"))) t.script_confirm_delete = true;
    ctx.probe("script.delete");
    ImGui::EndDisabled();
    ImGui::Separator();
    // Each step as the agent will read it, filled in for the open case.
    const PlaceholderValues values = current_values(ctx);
    for (size_t i = 0; i < sc.steps.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ReplyTemplate x;
        const bool found = find_template(ctx.state, sc.steps[i].template_id, x);
        ImGui::TextColored(theme::kAccent, "%s", ctx.trf("script.step_n", {{"n", std::to_string(i + 1)}}).c_str());
        ImGui::SameLine();
        ImGui::TextColored(theme::kMutedText, "%s", found ? x.title.c_str() : ctx.tr("script.template_gone"));
        if (found) draw_rendered(render_template(x.body, values), ImGui::GetContentRegionAvail().x);
        if (!sc.steps[i].question.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(theme::kWarnText, "%s", ctx.trf("script.ask", {{"question", sc.steps[i].question}}).c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::Dummy(ImVec2(0, font * 0.3f));
        ImGui::PopID();
    }
}

void draw_script_editor(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    const float font = ImGui::GetFontSize();
    CallScript& e = t.script_edit;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.2f);
    ImGui::TextUnformatted(ctx.tr(t.script_creating ? "script.new_title" : "script.edit_title"));
    ImGui::PopFont();
    if (!t.script_creating)
        if (const size_t n = runs_of_script(ctx, e.id))
            ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("script.used_by_runs", {{"n", std::to_string(n)}}).c_str());
    const float label_w = ImGui::GetCursorPosX() + font * 4.5f;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("template.field.title"));
    ImGui::SameLine(label_w);
    if (t.focus_field && std::string(t.focus_field) == "script.title") {
        ImGui::SetKeyboardFocusHere();
        t.focus_field = nullptr;
    }
    ImGui::SetNextItemWidth(std::max(font * 8.0f, ImGui::GetContentRegionAvail().x - font * 8.0f));
    ImGui::InputText("##script_title", &e.title);
    ctx.probe_field("script.title", e.title);
    ImGui::SameLine();
    int lang = e.language == "en" ? 1 : 0;
    const char* langs[] = {"中文", "English"};
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##script_lang", &lang, langs, 2)) e.language = lang ? "en" : "zh-CN";

    // The steps: a template each (templates of the script's language first), an optional
    // question, moved up and down or removed.
    const std::vector<ReplyTemplate> choices = step_choices(ctx, e.language);
    ImGui::Dummy(ImVec2(0, font * 0.2f));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float small_w = ImGui::CalcTextSize(ctx.tr("script.move_down")).x + ImGui::CalcTextSize(ctx.tr("script.move_up")).x +
                          ImGui::CalcTextSize(ctx.tr("script.remove_step")).x + style.FramePadding.x * 6 + style.ItemSpacing.x * 3 + 2.0f;
    int move = -1, move_to = -1, remove = -1;
    for (size_t i = 0; i < e.steps.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ScriptStep& st = e.steps[i];
        ReplyTemplate cur;
        const bool found = find_template(ctx.state, st.template_id, cur);
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(theme::kAccent, "%s", ctx.trf("script.step_n", {{"n", std::to_string(i + 1)}}).c_str());
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(std::max(font * 8.0f, ImGui::GetContentRegionAvail().x - small_w));
        const std::string shown = found ? cur.title + (cur.language == "en" ? "  · EN" : "") : std::string(ctx.tr("script.template_gone"));
        if (ImGui::BeginCombo("##tpl", shown.c_str(), ImGuiComboFlags_HeightLarge)) {
            TemplateCategory last = TemplateCategory::Count;
            for (size_t k = 0; k < choices.size(); ++k) {
                if (choices[k].category != last) {
                    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(label_key(choices[k].category)));
                    last = choices[k].category;
                }
                ImGui::PushID(static_cast<int>(k));
                const std::string item = "  " + choices[k].title + (choices[k].language == "en" ? "  · EN" : "");
                if (ImGui::Selectable(item.c_str(), choices[k].id == st.template_id)) st.template_id = choices[k].id;
                ImGui::PopID();
            }
            ImGui::EndCombo();
        }
        char probe[32];
        std::snprintf(probe, sizeof probe, "script.step_tpl%d", static_cast<int>(i));
        ctx.probe(probe);
        ImGui::SameLine();
        ImGui::BeginDisabled(i == 0);
        if (ImGui::SmallButton(ctx.tr("script.move_up"))) move = static_cast<int>(i), move_to = static_cast<int>(i) - 1;
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(i + 1 == e.steps.size());
        if (ImGui::SmallButton(ctx.tr("script.move_down"))) move = static_cast<int>(i), move_to = static_cast<int>(i) + 1;
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::SmallButton(ctx.tr("script.remove_step"))) remove = static_cast<int>(i);
        std::snprintf(probe, sizeof probe, "script.remove%d", static_cast<int>(i));
        ctx.probe(probe);
        ImGui::SetCursorPosX(label_w);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##question", ctx.tr("script.question_hint"), &st.question);
        std::snprintf(probe, sizeof probe, "script.question%d", static_cast<int>(i));
        ctx.probe_field(probe, st.question);
        ImGui::PopID();
    }
    if (move >= 0) std::swap(e.steps[static_cast<size_t>(move)], e.steps[static_cast<size_t>(move_to)]);
    if (remove >= 0) e.steps.erase(e.steps.begin() + remove);
    ImGui::SetCursorPosX(label_w);
    if (ImGui::Button(ctx.tr("script.add_step"))) {
        ScriptStep st;
        if (!choices.empty()) st.template_id = choices.front().id;
        e.steps.push_back(st);
    }
    ctx.probe("script.add_step");
    ImGui::Dummy(ImVec2(0, font * 0.3f));
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("faq.save"))) save_script(ctx);
    ctx.probe("script.save");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("common.cancel"))) t.script_editing = false;
    ctx.probe("script.cancel");
}

}  // namespace

void draw_script_runner(const ViewContext& ctx, const std::string& case_id, const Case* for_case) {
    CasesUi& c = ctx.ui.cases;
    const float font = ImGui::GetFontSize();
    section_heading(ctx, tr_key("script.panel"));
    const std::vector<ScriptRun> runs = script_runs_of_case(ctx.state.records, case_id);
    const ScriptRun* running = nullptr;
    for (const ScriptRun& r : runs)
        if (!r.finished_ms) running = &r;
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (!running) {
        const std::vector<CallScript> scripts = all_scripts(ctx.state);
        if (scripts.empty()) {
            ImGui::EndDisabled();
            return;
        }
        c.script_choice = std::clamp(c.script_choice, 0, static_cast<int>(scripts.size()) - 1);
        ImGui::SetNextItemWidth(std::max(font * 6.0f, ImGui::GetContentRegionAvail().x - font * 4.0f));
        if (ImGui::BeginCombo("##script", scripts[static_cast<size_t>(c.script_choice)].title.c_str())) {
            for (size_t i = 0; i < scripts.size(); ++i)
                if (ImGui::Selectable(scripts[i].title.c_str(), c.script_choice == static_cast<int>(i))) c.script_choice = static_cast<int>(i);
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("script.start"))) {
            const std::string id = new_record_id('r', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
            ctx.report(ctx.dispatch(StartScriptRun{id, scripts[static_cast<size_t>(c.script_choice)].id, case_id}));
        }
        ctx.probe("script.start");
    } else {
        CallScript script;
        find_script(ctx.state, running->script_id, script);
        if (c.script_run_id != running->id) {  // a fresh run: the answers as stored
            c.script_run_id = running->id;
            c.script_answers.clear();
            for (const ScriptStepState& st : running->steps) c.script_answers.push_back(st.answer);
        }
        c.script_answers.resize(running->steps.size());
        ImGui::TextColored(theme::kMutedText, "%s", script.title.c_str());
        const PlaceholderValues values = for_case ? values_for_case(ctx, for_case) : current_values(ctx);
        for (size_t i = 0; i < running->steps.size() && i < script.steps.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            bool done = running->steps[i].done;
            if (ImGui::Checkbox("##done", &done))
                ctx.report(ctx.dispatch(MarkScriptStep{running->id, running->rev, i, done, c.script_answers[i]}));
            char probe[32];
            std::snprintf(probe, sizeof probe, "script.step%d", static_cast<int>(i));
            ctx.probe(probe);
            ImGui::SameLine();
            ReplyTemplate t;
            const Rendered text = render_template(find_template(ctx.state, script.steps[i].template_id, t) ? t.body : std::string(), values);
            ImGui::BeginGroup();
            ImGui::PushStyleColor(ImGuiCol_Text, done ? theme::kMutedText : ImGui::GetStyleColorVec4(ImGuiCol_Text));
            draw_rendered(text, ImGui::GetContentRegionAvail().x);  // missing values in red, as in the preview
            ImGui::PopStyleColor();
            if (!script.steps[i].question.empty()) {
                ImGui::TextColored(theme::kAccent, "%s", script.steps[i].question.c_str());
                ImGui::SetNextItemWidth(-1);
                ImGui::InputText("##answer", &c.script_answers[i]);
                std::snprintf(probe, sizeof probe, "script.answer%d", static_cast<int>(i));
                ctx.probe_field(probe, c.script_answers[i]);
                if (ImGui::IsItemDeactivatedAfterEdit())
                    ctx.report(ctx.dispatch(MarkScriptStep{running->id, running->rev, i, true, c.script_answers[i]}));
            }
            ImGui::EndGroup();
            ImGui::PopID();
        }
        if (ImGui::Button(ctx.tr("script.finish"))) ctx.report(ctx.dispatch(FinishScriptRun{running->id, running->rev}));
        ctx.probe("script.finish");
    }
    ImGui::EndDisabled();
    for (const ScriptRun& r : runs) {
        if (!r.finished_ms) continue;
        CallScript script;
        if (!find_script(ctx.state, r.script_id, script)) script.title = ctx.tr("script.script_gone");
        const size_t done = static_cast<size_t>(std::count_if(r.steps.begin(), r.steps.end(), [](const ScriptStepState& s) { return s.done; }));
        ImGui::TextColored(theme::kMutedText, "%s",
                           ctx.trf("script.done_run", {{"title", script.title}, {"time", format_time(ctx, r.finished_ms, true)},
                                                       {"done", std::to_string(done)}, {"steps", std::to_string(r.steps.size())}})
                               .c_str());
    }
}

void draw_call_scripts(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    if (t.script_editing && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup) &&
        ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_S, ImGuiInputFlags_RouteGlobal))
        save_script(ctx);
    const float font = ImGui::GetFontSize();
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("script.new"))) {
        CallScript fresh;
        fresh.steps.push_back({});
        const std::vector<ReplyTemplate> all = step_choices(ctx, fresh.language);
        if (!all.empty()) fresh.steps.front().template_id = all.front().id;
        start_script_edit(ctx, fresh, true);
    }
    ctx.probe("script.new");
    ImGui::EndDisabled();
    const std::vector<CallScript> scripts = all_scripts(ctx.state);
    if (t.script_selected.empty() && !scripts.empty()) t.script_selected = scripts.front().id;
    const float h = ImGui::GetContentRegionAvail().y;
    const float list_w = std::min(font * 20.0f, ImGui::GetContentRegionAvail().x * 0.4f);
    ImGui::PushStyleColor(ImGuiCol_Border, kBorder);
    ImGui::BeginChild("##script_list", ImVec2(list_w, h), ImGuiChildFlags_Borders);
    draw_script_list(ctx, scripts);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.0f, font * 0.8f));
    ImGui::BeginChild("##script_detail", ImVec2(0, h), ImGuiChildFlags_Borders | ImGuiChildFlags_AlwaysUseWindowPadding);
    if (t.script_editing) draw_script_editor(ctx);
    else draw_script_view(ctx);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    // Deleting a script asks once more.
    CallScript sc;
    if (t.script_confirm_delete && !find_script(ctx.state, t.script_selected, sc)) t.script_confirm_delete = false;
    confirm_dialog(ctx, t.script_confirm_delete, "###script_delete", ctx.trf("script.delete_q", {{"title", sc.title}}), tr_key("faq.delete"),
                   "script", [&] {
                       const ApplyResult r = ctx.dispatch(DeleteScript{sc.id, sc.builtin ? 0 : sc.rev});
                       if (!r.ok) return ctx.report(r);
                       t.script_selected.clear();
                       ctx.toast(ctx.tr("script.deleted"));
                   });
}

}  // namespace kefu
