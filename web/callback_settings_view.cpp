// Settings → 回访规则: when closed cases are due a callback.
#include <algorithm>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID
#include "imgui_stdlib.h"
#include "web/surveys_common.hpp"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

using namespace surveys_ui;

// ---- [SECTION] settings: callback rules -----------------------------------------------------------
void draw_callback_settings(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    auto load = [&](const CallbackRules& r) {
        s.rules_edit = r;
        s.key_customers_text.clear();
        for (const std::string& p : r.key_customers) s.key_customers_text += (s.key_customers_text.empty() ? "" : "\n") + p;
        s.rules_dirty = false;
    };
    if (!s.rules_dirty) load(ctx.state.callback_rules);
    section_heading(ctx, tr_key("callback.settings.title"));
    help_text(ctx.tr("callback.settings.help"));
    ImGui::BeginDisabled(ctx.ui.read_only);
    CallbackRules& r = s.rules_edit;
    bool changed = ImGui::Checkbox(ctx.tr("callback.settings.closed_cases"), &r.closed_cases);
    ctx.probe("callback_rules.closed_cases");
    auto number = [&](const char* key, const char* probe, int& value, int lo, int hi) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ctx.tr(key));
        ImGui::SameLine(font * 16.0f);
        ImGui::SetNextItemWidth(font * 6.0f);
        if (ImGui::InputInt((std::string("##") + probe).c_str(), &value)) {
            value = std::clamp(value, lo, hi);
            changed = true;
        }
        ctx.probe(probe);
    };
    number(tr_key("callback.settings.days_after_close"), "callback_rules.days", r.days_after_close, 0, 60);
    number(tr_key("callback.settings.complaint_days"), "callback_rules.complaint_days", r.complaint_days, 0, 60);
    number(tr_key("callback.settings.max_attempts"), "callback_rules.attempts", r.max_attempts, 1, 10);
    number(tr_key("callback.settings.list_days"), "callback_rules.list_days", r.list_days, 1, 366);
    ImGui::TextUnformatted(ctx.tr("callback.settings.key_customers"));
    if (ImGui::InputTextMultiline("##key_customers", &s.key_customers_text, ImVec2(font * 16.0f, font * 4.5f))) changed = true;
    ctx.probe_field("callback_rules.key_customers", s.key_customers_text);
    if (changed) s.rules_dirty = true;
    if (ImGui::Button(ctx.tr("callback.settings.save"))) {
        CallbackRules out = r;
        out.key_customers.clear();
        std::string digits;
        for (size_t i = 0; i <= s.key_customers_text.size(); ++i) {
            const char c = i < s.key_customers_text.size() ? s.key_customers_text[i] : '\n';
            if (c == '\n' || c == ',' || c == ';') {
                if (!digits.empty()) out.key_customers.push_back(digits);
                digits.clear();
            } else if (c != ' ' && c != '-' && c != '\r') {
                digits += c;  // anything but a digit is named by the check below
            }
        }
        const ApplyResult res = ctx.dispatch(SetCallbackRules{out});
        if (res.ok) {
            s.rules_dirty = false;
            ctx.toast(ctx.tr("callback.settings.saved"));
        } else {
            ctx.report(res);
        }
    }
    ctx.probe("callback_rules.save");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("callback.settings.defaults"))) {
        load(CallbackRules{});
        s.rules_dirty = true;
    }
    ctx.probe("callback_rules.defaults");
    if (s.rules_dirty) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(theme::kWarnText, "%s", ctx.tr("case.unsaved"));
    }
    ImGui::EndDisabled();
}

}  // namespace kefu
