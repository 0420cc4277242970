// Backup, export and import (data_view.cpp): transient state and entry points.
#pragma once
#include <memory>
#include <set>
#include <string>

#include "core/exchange.hpp"
#include "web/view.hpp"

namespace kefu {

// Import: the validated plan waiting for the user's confirmation (or its errors); the filtered
// export dialog; storage as the browser reports it (navigator.storage.estimate / persisted).
struct DataUi {
    std::shared_ptr<const ImportPlan> import_plan;
    std::string import_file;
    int import_policy = 0;  // ConflictPolicy
    bool export_open = false;
    std::set<std::string> export_types;  // empty: all
    std::string export_from, export_to;  // YYYY-MM-DD edit buffers
    bool export_deleted = true;
    bool export_mask = false;
    bool export_starter = false;  // the built-in knowledge-base articles too
    double storage_used = -1, storage_quota = -1;
    bool storage_persisted = false;
};

// Actions reachable from the command palette and from shortcuts.
void run_export(const ViewContext& ctx, const ExportFilter& filter);
void run_import(const ViewContext& ctx);
void import_file(const ViewContext& ctx, const PickedFile& file);
void draw_backup_section(const ViewContext& ctx);
void draw_data_dialogs(const ViewContext& ctx);

// window.kefu.state().import (the automation bridge).
nlohmann::json data_snapshot(const SnapshotContext& snap);

}  // namespace kefu
