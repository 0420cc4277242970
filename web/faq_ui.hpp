// The knowledge base (faq_view.cpp): its transient state and entry points.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "web/history_dialog.hpp"
#include "web/view.hpp"

namespace kefu {

// Search and filters, the cached result, the open article, the editor.
struct FaqUi {
    std::string search;
    std::string category;   // selected category path ("": all); filters this and below
    int status_filter = 0;  // 0 any, else ArticleStatus + 1
    int language_filter = 0;  // 0 any, 1 zh-CN, 2 en
    bool focus_search = false;
    // Result cache: recomputed when the state, the query or a filter changes.
    uint64_t cached_version = ~0ull;
    std::string cached_key;
    std::vector<SearchHit> hits;  // with a query: ranked; without: every article, by category
    int selected = 0;
    bool scroll_to_selected = false;
    std::string open_id;  // the article shown on the right
    // Editor
    bool editing = false;
    bool creating = false;
    Article edit;
    uint64_t base_rev = 0;
    std::string tags_text, synonyms_text;  // edited as one line each, split on commas
    std::string editing_field;
    const char* focus_field = nullptr;
    bool confirm_discard = false;
    bool confirm_delete = false;
    HistoryDialogState history;
    std::vector<std::string> shown_marks;  // highlighted parts of the open article (for tests)
};

// Knowledge base (faq_view.cpp).
void draw_faq(const ViewContext& ctx);
void open_article(const ViewContext& ctx, const std::string& id);
// An FAQ answer (paragraphs, lists, bold, marked words) wrapped to `width` (faq_view.cpp).
void draw_article_answer(const std::string& answer, const std::vector<std::string>& marks, float width);

// window.kefu.state().faq (the automation bridge).
nlohmann::json faq_snapshot(const SnapshotContext& snap);

}  // namespace kefu
