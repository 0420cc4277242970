// The team (issue "Team"): Settings → 团队同步 and the status bar's sync item
// (team_view.cpp). The views set intents and read a status; web/team_link.cpp does the I/O.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/agents.hpp"
#include "core/case.hpp"
#include "core/join_preview.hpp"
#include "core/result.hpp"
#include "core/team_sync.hpp"
#include "web/view.hpp"

namespace kefu {

struct TeamUi {
    // ---- the join form
    std::string address = "/team/db";
    std::string admin;
    std::string admin_password;
    int join_keep_days = 0;  // what the station will keep (working_set.hpp); 0: everything
    // ---- intents, taken by TeamLink after the frame
    bool join_requested = false;
    bool sync_now_requested = false;
    bool leave_requested = false;
    bool leave_confirm = false;  // the 退出团队 question is open
    bool scroll_here = false;    // the status bar was clicked: Settings scrolls to 团队同步
    bool first_run_open = false;  // the first-run screen shows the join form
    // ---- status, written by TeamLink every frame
    bool joining = false;
    CommandError join_error;
    TeamSync::Phase phase = TeamSync::Phase::Off;
    CommandError error;
    size_t pending = 0;
    std::vector<std::pair<std::string, std::string>> refused;  // document id, the server's reason
    std::vector<std::pair<std::string, FieldIssue>> refused_docs;  // pulled documents refused here: id, first problem
    std::vector<std::string> conflicts;  // "<type>:<id>" of records with fields kept twice
    uint64_t conflicts_version = ~0ull;  // the state version the list was made at
    // What joining would do to this station's records (the join form's preview), at a version.
    uint64_t preview_version = ~0ull;
    size_t preview_cases = 0, preview_others = 0, preview_codeless = 0;
    std::string preview_example;
    // The record-by-record check against the team database (core/join_preview.hpp), asked
    // with the form's address and administrator before joining.
    bool check_requested = false;
    bool checking = false;
    bool check_done = false;
    CommandError check_error;
    std::string check_for;  // the address and administrator it was made with
    size_t check_asked = 0, check_total = 0, check_conflicts = 0;
    std::array<size_t, 6> check_counts{};  // by JoinPreview::Outcome
    std::vector<JoinPreview::Item> check_items;  // the records the team holds too
    // ---- the 冲突待处理 dialog: the record being settled ("<type>:<id>", "" closed) and the
    // pick per listed field (path -> 1 the record's value, 2 the other desk's)
    std::string resolving;
    std::vector<std::pair<std::string, int>> picks;
    int64_t last_synced_ms = 0;
    uint64_t pulled = 0, pushed = 0;
    // The database went back in time (restored from a backup, made again): checking what it
    // lacks of this station's records, and how many went up again (team_sync.hpp).
    std::string pull_state;  // the pull's state (replicator.hpp name_of), for tests and support
    bool verifying = false;
    uint64_t forgotten = 0;
    // Records let go of since the app opened (outside the working set, held by the server),
    // and the record on screen ("<type>:<id>", set by the app: never let go of).
    uint64_t released = 0;
    std::string on_screen;
    // ---- finding older cases on the server (core/server_find.hpp), from the case list
    std::string find_text;       // what the last search asked (its results belong to it)
    bool find_requested = false;
    bool finding = false;        // answers outstanding
    CommandError find_error;
    struct FoundRow {            // what the read-only list shows of a found case
        std::string form_no, customer, phone;
        CaseStatus status = CaseStatus::Recorded;
        int64_t created_ms = 0;
    };
    std::vector<TeamDoc> found;  // read-only until opened
    std::vector<FoundRow> found_rows;
    int open_found = -1;         // intent: take found[i] in (ApplyPulled) and open it
    std::string found_opened;    // the case just taken in: the case list opens it
    bool working_set_unsupported = false;  // a working set was asked for; the server has no filter
    bool has_account = false;  // the station's own password is here (else: join again)
    // ---- agents' own team accounts (core/team_account.hpp) and the team sign-in
    // (core/team_session.hpp): team_account_view.cpp
    std::string local_agent;  // 工号 signed in (or locked) at this station, set by the app; "" nobody
    bool signin_open = false;       // the 登录团队 dialog
    std::string signin_dismissed;   // the agent who chose 稍后: not asked again until they sign in anew
    std::string signin_password;
    bool signin_requested = false;
    bool signing_in = false;
    CommandError signin_error;
    std::string session_agent, session_account, session_role;  // the team session ("": none)
    bool session_ended = false;     // the server ended it (expired, password changed): asked again
    // Signing in at a desk that has no PIN of the agent's (PINs stay at the desks): the team
    // password on the sign-in screen; the PIN comes from the agent's own account (desk_pin,
    // desk_ready), or the agent chooses one here (desk_need_pin). auth_view.cpp dispatches SignInByTeam.
    std::string desk_agent, desk_password;
    bool desk_requested = false, desk_working = false, desk_ready = false, desk_need_pin = false;
    PinHash desk_pin;
    int desk_frames = 0;  // frames still owed to the sign-in card's new size
    CommandError desk_error;
    // 作为自助终端接入: the drop-box's address, the kiosk's account and password (printed by the
    // server's --add-kiosk), joined with one read of the drop-box (core/team_join.hpp KioskJoin).
    std::string kiosk_address, kiosk_account, kiosk_password;
    bool kiosk_join_requested = false, kiosk_joining = false;
    CommandError kiosk_join_error;
    std::string account_for;        // 开通团队账号 for this 工号 (the dialog is open)
    bool account_reset = false;     // …重设团队密码 instead: a new account replaces the one they have
    std::string account_reset_done; // the 工号 whose team password was just reset (the view says so once)
    std::string account_password, account_password2;
    bool account_requested = false;
    bool making_account = false;
    CommandError account_error;
    std::string account_made;       // the 工号 just given an account (the view says so once)
    std::string role_updated;       // the 工号 whose role on the server was just brought in line
    // 修改团队密码 (the agent signed in to the team changes their own)
    bool password_open = false;
    std::string password_current, password_new, password_new2;
    bool password_requested = false, changing_password = false, password_changed = false;
    CommandError password_error;
    // The team's role table as the server has it (account -> role), read when syncing starts
    // and after an account changes: 坐席管理 shows where an agent's role here differs.
    std::map<std::string, std::string> server_roles;
    bool server_roles_known = false;
    double wake_in_ms = -1;    // when the link has something to do next (-1: nothing; the idle test reads it)
};

void draw_team_settings(const ViewContext& ctx);
// The first-run screen's way in for a new desk of an existing team: the join form, then what
// the first sync has brought so far (the sign-in screen follows once the agents are here).
void draw_team_first_run(const ViewContext& ctx, float width);
// In the case list of a station keeping a working set: 到团队服务器上查找 what the search
// box says, and the older cases found, read-only until one is opened (and then kept).
void draw_server_find(const ViewContext& ctx);
// The status bar's item (nothing when the station is in no team).
void draw_team_status(const ViewContext& ctx);
nlohmann::json team_snapshot(const SnapshotContext& ctx);
// The dialog that settles one record's conflicts (drawn by the frame, over any section).
void draw_conflict_dialog(const ViewContext& ctx);
// 登录团队 (the team password, once a shift) and 开通团队账号 (an administrator gives an agent
// an account), drawn by the frame over any section.
void draw_team_signin_dialog(const ViewContext& ctx);
void draw_team_account_dialog(const ViewContext& ctx);
void draw_team_password_dialog(const ViewContext& ctx);

}  // namespace kefu
