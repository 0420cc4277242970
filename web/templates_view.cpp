// Reply templates (话术): the library with search, categories, favourites and most used; a
// preview filled in for the case open in the form (missing values in red, never blank);
// copy to the clipboard or insert at the cursor of the case field last typed in; the editor
// with a placeholder picker, a live preview, syntax errors with their places and the
// phrase checker's warnings. Rules live in core/templates, core/placeholder, core/phrase_check.
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

}  // namespace

// What placeholders are filled with: the case open in the form, this station, today.
PlaceholderValues current_values(const ViewContext& ctx) {
    const CasesUi& c = ctx.ui.cases;
    const Case* open = c.form_open ? &c.edit : nullptr;
    const std::string& station = ctx.state.settings.station_name;
    const Actor agent{"local", station.empty() ? std::string(ctx.tr("status.station_none")) : station};
    PlaceholderValues v = placeholder_values(open, agent, ctx.state.settings.company_name, std::string(),
                                             static_cast<int64_t>(ctx.platform.now_ms()), ctx.platform.utc_offset_minutes());
    if (open && open->department != Department::None) v["department.name"] = ctx.tr(label_key(open->department));
    return v;
}

namespace {

// The rendered text, wrapped, with the placeholders that have no value marked in red.
void draw_rendered(const Rendered& r, float width) {
    std::vector<RichSpan> spans;
    size_t at = 0;
    for (const RenderedRange& f : r.filled) {
        if (f.begin > at) spans.push_back({std::string_view(r.text).substr(at, f.begin - at)});
        RichSpan s{std::string_view(r.text).substr(f.begin, f.end - f.begin)};
        s.mark = f.missing;
        s.missing = f.missing;
        spans.push_back(s);
        at = f.end;
    }
    if (at < r.text.size()) spans.push_back({std::string_view(r.text).substr(at)});
    rich_text(spans, width);
}

// Syntax errors (with their place) and forbidden phrases, in the user's language.
void draw_warnings(const ViewContext& ctx, const Rendered& r, std::string_view body) {
    ImGui::PushTextWrapPos(0.0f);
    for (const PlaceholderError& e : r.errors) {
        // The position shown counts characters, as people do, not bytes.
        size_t chars = 0;
        for (size_t i = 0; i < e.pos && i < body.size(); ++i) chars += (static_cast<unsigned char>(body[i]) & 0xc0) != 0x80;
        ImGui::TextColored(theme::kErrorText, "%s", ctx.trf(e.key, {{"pos", std::to_string(chars + 1)}, {"name", e.name}}).c_str());
    }
    for (const std::string& m : r.missing) {
        std::string label = m;
        for (size_t i = 0; i < kPlaceholderCount; ++i)
            if (m == kPlaceholders[i].name) label = ctx.tr(kPlaceholders[i].label_key);
        // The company name comes from Settings; everything else from the case.
        ImGui::TextColored(theme::kWarnText, "%s", ctx.trf(m == "company.name" ? "tpl.missing_setting" : "tpl.missing", {{"name", label}}).c_str());
    }
    for (const PhraseHit& h : ctx.state.phrases.check(body)) {
        const Phrase& p = ctx.state.phrases.phrases()[h.phrase];
        ImGui::TextColored(theme::kErrorText, "%s",
                           ctx.trf("tpl.phrase", {{"phrase", std::string(body.substr(h.begin, h.end - h.begin))}, {"reason", p.reason},
                                                  {"suggestion", p.suggestion}})
                               .c_str());
    }
    ImGui::PopTextWrapPos();
}

std::vector<ReplyTemplate> listed(const ViewContext& ctx) {
    const TemplatesUi& t = ctx.ui.templates;
    std::vector<ReplyTemplate> all = visible_templates(ctx.state, "local");
    const std::string query = fold_text(t.search);
    std::vector<std::pair<TemplateStats, ReplyTemplate>> rows;
    for (ReplyTemplate& x : all) {
        if (t.language_filter == 1 && x.language != "zh-CN") continue;
        if (t.language_filter == 2 && x.language != "en") continue;
        const TemplateStats st = template_stats(ctx.state.records, x.id);
        if (t.filter == 1 && !st.favourite) continue;
        if (t.filter == 2 && st.uses == 0) continue;
        if (t.filter >= 3 && static_cast<int>(x.category) != t.filter - 3) continue;
        if (!query.empty()) {
            std::string hay = x.title + "\n" + x.body;
            for (const std::string& tag : x.tags) hay += "\n" + tag;
            if (fold_text(hay).find(query) == std::string::npos) continue;
        }
        rows.push_back({st, std::move(x)});
    }
    // Favourites first, then the most used, then by category and title.
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
        if (a.first.favourite != b.first.favourite) return a.first.favourite;
        if (t.filter == 2 && a.first.uses != b.first.uses) return a.first.uses > b.first.uses;
        if (a.second.category != b.second.category) return a.second.category < b.second.category;
        return a.second.title < b.second.title;
    });
    std::vector<ReplyTemplate> out;
    for (auto& r : rows) out.push_back(std::move(r.second));
    return out;
}

void start_edit(const ViewContext& ctx, const ReplyTemplate& x, bool creating) {
    TemplatesUi& t = ctx.ui.templates;
    t.editing = true;
    t.creating = creating;
    t.edit = x;
    t.base_rev = creating || x.builtin ? 0 : x.rev;
    t.tags_text.clear();
    for (const std::string& tag : x.tags) t.tags_text += (t.tags_text.empty() ? "" : "，") + tag;
    t.editing_field.clear();
    t.focus_field = "tpl.title";
}

void save(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    ReplyTemplate x = t.edit;
    x.tags.clear();
    std::string cur;
    for (size_t i = 0; i <= t.tags_text.size(); ++i) {
        const bool sep = i == t.tags_text.size() || t.tags_text[i] == ',' || t.tags_text.compare(i, 3, "，") == 0 ||
                         t.tags_text.compare(i, 3, "、") == 0;
        if (!sep) {
            cur += t.tags_text[i];
            continue;
        }
        if (cur.find_first_not_of(' ') != std::string::npos) x.tags.push_back(cur.substr(cur.find_first_not_of(' ')));
        cur.clear();
        if (i < t.tags_text.size() && t.tags_text[i] != ',') i += 2;
    }
    if (t.creating) x.id = new_record_id('t', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
    const ApplyResult r = ctx.dispatch(SaveTemplate{x, t.base_rev});
    if (!r.ok) return ctx.report(r);
    ctx.toast(ctx.tr("tpl.saved"));
    t.editing = false;
    t.selected = x.id;
}

void draw_list(const ViewContext& ctx, const std::vector<ReplyTemplate>& rows) {
    TemplatesUi& t = ctx.ui.templates;
    const float font = ImGui::GetFontSize();
    if (rows.empty()) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("tpl.none"));
        return;
    }
    TemplateCategory last = TemplateCategory::Count;
    for (size_t i = 0; i < rows.size(); ++i) {
        const ReplyTemplate& x = rows[i];
        if (x.category != last && t.filter != 2) {
            ImGui::Dummy(ImVec2(0, font * 0.2f));
            ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(label_key(x.category)));
            last = x.category;
        }
        const TemplateStats st = template_stats(ctx.state.records, x.id);
        std::string label = (st.favourite ? "★ " : "") + x.title;
        if (x.language == "en") label += "  · EN";
        if (st.uses > 0) label += "  · " + ctx.trf("tpl.uses", {{"n", std::to_string(st.uses)}});
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(label.c_str(), t.selected == x.id)) {
            t.selected = x.id;
            t.editing = false;
        }
        char probe[32];
        std::snprintf(probe, sizeof probe, "tpl.row%d", static_cast<int>(i));
        ctx.probe(probe);
        ImGui::PopID();
    }
}

void draw_preview(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    const float font = ImGui::GetFontSize();
    ReplyTemplate x;
    if (t.selected.empty() || !find_template(ctx.state, t.selected, x)) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("tpl.pick"));
        return;
    }
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.25f);
    ImGui::TextUnformatted(x.title.c_str());
    ImGui::PopFont();
    ctx.probe("tpl.title_view");
    std::string meta = std::string(ctx.tr(label_key(x.category))) + (x.language == "en" ? " · English" : " · 中文");
    if (x.personal) meta += std::string(" · ") + ctx.tr("tpl.personal");
    if (x.builtin) meta += std::string(" · ") + ctx.tr("faq.builtin");
    ImGui::TextColored(theme::kMutedText, "%s", meta.c_str());
    const CasesUi& c = ctx.ui.cases;
    ImGui::TextColored(theme::kMutedText, "%s",
                       c.form_open ? ctx.trf("tpl.for_case", {{"case", c.creating ? std::string(ctx.tr("case.new_title")) : c.edit.form_no}}).c_str()
                                   : ctx.tr("tpl.no_case"));
    ImGui::Separator();
    const Rendered r = render_template(x.body, current_values(ctx));
    draw_rendered(r, ImGui::GetContentRegionAvail().x);
    ctx.probe_field("tpl.rendered", r.text);
    draw_warnings(ctx, r, x.body);
    ImGui::Dummy(ImVec2(0, font * 0.3f));

    if (ImGui::Button(ctx.tr("tpl.copy"))) {
        ctx.platform.copy_to_clipboard(r.text);
        ctx.report(ctx.dispatch(UseTemplate{x.id}));
        ctx.toast(ctx.tr("tpl.copied"));
    }
    ctx.probe("tpl.copy");
    ImGui::SameLine();
    ImGui::BeginDisabled(!c.form_open || ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("tpl.insert"))) {
        insert_into_case(ctx, r.text);
        ctx.report(ctx.dispatch(UseTemplate{x.id}));
    }
    ctx.probe("tpl.insert");
    ImGui::EndDisabled();
    ImGui::SameLine();
    const TemplateStats st = template_stats(ctx.state.records, x.id);
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr(st.favourite ? "tpl.unfavourite" : "tpl.favourite")))
        ctx.report(ctx.dispatch(SetTemplateFavourite{x.id, !st.favourite}));
    ctx.probe("tpl.favourite");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("faq.edit"))) start_edit(ctx, x, false);
    ctx.probe("tpl.edit");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("faq.delete"))) {
        const ApplyResult res = ctx.dispatch(DeleteTemplate{x.id, x.builtin ? 0 : x.rev});
        if (res.ok) t.selected.clear();
        ctx.report(res);
    }
    ImGui::EndDisabled();
}

void draw_editor(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    const float font = ImGui::GetFontSize();
    ReplyTemplate& e = t.edit;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.2f);
    ImGui::TextUnformatted(ctx.tr(t.creating ? "tpl.new_title" : "tpl.edit_title"));
    ImGui::PopFont();
    const float label_w = ImGui::GetCursorPosX() + font * 4.5f;
    const float field_w = ImGui::GetContentRegionAvail().x - (label_w - ImGui::GetCursorPosX());
    auto label = [&](const char* key) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(key));
        ImGui::SameLine(label_w);
    };
    label(tr_key("template.field.title"));
    if (t.focus_field && std::string(t.focus_field) == "tpl.title") {
        ImGui::SetKeyboardFocusHere();
        t.focus_field = nullptr;
    }
    ImGui::SetNextItemWidth(field_w);
    ImGui::InputText("##title", &e.title);
    ctx.probe_field("tpl.title", e.title);
    label(tr_key("tpl.category"));
    int cat = static_cast<int>(e.category);
    ImGui::SetNextItemWidth(font * 9.0f);
    if (ImGui::BeginCombo("##cat", ctx.tr(label_key(e.category)))) {
        for (int i = 0; i < static_cast<int>(TemplateCategory::Count); ++i)
            if (ImGui::Selectable(ctx.tr(label_key(static_cast<TemplateCategory>(i))), cat == i)) e.category = static_cast<TemplateCategory>(i);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    int lang = e.language == "en" ? 1 : 0;
    const char* langs[] = {"中文", "English"};
    ImGui::SetNextItemWidth(font * 7.0f);
    if (ImGui::Combo("##lang", &lang, langs, 2)) e.language = lang ? "en" : "zh-CN";
    ImGui::SameLine();
    ImGui::Checkbox(ctx.tr("tpl.personal"), &e.personal);
    label(tr_key("template.field.tags"));
    ImGui::SetNextItemWidth(field_w);
    ImGui::InputTextWithHint("##tags", ctx.tr("faq.list_hint"), &t.tags_text);

    // Placeholder picker: inserts at the cursor of the body (or at its end).
    ImGui::TextUnformatted(ctx.tr("tpl.insert_placeholder"));
    for (size_t i = 0; i < kPlaceholderCount; ++i) {
        const char* text = ctx.tr(kPlaceholders[i].label_key);
        if (i > 0) {  // on the same line while it fits
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 2) ImGui::NewLine();
        }
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton(text)) {
            const std::string token = std::string("{") + kPlaceholders[i].name + "}";
            size_t at = e.body.size();
            if (ctx.ui.text_cursor_field == "tpl.body") at = std::min(e.body.size(), static_cast<size_t>(std::max(0, ctx.ui.text_cursor)));
            e.body.insert(at, token);
            ctx.ui.text_cursor = static_cast<int>(at + token.size());
        }
        char probe[32];
        std::snprintf(probe, sizeof probe, "tpl.ph%d", static_cast<int>(i));
        ctx.probe(probe);
        ImGui::PopID();
    }
    wrapped_editor(ctx, "tpl.body", e.body, font * 6.0f, t.editing_field, t.focus_field, tr_key("tpl.body_placeholder"));
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("tpl.preview"));
    const Rendered r = render_template(e.body, current_values(ctx));
    ImGui::BeginChild("##tpl_preview", ImVec2(0, font * 5.0f), ImGuiChildFlags_Borders);
    draw_rendered(r, ImGui::GetContentRegionAvail().x);
    ImGui::EndChild();
    draw_warnings(ctx, r, e.body);
    ctx.probe("tpl.warnings");
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("faq.save"))) save(ctx);
    ctx.probe("tpl.save");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("common.cancel"))) t.editing = false;
    ctx.probe("tpl.cancel");
}

}  // namespace

void draw_script_runner(const ViewContext& ctx, const std::string& case_id) {
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
        const PlaceholderValues values = current_values(ctx);
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
        find_script(ctx.state, r.script_id, script);
        const size_t done = static_cast<size_t>(std::count_if(r.steps.begin(), r.steps.end(), [](const ScriptStepState& s) { return s.done; }));
        ImGui::TextColored(theme::kMutedText, "%s",
                           ctx.trf("script.done_run", {{"title", script.title}, {"time", format_time(ctx, r.finished_ms, true)},
                                                       {"done", std::to_string(done)}, {"steps", std::to_string(r.steps.size())}})
                               .c_str());
    }
}

void draw_phrase_settings(const ViewContext& ctx) {
    UiState& ui = ctx.ui;
    const float font = ImGui::GetFontSize();
    if (!ui.phrases_dirty && ui.phrases_loaded_version != ctx.state.version) {
        ui.phrases_edit = ctx.state.phrases.phrases();
        ui.phrases_loaded_version = ctx.state.version;
    }
    section_heading(ctx, tr_key("phrases.title"));
    ctx.probe("phrases.title");
    help_text(ctx.tr("phrases.help"));
    ImGui::BeginDisabled(ctx.ui.read_only);
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("##phrases", 4, flags, ImVec2(0, font * 14.0f))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(ctx.tr("template.field.phrase"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(ctx.tr("phrases.reason"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn(ctx.tr("phrases.suggestion"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, font * 3.0f);
        ImGui::TableHeadersRow();
        int remove = -1;
        for (size_t i = 0; i < ui.phrases_edit.size(); ++i) {
            Phrase& p = ui.phrases_edit[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            for (auto [col, text] : {std::make_pair(0, &p.text), std::make_pair(1, &p.reason), std::make_pair(2, &p.suggestion)}) {
                ImGui::TableSetColumnIndex(col);
                ImGui::SetNextItemWidth(-1);
                ImGui::PushID(col);
                if (col == 0 && ui.phrases_focus_new && i + 1 == ui.phrases_edit.size()) {
                    ImGui::SetScrollHereY(1.0f);
                    ImGui::SetKeyboardFocusHere();
                    ui.phrases_focus_new = false;
                }
                if (ImGui::InputText("##v", text)) ui.phrases_dirty = true;
                if (col == 0) {
                    char probe[32];
                    std::snprintf(probe, sizeof probe, "phrases.text%d", static_cast<int>(i));
                    ctx.probe_field(probe, *text);
                }
                ImGui::PopID();
            }
            ImGui::TableSetColumnIndex(3);
            if (ImGui::SmallButton(ctx.tr("calendar.remove"))) remove = static_cast<int>(i);
            ImGui::PopID();
        }
        if (remove >= 0) {
            ui.phrases_edit.erase(ui.phrases_edit.begin() + remove);
            ui.phrases_dirty = true;
        }
        ImGui::EndTable();
    }
    ctx.probe("phrases.table");
    if (ImGui::Button(ctx.tr("phrases.add"))) {
        ui.phrases_edit.push_back({});
        ui.phrases_dirty = true;
        ui.phrases_focus_new = true;
    }
    ctx.probe("phrases.add");
    ImGui::SameLine();
    ImGui::BeginDisabled(!ui.phrases_dirty);
    if (ImGui::Button(ctx.tr("phrases.save"))) {
        const PhraseChecker check(ui.phrases_edit);  // what will be skipped, said plainly
        const ApplyResult r = ctx.dispatch(SetPhrases{ui.phrases_edit});
        if (r.ok) {
            ui.phrases_dirty = false;
            ui.phrases_loaded_version = ~0ull;
            ctx.toast(check.skipped().empty() ? ctx.tr("phrases.saved")
                                              : ctx.trf("phrases.saved_skipped", {{"n", std::to_string(check.skipped().size())}}));
        } else {
            ctx.report(r);
        }
    }
    ctx.probe("phrases.save");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("phrases.reset"))) {
        ui.phrases_edit = default_phrases();
        ui.phrases_dirty = true;
    }
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("phrases.count", {{"n", std::to_string(ui.phrases_edit.size())}}).c_str());
    ImGui::EndDisabled();
}

void draw_templates(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    const float font = ImGui::GetFontSize();
    if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup)) {
        if (t.editing && ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_S, ImGuiInputFlags_RouteGlobal)) save(ctx);
        if (t.editing && ImGui::GetActiveID() != 0 && ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
            ImGui::ClearActiveID();
            t.editing_field.clear();
        } else if (t.editing && ImGui::Shortcut(ImGuiKey_Escape, ImGuiInputFlags_RouteGlobal)) {
            t.editing = false;
        }
    }
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr("nav.templates"));
    ImGui::PopFont();
    ctx.probe("section.title");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("nav.hint.templates"));

    ImGui::SetNextItemWidth(std::max(font * 10.0f, ImGui::GetContentRegionAvail().x - font * 24.0f));
    ImGui::InputTextWithHint("##tpl_search", ctx.tr("tpl.search_hint"), &t.search);
    ctx.probe_field("tpl.search", t.search);
    ImGui::SameLine();
    std::string filter_label = t.filter == 0 ? ctx.tr("tpl.all") : t.filter == 1 ? ctx.tr("tpl.favourites") : t.filter == 2 ? ctx.tr("tpl.most_used")
                                                                                                              : ctx.tr(label_key(static_cast<TemplateCategory>(t.filter - 3)));
    ImGui::SetNextItemWidth(font * 8.0f);
    if (ImGui::BeginCombo("##tpl_filter", filter_label.c_str())) {
        if (ImGui::Selectable(ctx.tr("tpl.all"), t.filter == 0)) t.filter = 0;
        if (ImGui::Selectable(ctx.tr("tpl.favourites"), t.filter == 1)) t.filter = 1;
        if (ImGui::Selectable(ctx.tr("tpl.most_used"), t.filter == 2)) t.filter = 2;
        for (int i = 0; i < static_cast<int>(TemplateCategory::Count); ++i)
            if (ImGui::Selectable(ctx.tr(label_key(static_cast<TemplateCategory>(i))), t.filter == i + 3)) t.filter = i + 3;
        ImGui::EndCombo();
    }
    ctx.probe("tpl.filter");
    ImGui::SameLine();
    const char* langs[] = {ctx.tr("faq.any_language"), "中文", "English"};
    ImGui::SetNextItemWidth(font * 6.5f);
    ImGui::Combo("##tpl_lang", &t.language_filter, langs, 3);
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("tpl.new"))) {
        ReplyTemplate fresh;
        fresh.category = t.filter >= 3 ? static_cast<TemplateCategory>(t.filter - 3) : TemplateCategory::Custom;
        start_edit(ctx, fresh, true);
    }
    ctx.probe("tpl.new");
    ImGui::EndDisabled();

    const std::vector<ReplyTemplate> rows = listed(ctx);
    if (t.selected.empty() && !rows.empty()) t.selected = rows.front().id;
    const float h = ImGui::GetContentRegionAvail().y;
    const float list_w = std::min(font * 20.0f, ImGui::GetContentRegionAvail().x * 0.4f);
    ImGui::PushStyleColor(ImGuiCol_Border, kBorder);
    ImGui::BeginChild("##tpl_list", ImVec2(list_w, h), ImGuiChildFlags_Borders);
    draw_list(ctx, rows);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.0f, font * 0.8f));
    ImGui::BeginChild("##tpl_detail", ImVec2(0, h), ImGuiChildFlags_Borders | ImGuiChildFlags_AlwaysUseWindowPadding);
    if (t.editing) draw_editor(ctx);
    else draw_preview(ctx);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

}  // namespace kefu
