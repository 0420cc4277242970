#include "web/team_link.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <fstream>

#include "core/file_io.hpp"
#include "core/json_util.hpp"
#include "core/server_find.hpp"
#include "core/team.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;
constexpr double kLedgerSaveEveryMs = 3000;
// While paging through a first sync the ledger grows by 500 entries a page and is written
// whole (100,000 entries: megabytes): every 20 s then. Losing it costs a pull, never data.
constexpr double kLedgerSaveWhilePagingMs = 20000;

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}
}  // namespace

void TeamLink::open(const std::string& dir, const AppState& s) {
    dir_ = dir;
    state_ = &s;
    if (dir_.empty()) return;
    const json acct = json::parse(read_whole_file(dir_ + "/team-account.json"), nullptr, false);
    if (acct.is_object()) {
        account_ = json_string(acct, "account");
        password_ = json_string(acct, "password");
    }
    if (s.settings.in_team() && account_ == s.settings.team_account && !password_.empty()) start(s);
}

namespace {
// The profile of agent `id` among those AppState keeps (sorted by 工号); nullptr: none ("" included).
const AgentProfile* profile_of(const AppState& s, const std::string& id) {
    const auto it = std::lower_bound(s.agents.begin(), s.agents.end(), id, [](const AgentProfile& a, const std::string& k) { return a.id < k; });
    return it != s.agents.end() && it->id == id ? &*it : nullptr;
}
}  // namespace

void TeamLink::start(const AppState& s) {
    stop();
    SyncLedger ledger = SyncLedger::from_text(read_whole_file(dir_ + "/team-ledger.json"));
    TeamSync::Options o;
    o.station = s.settings.team_station;
    o.keep_days = keep_days_ = s.settings.team_keep_days;
    o.agent = session_agent_;
    if (const AgentProfile* me = profile_of(s, session_agent_)) o.agent_name = me->name;
    if (s.settings.team_kiosk) {  // a drop-box: written as the kiosk, never read
        o.kiosk = true;
        o.agent = kKioskActor;
        o.agent_name.clear();
        o.keep_days = keep_days_ = 0;
    }
    release_at_ms_ = 0;
    sync_ = std::make_unique<TeamSync>(o, std::move(ledger));
    ++generation_;
    // A station with no team records yet (a fresh computer) may bootstrap its first sync.
    bool fresh = true;
    for (const std::string& type : s.records.types()) fresh = fresh && !team_replicates(type);
    sync_->start(static_cast<int64_t>(platform_.now_ms()), fresh);
    if (s.settings.team_kiosk) {
        sync_->changed(s.records, static_cast<int64_t>(platform_.now_ms()));  // what waited goes now
        send(sync_->take_requests(), Channel::Sync);
        return;
    }
    send(sync_->take_requests(), Channel::Sync);
    read_roles();
}

// The team's role table (members read _security): which agents' roles differ here and there.
void TeamLink::read_roles() {
    HttpRequest r;
    r.id = 1;
    r.method = "GET";
    r.path = "_security";
    std::vector<HttpRequest> out{std::move(r)};
    send(std::move(out), Channel::Roles);
}

void TeamLink::stop() {
    if (!sync_) return;
    save_ledger(true);
    sync_->stop();
    sync_.reset();
    ++generation_;
    platform_.http_abort_all();
}

std::string TeamLink::url_of(const HttpRequest& r, const std::string& server) const {
    std::string base = server;
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (r.at_root) {
        const size_t slash = base.find_last_of('/');
        base = slash == std::string::npos ? std::string() : base.substr(0, slash);
    }
    return base + "/" + r.path;
}

void TeamLink::send(std::vector<HttpRequest> requests, Channel channel) {
    const std::string server = channel == Channel::Join        ? (join_ ? join_->server() : std::string())
                               : channel == Channel::Check     ? (check_ ? check_->server() : std::string())
                               : channel == Channel::KioskJoin ? (kiosk_join_ ? kiosk_join_->server() : std::string())
                                                               : state_->settings.team_server;
    for (HttpRequest& r : requests) {
        Platform::HttpCall call;
        call.method = r.method;
        call.url = url_of(r, server);
        call.body = std::move(r.body);
        // With the cookie (no user: the browser sends it), as someone named, or as the station.
        const bool cookie = r.cookie || (r.user.empty() && !session_account_.empty());
        if (!cookie) {
            call.user = r.user.empty() ? account_ : r.user;
            call.password = r.user.empty() ? password_ : r.password;
        }
        call.timeout_ms = r.live ? kLiveFeedTimeoutMs : 45'000;
        const uint64_t id = r.id, generation = generation_;
        if (cookie) ++cookie_in_flight_;
        platform_.http_request(call, [this, id, generation, channel, cookie](int status, std::string body) {
            if (cookie) --cookie_in_flight_;
            // The sync restarted or stopped meanwhile: its answers are stale. The request machines
            // (sign-ins, accounts, the PIN) outlive a restart; each takes only its awaited answer.
            if (generation != generation_ && (channel == Channel::Sync || channel == Channel::Roles)) return;
            on_answer({id, status, std::move(body)}, channel);
        });
    }
}

void TeamLink::on_answer(const HttpResponse& r, Channel channel) {
    const int64_t now = static_cast<int64_t>(platform_.now_ms());
    if (channel == Channel::Check) {
        if (!check_) return;
        check_->on_response(r, *state_);
        send(check_->take_requests(), Channel::Check);
        return;  // update() shows the result
    }
    if (channel == Channel::SignOut) return;
    if (channel == Channel::Roles) {
        const json sec = json::parse(r.body, nullptr, false);
        if (r.status != 200 || !sec.is_object()) return;
        server_roles_.clear();
        const json roles = sec.contains("kefu") && sec["kefu"].is_object() && sec["kefu"].contains("roles") ? sec["kefu"]["roles"] : json();
        if (roles.is_object())
            for (const auto& [account, role] : roles.items())
                if (role.is_string()) server_roles_[account] = role.get<std::string>();
        server_roles_known_ = true;
        return;
    }
    // The request machines: the answer in, their next requests out; update() takes their ends
    // (the session, the account into the agent's record, the join's JoinTeam).
    const auto forward = [&](auto& machine) {
        if (!machine) return;
        machine->on_response(r);
        send(machine->take_requests(), channel);
    };
    if (channel == Channel::SignIn) return forward(sign_in_);
    if (channel == Channel::Password) return forward(password_job_);
    if (channel == Channel::Account) return forward(account_job_);
    if (channel == Channel::Join) return forward(join_);
    if (channel == Channel::KioskJoin) return forward(kiosk_join_);
    if (channel == Channel::Pin) return forward(pin_job_);
    if (channel == Channel::DeskSignIn) return forward(desk_job_);
    if (channel == Channel::DeskPin) return forward(desk_pin_job_);
    if (!sync_) return;
    sync_->on_response(r, state_->records, now);
    send(sync_->take_requests(), Channel::Sync);  // the next page travels while this one is applied
    take_in();
    if (sync_) send(sync_->take_requests(), Channel::Sync);
}

// Pulled documents become one ApplyPulled; the ledger learns what the server holds.
void TeamLink::take_in() {
    if (!sync_) return;
    std::vector<TeamDoc> docs = sync_->take_pulled();
    if (docs.empty()) return;
    const uint64_t version = state_->version;
    // The dispatch tells changed() as any change does; the ledger learns what the server holds
    // only in applied() below: a push from changed() now would send the pulled documents back.
    taking_in_ = true;
    const ApplyResult r = dispatch_(ApplyPulled{docs});
    taking_in_ = false;
    if (!r.ok) {
        std::fprintf(stderr, "kefu: team: pulled documents not applied: %s\n", r.error.key.c_str());
        return;
    }
    sync_->applied(docs, state_->records, static_cast<int64_t>(platform_.now_ms()));
    ledger_dirty_ = true;
    // What changed is durable once IndexedDB says so (App::on_sync_done calls durable()).
    // Nothing changed (documents this station had already) and nothing earlier waits to be
    // saved: the checkpoint may move at once.
    if (state_->version != version) save_owed_ = true;
    if (!save_owed_) durable();
    else send(sync_->take_requests(), Channel::Sync);
}

// A join's end (the team's, or a kiosk's drop-box): the account the station syncs as is kept in
// its folder, another team's ledger is dropped (it means nothing here). False: not written.
bool TeamLink::keep_account(const std::string& server, const std::string& account, const std::string& password) {
    account_ = account;
    password_ = password;
    const json acct = {{"server", server}, {"account", account_}, {"password", password_}};
    const bool written = write_file(dir_ + "/team-account.json", acct.dump());
    std::remove((dir_ + "/team-ledger.json").c_str());
    platform_.request_sync();
    return written;
}

// 作为自助终端接入: one read of the drop-box with the kiosk's account (its station code), then
// JoinTeam as a kiosk; the account is kept like a station's (team-account.json).
void TeamLink::join_kiosk(const AppState& s, TeamUi& ui) {
    if (ui.kiosk_join_requested) {
        ui.kiosk_join_requested = false;
        ui.kiosk_join_error = {};
        kiosk_join_ = std::make_unique<KioskJoin>(KioskJoin::Input{team_address(ui.kiosk_address), ui.kiosk_account, ui.kiosk_password});
        send(kiosk_join_->take_requests(), Channel::KioskJoin);
        wipe_secret(ui.kiosk_password);
    }
    if (kiosk_join_ && (kiosk_join_->done() || kiosk_join_->failed())) {
        if (kiosk_join_->failed()) {
            ui.kiosk_join_error = kiosk_join_->error();
        } else {
            const ApplyResult r = dispatch_(JoinTeam{kiosk_join_->server(), kiosk_join_->account(), kiosk_join_->station_code(), 0, true});
            if (!r.ok) {
                ui.kiosk_join_error = r.error;
            } else {
                if (!keep_account(kiosk_join_->server(), kiosk_join_->account(), kiosk_join_->password()))
                    ui.kiosk_join_error = {"team.err.save_account", dir_};
                start(s);
            }
        }
        kiosk_join_.reset();
    }
    ui.kiosk_joining = kiosk_join_ != nullptr;
}

// 到团队服务器上查找: one `_find` per index the text may be in (server_find.hpp), as the
// station's account; the answers gather until the last one is in.
void TeamLink::find(TeamUi& ui) {
    ++find_generation_;
    find_found_.clear();
    find_error_ = {};
    find_done_ = false;
    ui.found.clear();
    ui.found_rows.clear();
    ui.find_error = {};
    const std::vector<std::string> bodies = server_find_bodies(ui.find_text);
    find_outstanding_ = bodies.size();
    ui.finding = !bodies.empty();
    if (!state_->settings.in_team() || password_.empty()) {
        ui.finding = false;
        ui.find_error = {"team.no_account", ""};
        return;
    }
    for (const std::string& body : bodies) {
        HttpRequest at;
        at.path = "_find";
        Platform::HttpCall call;
        call.method = "POST";
        call.url = url_of(at, state_->settings.team_server);
        call.body = body;
        call.user = account_;
        call.password = password_;
        const uint64_t generation = find_generation_;
        platform_.http_request(call, [this, generation](int status, std::string answer) {
            if (generation != find_generation_) return;  // a newer search replaced it
            std::vector<RefusedDoc> refused;  // a hostile document is not shown (and logged)
            if (status != 200 || !read_server_find(answer, find_found_, refused)) {
                if (find_error_.key.empty())
                    find_error_ = status == 401 ? CommandError{"team.err.credentials", ""} : transport_error(status);
            }
            for (const RefusedDoc& d : refused) std::fprintf(stderr, "kefu: team: found document refused: %s\n", d.doc_id.c_str());
            if (find_outstanding_ > 0 && --find_outstanding_ == 0) find_done_ = true;
        });
    }
}

// 逐条核对 on the join form: the records here against the team database, as the administrator.
void TeamLink::check(const AppState& s, TeamUi& ui) {
    JoinPreview::Input in;
    in.server = team_address(ui.address);
    in.admin = ui.admin;
    in.admin_password = ui.admin_password;
    in.now_ms = static_cast<int64_t>(platform_.now_ms());
    std::vector<std::string> ids;
    for (const std::string& type : s.records.types())
        if (team_replicates(type)) s.records.for_each(type, [&](const Record& r) { ids.push_back(team_doc_id(r.type, r.id)); });
    ui.check_for = in.server + "\n" + in.admin;
    ui.check_done = false;
    ui.check_error = {};
    ui.check_items.clear();
    check_ = std::make_unique<JoinPreview>(std::move(in), std::move(ids));
    send(check_->take_requests(), Channel::Check);
}

// 打开 on a found case: it is taken in like any pulled document (one ApplyPulled) and kept.
void TeamLink::open_found(TeamUi& ui) {
    const size_t i = static_cast<size_t>(std::exchange(ui.open_found, -1));
    if (i >= ui.found.size()) return;
    const std::vector<TeamDoc> docs = {ui.found[i]};
    taking_in_ = true;
    const uint64_t version = state_->version;
    const ApplyResult r = dispatch_(ApplyPulled{docs});
    taking_in_ = false;
    if (!r.ok) return void(ui.find_error = r.error);
    if (sync_) {
        sync_->applied(docs, state_->records, static_cast<int64_t>(platform_.now_ms()));
        ledger_dirty_ = true;
    }
    if (state_->version != version) save_owed_ = true;
    ui.found_opened = docs[0].record.id;
    ui.found.erase(ui.found.begin() + static_cast<long>(i));
    ui.found_rows.erase(ui.found_rows.begin() + static_cast<long>(i));
}

// A station keeping the last N days lets go of what has aged out of them, once the server holds
// it (ReleaseRecords): at its start and then once a day, 2,000 records a frame, while the feed
// is live (caught up, nothing in flight). Never the record on screen.
void TeamLink::release_old(const AppState& s, TeamUi& ui, int64_t now) {
    if (!sync_ || s.settings.team_keep_days == kKeepEverything || now < release_at_ms_) return;
    if (sync_->pull().state() != PullReplicator::State::Live || save_owed_) return;
    constexpr size_t kBatch = 2000;
    const std::vector<ReleaseRecords::Item> items =
        sync_->records_to_release(s.records, s.in_conflict, s.settings.team_keep_days, now, ui.on_screen, kBatch);
    if (items.empty()) {
        release_at_ms_ = now + 24 * 3'600'000LL;
        return;
    }
    const ApplyResult r = dispatch_(ReleaseRecords{items});
    if (!r.ok) {
        release_at_ms_ = now + 3'600'000;
        return;
    }
    ui.released += sync_->released(items, s.records);
    ledger_dirty_ = true;
    if (items.size() < kBatch) release_at_ms_ = now + 24 * 3'600'000LL;
}

void TeamLink::changed(const AppState& s) {
    if (!sync_ || taking_in_) return;
    sync_->changed(s.records, static_cast<int64_t>(platform_.now_ms()));
    send(sync_->take_requests(), Channel::Sync);
}

void TeamLink::durable() {
    save_owed_ = false;
    if (!sync_) return;
    save_ledger(false);
    sync_->durable(static_cast<int64_t>(platform_.now_ms()));
    send(sync_->take_requests(), Channel::Sync);
}

double TeamLink::ledger_every_ms() const { return sync_ && sync_->pull().paging() ? kLedgerSaveWhilePagingMs : kLedgerSaveEveryMs; }

void TeamLink::save_ledger(bool now) {
    if (!sync_ || dir_.empty()) return;
    if (sync_->take_ledger_dirty()) ledger_dirty_ = true;
    if (!ledger_dirty_) return;
    const double t = platform_.now_ms();
    if (!now && t - ledger_saved_ms_ < ledger_every_ms()) return;
    if (!write_file(dir_ + "/team-ledger.json", sync_->ledger().to_text())) return;
    ledger_dirty_ = false;
    ledger_saved_ms_ = t;
    platform_.request_sync();
}

uint64_t TeamLink::signature(const AppState& s) const {
    uint64_t h = s.version * 1'000'003u + (join_ ? 1 + static_cast<uint64_t>(join_->state()) : 0);
    h = h * 31 + find_outstanding_ * 2 + (find_done_ ? 1 : 0);  // a search on the server answered
    h = h * 31 + (sign_in_ ? 1 + static_cast<uint64_t>(sign_in_->state()) : 0);
    h = h * 31 + (account_job_ ? 1 + static_cast<uint64_t>(account_job_->state()) : 0);
    h = h * 31 + server_roles_.size() * 2 + (server_roles_known_ ? 1 : 0);
    h = h * 31 + (password_job_ ? 1 + static_cast<uint64_t>(password_job_->state()) : 0);
    h = h * 31 + (pin_job_ ? 1 + static_cast<uint64_t>(pin_job_->state()) : 0);
    h = h * 31 + (sign_out_owed_ ? 1 + cookie_in_flight_ : 0);
    h = h * 31 + (desk_job_ ? 1 + static_cast<uint64_t>(desk_job_->state()) : 0);
    h = h * 31 + (desk_pin_job_ ? 1 + static_cast<uint64_t>(desk_pin_job_->state()) : 0);
    h = h * 31 + (kiosk_join_ ? 1 + static_cast<uint64_t>(kiosk_join_->state()) : 0);
    if (check_) h = h * 31 + check_->asked() * 4 + (check_->done() ? 1 : 0) + (check_->failed() ? 2 : 0);
    if (sync_) {
        h = h * 31 + static_cast<uint64_t>(sync_->phase(s.records));
        h = h * 31 + sync_->pending_count(s.records);
        h = h * 31 + sync_->refused_count();
        h = h * 31 + sync_->refused_docs().size();
    }
    return h;
}

double TeamLink::wake_in_ms() const {
    if (view_owed_) return 0;  // the views have something to act on (a desk sign-in's end)
    if (!sync_) return -1;
    double soonest = -1;
    const int64_t at = sync_->wake_at_ms();
    if (at > 0) soonest = std::max(0.0, static_cast<double>(at) - platform_.now_ms());
    if (ledger_dirty_) {
        const double ledger = std::max(0.0, ledger_saved_ms_ + ledger_every_ms() - platform_.now_ms());
        soonest = soonest < 0 ? ledger : std::min(soonest, ledger);
    }
    return soonest;
}

void TeamLink::update(const AppState& s, TeamUi& ui) {
    state_ = &s;
    view_owed_ = false;
    const int64_t now = static_cast<int64_t>(platform_.now_ms());
    // ---- intents
    if (ui.join_requested) {
        ui.join_requested = false;
        ui.join_error = {};
        TeamJoin::Input in;
        in.server = team_address(ui.address);
        in.admin = ui.admin;
        in.admin_password = ui.admin_password;
        in.station_name = s.settings.station_name;
        in.new_password = platform_.random_text(24);
        in.account_tag = platform_.random_text(6);
        in.now_ms = now;
        join_ = std::make_unique<TeamJoin>(in);
        send(join_->take_requests(), Channel::Join);
    }
    if (join_ && (join_->done() || join_->failed())) {
        if (join_->failed()) {
            ui.join_error = join_->error();
        } else {
            const ApplyResult r = dispatch_(JoinTeam{join_->server(), join_->account(), join_->station_code(), ui.join_keep_days});
            if (!r.ok) {
                ui.join_error = r.error;
            } else {
                if (!keep_account(join_->server(), join_->account(), join_->password())) ui.join_error = {"team.err.save_account", dir_};
                wipe_secret(ui.admin_password);
                start(s);
            }
        }
        join_.reset();
    }
    ui.joining = join_ != nullptr;
    join_kiosk(s, ui);
    if (ui.check_requested) {
        ui.check_requested = false;
        check(s, ui);
    }
    ui.checking = check_ && !check_->done() && !check_->failed();
    if (check_) {
        ui.check_asked = check_->asked();
        ui.check_total = check_->total();
    }
    if (check_ && (check_->done() || check_->failed())) {
        ui.check_done = check_->done();
        ui.check_error = check_->error();
        for (size_t i = 0; i < ui.check_counts.size(); ++i) ui.check_counts[i] = check_->count(static_cast<JoinPreview::Outcome>(i));
        ui.check_conflicts = check_->conflict_fields();
        ui.check_items = check_->items();
        check_.reset();
    }
    if (ui.leave_requested) {
        ui.leave_requested = false;
        const ApplyResult r = dispatch_(LeaveTeam{});
        if (r.ok) {
            stop();
            std::remove((dir_ + "/team-account.json").c_str());
            std::remove((dir_ + "/team-ledger.json").c_str());
            account_.clear();
            wipe_secret(password_);
            platform_.request_sync();
        }
    }
    if (ui.sync_now_requested) {
        ui.sync_now_requested = false;
        if (sync_) {
            sync_->now(s.records, now);
            send(sync_->take_requests(), Channel::Sync);
        } else if (s.settings.in_team() && !password_.empty()) {
            start(s);
        }
    }
    if (ui.find_requested) {
        ui.find_requested = false;
        find(ui);
    }
    if (find_done_) {  // the last answer is in: the list shows what was found, newest first
        find_done_ = false;
        ui.finding = false;
        ui.find_error = find_error_;
        ui.found = std::move(find_found_);
        find_found_.clear();
        std::sort(ui.found.begin(), ui.found.end(), [](const TeamDoc& a, const TeamDoc& b) { return a.record.created_at_ms > b.record.created_at_ms; });
        ui.found_rows.clear();
        Case c;
        for (const TeamDoc& d : ui.found) {
            read_case(d.record, c);
            ui.found_rows.push_back({c.form_no, c.customer.name, !c.customer.mobile.empty() ? c.customer.mobile : c.customer.telephone, c.status,
                                     d.record.created_at_ms});
        }
    }
    if (ui.open_found >= 0) open_found(ui);
    team_session(s, ui);
    sign_out();  // owed, once the requests that carried the cookie are answered or aborted
    make_account(s, ui, now);
    change_password(s, ui);
    // The working set changed (Settings): the pull starts again with its new filter.
    if (sync_ && keep_days_ != s.settings.team_keep_days) start(s);
    release_old(s, ui, now);
    // ---- time
    if (sync_) {
        sync_->tick(s.records, now);
        take_in();
        if (sync_) send(sync_->take_requests(), Channel::Sync);
        save_ledger(false);
    }
    // ---- status
    ui.has_account = !password_.empty() && account_ == s.settings.team_account;
    ui.wake_in_ms = wake_in_ms();
    if (!sync_) {
        ui.phase = TeamSync::Phase::Off;
        return;
    }
    ui.phase = sync_->phase(s.records);
    ui.error = sync_->error();
    ui.pending = sync_->pending_count(s.records);
    ui.refused = sync_->refused();
    ui.refused_docs.clear();
    for (const RefusedDoc& d : sync_->refused_docs())
        ui.refused_docs.push_back({d.doc_id, d.issues.empty() ? FieldIssue{} : d.issues.front()});
    if (ui.conflicts_version != s.version) {
        ui.conflicts = records_in_conflict(s);
        ui.conflicts_version = s.version;
    }
    ui.working_set_unsupported = sync_->pull().working_set_unsupported();
    ui.last_synced_ms = sync_->last_synced_ms();
    ui.pulled = sync_->pulled_total();
    ui.pushed = sync_->pushed_total();
    ui.verifying = sync_->verifying();
    ui.pull_state = name_of(sync_->pull().state());
    ui.forgotten = sync_->forgotten_total();
}

// The team session: asked for once a shift (the dialog opens for an agent with a team
// account who is not signed in to the team), taken when the sign-in is done, ended when the
// agent at this desk changes (sign-out, switch) or the server no longer knows it.
void TeamLink::team_session(const AppState& s, TeamUi& ui) {
    if (ui.local_agent != last_local_agent_) {  // someone else at the desk (or nobody)
        last_local_agent_ = ui.local_agent;
        ui.signin_dismissed.clear();
        ui.signin_error = {};
        ui.session_ended = false;
    }
    desk_sign_in(s, ui);  // first: a session it opened becomes the agent's before anything asks again
    if (!session_agent_.empty() && session_agent_ != ui.local_agent) end_session(s);
    // The server refused the cookie: the session expired (no request for longer than its
    // timeout) or the password was changed elsewhere. Sync goes on as the station; ask again.
    if (!session_agent_.empty() && sync_ && sync_->error().key == "team.err.credentials") {
        session_agent_.clear(), session_account_.clear(), session_role_.clear();
        ui.session_ended = true;
        ui.signin_dismissed.clear();
        start(s);
    }
    // Every frame: the profiles AppState keeps (not the record, parsed again).
    const AgentProfile* me = profile_of(s, ui.local_agent);
    const bool has_account = s.settings.in_team() && me && !me->team_account.empty() && !dir_.empty();
    if (ui.signin_requested) {
        ui.signin_requested = false;
        ui.signin_error = {};
        if (has_account) {
            sign_out_owed_ = false;  // a new session replaces the cookie
            sign_in_ = std::make_unique<TeamSignIn>(TeamSignIn::Input{s.settings.team_server, me->team_account, ui.signin_password});
            sign_in_agent_ = me->id;
            send(sign_in_->take_requests(), Channel::SignIn);
        }
        wipe_secret(ui.signin_password);
    }
    if (sign_in_ && (sign_in_->done() || sign_in_->failed())) {
        if (sign_in_->failed()) {
            ui.signin_error = sign_in_->error();
        } else if (sign_in_agent_ == ui.local_agent) {
            session_agent_ = sign_in_agent_;
            session_account_ = sign_in_->account();
            session_role_ = sign_in_->role();
            ui.signin_open = false;
            ui.session_ended = false;
            start(s);  // every request from now on as the agent
        }
        sign_in_.reset();
    }
    ui.signing_in = sign_in_ != nullptr;
    if (has_account && session_agent_.empty() && !sign_in_ && ui.signin_dismissed != ui.local_agent) ui.signin_open = true;
    if (!has_account && !sign_in_) ui.signin_open = false;
    ui.session_agent = session_agent_;
    ui.session_account = session_account_;
    ui.session_role = session_role_;
    sync_pin(s);
}

// A desk without the agent's PIN (a new desk: PINs never go into the team database): the team
// password opens the team session, the agent's own account gives the PIN (or the agent chooses
// one on the sign-in screen), the sign-in screen dispatches SignInByTeam, and the session is
// the agent's from then on (sync_pin() sends a newly chosen PIN to the account).
void TeamLink::desk_sign_in(const AppState& s, TeamUi& ui) {
    if (ui.desk_requested) {
        ui.desk_requested = false;
        ui.desk_error = {};
        ui.desk_ready = ui.desk_need_pin = false;
        const AgentProfile* who = profile_of(s, ui.desk_agent);
        if (!s.settings.in_team() || dir_.empty()) ui.desk_error = {"team.err.not_in_team", ""};
        else if (!who || !who->active) ui.desk_error = {"error.signin.unknown", ui.desk_agent};
        else if (who->team_account.empty()) ui.desk_error = {"error.signin.no_team_account", who->id};
        else {
            if (desk_pending_) end_session(s);  // another agent's half-done sign-in here
            desk_pending_ = false;
            desk_pin_job_.reset();
            sign_out_owed_ = false;  // a new session replaces the cookie
            desk_job_ = std::make_unique<TeamSignIn>(TeamSignIn::Input{s.settings.team_server, who->team_account, ui.desk_password});
            desk_agent_ = who->id;
            send(desk_job_->take_requests(), Channel::DeskSignIn);
        }
        wipe_secret(ui.desk_password);
    }
    if (desk_job_ && (desk_job_->done() || desk_job_->failed())) {
        if (desk_job_->failed()) {
            ui.desk_error = desk_job_->error();
        } else {
            desk_pending_ = true;
            desk_account_ = desk_job_->account();
            desk_role_ = desk_job_->role();
            desk_pin_job_ = std::make_unique<TeamPinSync>(TeamPinSync::Input{s.settings.team_server, desk_account_, PinHash{}});
            send(desk_pin_job_->take_requests(), Channel::DeskPin);
        }
        desk_job_.reset();
        view_owed_ = true;
    }
    if (desk_pin_job_ && (desk_pin_job_->done() || desk_pin_job_->failed())) {
        if (desk_pin_job_->failed()) {
            ui.desk_error = desk_pin_job_->error();
        } else if (!desk_pin_job_->adopt().empty()) {
            ui.desk_pin = desk_pin_job_->adopt();
            ui.desk_ready = true;
        } else {
            ui.desk_need_pin = true;  // no PIN in the account yet: the agent chooses one here
            ui.desk_frames = 3;       // a taller card
        }
        desk_pin_job_.reset();
        view_owed_ = true;
    }
    ui.desk_working = desk_job_ != nullptr || desk_pin_job_ != nullptr;
    if (!desk_pending_) return;
    if (ui.local_agent == desk_agent_) {  // signed in here: the session is theirs
        desk_pending_ = false;
        session_agent_ = desk_agent_, session_account_ = desk_account_, session_role_ = desk_role_;
        ui.session_ended = false;
        if (sync_) start(s);
    } else if (!ui.local_agent.empty() || ui.desk_agent != desk_agent_) {
        desk_pending_ = false;  // someone else, or another agent picked: the session ends
        ui.desk_ready = ui.desk_need_pin = false;
        wipe_secret(ui.desk_pin.hash);
        end_session(s);
    }
}

// The PIN of the agent signed in to the team, between this desk and their account: once a
// session, and again whenever it changes here. The account's newer one is taken as the
// agent's own change (SaveAgent of their PIN).
void TeamLink::sync_pin(const AppState& s) {
    if (session_agent_.empty()) {
        pin_synced_for_.clear();
        pin_job_.reset();
        return;
    }
    const AgentProfile* me = profile_of(s, session_agent_);
    if (!me) return;
    if (pin_job_ && (pin_job_->done() || pin_job_->failed())) {
        if (pin_job_->done() && !pin_job_->adopt().empty() && !me->pin.same(pin_job_->adopt())) {
            AgentProfile a = *me;
            a.pin = pin_job_->adopt();
            dispatch_(SaveAgent{a, a.rev});
        }
        pin_synced_for_ = session_agent_;  // a failure waits for the next session
        pin_synced_at_ = pin_job_->done() && !pin_job_->adopt().empty() ? pin_job_->adopt().set_at_ms : me->pin.set_at_ms;
        pin_job_.reset();
        return;
    }
    if (pin_job_ || (pin_synced_for_ == session_agent_ && pin_synced_at_ == me->pin.set_at_ms)) return;
    pin_job_ = std::make_unique<TeamPinSync>(TeamPinSync::Input{s.settings.team_server, session_account_, me->pin});
    send(pin_job_->take_requests(), Channel::Pin);
}

void TeamLink::end_session(const AppState& s) {
    session_agent_.clear(), session_account_.clear(), session_role_.clear();
    pin_job_.reset();
    pin_synced_for_.clear();
    if (sync_) start(s);  // as the station again (first: a restart aborts what is in flight)
    // The server's answer to DELETE _session drops the cookie, once no request that carried it
    // is still out (an answer arriving after it would renew the cookie): sign_out() sends it.
    sign_out_owed_ = true;
    sign_out();
}

void TeamLink::sign_out() {
    if (!sign_out_owed_ || cookie_in_flight_ > 0) return;
    sign_out_owed_ = false;
    std::vector<HttpRequest> out{team_sign_out_request()};
    out.back().id = 1;
    send(std::move(out), Channel::SignOut);
}

// 开通团队账号: the account made on the server (as the administrator signed in to the team,
// or with the administrator's account typed in the dialog), then written into the agent's record.
void TeamLink::make_account(const AppState& s, TeamUi& ui, int64_t now) {
    if (ui.account_requested) {
        ui.account_requested = false;
        ui.account_error = {};
        AgentProfile a;
        if (!s.settings.in_team()) ui.account_error = {"team.err.not_in_team", ""};
        else if (!find_agent(s.records, ui.account_for, a)) ui.account_error = {"error.signin.unknown", ui.account_for};
        else if ((a.team_account.empty() || ui.account_reset) && !valid_team_password(ui.account_password))
            ui.account_error = {"team.account.short", std::to_string(kMinTeamPasswordChars)};
        else if ((a.team_account.empty() || ui.account_reset) && ui.account_password != ui.account_password2)
            ui.account_error = {"team.account.mismatch", ""};
        else {
            // An agent with an account: only their role in the team's table, as it is here; or,
            // for a forgotten password, a new account that replaces theirs (team_account.hpp).
            reset_ = ui.account_reset && !a.team_account.empty();
            role_only_ = !a.team_account.empty() && !reset_;
            const bool by_session = session_role_ == "admin";
            account_job_ = std::make_unique<TeamAccount>(TeamAccount::Input{
                s.settings.team_server, by_session ? std::string() : ui.admin, by_session ? std::string() : ui.admin_password,
                role_only_ ? a.team_account : agent_account(a.id, platform_.random_text(6)), role_only_ ? std::string() : ui.account_password,
                name_of(a.role), now, a.pin.empty() || role_only_ ? json() : pin_to_json(a.pin), reset_ ? a.team_account : std::string()});
            account_for_ = a.id;
            send(account_job_->take_requests(), Channel::Account);
        }
        wipe_secret(ui.account_password);
        wipe_secret(ui.account_password2);
    }
    if (account_job_ && (account_job_->done() || account_job_->failed())) {
        AgentProfile a;
        if (account_job_->failed()) {
            ui.account_error = account_job_->error();
        } else if (role_only_) {
            ui.role_updated = account_for_;
            ui.account_for.clear();
            wipe_secret(ui.admin_password);
        } else if (find_agent(s.records, account_for_, a)) {
            a.pin = PinHash{};
            a.team_account = account_job_->account();
            const ApplyResult r = dispatch_(SaveAgent{a, a.rev});
            if (r.ok) {
                (reset_ ? ui.account_reset_done : ui.account_made) = a.id;
                ui.account_for.clear();
                ui.account_reset = false;
                wipe_secret(ui.admin_password);
            } else {
                ui.account_error = r.error;
            }
        }
        account_job_.reset();
        if (sync_) read_roles();
    }
    ui.making_account = account_job_ != nullptr;
    if (ui.server_roles != server_roles_) ui.server_roles = server_roles_;
    ui.server_roles_known = server_roles_known_;
}

// 修改团队密码: the agent signed in to the team, with the current password. The server ends
// the old cookie with the old password; the machine signs in again with the new one, so the
// desk goes on syncing as the agent (restarted: its requests in flight had the old cookie).
void TeamLink::change_password(const AppState& s, TeamUi& ui) {
    if (ui.password_requested) {
        ui.password_requested = false;
        ui.password_error = {};
        AgentProfile me;
        if (session_agent_.empty() || session_agent_ != ui.local_agent || !find_agent(s.records, session_agent_, me))
            ui.password_error = {"team.err.signed_out", ""};
        else if (ui.password_new != ui.password_new2)
            ui.password_error = {"team.account.mismatch", ""};
        else {
            password_job_ = std::make_unique<TeamPasswordChange>(
                TeamPasswordChange::Input{s.settings.team_server, session_account_, ui.password_current, ui.password_new});
            if (password_job_->failed()) {
                ui.password_error = password_job_->error();
                password_job_.reset();
            } else {
                send(password_job_->take_requests(), Channel::Password);
            }
        }
        wipe_secret(ui.password_current);
        wipe_secret(ui.password_new);
        wipe_secret(ui.password_new2);
    }
    if (password_job_ && (password_job_->done() || password_job_->failed())) {
        if (password_job_->failed()) ui.password_error = password_job_->error();
        else {
            ui.password_open = false;
            ui.password_changed = true;
        }
        // Changed, whatever the sign-in after it said: the old cookie is gone.
        const bool changed = password_job_->done() || password_job_->error().key == "team.password.changed_sign_in";
        password_job_.reset();
        if (changed && sync_) start(s);
    }
    ui.changing_password = password_job_ != nullptr;
}

}  // namespace kefu
