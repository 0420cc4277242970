#include "web/theme.hpp"

namespace kefu::theme {

void apply_style(float ui_scale) {
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0.0f;
    style.FrameRounding = 4.0f;
    style.PopupRounding = 6.0f;
    style.GrabRounding = 4.0f;
    style.ChildRounding = 6.0f;
    style.WindowBorderSize = 0.0f;
    style.FrameBorderSize = 1.0f;
    style.PopupBorderSize = 1.0f;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 8);
    style.WindowPadding = ImVec2(12, 12);
    style.ScrollbarSize = 12.0f;

    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.973f, 0.980f, 0.988f, 1.0f);  // #f8fafc
    c[ImGuiCol_ChildBg] = kCardBg;
    c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Text] = ImVec4(0.059f, 0.090f, 0.165f, 1.0f);      // #0f172a
    c[ImGuiCol_TextDisabled] = kMutedText;
    c[ImGuiCol_Border] = ImVec4(0.886f, 0.910f, 0.941f, 1.0f);    // #e2e8f0
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.937f, 0.965f, 1.0f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.937f, 0.965f, 1.0f, 1.0f);
    // Light blue buttons with dark text: readable at every UI scale (dark text on the
    // saturated accent was too low in contrast).
    c[ImGuiCol_Button] = ImVec4(0.859f, 0.918f, 0.996f, 1.0f);         // #dbeafe
    c[ImGuiCol_ButtonHovered] = ImVec4(0.749f, 0.859f, 0.996f, 1.0f);  // #bfdbfe
    c[ImGuiCol_ButtonActive] = ImVec4(0.576f, 0.773f, 0.992f, 1.0f);   // #93c5fd
    c[ImGuiCol_Header] = ImVec4(0.859f, 0.918f, 0.996f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.749f, 0.859f, 0.996f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.749f, 0.859f, 0.996f, 1.0f);
    c[ImGuiCol_SliderGrab] = kAccent;
    c[ImGuiCol_SliderGrabActive] = kAccent;
    c[ImGuiCol_CheckMark] = kAccent;
    c[ImGuiCol_Separator] = c[ImGuiCol_Border];
    c[ImGuiCol_NavCursor] = kAccent;
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.06f, 0.09f, 0.16f, 0.35f);

    style.ScaleAllSizes(ui_scale);
    style.FontSizeBase = 16.0f;
    style.FontScaleMain = ui_scale;
    ImGui::GetStyle() = style;
}

}  // namespace kefu::theme
