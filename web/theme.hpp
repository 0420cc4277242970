// Colours and style: one place, so every view agrees.
#pragma once
#include "imgui.h"

namespace kefu::theme {

inline const ImVec4 kSidebarBg = ImVec4(0.118f, 0.161f, 0.231f, 1.0f);     // #1e293b
inline const ImVec4 kSidebarTitle = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
inline const ImVec4 kSidebarMuted = ImVec4(0.58f, 0.64f, 0.72f, 1.0f);
inline const ImU32 kSidebarText = IM_COL32(203, 213, 225, 255);
inline const ImU32 kSidebarTextSelected = IM_COL32(255, 255, 255, 255);
inline const ImU32 kSidebarHover = IM_COL32(51, 65, 85, 255);
inline const ImU32 kSidebarSelected = IM_COL32(30, 58, 138, 255);
inline const ImU32 kAccentU32 = IM_COL32(59, 130, 246, 255);
inline const ImVec4 kAccent = ImVec4(0.145f, 0.388f, 0.922f, 1.0f);          // #2563eb
inline const ImVec4 kStatusBg = ImVec4(0.945f, 0.957f, 0.969f, 1.0f);
inline const ImVec4 kStatusText = ImVec4(0.2f, 0.25f, 0.33f, 1.0f);
inline const ImVec4 kMutedText = ImVec4(0.42f, 0.47f, 0.55f, 1.0f);
inline const ImVec4 kOkText = ImVec4(0.082f, 0.502f, 0.239f, 1.0f);  // #15803d
inline const ImVec4 kWarnText = ImVec4(0.80f, 0.45f, 0.0f, 1.0f);
inline const ImVec4 kToastBg = ImVec4(0.09f, 0.40f, 0.20f, 0.97f);
inline const ImVec4 kToastText = ImVec4(1, 1, 1, 1);
inline const ImVec4 kErrorBg = ImVec4(0.996f, 0.949f, 0.949f, 1.0f);
inline const ImVec4 kErrorText = ImVec4(0.6f, 0.106f, 0.106f, 1.0f);
inline const ImVec4 kBadgeBg = ImVec4(1.0f, 0.953f, 0.78f, 1.0f);
inline const ImVec4 kBadgeText = ImVec4(0.57f, 0.25f, 0.05f, 1.0f);
inline const ImVec4 kCardBg = ImVec4(1, 1, 1, 1);
inline const ImVec4 kInfoBg = ImVec4(0.937f, 0.965f, 1.0f, 1.0f);      // #eff6ff: a quiet note, not an alarm
inline const ImVec4 kInfoText = ImVec4(0.118f, 0.251f, 0.686f, 1.0f);  // #1e40af

// Light theme for the working area, sizes scaled by the UI scale setting.
void apply_style(float ui_scale);

}  // namespace kefu::theme
