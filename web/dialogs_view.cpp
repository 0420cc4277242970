// Dialogs shared by the views: a yes/no confirmation, and the version history dialog of the
// knowledge base and the reply templates. History: the
// versions on the left (each a "from" and a "to" choice), what changed between the two on
// the right (long texts line by line), and restoring the "to" version as a new one. The
// versions and the differences come from core (data_versions, diff_articles, diff_templates).
#include <algorithm>
#include <functional>

#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

const ImVec4 kDiffOld(0.996f, 0.925f, 0.925f, 1.0f);
const ImVec4 kDiffNew(0.902f, 0.976f, 0.922f, 1.0f);

std::string probe_id(const HistoryDialogSpec& spec, const char* what) { return std::string(spec.probe_prefix) + "." + what; }

std::string version_name(const ViewContext& ctx, uint64_t rev) {
    return rev == 0 ? std::string(ctx.tr("faq.version_builtin")) : ctx.trf("faq.version", {{"rev", std::to_string(rev)}});
}

void draw_diff(const ViewContext& ctx, const HistoryDialogSpec& spec, const std::vector<FieldDiff>& diffs) {
    const float font = ImGui::GetFontSize();
    if (diffs.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("faq.no_diff"));
    const float w = ImGui::GetContentRegionAvail().x;
    for (const FieldDiff& d : diffs) {
        ImGui::Dummy(ImVec2(0, font * 0.3f));
        ImGui::TextColored(theme::kAccent, "%s", ctx.tr(std::string(spec.field_key_prefix) + d.field));
        // Long texts line by line; short fields as before and after.
        const std::vector<DiffLine> lines =
            d.long_text ? diff_lines(d.before, d.after) : std::vector<DiffLine>{{DiffLine::Removed, d.before}, {DiffLine::Added, d.after}};
        for (const DiffLine& l : lines) {
            const char* sign = l.kind == DiffLine::Removed ? "− " : l.kind == DiffLine::Added ? "+ " : "  ";
            const std::string shown = sign + (l.text.empty() && l.kind != DiffLine::Same ? std::string("—") : l.text);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const std::vector<RichSpan> spans{{shown}};
            const float text_w = w - font * 0.6f;
            const float h = rich_text(spans, text_w, false) + font * 0.2f;
            // Off-screen lines are only stepped over: a long text stays cheap to scroll.
            if (ImGui::IsRectVisible(p, ImVec2(p.x + w, p.y + h))) {
                if (l.kind != DiffLine::Same)
                    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h),
                                                              ImGui::GetColorU32(l.kind == DiffLine::Removed ? kDiffOld : kDiffNew));
                ImGui::SetCursorScreenPos(ImVec2(p.x + font * 0.3f, p.y + font * 0.1f));
                if (l.kind == DiffLine::Same) ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
                rich_text(spans, text_w);
                if (l.kind == DiffLine::Same) ImGui::PopStyleColor();
            }
            ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
            ImGui::Dummy(ImVec2(0, 0));
        }
    }
}

}  // namespace

void open_history(HistoryDialogState& st, const std::vector<uint64_t>& revs) {
    st.open = true;
    st.to = revs.empty() ? 0 : revs.back();
    st.from = revs.size() > 1 ? revs[revs.size() - 2] : st.to;
}

void draw_history_dialog(const ViewContext& ctx, HistoryDialogState& st, const HistoryDialogSpec& spec) {
    if (!st.open) return;
    const float font = ImGui::GetFontSize();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    if (!ImGui::IsPopupOpen(spec.popup_id)) ImGui::OpenPopup(spec.popup_id);
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x - font * 2, font * 52.0f), std::min(vp->Size.y - font * 2, font * 34.0f)));
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    const std::string title = spec.title + spec.popup_id;
    bool open = true;
    if (!ImGui::BeginPopupModal(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings)) return;
    ctx.probe(probe_id(spec, "history_dialog").c_str());
    const std::vector<VersionRow>& rows = spec.rows;
    if (rows.size() < 2 && spec.builtin_note) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kMutedText, "%s", spec.builtin_note);
        ImGui::PopTextWrapPos();
    } else {
        ImGui::BeginChild("##versions", ImVec2(font * 17.0f, -font * 2.4f), ImGuiChildFlags_Borders);
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("faq.compare_help"));
        for (size_t k = rows.size(); k-- > 0;) {
            const VersionRow& row = rows[k];
            ImGui::PushID(static_cast<int>(row.rev));
            const std::string rev = std::to_string(row.rev);
            if (ImGui::RadioButton("##from", st.from == row.rev)) st.from = row.rev;
            ctx.probe(probe_id(spec, ("from" + rev).c_str()).c_str());
            ImGui::SameLine();
            if (ImGui::RadioButton("##to", st.to == row.rev)) st.to = row.rev;
            ctx.probe(probe_id(spec, ("to" + rev).c_str()).c_str());
            ImGui::SameLine();
            ImGui::TextUnformatted(version_name(ctx, row.rev).c_str());
            if (spec.row_badge) {
                ImGui::SameLine();
                spec.row_badge(k);
            }
            if (row.rev != 0)
                ImGui::TextColored(theme::kMutedText, "%s",
                                   ctx.trf("faq.version_by", {{"name", row.by.name}, {"time", format_time(ctx, row.at_ms)}}).c_str());
            ImGui::PopID();
        }
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##diff", ImVec2(0, -font * 2.4f), ImGuiChildFlags_Borders);
        size_t from = rows.size(), to = rows.size();
        for (size_t k = 0; k < rows.size(); ++k) {
            if (rows[k].rev == st.from) from = k;
            if (rows[k].rev == st.to) to = k;
        }
        if (from < rows.size() && to < rows.size()) {
            ImGui::TextUnformatted(ctx.trf("faq.diff_title", {{"from", version_name(ctx, st.from)}, {"to", version_name(ctx, st.to)}}).c_str());
            draw_diff(ctx, spec, spec.diff(from, to));
            ctx.probe(probe_id(spec, "diff").c_str());
        }
        ImGui::EndChild();
        const bool latest = !rows.empty() && st.to == rows.back().rev;
        ImGui::BeginDisabled(ctx.ui.read_only || latest || to == rows.size());
        const std::string name = version_name(ctx, st.to);
        if (ImGui::Button(ctx.trf("faq.restore", {{"version", name}}).c_str()) && to < rows.size()) {
            const ApplyResult r = spec.restore(st.to);
            if (r.ok) {
                ctx.toast(ctx.trf("faq.restored", {{"version", name}}));
                open = false;
            } else {
                ctx.report(r);
            }
        }
        ctx.probe(probe_id(spec, "restore").c_str());
        ImGui::EndDisabled();
        ImGui::SameLine();
    }
    if (ImGui::Button(ctx.tr("common.close"))) open = false;
    ctx.probe(probe_id(spec, "history_close").c_str());
    if (!open) {
        st.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

bool tab_button(const ViewContext& ctx, const char* key, bool on, const char* probe_id) {
    ImGui::PushStyleColor(ImGuiCol_Button, on ? theme::kAccent : ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, on ? theme::kAccent : ImGui::GetStyleColorVec4(ImGuiCol_ButtonHovered));
    ImGui::PushStyleColor(ImGuiCol_Text, on ? ImVec4(1, 1, 1, 1) : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    const bool pressed = ImGui::Button(ctx.tr(key));
    ImGui::PopStyleColor(3);
    ctx.probe(probe_id);
    return pressed;
}

void confirm_dialog(const ViewContext& ctx, bool& flag, const char* popup_id, const std::string& text, const char* yes_key,
                    const char* probe_prefix, const std::function<void()>& yes) {
    if (!flag) return;
    if (!ImGui::IsPopupOpen(popup_id)) ImGui::OpenPopup(popup_id);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x - 40.0f, ImGui::GetFontSize() * 24.0f), 0));
    if (!ImGui::BeginPopupModal(popup_id, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoTitleBar)) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.3f));
    if (ImGui::Button(ctx.tr(yes_key))) {
        yes();
        flag = false;
        ImGui::CloseCurrentPopup();
    }
    ctx.probe((std::string("dlg.") + probe_prefix + ".yes").c_str());
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("common.cancel")) || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        flag = false;
        ImGui::CloseCurrentPopup();
    }
    ctx.probe((std::string("dlg.") + probe_prefix + ".no").c_str());
    ImGui::EndPopup();
}

}  // namespace kefu
