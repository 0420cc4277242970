// The knowledge base (知识库): categories, a search box with ranked results on every
// keystroke and the matched words marked, the article with its light formatting, feedback,
// the editor with a live preview, and the version history with differences and restore.
// Search and every rule live in core/faq and core/search; this file draws and dispatches.
// Index:
//   [SECTION] categories
//   [SECTION] results
//   [SECTION] the article
//   [SECTION] the editor
//   [SECTION] history and dialogs
//   [SECTION] shared
//   [SECTION] suggestions in the case form
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID: Esc leaves a field without reverting it
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

const ImVec4 kMarkBg(1.0f, 0.898f, 0.553f, 1.0f);  // a soft yellow behind matched words
const ImVec4 kBorder(0.886f, 0.910f, 0.941f, 1.0f);

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        const size_t b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
        cur.clear();
    };
    for (size_t i = 0; i < text.size();) {
        // , ; and the full-width ，、；
        if (text[i] == ',' || text[i] == ';') {
            flush();
            ++i;
        } else if (text.compare(i, 3, "，") == 0 || text.compare(i, 3, "、") == 0 || text.compare(i, 3, "；") == 0) {
            flush();
            i += 3;
        } else {
            cur += text[i++];
        }
    }
    flush();
    return out;
}

std::string join_list(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : "，") + s;
    return out;
}

// Splits `text` into spans, marking every occurrence of the matched words.
void mark_spans(std::string_view text, bool bold, const std::vector<std::string>& marks, std::vector<RichSpan>& out) {
    size_t at = 0;
    while (at < text.size()) {
        size_t best = std::string_view::npos, len = 0;
        for (const std::string& m : marks) {
            if (m.empty()) continue;
            const size_t p = text.find(m, at);
            if (p != std::string_view::npos && (p < best || (p == best && m.size() > len))) best = p, len = m.size();
        }
        if (best == std::string_view::npos) {
            out.push_back({text.substr(at), bold, false});
            return;
        }
        if (best > at) out.push_back({text.substr(at, best - at), bold, false});
        out.push_back({text.substr(best, len), bold, true});
        at = best + len;
    }
}

// One line of text cut to `max_w` (with "…"), matched ranges marked; returns its height.
void marked_line(ImDrawList* dl, ImVec2 pos, std::string_view text, const std::vector<TextRange>& ranges, float max_w, ImU32 color) {
    const float font = ImGui::GetFontSize();
    ImFont* f = ImGui::GetFont();
    size_t end = text.size();
    const char* ellipsis = "…";
    if (ImGui::CalcTextSize(text.data(), text.data() + end).x > max_w) {
        const float room = max_w - ImGui::CalcTextSize(ellipsis).x;
        const char* remaining = nullptr;
        f->CalcTextSizeA(font, room, 0.0f, text.data(), text.data() + text.size(), &remaining);
        end = static_cast<size_t>(remaining - text.data());
    }
    for (const TextRange& r : ranges) {
        if (r.begin >= end) continue;
        const float x0 = ImGui::CalcTextSize(text.data(), text.data() + r.begin).x;
        const float x1 = ImGui::CalcTextSize(text.data(), text.data() + std::min<size_t>(r.end, end)).x;
        dl->AddRectFilled(ImVec2(pos.x + x0 - 1, pos.y), ImVec2(pos.x + x1 + 1, pos.y + font), ImGui::GetColorU32(kMarkBg), 2.0f);
    }
    dl->AddText(pos, color, text.data(), text.data() + end);
    if (end < text.size()) dl->AddText(ImVec2(pos.x + ImGui::CalcTextSize(text.data(), text.data() + end).x, pos.y), color, ellipsis);
}

// A stretch of the answer around its first match (or its beginning), on one line: line
// breaks become spaces and the ** of bold text go; the match ranges follow the text.
std::string snippet(const std::string& answer, const std::vector<TextRange>& ranges, std::vector<TextRange>& shifted) {
    size_t from = 0;
    if (!ranges.empty() && ranges[0].begin > 24) {
        from = ranges[0].begin - 24;
        while (from > 0 && (static_cast<unsigned char>(answer[from]) & 0xc0) == 0x80) --from;
    }
    size_t to = std::min(answer.size(), from + 240);
    while (to < answer.size() && (static_cast<unsigned char>(answer[to]) & 0xc0) == 0x80) --to;
    std::string out = from > 0 ? "…" : "";
    std::vector<uint32_t> at(to - from + 1);  // output position of each source byte
    for (size_t i = from; i < to; ++i) {
        at[i - from] = static_cast<uint32_t>(out.size());
        if (answer[i] == '\n') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else if (answer[i] != '*') {
            out += answer[i];
        }
    }
    at[to - from] = static_cast<uint32_t>(out.size());
    for (const TextRange& r : ranges)
        if (r.begin >= from && r.end <= to) shifted.push_back({at[r.begin - from], at[r.end - from]});
    return out;
}

void small_badge(const char* text, ImVec4 bg, ImVec4 fg) {
    const float font = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const ImVec2 pad(font * 0.35f, font * 0.05f);
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + ts.x + pad.x * 2, p.y + ts.y + pad.y * 2), ImGui::GetColorU32(bg), font * 0.25f);
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad.x, p.y + pad.y));
    ImGui::TextColored(fg, "%s", text);
}

void status_badge(const ViewContext& ctx, const Article& a) {
    if (a.status == ArticleStatus::Draft) small_badge(ctx.tr(label_key(a.status)), theme::kBadgeBg, theme::kBadgeText);
    else if (a.status == ArticleStatus::Archived) small_badge(ctx.tr(label_key(a.status)), theme::kStatusBg, theme::kMutedText);
    else small_badge(ctx.tr(label_key(a.status)), ImVec4(0.863f, 0.988f, 0.906f, 1), theme::kOkText);
}

SearchFilter current_filter(const FaqUi& f) {
    SearchFilter filter;
    filter.category = f.category;
    if (f.status_filter > 0) filter.statuses = 1u << static_cast<unsigned>(f.status_filter - 1);
    if (f.language_filter == 1) filter.language = "zh-CN";
    if (f.language_filter == 2) filter.language = "en";
    return filter;
}

// The list on screen: ranked hits for a query; every article of the filter otherwise.
void refresh_results(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    const std::string key = f.search + "\x1f" + f.category + "\x1f" + std::to_string(f.status_filter) + std::to_string(f.language_filter);
    if (f.cached_version == ctx.state.version && f.cached_key == key) return;
    const bool query_changed = f.cached_key != key;
    f.cached_version = ctx.state.version;
    f.cached_key = key;
    const SearchFilter filter = current_filter(f);
    f.hits = ctx.state.faq.search(f.search, filter, 200);
    if (f.hits.empty() && f.search.find_first_not_of(" \t") == std::string::npos) {
        std::vector<Article> all = all_articles(ctx.state);
        std::sort(all.begin(), all.end(), [](const Article& a, const Article& b) {
            return a.category != b.category ? a.category < b.category : a.question < b.question;
        });
        for (const Article& a : all) {
            const SearchDoc* d = ctx.state.faq.find(a.id);
            if (!d) continue;
            if (!filter.category.empty() && (a.category.compare(0, filter.category.size(), filter.category) != 0 ||
                                             (a.category.size() > filter.category.size() && a.category[filter.category.size()] != '/')))
                continue;
            if (filter.statuses && !(filter.statuses & (1u << static_cast<unsigned>(a.status)))) continue;
            if (!filter.language.empty() && a.language != filter.language) continue;
            SearchHit h;
            h.id = a.id;
            f.hits.push_back(std::move(h));
        }
    }
    if (query_changed) {
        f.selected = 0;
        if (!f.hits.empty() && !f.editing && !f.search.empty()) f.open_id = f.hits[0].id;  // the best answer at once
    }
    f.selected = std::min(f.selected, std::max(0, static_cast<int>(f.hits.size()) - 1));
}

// ---- [SECTION] categories ---------------------------------------------------------------------------
void draw_categories(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    std::map<std::string, int> counts;  // every path and its ancestors, with the articles under it
    int total = 0;
    for (const Article& a : all_articles(ctx.state)) {
        ++total;
        std::string path = a.category;
        while (!path.empty()) {
            ++counts[path];
            const size_t slash = path.rfind('/');
            path = slash == std::string::npos ? std::string() : path.substr(0, slash);
        }
    }
    const float font = ImGui::GetFontSize();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("faq.categories"));
    auto row = [&](const std::string& path, const std::string& label, int n, int depth, int index) {
        ImGui::PushID(index);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + depth * font * 0.9f);
        const std::string text = label + "  " + std::to_string(n);
        if (ImGui::Selectable(text.c_str(), f.category == path)) {
            f.category = path;
            f.cached_version = ~0ull;
        }
        char probe[32];
        std::snprintf(probe, sizeof probe, "faq.cat%d", index);
        ctx.probe(probe);
        ImGui::PopID();
    };
    row("", ctx.tr("faq.all_categories"), total, 0, 0);
    int index = 1;
    for (const auto& [path, n] : counts) {
        const size_t slash = path.rfind('/');
        const int depth = static_cast<int>(std::count(path.begin(), path.end(), '/'));
        row(path, slash == std::string::npos ? path : path.substr(slash + 1), n, depth, index++);
    }
}

// ---- [SECTION] results ---------------------------------------------------------------------------------
void draw_results(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    const float font = ImGui::GetFontSize();
    if (f.hits.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(f.search.empty() ? "faq.empty_list" : "faq.no_results"));
        ImGui::PopTextWrapPos();
        ctx.probe("faq.no_results");
        return;
    }
    const float row_h = font * 3.3f;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(f.hits.size()), row_h);
    if (f.scroll_to_selected) clipper.IncludeItemByIndex(f.selected);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const SearchHit& h = f.hits[static_cast<size_t>(i)];
            Article a;
            if (!find_article(ctx.state, h.id, a)) continue;
            ImGui::PushID(i);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            if (ImGui::InvisibleButton("##row", ImVec2(w, row_h - font * 0.2f))) {
                f.selected = i;
                open_article(ctx, h.id);
            }
            char probe[32];
            std::snprintf(probe, sizeof probe, "faq.row%d", i);
            ctx.probe(probe);
            if (f.scroll_to_selected && i == f.selected) {
                ImGui::SetScrollHereY(0.5f);
                f.scroll_to_selected = false;
            }
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const bool open = a.id == f.open_id;
            if (open || ImGui::IsItemHovered())
                dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h - font * 0.2f),
                                  ImGui::GetColorU32(open ? ImVec4(0.859f, 0.918f, 0.996f, 1) : ImVec4(0.945f, 0.957f, 0.969f, 1)), font * 0.3f);
            const float pad = font * 0.5f;
            marked_line(dl, ImVec2(p.x + pad, p.y + font * 0.3f), a.question, h.title_ranges, w - pad * 2, ImGui::GetColorU32(ImGuiCol_Text));
            std::vector<TextRange> shifted;
            const std::string snip = snippet(a.answer, h.body_ranges, shifted);
            marked_line(dl, ImVec2(p.x + pad, p.y + font * 1.35f), snip, shifted, w - pad * 2, ImGui::GetColorU32(theme::kMutedText));
            std::string meta = a.category.empty() ? ctx.tr("faq.uncategorized") : a.category;
            if (a.status != ArticleStatus::Published) meta += std::string(" · ") + ctx.tr(label_key(a.status));
            if (a.language == "en") meta += " · EN";
            if (a.starter) meta += std::string(" · ") + ctx.tr("faq.builtin");
            dl->AddText(ImVec2(p.x + pad, p.y + font * 2.35f), ImGui::GetColorU32(a.status == ArticleStatus::Draft ? theme::kBadgeText : theme::kMutedText),
                        meta.c_str());
            ImGui::PopID();
        }
    }
}

// ---- [SECTION] the article ---------------------------------------------------------------------------
void draw_answer(const std::string& answer, const std::vector<std::string>& marks, float width) {
    const float font = ImGui::GetFontSize();
    const std::vector<AnswerBlock> blocks = answer_blocks(answer);
    for (const AnswerBlock& b : blocks) {
        std::vector<RichSpan> spans;
        for (const AnswerSpan& s : b.spans) mark_spans(s.text, s.bold, marks, spans);
        if (b.kind == AnswerBlock::Paragraph) {
            rich_text(spans, width);
        } else {
            const std::string bullet = b.kind == AnswerBlock::Bullet ? "•" : std::to_string(b.number) + ".";
            const float indent = font * 1.6f;
            const float x = ImGui::GetCursorPosX();
            ImGui::TextColored(theme::kMutedText, "%s", bullet.c_str());
            ImGui::SameLine(x + indent);
            ImGui::BeginGroup();
            rich_text(spans, width - indent);
            ImGui::EndGroup();
        }
        ImGui::Dummy(ImVec2(0, font * (b.kind == AnswerBlock::Paragraph ? 0.35f : 0.1f)));
    }
}

void start_edit(const ViewContext& ctx, const Article& a, bool creating) {
    FaqUi& f = ctx.ui.faq;
    f.editing = true;
    f.creating = creating;
    f.edit = a;
    f.base_rev = creating ? 0 : a.rev;
    f.tags_text = join_list(a.tags);
    f.synonyms_text = join_list(a.synonyms);
    f.editing_field.clear();
    f.focus_field = "faq.question";
    f.confirm_discard = false;
}

void draw_article(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    const float font = ImGui::GetFontSize();
    f.shown_marks.clear();
    Article a;
    if (f.open_id.empty() || !find_article(ctx.state, f.open_id, a)) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("faq.pick_article"));
        ImGui::PopTextWrapPos();
        return;
    }
    // The words the search matched, marked in the title and the answer.
    std::vector<std::string> marks;
    std::vector<TextRange> title_ranges;
    for (const SearchHit& h : f.hits)
        if (h.id == a.id && !f.search.empty()) {
            title_ranges = h.title_ranges;
            for (const TextRange& r : h.title_ranges) marks.push_back(a.question.substr(r.begin, r.end - r.begin));
            for (const TextRange& r : h.body_ranges) marks.push_back(a.answer.substr(r.begin, r.end - r.begin));
        }
    std::sort(marks.begin(), marks.end());
    marks.erase(std::unique(marks.begin(), marks.end()), marks.end());
    f.shown_marks = marks;

    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    std::vector<RichSpan> title;
    mark_spans(a.question, false, marks, title);
    rich_text(title, width);
    ImGui::PopFont();
    ctx.probe("faq.article");
    status_badge(ctx, a);
    ImGui::SameLine();
    std::string meta = a.category.empty() ? ctx.tr("faq.uncategorized") : a.category;
    meta += a.language == "en" ? " · English" : " · 中文";
    if (a.starter) meta += std::string(" · ") + ctx.tr("faq.builtin");
    else meta += " · " + ctx.trf("faq.updated", {{"name", a.updated_by.name}, {"time", format_time(ctx, a.updated_at_ms)}});
    ImGui::TextColored(theme::kMutedText, "%s", meta.c_str());
    if (!a.tags.empty()) {
        ImGui::TextColored(theme::kMutedText, "%s", (std::string(ctx.tr("faq.tags_label")) + join_list(a.tags)).c_str());
    }
    ImGui::Dummy(ImVec2(0, font * 0.3f));
    ImGui::Separator();
    ImGui::Dummy(ImVec2(0, font * 0.3f));
    draw_answer(a.answer, marks, width);
    ctx.probe_field("faq.answer_view", a.answer);
    if (!a.synonyms.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", (std::string(ctx.tr("faq.synonyms_label")) + join_list(a.synonyms)).c_str());
        ImGui::PopTextWrapPos();
    }

    // Feedback
    ImGui::Dummy(ImVec2(0, font * 0.4f));
    const ArticleStats st = article_stats(ctx.state, a.id);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("faq.helpful_q"));
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::SmallButton(ctx.trf("faq.helpful", {{"n", std::to_string(st.helpful)}}).c_str())) ctx.report(ctx.dispatch(RateArticle{a.id, true}));
    ctx.probe("faq.helpful");
    ImGui::SameLine();
    if (ImGui::SmallButton(ctx.trf("faq.not_helpful", {{"n", std::to_string(st.not_helpful)}}).c_str()))
        ctx.report(ctx.dispatch(RateArticle{a.id, false}));
    ctx.probe("faq.not_helpful");
    ImGui::EndDisabled();
    if (!st.resolved_cases.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kOkText, "%s", ctx.trf("faq.solved_cases", {{"n", std::to_string(st.resolved_cases.size())}}).c_str());
    }

    // Actions
    ImGui::Dummy(ImVec2(0, font * 0.2f));
    ImGui::BeginDisabled(ctx.ui.read_only);
    // The knowledge base is the team's: leads edit and publish it (agents read, rate, draft from cases).
    const bool lead = current_role(ctx) >= Role::Lead;
    ImGui::BeginDisabled(!lead);
    if (ImGui::Button(ctx.tr("faq.edit"))) start_edit(ctx, a, false);
    ctx.probe("faq.edit");
    ImGui::SameLine();
    const bool published = a.status == ArticleStatus::Published;
    if (ImGui::Button(ctx.tr(published ? "faq.unpublish" : "faq.publish"))) {
        const ApplyResult r = ctx.dispatch(SetArticleStatus{a.id, a.starter ? 0 : a.rev, published ? ArticleStatus::Draft : ArticleStatus::Published});
        if (r.ok) ctx.toast(ctx.tr(published ? "faq.unpublished_toast" : "faq.published_toast"));
        else ctx.report(r);
    }
    ctx.probe("faq.publish");
    if (a.status != ArticleStatus::Archived) {
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("faq.archive")))
            ctx.report(ctx.dispatch(SetArticleStatus{a.id, a.starter ? 0 : a.rev, ArticleStatus::Archived}));
        ctx.probe("faq.archive");
    }
    ImGui::EndDisabled();
    if (!lead && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", ctx.tr("faq.lead_only"));
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("faq.history"))) {
        std::vector<uint64_t> revs;
        for (const ArticleVersion& v : article_versions(ctx.state, a.id)) revs.push_back(v.rev);
        open_history(f.history, revs);
    }
    ctx.probe("faq.history");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("faq.delete"))) f.confirm_delete = true;
    ctx.probe("faq.delete");
    ImGui::EndDisabled();
}

// ---- [SECTION] the editor ---------------------------------------------------------------------------
bool editor_dirty(const ViewContext& ctx) {
    const FaqUi& f = ctx.ui.faq;
    Article stored;
    if (f.creating || !find_article(ctx.state, f.edit.id, stored))
        return !f.edit.question.empty() || !f.edit.answer.empty() || !f.tags_text.empty() || !f.synonyms_text.empty();
    return stored.question != f.edit.question || stored.answer != f.edit.answer || stored.category != f.edit.category ||
           join_list(stored.tags) != f.tags_text || join_list(stored.synonyms) != f.synonyms_text || stored.language != f.edit.language;
}

bool save_article(const ViewContext& ctx, bool publish) {
    FaqUi& f = ctx.ui.faq;
    Article a = f.edit;
    a.tags = split_list(f.tags_text);
    a.synonyms = split_list(f.synonyms_text);
    if (f.creating) a.id = new_record_id('f', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
    if (publish) a.status = ArticleStatus::Published;
    const ApplyResult r = ctx.dispatch(SaveArticle{a, f.base_rev});
    if (!r.ok) {
        ctx.report(r);
        return false;
    }
    ctx.toast(ctx.tr(publish ? "faq.published_toast" : "faq.saved"));
    f.editing = false;
    f.open_id = a.id;
    f.cached_version = ~0ull;
    return true;
}

void draw_editor(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    const float font = ImGui::GetFontSize();
    Article& e = f.edit;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.2f);
    ImGui::TextUnformatted(ctx.tr(f.creating ? "faq.new_title" : "faq.edit_title"));
    ImGui::PopFont();
    const float label_w = ImGui::GetCursorPosX() + font * 5.5f;
    const float field_w = ImGui::GetContentRegionAvail().x - (label_w - ImGui::GetCursorPosX());
    auto field = [&](const char* label, const char* probe, std::string& value, const char* hint) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(label));
        ImGui::SameLine(label_w);
        if (f.focus_field && std::string(f.focus_field) == probe) {
            ImGui::SetKeyboardFocusHere();
            f.focus_field = nullptr;
        }
        ImGui::SetNextItemWidth(field_w);
        ImGui::InputTextWithHint((std::string("##") + probe).c_str(), hint ? ctx.tr(hint) : "", &value);
        ctx.probe_field(probe, value);
    };
    field(tr_key("faq.field.question"), "faq.question", e.question, nullptr);
    field(tr_key("faq.field.category"), "faq.category", e.category, tr_key("faq.category_hint"));
    field(tr_key("faq.field.tags"), "faq.tags", f.tags_text, tr_key("faq.list_hint"));
    field(tr_key("faq.field.synonyms"), "faq.synonyms", f.synonyms_text, tr_key("faq.synonyms_hint"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("faq.field.language"));
    ImGui::SameLine(label_w);
    int lang = e.language == "en" ? 1 : 0;
    ImGui::SetNextItemWidth(font * 8.0f);
    const char* langs[] = {"中文", "English"};
    if (ImGui::Combo("##lang", &lang, langs, 2)) e.language = lang ? "en" : "zh-CN";

    ImGui::Dummy(ImVec2(0, font * 0.2f));
    ImGui::TextUnformatted(ctx.tr("faq.field.answer"));
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("faq.answer_help"));
    const float avail_h = ImGui::GetContentRegionAvail().y;
    wrapped_editor(ctx, "faq.answer", e.answer, std::max(font * 7.0f, avail_h * 0.38f), f.editing_field, f.focus_field,
                   tr_key("faq.answer_placeholder"));
    ImGui::Dummy(ImVec2(0, font * 0.2f));
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("faq.preview"));
    ImGui::BeginChild("##preview", ImVec2(0, std::max(font * 5.0f, ImGui::GetContentRegionAvail().y - font * 2.6f)),
                      ImGuiChildFlags_Borders);
    draw_answer(e.answer, {}, ImGui::GetContentRegionAvail().x);
    ImGui::EndChild();
    ctx.probe("faq.preview");

    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr("faq.save"))) save_article(ctx, false);
    ctx.probe("faq.save");
    ImGui::SameLine();
    if (e.status != ArticleStatus::Published) {
        if (ImGui::Button(ctx.tr("faq.save_publish"))) save_article(ctx, true);
        ctx.probe("faq.save_publish");
        ImGui::SameLine();
    }
    ImGui::EndDisabled();
    if (ImGui::Button(ctx.tr("common.cancel"))) {
        if (editor_dirty(ctx)) f.confirm_discard = true;
        else f.editing = false;
    }
    ctx.probe("faq.cancel");
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("faq.editor_keys"));
}

// ---- [SECTION] history and dialogs ---------------------------------------------------------------------
void draw_history(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    if (!f.history.open) return;
    Article a;
    if (!find_article(ctx.state, f.open_id, a)) {
        f.history.open = false;
        return;
    }
    const std::vector<ArticleVersion> versions = article_versions(ctx.state, a.id);
    HistoryDialogSpec spec;
    spec.popup_id = "###faq_history";
    spec.title = ctx.trf("faq.history_title", {{"question", a.question}});
    spec.probe_prefix = "faq";
    spec.field_key_prefix = "faq.field.";
    if (a.starter) spec.builtin_note = ctx.tr("faq.builtin_history");
    for (const ArticleVersion& v : versions) spec.rows.push_back({v.rev, v.at_ms, v.by});
    spec.row_badge = [&](size_t k) { status_badge(ctx, versions[k].article); };
    spec.diff = [&](size_t from, size_t to) { return diff_articles(versions[from].article, versions[to].article); };
    spec.restore = [&](uint64_t rev) { return ctx.dispatch(RestoreArticleVersion{a.id, a.rev, rev}); };
    draw_history_dialog(ctx, f.history, spec);
}

void draw_confirmations(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    auto confirm = [&](bool& flag, const char* id, const char* text_key, const char* yes_key, const std::function<void()>& yes) {
        confirm_dialog(ctx, flag, id, ctx.tr(text_key), yes_key, "faq", yes);
    };
    confirm(f.confirm_discard, "###faq_discard", tr_key("faq.discard_q"), tr_key("faq.discard_yes"), [&] { f.editing = false; });
    confirm(f.confirm_delete, "###faq_delete", tr_key("faq.delete_confirm"), tr_key("faq.delete"), [&] {
        Article a;
        if (!find_article(ctx.state, f.open_id, a)) return;
        const ApplyResult r = ctx.dispatch(DeleteArticle{a.id, a.starter ? 0 : a.rev});
        if (r.ok) {
            ctx.toast(ctx.tr("faq.deleted"));
            f.open_id.clear();
        } else {
            ctx.report(r);
        }
    });
}

void handle_keys(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup)) return;
    if (f.editing) {
        bool esc_used = false;
        if (ImGui::GetActiveID() != 0 && ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
            ImGui::ClearActiveID();  // leave the field, keeping what was typed
            f.editing_field.clear();
            esc_used = true;
        }
        if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_S, ImGuiInputFlags_RouteGlobal)) save_article(ctx, false);
        if (ImGui::Shortcut(ImGuiKey_Escape, ImGuiInputFlags_RouteGlobal) && !esc_used) {
            if (editor_dirty(ctx)) f.confirm_discard = true;
            else f.editing = false;
        }
        return;
    }
    if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_F, ImGuiInputFlags_RouteGlobal)) f.focus_search = true;
    if (f.hits.empty()) return;
    int step = 0;
    if (ImGui::Shortcut(ImGuiKey_DownArrow, ImGuiInputFlags_RouteGlobal)) step = 1;
    if (ImGui::Shortcut(ImGuiKey_UpArrow, ImGuiInputFlags_RouteGlobal)) step = -1;
    if (step) {
        f.selected = std::clamp(f.selected + step, 0, static_cast<int>(f.hits.size()) - 1);
        f.open_id = f.hits[static_cast<size_t>(f.selected)].id;
        f.scroll_to_selected = true;
    }
}

}  // namespace

// ---- [SECTION] shared ------------------------------------------------------------------------------------

void draw_article_answer(const std::string& answer, const std::vector<std::string>& marks, float width) { draw_answer(answer, marks, width); }

void open_article(const ViewContext& ctx, const std::string& id) {
    FaqUi& f = ctx.ui.faq;
    ctx.ui.section = Section::Faq;
    f.open_id = id;
    f.editing = false;
}

void draw_faq(const ViewContext& ctx) {
    FaqUi& f = ctx.ui.faq;
    const float font = ImGui::GetFontSize();
    handle_keys(ctx);
    refresh_results(ctx);

    // ---- header: title, search, filters, new
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr("nav.faq"));
    ImGui::PopFont();
    ctx.probe("section.title");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("nav.hint.faq"));

    const float avail = ImGui::GetContentRegionAvail().x;
    const float filters_w = font * 15.5f;
    if (f.focus_search) {
        ImGui::SetKeyboardFocusHere();
        f.focus_search = false;
    }
    ImGui::SetNextItemWidth(std::max(font * 12.0f, avail - filters_w - font * 7.0f));
    ImGui::InputTextWithHint("##faq_search", ctx.tr("faq.search_hint"), &f.search);
    ctx.probe_field("faq.search", f.search);
    ImGui::SameLine();
    const char* statuses[] = {ctx.tr("faq.any_status"), ctx.tr("faq.status.draft"), ctx.tr("faq.status.published"), ctx.tr("faq.status.archived")};
    ImGui::SetNextItemWidth(font * 7.0f);
    ImGui::Combo("##faq_status", &f.status_filter, statuses, 4);
    ctx.probe("faq.status_filter");
    ImGui::SameLine();
    const char* langs[] = {ctx.tr("faq.any_language"), "中文", "English"};
    ImGui::SetNextItemWidth(font * 7.0f);
    ImGui::Combo("##faq_lang", &f.language_filter, langs, 3);
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx.ui.read_only || current_role(ctx) < Role::Lead);
    if (ImGui::Button(ctx.tr("faq.new"))) {
        Article fresh;
        fresh.category = f.category;
        start_edit(ctx, fresh, true);
    }
    ctx.probe("faq.new");
    ImGui::EndDisabled();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("faq.count", {{"n", std::to_string(f.hits.size())}}).c_str());
    ctx.probe("faq.count");

    // ---- three panes: categories, results, the article (or the editor)
    const float h = ImGui::GetContentRegionAvail().y;
    const float w = ImGui::GetContentRegionAvail().x;
    const bool wide = w > font * 50.0f;
    const float cat_w = wide ? std::min(font * 11.0f, w * 0.2f) : 0.0f;
    const float list_w = std::min(font * 24.0f, (w - cat_w) * 0.42f);
    ImGui::PushStyleColor(ImGuiCol_Border, kBorder);
    if (wide) {
        ImGui::BeginChild("##faq_cats", ImVec2(cat_w, h), ImGuiChildFlags_None);
        draw_categories(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginChild("##faq_list", ImVec2(list_w, h), ImGuiChildFlags_Borders);
    draw_results(ctx);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.0f, font * 0.8f));
    ImGui::BeginChild("##faq_article", ImVec2(0, h), ImGuiChildFlags_Borders | ImGuiChildFlags_AlwaysUseWindowPadding);
    if (f.editing) draw_editor(ctx);
    else draw_article(ctx);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();

    draw_history(ctx);
    draw_confirmations(ctx);
}

// ---- [SECTION] suggestions in the case form ------------------------------------------------------------
void draw_case_suggestions(const ViewContext& ctx, const std::string& description, const std::string& case_id) {
    CasesUi& c = ctx.ui.cases;
    const double now = ctx.platform.now_ms();
    // Debounced: the search runs once the agent pauses typing for 300 ms.
    if (description != c.suggest_text) {
        c.suggest_text = description;
        c.suggest_due_ms = now + 300;
    }
    if (c.suggest_due_ms > 0) {
        if (now >= c.suggest_due_ms || c.suggest_version != ctx.state.version) {
            c.suggestions = suggest_articles(ctx.state, description, 5);
            c.suggest_due_ms = 0;
            c.suggest_version = ctx.state.version;
        } else {
            ctx.wake_in(c.suggest_due_ms - now);
        }
    } else if (c.suggest_version != ctx.state.version) {
        c.suggestions = suggest_articles(ctx.state, description, 5);
        c.suggest_version = ctx.state.version;
    }
    section_heading(ctx, tr_key("case.panel.suggest"));
    ctx.probe("case.suggest");
    if (c.suggestions.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(description.empty() ? "case.suggest.none" : "case.suggest.nothing"));
        ImGui::PopTextWrapPos();
        return;
    }
    const float w = ImGui::GetContentRegionAvail().x;
    const float font = ImGui::GetFontSize();
    for (size_t i = 0; i < c.suggestions.size(); ++i) {
        const SearchHit& h = c.suggestions[i];
        Article a;
        if (!find_article(ctx.state, h.id, a)) continue;
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        marked_line(ImGui::GetWindowDrawList(), p, a.question, h.title_ranges, w, ImGui::GetColorU32(ImGuiCol_Text));
        ImGui::Dummy(ImVec2(w, font * 1.1f));
        char probe[48];
        std::snprintf(probe, sizeof probe, "case.suggest%d", static_cast<int>(i));
        ctx.probe(probe);
        // The buttons wrap to the next line when the panel is narrow.
        auto next_button = [](const char* label) {
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2) ImGui::NewLine();
        };
        if (ImGui::SmallButton(ctx.tr("case.suggest.open"))) open_article(ctx, a.id);
        ImGui::BeginDisabled(ctx.ui.read_only);
        next_button(ctx.tr("case.suggest.insert"));
        if (ImGui::SmallButton(ctx.tr("case.suggest.insert"))) {
            std::string& text = c.edit.acceptance.text;
            if (!text.empty() && text.back() != '\n') text += "\n";
            text += a.answer;
        }
        std::snprintf(probe, sizeof probe, "case.suggest_insert%d", static_cast<int>(i));
        ctx.probe(probe);
        if (!case_id.empty()) {
            const ArticleStats st = article_stats(ctx.state, a.id);
            const bool used = std::find(st.resolved_cases.begin(), st.resolved_cases.end(), case_id) != st.resolved_cases.end();
            next_button(ctx.tr(used ? "case.suggest.used_done" : "case.suggest.used"));
            if (used) {
                ImGui::TextColored(theme::kOkText, "%s", ctx.tr("case.suggest.used_done"));
            } else if (ImGui::SmallButton(ctx.tr("case.suggest.used"))) {
                const ApplyResult r = ctx.dispatch(UseArticleForCase{a.id, case_id});
                if (r.ok) ctx.toast(ctx.tr("case.suggest.used_done"));
                else ctx.report(r);
            }
            std::snprintf(probe, sizeof probe, "case.suggest_used%d", static_cast<int>(i));
            ctx.probe(probe);
        }
        ImGui::EndDisabled();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, font * 0.2f));
    }
}

// window.kefu.state().faq (the automation bridge, app.cpp).
nlohmann::json faq_snapshot(const SnapshotContext& snap) {
    const FaqUi& f = snap.ui.faq;
    nlohmann::json hits = nlohmann::json::array();
    for (size_t i = 0; i < f.hits.size() && i < 10; ++i) hits.push_back(f.hits[i].id);
    nlohmann::json suggestions = nlohmann::json::array();
    for (const SearchHit& h : snap.ui.cases.suggestions) suggestions.push_back(h.id);
    return nlohmann::json{{"total", snap.state.faq.size()},    {"listed", f.hits.size()},   {"hits", hits},
                          {"open", f.open_id},             {"editing", f.editing},      {"history_open", f.history.open},
                          {"marks", f.shown_marks},        {"suggestions", suggestions}};
}

}  // namespace kefu
