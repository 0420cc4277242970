// Widgets shared by the views: the wrapped multi-line editor (with template gaps drawn red
// and kept whole) and the phone number field that masks the number until clicked.
#include <algorithm>
#include <cstdio>

#include "core/app_state.hpp"
#include "core/phone.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

// Dear ImGui 1.92.2's multi-line input does not wrap lines, so a long Chinese paragraph
// would run off to the right: the text is shown wrapped, and becomes an editor (with the
// keyboard focus) when clicked or tabbed into; leaving it shows it wrapped again.
void wrapped_editor(const ViewContext& ctx, const char* probe_id, std::string& value, float height, std::string& editing_field,
                    const char*& focus_field, const char* placeholder_key) {
    const std::string id = std::string("##") + probe_id;
    const bool editing = editing_field == probe_id || (focus_field && std::string(focus_field) == probe_id);
    if (editing) {
        if (focus_field && std::string(focus_field) == probe_id) {
            ImGui::SetKeyboardFocusHere();
            focus_field = nullptr;
        }
        struct Memo {
            UiState* ui;
            const char* probe;
        } memo{&ctx.ui, probe_id};
        // Remembers where the cursor is, so that a template can be inserted right there.
        auto remember = [](ImGuiInputTextCallbackData* d) {
            auto* m = static_cast<Memo*>(d->UserData);
            if (m->ui->restore_cursor >= 0 && m->ui->text_cursor_field == m->probe) {  // back where the agent was
                d->CursorPos = d->SelectionStart = d->SelectionEnd = std::min(m->ui->restore_cursor, d->BufTextLen);
                m->ui->restore_cursor = -1;
            }
            m->ui->text_cursor_field = m->probe;
            m->ui->text_cursor = d->CursorPos;
            return 0;
        };
        ImGui::InputTextMultiline(id.c_str(), &value, ImVec2(-1, height), ImGuiInputTextFlags_CallbackAlways, remember, &memo);
        ctx.probe_field(probe_id, value);
        editing_field = probe_id;
        if (ImGui::IsItemDeactivated()) editing_field.clear();
        return;
    }
    const float font = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    // Gaps left by a template (【公司名称】) are drawn red and never broken across two lines.
    std::vector<RichSpan> spans;
    if (value.find(ctx.tr("tpl.gap_open")) != std::string::npos) spans = gap_spans(ctx, value);
    const bool gaps = std::any_of(spans.begin(), spans.end(), [](const RichSpan& s) { return s.missing; });
    const float text_h = value.empty() ? font
                         : gaps        ? rich_text(spans, w - pad.x * 2, false, font)
                                       : ImGui::CalcTextSize(value.c_str(), nullptr, false, w - pad.x * 2).y;
    const float h = std::max(height, text_h + pad.y * 2);
    ImGui::PushID(probe_id);
    if (ImGui::InvisibleButton("##box", ImVec2(w, h), ImGuiButtonFlags_EnableNav)) focus_field = probe_id;
    const bool hovered = ImGui::IsItemHovered();
    // Tab into the box: the button gets the keyboard focus; turn it into the editor.
    if (ImGui::IsItemFocused() && ImGui::GetIO().NavVisible) focus_field = probe_id;
    ImGui::PopID();
    ctx.probe_field(probe_id, value);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg),
                      ImGui::GetStyle().FrameRounding);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(ImGuiCol_Border), ImGui::GetStyle().FrameRounding);
    const ImVec2 tp(p.x + pad.x, p.y + pad.y);
    if (value.empty()) {
        dl->AddText(tp, ImGui::GetColorU32(ImGuiCol_TextDisabled), ctx.tr(placeholder_key));
    } else if (gaps) {
        const ImVec2 after = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos(tp);
        rich_text(spans, w - pad.x * 2, true, font);
        ImGui::SetCursorScreenPos(after);
    } else {
        dl->AddText(nullptr, 0.0f, tp, ImGui::GetColorU32(ImGuiCol_Text), value.c_str(), nullptr, w - pad.x * 2);
    }
}

std::string shown_phone(const ViewContext& ctx, const std::string& phone) {
    return ctx.state.settings.mask_phones ? mask_phone(phone) : phone;
}

void phone_input(const ViewContext& ctx, const char* probe_id, std::string& value, float width, const char* hint) {
    UiState& u = ctx.ui;
    const std::string id = std::string("##") + probe_id;
    ImGui::SetNextItemWidth(width);
    const bool revealed = u.phone_revealed == probe_id;
    if (!ctx.state.settings.mask_phones || value.empty() || revealed) {
        if (revealed && u.phone_focus) {
            ImGui::SetKeyboardFocusHere();
            u.phone_focus = false;
        }
        ImGui::InputTextWithHint(id.c_str(), hint, &value);
        if (revealed && ImGui::IsItemDeactivated()) u.phone_revealed.clear();
        ctx.probe_field(probe_id, value);
        return;
    }
    // Masked: a read-only field; clicking into it opens the real number.
    std::string shown = mask_phone(value);
    ImGui::InputText((id + "_masked").c_str(), &shown, ImGuiInputTextFlags_ReadOnly);
    if (ImGui::IsItemActivated()) {
        u.phone_revealed = probe_id;
        u.phone_focus = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx.tr("settings.mask_phones.reveal"));
    ctx.probe_field(probe_id, shown);
}

void period_combo(const ViewContext& ctx, const char* probe_id, Period& value, const Period* offered, size_t count) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    const std::string id = std::string("##") + probe_id;
    if (ImGui::BeginCombo(id.c_str(), ctx.tr(label_key(value)))) {
        for (size_t i = 0; i < count; ++i)
            if (ImGui::Selectable(ctx.tr(label_key(offered[i])), value == offered[i])) value = offered[i];
        ImGui::EndCombo();
    }
    ctx.probe(probe_id);
}

}  // namespace kefu
