// Text with bold and marked parts (search matches, filled-in placeholders), wrapped by the
// rules of core/line_break and drawn on the window's draw list.
#include <algorithm>

#include "core/line_break.hpp"
#include "imgui.h"
#include "web/ui.hpp"

namespace kefu {

namespace {

const ImVec4 kMarkBg(1.0f, 0.898f, 0.553f, 1.0f);        // a soft yellow behind matched words
const ImVec4 kMissingBg(0.996f, 0.800f, 0.800f, 1.0f);   // a placeholder with no value

}  // namespace

float rich_text(const std::vector<RichSpan>& spans, float wrap_width, bool draw, float line_height) {
    const float size = ImGui::GetFontSize();
    const float line_h = line_height > 0 ? line_height : ImGui::GetTextLineHeightWithSpacing();
    wrap_width = std::max(wrap_width, size * 2.0f);
    // One text; each span's start; marked spans are glue (kept on one line when they fit).
    std::string text;
    std::vector<size_t> starts;
    std::vector<std::pair<size_t, size_t>> glue;
    for (const RichSpan& sp : spans) {
        starts.push_back(text.size());
        if (sp.mark && !sp.text.empty()) glue.emplace_back(text.size(), text.size() + sp.text.size());
        text += sp.text;
    }
    starts.push_back(text.size());
    ImFontBaked* baked = ImGui::GetFontBaked();
    const std::vector<TextLine> lines = wrap_lines(text, wrap_width, [&](uint32_t cp) {
        return baked->GetCharAdvance(static_cast<ImWchar>(cp));  // 32-bit ImWchar: every code point
    }, glue);
    const float height = static_cast<float>(lines.size() - 1) * line_h + size;
    if (draw) {
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text);
        const ImU32 mark = ImGui::GetColorU32(kMarkBg), missing = ImGui::GetColorU32(kMissingBg);
        float y = 0;
        for (const TextLine& l : lines) {
            if (ImGui::IsRectVisible(ImVec2(origin.x, origin.y + y), ImVec2(origin.x + wrap_width, origin.y + y + line_h))) {
                float x = 0;
                for (size_t k = 0; k < spans.size(); ++k) {
                    const size_t b = std::max(l.begin, starts[k]), e = std::min(l.end, starts[k + 1]);
                    if (b >= e) continue;
                    const char* s = text.data() + b;
                    const char* end = text.data() + e;
                    const float w = ImGui::CalcTextSize(s, end).x;
                    const ImVec2 p(origin.x + x, origin.y + y);
                    if (spans[k].mark) dl->AddRectFilled(ImVec2(p.x - 1, p.y), ImVec2(p.x + w + 1, p.y + size), spans[k].missing ? missing : mark, 2.0f);
                    dl->AddText(p, color, s, end);
                    if (spans[k].bold) dl->AddText(ImVec2(p.x + std::max(1.0f, size / 16.0f), p.y), color, s, end);
                    x += w;
                }
            }
            y += line_h;
        }
        ImGui::Dummy(ImVec2(wrap_width, height));
    }
    return height;
}

}  // namespace kefu
