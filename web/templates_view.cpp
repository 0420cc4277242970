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
        const TemplateStats st = template_stats(ctx.state, x.id, current_actor(ctx).agent_id);
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
        const TemplateStats st = template_stats(ctx.state, x.id, current_actor(ctx).agent_id);
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
    const TemplateStats st = template_stats(ctx.state, x.id, current_actor(ctx).agent_id);
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
}

}  // namespace

namespace {
void draw_library_tab(const ViewContext& ctx);
}  // namespace

void draw_templates(const ViewContext& ctx) {
    TemplatesUi& t = ctx.ui.templates;
    if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup)) {
        if (t.editing && !t.scripts_tab && ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_S, ImGuiInputFlags_RouteGlobal)) save(ctx);
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
        draw_call_scripts(ctx);
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

}  // namespace

// window.kefu.state().templates (the automation bridge, app.cpp).
nlohmann::json templates_snapshot(const SnapshotContext& snap) {
    const TemplatesUi& t = snap.ui.templates;
    return nlohmann::json{{"builtin", snap.state.builtin_templates.size()}, {"selected", t.selected},
                          {"editing", t.editing}, {"phrases", snap.state.phrases.phrases().size()},
                          {"cursor_field", snap.ui.text_cursor_field},
                          {"scripts", all_scripts(snap.state).size()}, {"script_selected", t.script_selected},
                          {"script_steps", [&] {
                               CallScript sc;
                               return find_script(snap.state, t.script_selected, sc) ? sc.steps.size() : size_t{0};
                           }()},
                          {"script_editing", t.script_editing}, {"history_open", t.history.open},
                          {"script_runs", snap.state.records.count(kScriptRunType)},
                          {"script_runs_finished", [&] {
                               size_t n = 0;
                               snap.state.records.for_each(kScriptRunType, [&](const Record& r) { n += script_run_from_record(r).finished_ms != 0; });
                               return n;
                           }()}};
}

}  // namespace kefu
