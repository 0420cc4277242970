// Drafts: unsaved work that survives a reload, a crash, a closed tab or the idle lock.
//
// What an agent has typed and not saved (the case form, the call in progress, an article, a
// template, a call script, a survey being built, a callback in progress, the work log) is
// kept as one JSON text per agent and data space in the browser's IndexedDB, through the
// Platform (shell/glue.js holds its own small database, never the records' folder): written
// at most once a second while typing, removed when the work is saved or discarded, read back
// when the agent is at the station again. A draft is not a record: no history, no export, no
// replication; the kiosk (a customer at the screen) never keeps one.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kefu {

struct UiState;
struct ViewContext;
struct SnapshotContext;

// A call restored after the page was gone this long is not resumed: it is logged as ending
// when the page was last seen (its true length), since the customer has long hung up.
constexpr double kCallGoneAfterMs = 5 * 60 * 1000.0;
// While a call runs and nothing is typed, the draft is still refreshed this often, so that
// a crash logs the call with the time the page was last alive.
constexpr double kCallHeartbeatMs = 30 * 1000.0;

struct DraftsUi {
    std::string owner;            // whose work is on screen (the agent's 工号)
    std::string written;          // the text last written for `owner` ("" none)
    uint64_t input_seen = 0;      // UiState::input_count when last looked at
    bool dirty = false;           // input since the last write
    double last_write_ms = -1e18;
    bool guard = false;           // beforeunload asks before leaving
    // The quiet banner: what came back after a reload (translation keys), until dismissed.
    std::vector<std::string> restored;
    bool banner = false;
    bool confirm_discard = false;
    bool call_logged_on_restore = false;  // the restored call had ended while the page was gone
    int writes = 0;                       // for tests and the benchmark
    double write_cost_ms = 0;             // main-thread time of the last write
    double restore_cost_ms = 0;
};

// Unsaved work on screen that a draft keeps (a case, a call, an editor, a callback, the log).
bool has_draft_work(const ViewContext& ctx);
// The draft of what is on screen now (null when there is nothing to keep).
nlohmann::json capture_draft(const ViewContext& ctx);
// Puts a draft back on screen; returns the banner's keys of what came back.
std::vector<std::string> restore_draft(const ViewContext& ctx, const nlohmann::json& draft);

// Once per frame: the beforeunload guard, and the draft written within a second of typing.
void tick_drafts(const ViewContext& ctx);
// Writes the current agent's draft now (the page is being hidden, the agent changes).
void flush_draft(const ViewContext& ctx);
// The agent `agent` is now at the station: their draft (if any) comes back on screen.
void load_agent_draft(const ViewContext& ctx, const std::string& agent);
// The banner above the section: "恢复了未保存的内容 · 放弃".
void draw_draft_banner(const ViewContext& ctx);

// window.kefu.state().drafts (the automation bridge).
nlohmann::json drafts_snapshot(const SnapshotContext& snap);

}  // namespace kefu
