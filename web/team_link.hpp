// The team link (issue "Team"): runs core/team_sync's requests through the platform's fetch,
// takes what it pulls in as one ApplyPulled command, tells it when IndexedDB holds the
// result, runs the join flow (core/team_join), and writes the status the views show. Owned by
// the App; only the writing tab runs it (a read-only tab never syncs).
//
// Beside the records, in the station's own folder (never records, never exported):
//   team-account.json   the account the station syncs as, with its password
//   team-ledger.json    what the server holds of each record (sync_ledger.hpp); losing it
//                       costs one round of 409s and fetches, never data
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/app_state.hpp"
#include "core/join_preview.hpp"
#include "core/team_account.hpp"
#include "core/team_join.hpp"
#include "core/team_session.hpp"
#include "core/team_sync.hpp"
#include "web/platform.hpp"
#include "web/team_ui.hpp"

namespace kefu {

class TeamLink {
public:
    using Dispatch = std::function<ApplyResult(const Command&)>;
    TeamLink(Platform& platform, Dispatch dispatch) : platform_(platform), dispatch_(std::move(dispatch)) {}

    // After the records are loaded: starts syncing when the station is in a team and its
    // account is here. `dir` empty: no storage (memory only), no team.
    void open(const std::string& dir, const AppState& s);
    // Once a frame, after the views: the intents they set, retries due, the status they show.
    void update(const AppState& s, TeamUi& ui);
    // Records changed here (any command): push what the server lacks.
    void changed(const AppState& s);
    // IndexedDB holds everything written so far.
    void durable();
    // Milliseconds until update() has something to do (-1: nothing).
    double wake_in_ms() const;
    bool active() const { return sync_ != nullptr; }
    bool paging() const { return sync_ && sync_->pull().paging(); }
    // Stops syncing for good in this tab (another tab became the writer).
    void close() {
        dir_.clear();  // first: this tab writes nothing more, not even the ledger
        stop();
        join_.reset();
        kiosk_join_.reset();
    }
    // A digest of what the status shows (see App::team_signature).
    uint64_t signature(const AppState& s) const;

private:
    void start(const AppState& s);
    void stop();
    enum class Channel { Sync, Join, Check, SignIn, Account, SignOut, Roles, Password, Pin, DeskSignIn, DeskPin, KioskJoin };
    void change_password(const AppState& s, TeamUi& ui);
    void read_roles();
    void send(std::vector<HttpRequest> requests, Channel channel);
    void on_answer(const HttpResponse& r, Channel channel);
    void check(const AppState& s, TeamUi& ui);
    void team_session(const AppState& s, TeamUi& ui);
    void end_session(const AppState& s);
    void sign_out();
    void desk_sign_in(const AppState& s, TeamUi& ui);
    void sync_pin(const AppState& s);
    void make_account(const AppState& s, TeamUi& ui, int64_t now);
    void take_in();
    void find(TeamUi& ui);
    void open_found(TeamUi& ui);
    void save_ledger(bool now);
    double ledger_every_ms() const;
    std::string url_of(const HttpRequest& r, const std::string& server) const;

    Platform& platform_;
    Dispatch dispatch_;
    const AppState* state_ = nullptr;
    std::string dir_;
    std::string account_, password_;
    std::unique_ptr<TeamSync> sync_;
    std::unique_ptr<TeamJoin> join_;
    std::unique_ptr<KioskJoin> kiosk_join_;
    void join_kiosk(const AppState& s, TeamUi& ui);
    bool keep_account(const std::string& server, const std::string& account, const std::string& password);
    std::unique_ptr<JoinPreview> check_;
    // The agent signed in to the team (core/team_session.hpp): while there is one, every
    // request goes with the session's cookie, as that agent; else as the station's account.
    std::unique_ptr<TeamSignIn> sign_in_;
    std::string sign_in_agent_;
    std::string session_agent_, session_account_, session_role_;
    std::string last_local_agent_;
    // The agent's PIN between this desk and their account (core/team_session.hpp TeamPinSync):
    // run once a session and whenever the PIN here changes (pin_synced_at_: the one synced).
    std::unique_ptr<TeamPinSync> pin_job_;
    std::string pin_synced_for_;
    int64_t pin_synced_at_ = -1;
    // A sign-in at a desk without the agent's PIN: the team sign-in, then the PIN from the
    // account; the session is the agent's once the sign-in screen lets them in.
    std::unique_ptr<TeamSignIn> desk_job_;
    std::unique_ptr<TeamPinSync> desk_pin_job_;
    std::string desk_agent_, desk_account_, desk_role_;
    bool sign_out_owed_ = false;   // DELETE _session waits for the cookie's requests in flight
    uint64_t cookie_in_flight_ = 0;
    bool view_owed_ = false;     // one more frame: the views act on what update() just handed them
    bool desk_pending_ = false;  // the team session is open; the agent is not yet signed in here
    // 开通团队账号 under way (core/team_account.hpp), for the agent account_for_.
    std::unique_ptr<TeamAccount> account_job_;
    std::unique_ptr<TeamPasswordChange> password_job_;
    std::string account_for_;
    bool role_only_ = false;
    bool reset_ = false;  // a new account replacing the agent's (a forgotten team password)
    // The role table read from _security (Channel::Roles), published to TeamUi.
    std::map<std::string, std::string> server_roles_;
    bool server_roles_known_ = false;
    // A search on the server in flight (its answers gather here; update() publishes them).
    uint64_t find_generation_ = 0;
    size_t find_outstanding_ = 0;
    bool find_done_ = false;
    std::vector<TeamDoc> find_found_;
    CommandError find_error_;
    int64_t release_at_ms_ = 0;  // when release_old() looks again (0: at the first live moment)
    void release_old(const AppState& s, TeamUi& ui, int64_t now);
    int keep_days_ = 0;        // the working set the running sync follows
    uint64_t generation_ = 0;  // answers to requests of an earlier start are dropped
    double ledger_saved_ms_ = 0;
    bool ledger_dirty_ = false;
    bool taking_in_ = false;
    bool save_owed_ = false;  // pulled changes applied, IndexedDB has not confirmed them yet  // applying pulled documents: the changes they make are not ours to push
};

}  // namespace kefu
