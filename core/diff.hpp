// Differences between two saved versions of a record, for the history views (FAQ articles,
// reply templates): field by field, and line by line for long texts.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kefu {

// One field that differs between two versions, as the user reads it.
struct FieldDiff {
    std::string field;  // "question", "answer", "body", … (the view's label key ends with it)
    std::string before, after;
    bool long_text = false;  // shown line by line (diff_lines) rather than before/after
};

// Line by line (longest common subsequence after the common head and tail are set aside):
// what an edit of a long text changed. A middle part too large to compare (over
// kMaxDiffCells line pairs) is shown as removed and added in whole, never a hang.
struct DiffLine {
    enum Kind : uint8_t { Same, Removed, Added } kind = Same;
    std::string text;
};
constexpr size_t kMaxDiffCells = 4'000'000;
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

}  // namespace kefu
