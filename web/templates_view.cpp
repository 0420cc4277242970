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
    return values_for_case(ctx, c.form_open ? &c.edit : nullptr);
}

PlaceholderValues values_for_case(const ViewContext& ctx, const Case* open) {
    PlaceholderValues v = placeholder_values(open, current_actor(ctx), ctx.state.settings.company_name, std::string(),
                                             static_cast<int64_t>(ctx.platform.now_ms()), ctx.state.calendar.utc_offset_minutes);
    if (open && open->department != Department::None) v["department.name"] = ctx.tr(label_key(open->department));
    return v;
}

namespace {

// The rendered text, wrapped, with the placeholders that have no value marked in red.
// Puts the text where the agent asked (the case open in the form, or the clipboard).
void deliver(const ViewContext& ctx, const std::string& template_id, const std::string& text, bool insert) {
    if (insert) {
        insert_into_case(ctx, text);
    } else {
        ctx.platform.copy_to_clipboard(text);
        ctx.toast(ctx.tr("tpl.copied"));
    }
    ctx.report(ctx.dispatch(UseTemplate{template_id}));
}

// Copy or insert: straight away when every value is there, else the agent decides first.
void use_template(const ViewContext& ctx, const ReplyTemplate& x, const Rendered& r, bool insert) {
    if (r.missing.empty()) return deliver(ctx, x.id, r.text, insert);
    TemplatesUi& t = ctx.ui.templates;
    t.gaps_open = true;
    t.gaps_insert = insert;
    t.gaps_template = x.id;
    t.gaps_names = r.missing;
    t.gaps_values.assign(r.missing.size(), std::string());
}

const char* placeholder_label_key(std::string_view name) {
    for (size_t i = 0; i < kPlaceholderCount; ++i)
        if (name == kPlaceholders[i].name) return kPlaceholders[i].label_key;
    return nullptr;
}

// The values are missing: fill them in for this use, insert with the gaps marked, or cancel.
void draw_gaps_dialog(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    const char* popup = "###tpl_gaps";
    if (t.gaps_open && !ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
    const float font = ImGui::GetFontSize();
    const float w = std::min(ImGui::GetMainViewport()->Size.x - font * 2, font * 30);
    ImGui::SetNextWindowSize(ImVec2(w, 0));
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(popup, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) return;
    ReplyTemplate x;
    bool close = !t.gaps_open || !find_template(ctx.state, t.gaps_template, x);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.15f);
    ImGui::TextUnformatted(ctx.trf("tpl.gaps.title", {{"n", std::to_string(t.gaps_names.size())}}).c_str());
    ImGui::PopFont();
    ctx.probe("tpl.gaps.title");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(t.gaps_insert ? "tpl.gaps.help_insert" : "tpl.gaps.help_copy"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool all = true;
    const float label_w = font * 9;
    for (size_t i = 0; i < t.gaps_names.size(); ++i) {
        const char* key = placeholder_label_key(t.gaps_names[i]);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(key ? ctx.tr(key) : t.gaps_names[i].c_str());
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(-1);
        ImGui::PushID(static_cast<int>(i));
        if (i == 0 && ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::InputText("##value", &t.gaps_values[i]);
        ImGui::PopID();
        char probe[32];
        std::snprintf(probe, sizeof probe, "tpl.gaps.value%d", static_cast<int>(i));
        ctx.probe_field(probe, t.gaps_values[i]);
        if (t.gaps_values[i].find_first_not_of(' ') == std::string::npos) all = false;
    }
    ImGui::Spacing();
    // Rendered again with what was typed; whatever is still missing is marked, never "{name}".
    auto finish = [&](bool marked) {
        PlaceholderValues values = current_values(ctx);
        for (size_t i = 0; i < t.gaps_names.size(); ++i)
            if (!marked || !t.gaps_values[i].empty()) values[t.gaps_names[i]] = t.gaps_values[i];
        const Rendered r = render_template(x.body, values);
        deliver(ctx, x.id, with_gaps_marked(r, [&](std::string_view name) { return gap_mark(ctx, name); }), t.gaps_insert);
        close = true;
    };
    ImGui::BeginDisabled(!all);
    if (ImGui::Button(ctx.tr(t.gaps_insert ? "tpl.gaps.fill_insert" : "tpl.gaps.fill_copy")) ||
        (all && ImGui::IsKeyPressed(ImGuiKey_Enter, false)))
        if (!close) finish(false);
    ImGui::EndDisabled();
    ctx.probe("tpl.gaps.fill");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr(t.gaps_insert ? "tpl.gaps.mark_insert" : "tpl.gaps.mark_copy")) && !close) finish(true);
    ctx.probe("tpl.gaps.mark");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("common.cancel")) || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) close = true;
    ctx.probe("tpl.gaps.cancel");
    if (close) {
        t.gaps_open = false;
        t.gaps_names.clear();
        t.gaps_values.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

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
        const TemplateStats st = template_stats(ctx.state.records, x.id, current_actor(ctx).agent_id);
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
        const TemplateStats st = template_stats(ctx.state.records, x.id, current_actor(ctx).agent_id);
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

    if (ImGui::Button(ctx.tr("tpl.copy"))) use_template(ctx, x, r, false);
    ctx.probe("tpl.copy");
    ImGui::SameLine();
    ImGui::BeginDisabled(!c.form_open || ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("tpl.insert"))) use_template(ctx, x, r, true);
    ctx.probe("tpl.insert");
    ImGui::EndDisabled();
    ImGui::SameLine();
    const TemplateStats st = template_stats(ctx.state.records, x.id, current_actor(ctx).agent_id);
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr(st.favourite ? "tpl.unfavourite" : "tpl.favourite")))
        ctx.report(ctx.dispatch(SetTemplateFavourite{x.id, !st.favourite}));
    ctx.probe("tpl.favourite");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("faq.edit"))) start_edit(ctx, x, false);
    ctx.probe("tpl.edit");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("faq.history"))) {
        std::vector<uint64_t> revs;
        for (const TemplateVersion& v : template_versions(ctx.state, x.id)) revs.push_back(v.rev);
        open_history(t.history, revs);
    }
    ctx.probe("tpl.history");
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("faq.delete"))) t.confirm_delete = true;
    ctx.probe("tpl.delete");
    ImGui::EndDisabled();
}

void draw_template_history(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    if (!t.history.open) return;
    ReplyTemplate x;
    if (!find_template(ctx.state, t.selected, x)) {
        t.history.open = false;
        return;
    }
    const std::vector<TemplateVersion> versions = template_versions(ctx.state, x.id);
    HistoryDialogSpec spec;
    spec.popup_id = "###tpl_history";
    spec.title = ctx.trf("tpl.history_title", {{"title", x.title}});
    spec.probe_prefix = "tpl";
    spec.field_key_prefix = "template.field.";
    if (x.builtin) spec.builtin_note = ctx.tr("tpl.builtin_history");
    for (const TemplateVersion& v : versions) spec.rows.push_back({v.rev, v.at_ms, v.by});
    spec.diff = [&](size_t from, size_t to) {
        std::vector<FieldDiff> d = diff_templates(versions[from].tmpl, versions[to].tmpl);
        for (FieldDiff& f : d) {  // names as the user reads them
            if (f.field == "category") {
                TemplateCategory a = TemplateCategory::Custom, b = TemplateCategory::Custom;
                parse_name(f.before, a);
                parse_name(f.after, b);
                f.before = ctx.tr(label_key(a));
                f.after = ctx.tr(label_key(b));
            } else if (f.field == "scope") {
                f.before = f.before == "personal" ? ctx.tr("tpl.personal") : ctx.tr("tpl.shared");
                f.after = f.after == "personal" ? ctx.tr("tpl.personal") : ctx.tr("tpl.shared");
            }
        }
        return d;
    };
    spec.restore = [&](uint64_t rev) { return ctx.dispatch(RestoreTemplateVersion{x.id, x.rev, rev}); };
    draw_history_dialog(ctx, t.history, spec);
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

void draw_deletions(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    ReplyTemplate x;
    if (t.confirm_delete && !find_template(ctx.state, t.selected, x)) t.confirm_delete = false;
    confirm_dialog(ctx, t.confirm_delete, "###tpl_delete", ctx.trf("tpl.delete_q", {{"title", x.title}}), tr_key("faq.delete"), "tpl", [&] {
        const ApplyResult r = ctx.dispatch(DeleteTemplate{x.id, x.builtin ? 0 : x.rev});
        if (!r.ok) return ctx.report(r);
        t.selected.clear();
        ctx.toast(ctx.tr("tpl.deleted"));
    });
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

namespace {
void draw_library_tab(const ViewContext& ctx);
void draw_scripts_tab(const ViewContext& ctx);
}  // namespace

void draw_templates(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup)) {
        if (t.editing && !t.scripts_tab && ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_S, ImGuiInputFlags_RouteGlobal)) save(ctx);
        if (t.script_editing && t.scripts_tab && ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_S, ImGuiInputFlags_RouteGlobal)) save_script(ctx);
        bool& editing = t.scripts_tab ? t.script_editing : t.editing;
        if (editing && ImGui::GetActiveID() != 0 && ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
            ImGui::ClearActiveID();
            t.editing_field.clear();
        } else if (editing && ImGui::Shortcut(ImGuiKey_Escape, ImGuiInputFlags_RouteGlobal)) {
            editing = false;
        }
    }
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr("nav.templates"));
    ImGui::PopFont();
    ctx.probe("section.title");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("nav.hint.templates"));

    // Two tabs: the template library, and the call scripts made of its templates. Plain
    // buttons: they take the first click even right after a dialog closes.
    if (tab_button(ctx, tr_key("tpl.tab_templates"), !t.scripts_tab, "tpl.tab_templates")) t.scripts_tab = false;
    ImGui::SameLine(0, 2.0f);
    if (tab_button(ctx, tr_key("tpl.tab_scripts"), t.scripts_tab, "tpl.tab_scripts")) t.scripts_tab = true;
    if (t.scripts_tab) {
        draw_scripts_tab(ctx);
    } else {
        draw_library_tab(ctx);
    }
    draw_template_history(ctx);
    draw_deletions(ctx);
    draw_gaps_dialog(ctx);
}

std::string gap_mark(const ViewContext& ctx, std::string_view placeholder_name) {
    const char* key = placeholder_label_key(placeholder_name);
    return std::string(ctx.tr("tpl.gap_open")) + (key ? ctx.tr(key) : std::string(placeholder_name)) + ctx.tr("tpl.gap_close");
}

std::vector<RichSpan> gap_spans(const ViewContext& ctx, std::string_view text) {
    std::vector<RichSpan> spans;
    const std::string open = ctx.tr("tpl.gap_open"), close = ctx.tr("tpl.gap_close");
    size_t at = 0, from = 0;
    while (true) {
        const size_t b = text.find(open, from);
        if (b == std::string_view::npos) break;
        const size_t e = text.find(close, b + open.size());
        if (e == std::string_view::npos) break;
        const std::string_view label = text.substr(b + open.size(), e - b - open.size());
        bool known = false;
        for (size_t i = 0; i < kPlaceholderCount && !known; ++i) known = label == ctx.tr(kPlaceholders[i].label_key);
        from = known ? e + close.size() : b + open.size();
        if (!known) continue;
        if (b > at) spans.push_back({text.substr(at, b - at)});
        spans.push_back({text.substr(b, e + close.size() - b), false, true, true});
        at = e + close.size();
    }
    if (at < text.size()) spans.push_back({text.substr(at)});
    return spans;
}

namespace {

void draw_library_tab(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    const float font = ImGui::GetFontSize();
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

void draw_scripts_tab(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
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
}

}  // namespace

}  // namespace kefu
