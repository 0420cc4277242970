// App: owns the state, the translator and the transient UI state; runs one frame.
// The backend (web_backend.cpp) feeds it input and calls frame(); it knows nothing of the browser.
#pragma once
#include <string>
#include <vector>

#include <memory>

#include "core/app_state.hpp"
#include "core/journal.hpp"
#include "core/i18n.hpp"
#include "web/platform.hpp"
#include "web/team_link.hpp"
#include "web/ui.hpp"

namespace kefu {

class App {
public:
    explicit App(Platform& platform);

    // Loads the string tables (from the embedded /assets/i18n), picks the start language and
    // loads the records from `storage_dir` (an IDBFS mount already synced from IndexedDB), or
    // keeps them in memory only when the browser refused storage.
    // `url_mode`: the page's ?mode= ("kiosk" starts the customer kiosk; anything unknown is
    // ignored with a message).
    void init(const std::vector<std::string>& browser_languages, const std::string& storage_dir, bool storage_ok,
              const std::string& url_mode = {});
    // The browser finished (or failed) persisting the storage folder.
    void on_sync_done(bool ok, const std::string& error);
    // Builds this frame's UI (between ImGui::NewFrame and ImGui::Render).
    void frame();
    // Milliseconds until the UI needs redrawing without input (clock, toasts); -1: never.
    double next_wake_ms() const;

    void on_font_ready(const std::string& font_name);
    void on_font_failed();
    // The rest of the CJK font was merged in (names outside GB2312 draw), or could not be.
    void on_font_more(bool ok) { ui_.font_more_state = ok ? FontState::Ready : FontState::Failed; }
    void on_text_repaired();
    // A draft could not be written to the browser (ok false), or can be again.
    void on_draft_result(bool ok, const std::string& error);
    void on_file_dropped(PickedFile file);
    void on_storage_info(double used, double quota, bool persisted);
    // Another tab became the writer: this one stops changing anything, and stops syncing with
    // the team (the writer does; two tabs of one station never sync at once).
    void set_read_only(bool read_only) {
        ui_.read_only = read_only;
        if (read_only) team_.close();
    }
    void set_update_ready() { ui_.update_ready = true; }
    // Any keyboard, mouse or touch input: the idle lock starts counting again.
    void note_input() {
        ui_.auth.last_input_ms = platform_.now_ms();
        ++ui_.input_count;
    }
    // The page is being hidden or closed: the draft is written now.
    void flush_draft();
    void set_display(float w, float h, float scale);

    // Read-only snapshots for window.kefu (the automation bridge).
    std::string state_json() const;
    std::string probe_json(const std::string& id) const;

    const AppState& state() const { return state_; }
    // Changes whenever what the team sync shows may have changed (an answer that changed
    // nothing draws no frame: an idle station's live feed costs no rendering).
    uint64_t team_signature() const { return team_.signature(state_); }
    // Paging through a backlog (a first sync): what it changes is drawn a few times a second,
    // not after every answer.
    bool team_paging() const { return team_.paging(); }
    float ui_scale() const { return state_.settings.ui_scale; }

private:
    ApplyResult dispatch(const Command& c);
    ViewContext context();
    void sync_language();
    void load_default_calendar();
    void load_starter_articles();
    // The demo station: pristine demo data again (generated, then saved as one snapshot).
    void reset_demo();

    Platform& platform_;
    AppState state_;
    UiState ui_;
    Translator translator_;
    Dispatcher dispatcher_;
    std::unique_ptr<Journal> journal_;  // null: storage unavailable (memory only)
    TeamLink team_;
};

}  // namespace kefu
