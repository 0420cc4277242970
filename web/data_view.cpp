// Backup and transfer: export (everything, or filtered), import with a preview, storage usage.
// The rules live in core/exchange (pure, tested); this file shows them and dispatches.
#include <cstdio>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

constexpr size_t kShownErrors = 60;

std::string human_bytes(double b) {
    char buf[32];
    if (b < 1024) std::snprintf(buf, sizeof buf, "%.0f B", b);
    else if (b < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KB", b / 1024);
    else if (b < 1024.0 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1024 / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f GB", b / 1024 / 1024 / 1024);
    return buf;
}

// An import issue in the user's language ("records[12].data.mobile：应为字符串。").
std::string describe(const ViewContext& ctx, const ImportIssue& issue) {
    static const std::pair<const char*, const char*> kTypeNames[] = {
        {"string", tr_key("import.type.string")}, {"integer", tr_key("import.type.integer")},
        {"object", tr_key("import.type.object")}, {"array", tr_key("import.type.array")},
        {"boolean", tr_key("import.type.boolean")}, {"json", tr_key("import.type.json")},
    };
    std::string detail = issue.detail;
    if (issue.key == "import.err.type")
        for (const auto& [name, key] : kTypeNames)
            if (issue.detail == name) detail = ctx.tr(key);
    const std::string text = ctx.trf(issue.key, {{"path", issue.path}, {"detail", detail}, {"file", ctx.ui.data.import_file}});
    // A record the app itself would refuse: its own message, led by which record it is.
    if (issue.key.rfind("error.", 0) == 0) return issue.path + "：" + text;
    return text;
}

void centered_modal_size(float width_fonts) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x - font * 2, font * width_fonts), 0));
}

void draw_import_preview(const ViewContext& ctx) {
    UiState& ui = ctx.ui;
    if (!ui.data.import_plan) return;
    const ImportPlan& plan = *ui.data.import_plan;
    const char* title_key = plan.valid() ? tr_key("data.preview.title") : tr_key("data.preview.refused_title");
    const std::string title = std::string(ctx.tr(title_key)) + "###import";
    if (!ImGui::IsPopupOpen("###import")) ImGui::OpenPopup("###import");
    centered_modal_size(36);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    ctx.probe("dlg.import.dialog");
    ImGui::TextColored(theme::kMutedText, "%s", ui.data.import_file.c_str());
    bool close = false;
    if (!plan.valid()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(theme::kErrorText, "%s", ctx.trf("data.preview.refused", {{"count", std::to_string(plan.errors.size())}}).c_str());
        ImGui::PopTextWrapPos();
        // Long reasons wrap (BulletText would run past the dialog's edge); two lines each.
        const float h = std::min(ImGui::GetFontSize() * 14, ImGui::GetFontSize() * 2.8f * (plan.errors.size() + 0.5f));
        ImGui::BeginChild("##errors", ImVec2(0, h), ImGuiChildFlags_Borders);
        ImGui::PushTextWrapPos(0);
        for (size_t i = 0; i < plan.errors.size() && i < kShownErrors; ++i) {
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::TextUnformatted(describe(ctx, plan.errors[i]).c_str());
        }
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        close = ImGui::Button(ctx.tr("common.close"));
        ctx.probe("dlg.import.cancel");
    } else {
        struct Row {
            const char* key;
            ImportKind kind;
        };
        static const Row kRows[] = {{tr_key("data.preview.new"), ImportKind::New},
                                    {tr_key("data.preview.updated"), ImportKind::Update},
                                    {tr_key("data.preview.unchanged"), ImportKind::Unchanged},
                                    {tr_key("data.preview.conflict"), ImportKind::Conflict}};
        if (ImGui::BeginTable("##counts", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
            for (const Row& row : kRows) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ctx.tr(row.key));
                ImGui::TableNextColumn();
                ImGui::Text("%zu", plan.count(row.kind));
            }
            ImGui::EndTable();
        }
        ImGui::PushTextWrapPos(0);
        for (const ImportIssue& w : plan.warnings) ImGui::TextColored(theme::kWarnText, "%s", describe(ctx, w).c_str());
        if (plan.count(ImportKind::Conflict)) {
            ImGui::Spacing();
            ImGui::TextUnformatted(ctx.tr("data.preview.conflict_help"));
            ImGui::RadioButton(ctx.tr("data.preview.keep_mine"), &ui.data.import_policy, static_cast<int>(ConflictPolicy::KeepMine));
            ctx.probe("dlg.import.policy.mine");
            ImGui::RadioButton(ctx.tr("data.preview.take_theirs"), &ui.data.import_policy, static_cast<int>(ConflictPolicy::TakeTheirs));
            ctx.probe("dlg.import.policy.theirs");
        }
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        const bool nothing = plan.count(ImportKind::New) + plan.count(ImportKind::Update) + plan.count(ImportKind::Conflict) == 0;
        ImGui::BeginDisabled(nothing);
        if (ImGui::Button(ctx.tr("data.preview.confirm"))) {
            const ApplyResult r = ctx.dispatch(ApplyImport{ui.data.import_plan, static_cast<ConflictPolicy>(ui.data.import_policy)});
            if (r.ok)
                ctx.toast(ctx.trf("data.imported", {{"new", std::to_string(plan.count(ImportKind::New))},
                                                    {"updated", std::to_string(plan.count(ImportKind::Update))},
                                                    {"file", ui.data.import_file}}));
            else
                ctx.report(r, ui.data.import_file);
            close = true;
        }
        ctx.probe("dlg.import.confirm");
        ImGui::EndDisabled();
        ImGui::SameLine();
        close |= ImGui::Button(ctx.tr("common.cancel"));
        ctx.probe("dlg.import.cancel");
    }
    if (close || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
        ui.data.import_plan.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void draw_export_dialog(const ViewContext& ctx) {
    UiState& ui = ctx.ui;
    if (!ui.data.export_open) return;
    const std::string title = std::string(ctx.tr("data.export_dialog.title")) + "###export";
    if (!ImGui::IsPopupOpen("###export")) ImGui::OpenPopup("###export");
    centered_modal_size(30);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    ctx.probe("dlg.export.dialog");
    const float font = ImGui::GetFontSize();
    ImGui::TextUnformatted(ctx.tr("data.export_dialog.types"));
    const std::vector<std::string> types = ctx.state.records.types();
    if (types.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("data.export_dialog.no_records"));
    for (const std::string& t : types) {
        bool on = ui.data.export_types.empty() || ui.data.export_types.count(t);
        const std::string label = t + " (" + std::to_string(ctx.state.records.count(t)) + ")";
        if (ImGui::Checkbox(label.c_str(), &on)) {
            if (ui.data.export_types.empty())
                for (const std::string& all : types) ui.data.export_types.insert(all);
            if (on) ui.data.export_types.insert(t);
            else ui.data.export_types.erase(t);
            if (ui.data.export_types.size() == types.size()) ui.data.export_types.clear();
        }
        ctx.probe(("dlg.export.type." + t).c_str());
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::TextUnformatted(ctx.tr("data.export_dialog.created"));
    ImGui::SetNextItemWidth(font * 7);
    ImGui::InputTextWithHint("##from", "2026-01-01", &ui.data.export_from);
    ctx.probe_field("dlg.export.from", ui.data.export_from);
    ImGui::SameLine();
    ImGui::TextUnformatted("—");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 7);
    ImGui::InputTextWithHint("##to", "2026-12-31", &ui.data.export_to);
    ctx.probe_field("dlg.export.to", ui.data.export_to);
    ImGui::Checkbox(ctx.tr("data.export_dialog.deleted"), &ui.data.export_deleted);
    ImGui::Checkbox(ctx.tr("data.export_dialog.mask"), &ui.data.export_mask);
    ctx.probe("dlg.export.mask");
    const size_t builtin = starter_records(ctx.state).size();
    if (builtin > 0) {
        ImGui::Checkbox(ctx.trf("data.export_dialog.starter", {{"n", std::to_string(builtin)}}).c_str(), &ui.data.export_starter);
        ctx.probe("dlg.export.starter");
    }

    ExportFilter f;
    f.types.assign(ui.data.export_types.begin(), ui.data.export_types.end());
    f.include_deleted = ui.data.export_deleted;
    f.mask_phones = ui.data.export_mask;
    f.include_starter = ui.data.export_starter;
    const int offset = ctx.state.calendar.utc_offset_minutes;
    bool dates_ok = true;
    if (!ui.data.export_from.empty()) dates_ok &= parse_local_date(ui.data.export_from, offset, f.from_ms);
    if (!ui.data.export_to.empty()) {
        dates_ok &= parse_local_date(ui.data.export_to, offset, f.to_ms);
        f.to_ms += 86'400'000;  // the whole last day
    }
    if (!dates_ok) ImGui::TextColored(theme::kErrorText, "%s", ctx.tr("data.export_dialog.bad_date"));
    ImGui::Spacing();
    ImGui::BeginDisabled(!dates_ok);
    bool close = false;
    if (ImGui::Button(ctx.tr("data.export_dialog.confirm"))) {
        run_export(ctx, f);
        close = true;
    }
    ctx.probe("dlg.export.confirm");
    ImGui::EndDisabled();
    ImGui::SameLine();
    close |= ImGui::Button(ctx.tr("common.cancel"));
    if (close || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
        ui.data.export_open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

void run_export(const ViewContext& ctx, const ExportFilter& filter) {
    // Exports name who made them, and the demo station's are marked as such (the real station refuses them).
    const ExportMeta meta{KEFU_VERSION, static_cast<int64_t>(ctx.platform.now_ms()), current_actor(ctx), ctx.ui.demo ? "demo" : ""};
    const std::string json = export_json(ctx.state.records, filter, meta, filter.include_starter ? starter_records(ctx.state)
                                                                                                 : std::vector<std::pair<Record, std::string>>{});
    const std::string name = export_file_name(meta.now_ms, ctx.state.calendar.utc_offset_minutes);
    ctx.platform.download_file(name, "application/json", std::vector<uint8_t>(json.begin(), json.end()));
    ctx.toast(ctx.trf("data.exported", {{"file", name}}));
}

void import_file(const ViewContext& ctx, const PickedFile& file) {
    if (!file.error.empty()) {
        ctx.toast(file.name + ": " + file.error, true);
        return;
    }
    ctx.ui.data.import_file = file.name;
    ctx.ui.data.import_policy = static_cast<int>(ConflictPolicy::KeepMine);
    ImportLimits limits;
    limits.space = ctx.ui.demo ? "demo" : "";
    ctx.ui.data.import_plan = std::make_shared<const ImportPlan>(
        plan_import(ctx.state.records, std::string_view(reinterpret_cast<const char*>(file.bytes.data()), file.bytes.size()), limits));
    // A file that tried to raise rights or bring the other station's data goes into the access log.
    for (const ImportIssue& e : ctx.ui.data.import_plan->errors) {
        if (e.key != "import.err.agent_role" && e.key != "import.err.agent" && e.key != "import.err.demo_file" &&
            e.key != "import.err.real_file" && e.key != "import.err.demo_record")
            continue;
        if (!ctx.ui.read_only) ctx.dispatch(LogAccess{AccessEvent::ImportRefused, current_actor(ctx).agent_id, file.name + ": " + e.key});
        break;
    }
}

void run_import(const ViewContext& ctx) {
    ViewContext copy = ctx;  // references to App-owned objects, which live as long as the page
    ctx.platform.pick_file(".json,application/json", [copy](PickedFile f) { import_file(copy, f); });
}

void draw_backup_section(const ViewContext& ctx) {
    section_heading(ctx, tr_key("settings.section.backup"));
    help_text(ctx.tr("data.help"));
    if (ImGui::Button(ctx.tr("data.export_all"))) run_export(ctx, ExportFilter{});
    ctx.probe("data.export_all");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("data.export_filtered"))) ctx.ui.data.export_open = true;
    ctx.probe("data.export_filtered");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("data.import"))) run_import(ctx);
    ctx.probe("data.import");

    section_heading(ctx, tr_key("data.storage.title"));
    const UiState& ui = ctx.ui;
    std::string usage = ui.data.storage_used < 0 ? ctx.tr("data.storage.unknown")
                                            : ctx.trf("data.storage.usage", {{"used", human_bytes(ui.data.storage_used)},
                                                                             {"quota", human_bytes(ui.data.storage_quota)}});
    ImGui::TextUnformatted(usage.c_str());
    ctx.probe("data.storage.usage");
    ImGui::TextUnformatted(ctx.tr(ui.data.storage_persisted ? tr_key("data.storage.persisted") : tr_key("data.storage.not_persisted")));
    ImGui::TextUnformatted(ctx.trf("data.storage.records", {{"count", std::to_string(ctx.state.records.total())}}).c_str());
    help_text(ctx.tr("data.storage.where"));
}

void draw_data_dialogs(const ViewContext& ctx) {
    draw_export_dialog(ctx);
    draw_import_preview(ctx);
}

// window.kefu.state().import (the automation bridge, app.cpp).
nlohmann::json data_snapshot(const SnapshotContext& snap) {
    return snap.ui.data.import_plan ? nlohmann::json{{"valid", snap.ui.data.import_plan->valid()},
                                                        {"errors", snap.ui.data.import_plan->errors.size()},
                                                        {"new", snap.ui.data.import_plan->count(ImportKind::New)},
                                                        {"updated", snap.ui.data.import_plan->count(ImportKind::Update)},
                                                        {"unchanged", snap.ui.data.import_plan->count(ImportKind::Unchanged)},
                                                        {"conflicts", snap.ui.data.import_plan->count(ImportKind::Conflict)}}
                                       : nlohmann::json(nullptr);
}

}  // namespace kefu
