// The version history dialog of FAQ articles and templates (dialogs_view.cpp).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "web/view.hpp"

namespace kefu {

// Open, and the revisions compared.
struct HistoryDialogState {
    bool open = false;
    uint64_t from = 0, to = 0;
};

struct VersionRow {
    uint64_t rev = 0;  // 0: the built-in text
    int64_t at_ms = 0;
    Actor by;
};
struct HistoryDialogSpec {
    const char* popup_id = "###history";
    std::string title;
    const char* probe_prefix = "faq";       // probes "<prefix>.history_dialog", ".diff", ".restore", ".history_close"
    const char* field_key_prefix = "faq.field.";
    const char* builtin_note = nullptr;     // shown instead when there is only the built-in text
    std::vector<VersionRow> rows;           // oldest first
    std::function<void(size_t row)> row_badge;                               // optional
    std::function<std::vector<FieldDiff>(size_t from_row, size_t to_row)> diff;
    std::function<ApplyResult(uint64_t rev)> restore;                        // saves that version as the newest
};
// Opens the dialog comparing the last two revisions.
void open_history(HistoryDialogState& st, const std::vector<uint64_t>& revs);
void draw_history_dialog(const ViewContext& ctx, HistoryDialogState& st, const HistoryDialogSpec& spec);

}  // namespace kefu
