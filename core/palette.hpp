// Command palette matching (Ctrl+K): which entries fit what the user typed, best first.
// Works for Chinese (substring on UTF-8 code points; no spaces needed) and Latin text
// (case-insensitive; prefix, word start, substring, then in-order subsequence).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kefu {

struct PaletteEntry {
    std::string id;                     // stable action id, e.g. "nav.cases"
    std::vector<std::string> texts;     // labels in every language plus keywords
};

struct PaletteMatch {
    size_t index;  // into the entries vector
    int score;     // higher is better
};

// Score of one text against a query; 0 means no match. Empty query matches everything with 1.
int palette_score(std::string_view text, std::string_view query);

// Matches sorted by score (desc), then by original order. Empty query: all entries in order.
std::vector<PaletteMatch> match_palette(const std::vector<PaletteEntry>& entries, std::string_view query);

}  // namespace kefu
