// Line breaking for text drawn in the app (answers, template previews, scripts, diffs):
// Chinese may break between any two characters, Latin text only at spaces (or after a
// hyphen or slash), and the kinsoku rules of Chinese typesetting hold: no line starts with
// closing punctuation (，。、；：？！）」…) and none ends with opening punctuation (（「“…).
// Dear ImGui's own wrapping breaks "{case.number}" at the dot and starts lines with "，".
#pragma once
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace kefu {

bool line_start_forbidden(uint32_t cp);  // closing punctuation
bool line_end_forbidden(uint32_t cp);    // opening punctuation
// Whether a line may break between these two neighbouring characters.
bool break_allowed(uint32_t before, uint32_t after);

struct TextLine {
    size_t begin = 0, end = 0;  // bytes of the text; spaces at the break are left out
};
// Greedy layout: each line as long as fits in `width` (measured by `advance` per code
// point), broken at the last allowed place; "\n" always breaks. `glue` ranges (byte
// offsets, e.g. a filled-in placeholder) are never broken inside, unless a single one is
// wider than the line (ranges in order, not overlapping); a word wider than the line is
// broken where it must.
std::vector<TextLine> wrap_lines(std::string_view text, float width, const std::function<float(uint32_t)>& advance,
                                 const std::vector<std::pair<size_t, size_t>>& glue = {});

}  // namespace kefu
