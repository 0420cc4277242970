#include "core/agents.hpp"

#include <doctest/doctest.h>

#include <set>

#include "core/permissions.hpp"

using namespace kefu;

// How many commands there are, over every family (a family is a variant; ApplyImport is one).
template <typename T>
constexpr size_t commands_in_family(const T*) { return 1; }
template <typename... Ts>
constexpr size_t commands_in_family(const std::variant<Ts...>*) { return sizeof...(Ts); }
template <typename... Families>
constexpr size_t commands_in(const std::variant<Families...>&) { return (commands_in_family(static_cast<const Families*>(nullptr)) + ...); }

TEST_CASE("PIN parameters: PBKDF2-SHA256, 1,200,000 iterations, 16-byte salt; imports cannot lower them") {
    CHECK(std::string(kPinAlgorithm) == "PBKDF2-SHA256");
    CHECK(kPinIterations >= 600'000u);  // never below OWASP's 2023 figure
    PinHash owasp{kPinAlgorithm, 600'000, "AAECAwQFBgcICQoLDA0ODw==", "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="};
    CHECK_FALSE(valid_pin_hash(owasp));  // below what this app sets
    PinHash good{kPinAlgorithm, kPinIterations, "AAECAwQFBgcICQoLDA0ODw==", "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="};
    CHECK(valid_pin_hash(good));
    PinHash cheap = good;
    cheap.iterations = 1000;
    CHECK_FALSE(valid_pin_hash(cheap));
    PinHash other = good;
    other.algorithm = "SHA1";
    CHECK_FALSE(valid_pin_hash(other));
    PinHash short_salt = good;
    short_salt.salt = "AAECAwQFBgc=";  // 8 bytes
    CHECK_FALSE(valid_pin_hash(short_salt));
    PinHash blank = good;
    blank.hash.clear();
    CHECK_FALSE(valid_pin_hash(blank));
    PinHash not_base64 = good;
    not_base64.hash[3] = '*';
    CHECK_FALSE(valid_pin_hash(not_base64));

    CHECK(valid_pin("2580"));
    CHECK(valid_pin("123456789012"));
    CHECK_FALSE(valid_pin("123"));
    CHECK_FALSE(valid_pin("1234567890123"));
    CHECK_FALSE(valid_pin("12a4"));
    CHECK_FALSE(valid_pin("１２３４"));  // full-width digits are not ASCII

    CHECK(same_hash("abcd", "abcd"));
    CHECK_FALSE(same_hash("abcd", "abce"));
    CHECK_FALSE(same_hash("abcd", "abc"));
    CHECK_FALSE(same_hash("", "a"));
}

TEST_CASE("wrong PINs in a row slow the next try down, up to five minutes") {
    CHECK(pin_backoff_ms(0) == 0);
    CHECK(pin_backoff_ms(3) == 0);
    CHECK(pin_backoff_ms(4) == 1000);
    CHECK(pin_backoff_ms(5) == 2000);
    CHECK(pin_backoff_ms(6) == 4000);
    CHECK(pin_backoff_ms(12) == 256'000);
    CHECK(pin_backoff_ms(13) == 300'000);
    CHECK(pin_backoff_ms(1000) == 300'000);
    for (int n = 1; n < 40; ++n) CHECK(pin_backoff_ms(n) >= pin_backoff_ms(n - 1));
}

TEST_CASE("agent profiles round-trip through a record; roles parse by name") {
    AgentProfile a;
    a.id = "1001";
    a.name = "张敏";
    a.role = Role::Lead;
    a.team = "一组";
    a.pin = {kPinAlgorithm, kPinIterations, "AAECAwQFBgcICQoLDA0ODw==", "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="};
    RecordStore store;
    REQUIRE(store.create(kAgentType, a.id, agent_to_data(a), {{"1000", "管理员"}, 1}).ok);
    AgentProfile back;
    REQUIRE(find_agent(store, "1001", back));
    CHECK(back.name == "张敏");
    CHECK(back.role == Role::Lead);
    CHECK(back.team == "一组");
    CHECK(back.active);
    CHECK(back.pin.hash == a.pin.hash);
    CHECK(valid_pin_hash(back.pin));
    CHECK(all_agents(store).size() == 1);
    Role r;
    CHECK(parse_name("admin", r));
    CHECK(r == Role::Admin);
    CHECK_FALSE(parse_name("root", r));
    CHECK(label_key(Role::Lead) == "agent.role.lead");
    CHECK(valid_agent_id("A1001"));
    CHECK_FALSE(valid_agent_id(""));
    CHECK_FALSE(valid_agent_id("10 01"));
    CHECK_FALSE(valid_agent_id("工号1"));
}

TEST_CASE("every command has the role it needs: leads review and edit shared content, administrators configure") {
    AppState s;
    const Actor me{"1001", "张敏"};
    // One of every command, with the role it needs; the variant's size makes sure a new
    // command cannot be added without deciding who may run it.
    ReplyTemplate mine;
    mine.id = "tpl-mine";
    mine.personal = true;
    mine.owner = "1001";
    mine.title = "我的开场白";
    mine.body = "您好，我是{agent.name}。";
    ReplyTemplate shared;
    shared.id = "tpl-shared";
    shared.title = "问候";
    shared.body = "您好，很高兴为您服务。";
    const std::vector<std::pair<Command, Role>> table = {
        {SetLanguage{Language::En}, Role::Agent}, {SetUiScale{1.5f}, Role::Agent}, {SetStationName{}, Role::Admin},
        {SetCompanyName{}, Role::Admin}, {SetHomeScreen{}, Role::Admin}, {SetPhoneMasking{}, Role::Admin},
        {ApplyImport{}, Role::Admin}, {CreateCase{}, Role::Agent}, {EditCase{}, Role::Agent}, {AnswerCase{}, Role::Agent},
        {ForwardCase{}, Role::Agent}, {RecordSolution{}, Role::Agent}, {ReplyToCustomer{}, Role::Agent}, {OpenFollowUp{}, Role::Agent},
        {ReviewCase{}, Role::Lead}, {CloseCase{}, Role::Agent}, {ReopenCase{}, Role::Agent}, {PauseCase{}, Role::Agent},
        {ResumeCase{}, Role::Agent},
        {RunCaseStep{std::nullopt, CloseCase{}}, Role::Agent},  {SetCalendar{}, Role::Admin}, {SetSlaRules{}, Role::Admin}, {LogContact{}, Role::Agent},
        {AttachContact{}, Role::Agent}, {SaveArticle{}, Role::Lead}, {SetArticleStatus{}, Role::Lead},
        {RestoreArticleVersion{}, Role::Lead}, {DeleteArticle{}, Role::Lead}, {RateArticle{}, Role::Agent},
        {UseArticleForCase{}, Role::Agent}, {DraftArticleFromCase{}, Role::Agent}, {SaveTemplate{shared, 0}, Role::Lead},
        {DeleteTemplate{"tpl-shared", 0}, Role::Lead}, {RestoreTemplateVersion{"tpl-shared", 0, 0}, Role::Lead}, {UseTemplate{}, Role::Agent},
        {SetTemplateFavourite{}, Role::Agent}, {SaveScript{}, Role::Lead}, {DeleteScript{}, Role::Lead}, {StartScriptRun{}, Role::Agent},
        {MarkScriptStep{}, Role::Agent}, {FinishScriptRun{}, Role::Agent}, {SetPhrases{}, Role::Admin}, {SaveSurvey{}, Role::Lead},
        {DeleteSurvey{}, Role::Lead}, {SubmitResponse{}, Role::Agent}, {RecordCallback{}, Role::Agent}, {SetCallbackRules{}, Role::Admin},
        {FinishCallback{}, Role::Agent},
        {SaveWorkLog{}, Role::Agent}, {SetIdleLock{}, Role::Admin}, {SetKioskStart{}, Role::Admin}, {SaveAgent{}, Role::Admin}, {SignIn{}, Role::Agent},
        {LogAccess{}, Role::Agent}, {SignInByTeam{}, Role::Agent}, {JoinTeam{}, Role::Admin}, {LeaveTeam{}, Role::Admin}, {ApplyPulled{}, Role::Agent}, {ResolveConflict{}, Role::Lead},
        {SetTeamWorkingSet{}, Role::Admin}, {ReleaseRecords{}, Role::Agent},
    };
    std::set<std::string> seen;
    for (const auto& entry : table) {  // (no structured binding: doctest's macros capture)
        const std::string name = command_name(entry.first);
        CAPTURE(name);
        CHECK(required_role(s, entry.first, me) == entry.second);
        seen.insert(name);
    }
    CHECK(seen.size() == commands_in(Command{}));
    CHECK(seen.count("ReviewCase") == 1);
    CHECK(std::string(command_name(SubmitResponse{})) == "SubmitResponse");
    CHECK(std::string(command_name(ApplyImport{})) == "ApplyImport");
    CHECK(required_role(s, RunCaseStep{std::nullopt, ReviewCase{}}, me) == Role::Lead);  // the step decides

    // A personal template is its owner's: new or their own, not someone else's, not a shared one.
    CHECK(required_role(s, SaveTemplate{mine, 0}, me) == Role::Agent);
    CHECK(required_role(s, SaveTemplate{mine, 0}, Actor{"1002", "李强"}) == Role::Lead);
    REQUIRE(apply(s, SaveTemplate{shared, 0}, CommandContext{{"2001", "赵组长"}, 1}).ok());
    ReplyTemplate takeover = shared;
    takeover.personal = true;
    takeover.owner = "1001";
    CHECK(required_role(s, SaveTemplate{takeover, 1}, me) == Role::Lead);  // a shared one cannot be made one's own
    REQUIRE(apply(s, SaveTemplate{mine, 0}, CommandContext{me, 2}).ok());
    CHECK(required_role(s, DeleteTemplate{"tpl-mine", 1}, me) == Role::Agent);
    CHECK(required_role(s, DeleteTemplate{"tpl-mine", 1}, Actor{"1002", "李强"}) == Role::Lead);
}

#include "core/app_state.hpp"
#include "core/exchange.hpp"

namespace {
const PinHash kGoodPin{kPinAlgorithm, kPinIterations, "AAECAwQFBgcICQoLDA0ODw==", "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="};

std::string file_with(const std::vector<AgentProfile>& agents) {
    RecordStore src;
    for (const AgentProfile& a : agents) REQUIRE(src.create(kAgentType, a.id, agent_to_data(a), {{"9000", "管理员"}, 1}).ok);
    return export_json(src, ExportFilter{}, ExportMeta{"0.1.0", 2, {"9000", "管理员"}});
}

std::string first_error(const ImportPlan& p) { return p.errors.empty() ? std::string() : p.errors[0].key; }
}  // namespace

TEST_CASE("an import cannot raise an agent's rights, add an administrator, or plant a cheap PIN") {
    AgentProfile lead{"1001", "张敏", Role::Lead, "一组", true, kGoodPin, 0};
    RecordStore station;
    REQUIRE(station.create(kAgentType, lead.id, agent_to_data(lead), {{"9000", "管理员"}, 1}).ok);

    AgentProfile raised = lead;
    raised.role = Role::Admin;
    const ImportPlan up = plan_import(station, file_with({raised}));
    CHECK_FALSE(up.valid());
    CHECK(first_error(up) == "import.err.agent_role");
    CHECK(up.items.empty());  // nothing of the file goes in

    AgentProfile new_admin{"1099", "陌生人", Role::Admin, "", true, kGoodPin, 0};
    CHECK(first_error(plan_import(station, file_with({new_admin}))) == "import.err.agent_role");

    AgentProfile cheap = lead;
    cheap.pin.iterations = 1000;
    CHECK(first_error(plan_import(station, file_with({cheap}))) == "import.err.agent");

    AgentProfile bad_id{"kf-1001.x", "符号", Role::Agent, "", true, {}, 0};  // a record id, not a 工号
    CHECK(first_error(plan_import(station, file_with({bad_id}))) == "import.err.agent");

    // Allowed: the same or a lower role, a new plain agent, and a first administrator into a
    // station that has no agents yet (moving a set-up to a new computer).
    AgentProfile lowered = lead;
    lowered.role = Role::Agent;
    CHECK(plan_import(station, file_with({lowered})).valid());
    AgentProfile newcomer{"1003", "王芳", Role::Agent, "二组", true, kGoodPin, 0};
    CHECK(plan_import(station, file_with({newcomer})).valid());
    CHECK(plan_import(RecordStore{}, file_with({new_admin})).valid());
}

namespace {
// A station with an administrator, a lead, an agent and a deactivated agent. Their PIN
// "hashes" are distinct valid-looking base64 values: the core compares, WebCrypto derives.
const std::string kHashA = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=";
const std::string kHashB = "AAAAAAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=";
PinHash pin_with(const std::string& hash) { return {kPinAlgorithm, kPinIterations, "AAECAwQFBgcICQoLDA0ODw==", hash}; }

AppState staffed_station() {
    AppState s;
    const CommandContext setup{{"local", "一号工作台"}, 1000};
    REQUIRE(apply(s, SaveAgent{{"9000", "管理员", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, setup).ok());
    const CommandContext admin{{"9000", "管理员"}, 2000};
    REQUIRE(apply(s, SaveAgent{{"2001", "赵组长", Role::Lead, "一组", true, pin_with(kHashA), 0}, 0}, admin).ok());
    REQUIRE(apply(s, SaveAgent{{"1001", "张敏", Role::Agent, "一组", true, pin_with(kHashA), 0}, 0}, admin).ok());
    REQUIRE(apply(s, SaveAgent{{"1002", "李强", Role::Agent, "二组", false, pin_with(kHashA), 0}, 0}, admin).ok());
    return s;
}

std::vector<AccessEntry> refusals(const AppState& s) {
    std::vector<AccessEntry> out;
    for (const AccessEntry& e : access_log(s.records))
        if (e.event == AccessEvent::Refused) out.push_back(e);
    return out;
}
}  // namespace

TEST_CASE("an agent's team account: set by an administrator, kept by later edits, only one of the agent's own") {
    AppState s = staffed_station();
    const CommandContext admin{{"9000", "管理员"}, 3000}, agent{{"1001", "张敏"}, 3000};
    AgentProfile a;
    REQUIRE(find_agent(s.records, "1001", a));
    CHECK(a.team_account.empty());
    a.pin = {};
    a.team_account = "kefu.1001.q7kmzp";
    REQUIRE(apply(s, SaveAgent{a, a.rev}, admin).ok());
    REQUIRE(find_agent(s.records, "1001", a));
    CHECK(a.team_account == "kefu.1001.q7kmzp");

    // An edit that says nothing of it keeps it; the agent may not set their own.
    a.pin = {};
    a.team_account.clear();
    a.team = "三组";
    REQUIRE(apply(s, SaveAgent{a, a.rev}, admin).ok());
    REQUIRE(find_agent(s.records, "1001", a));
    CHECK(a.team_account == "kefu.1001.q7kmzp");
    CHECK(a.team == "三组");
    a.pin = {};
    a.team_account = "kefu.1001.other1";
    CHECK_FALSE(apply(s, SaveAgent{a, a.rev}, agent).ok());

    // Another agent's account, or no tag, is refused; a record carrying one is read without it.
    for (const char* wrong : {"kefu.2001.q7kmzp", "kefu.1001.", "kefu.1001", "kefu.1001.a-b", "admin"}) {
        a.team_account = wrong;
        ApplyOutcome out = apply(s, SaveAgent{a, a.rev}, admin);
        CHECK_FALSE(out.ok());
        CHECK(out.result.error.key == "error.agent.team_account");
    }
    CHECK(valid_team_account("A07", "kefu.A07.x2k"));
    CHECK_FALSE(valid_team_account("A07", "kefu.A07.12345678901234567"));
    nlohmann::json data = agent_to_data(a);
    data["team_account"] = "kefu.2001.q7kmzp";
    RecordStore store;
    REQUIRE(store.create(kAgentType, "1001", data, {{"9000", "管理员"}, 1}).ok);
    AgentProfile read;
    REQUIRE(find_agent(store, "1001", read));
    CHECK(read.team_account.empty());
}

TEST_CASE("apply() enforces roles: an agent cannot review or configure; the refusal is logged; the kiosk may only leave a request") {
    AppState s = staffed_station();
    REQUIRE(s.agents.size() == 4);
    const Actor agent{"1001", "张敏"}, lead{"2001", "赵组长"}, admin{"9000", "管理员"};

    // Configuration is the administrator's.
    ApplyOutcome out = apply(s, SetStationName{"三号工作台"}, CommandContext{agent, 3000});
    CHECK_FALSE(out.ok());
    CHECK(out.result.error.key == "error.permission.admin");
    CHECK(s.settings.station_name.empty());
    REQUIRE(out.changes.size() == 1);  // the log entry, and nothing else
    CHECK(out.changes[0].type == kAccessType);
    std::vector<AccessEntry> refused_entries = refusals(s);
    REQUIRE(refused_entries.size() == 1);
    CHECK(refused_entries[0].agent == "1001");
    CHECK(refused_entries[0].detail == "SetStationName");
    CHECK(refused_entries[0].actor == agent);
    CHECK(apply(s, SetStationName{"三号工作台"}, CommandContext{admin, 3100}).ok());
    CHECK(s.settings.station_name == "三号工作台");
    CHECK(apply(s, SetIdleLock{5}, CommandContext{lead, 3200}).result.error.key == "error.permission.admin");

    // Reviews are a lead's: a case recorded by the agent, then reviewed.
    CreateCase create;
    create.id = "C1";
    create.customer.name = "陈先生";
    create.customer.mobile = "13800001234";
    create.description = "咨询宽带资费";
    REQUIRE(apply(s, create, CommandContext{agent, 4000}).ok());
    CHECK(permitted(s, ReviewCase{"C1", 1, "好"}, agent).error.key == "error.permission.lead");
    CHECK(permitted(s, ReviewCase{"C1", 1, "好"}, lead).ok);
    CHECK(permitted(s, ReviewCase{"C1", 1, "好"}, admin).ok);
    out = apply(s, ReviewCase{"C1", 1, "好"}, CommandContext{agent, 4100});
    CHECK(out.result.error.key == "error.permission.lead");
    CHECK(refusals(s).size() == 3);  // with the lead's SetIdleLock
    CHECK(refusals(s)[0].detail == "ReviewCase");  // newest first

    // Someone who is not a signed-in agent of this station, or who was deactivated, may do nothing.
    CHECK(permitted(s, create, Actor{"local", "一号工作台"}).error.key == "error.permission.signed_out");
    CHECK(permitted(s, create, Actor{"1002", "李强"}).error.key == "error.permission.signed_out");
    // But anyone may try to sign in, and end a session.
    CHECK(permitted(s, SignIn{"1001", kHashB}, Actor{"", ""}).ok);
    CHECK(permitted(s, LogAccess{AccessEvent::SignOut, "1001", ""}, Actor{"", ""}).ok);

    // The kiosk: a request with channel kiosk and survey answers, nothing else.
    const Actor kiosk{kKioskActor, "自助终端"};
    CreateCase request = create;
    request.id = "K1";
    request.channel = CaseChannel::Kiosk;
    CHECK(apply(s, request, CommandContext{kiosk, 5000}).ok());
    CreateCase by_phone = request;
    by_phone.id = "K2";
    by_phone.channel = CaseChannel::InboundCall;
    CHECK(apply(s, by_phone, CommandContext{kiosk, 5100}).result.error.key == "error.permission.kiosk");
    CHECK(permitted(s, SubmitResponse{}, kiosk).ok);
    CHECK(permitted(s, EditCase{}, kiosk).error.key == "error.permission.kiosk");
    CHECK(permitted(s, SaveWorkLog{}, kiosk).error.key == "error.permission.kiosk");
    CHECK(permitted(s, SetLanguage{Language::En}, kiosk).error.key == "error.permission.kiosk");

    // A station with no agent yet is being set up: everything is allowed.
    AppState fresh;
    CHECK(permitted(fresh, SetStationName{"x"}, Actor{"local", ""}).ok);
}

TEST_CASE("agent profiles: the first is the administrator, the last administrator stays, agents change only their own name and PIN") {
    AppState s;
    const CommandContext setup{{"local", ""}, 1000};
    CHECK(apply(s, SaveAgent{{"1001", "张敏", Role::Agent, "", true, pin_with(kHashA), 0}, 0}, setup).result.error.key ==
          "error.agent.first_admin");
    CHECK(apply(s, SaveAgent{{"9000", "管理员", Role::Admin, "", true, {}, 0}, 0}, setup).result.error.key == "error.agent.pin");
    CHECK(apply(s, SaveAgent{{"9 000", "管理员", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, setup).result.error.key == "error.agent.id");
    CHECK(apply(s, SaveAgent{{"9000", "  ", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, setup).result.error.key == "error.agent.name");
    CHECK(apply(s, SaveAgent{{"9000", "一二三四五六七八九十一二三四五六七八九十一", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, setup)
              .result.error.key == "error.agent.name");
    REQUIRE(apply(s, SaveAgent{{"9000", "管理员", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, setup).ok());
    CHECK(s.agents.size() == 1);
    const CommandContext admin{{"9000", "管理员"}, 2000};
    CHECK(apply(s, SaveAgent{{"9000", "又一个", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, admin).result.error.key == "error.agent.exists");

    // The last active administrator can be neither demoted nor deactivated.
    CHECK(apply(s, SaveAgent{{"9000", "管理员", Role::Lead, "", true, {}, 0}, 1}, admin).result.error.key == "error.agent.last_admin");
    CHECK(apply(s, SaveAgent{{"9000", "管理员", Role::Admin, "", false, {}, 0}, 1}, admin).result.error.key == "error.agent.last_admin");

    // An edit without a PIN keeps the PIN; with one, replaces it.
    REQUIRE(apply(s, SaveAgent{{"1001", "张敏", Role::Agent, "一组", true, pin_with(kHashA), 0}, 0}, admin).ok());
    REQUIRE(apply(s, SaveAgent{{"1001", "张敏", Role::Agent, "二组", true, {}, 0}, 1}, admin).ok());
    AgentProfile back;
    REQUIRE(find_agent(s.records, "1001", back));
    CHECK(back.team == "二组");
    CHECK(back.pin.hash == kHashA);

    // The agent may change their own name and PIN, not their role or team, nor anyone else's.
    const CommandContext me{{"1001", "张敏"}, 3000};
    CHECK(apply(s, SaveAgent{{"1001", "张敏敏", Role::Agent, "二组", true, pin_with(kHashB), 0}, 2}, me).ok());
    REQUIRE(find_agent(s.records, "1001", back));
    CHECK(back.pin.hash == kHashB);
    CHECK(back.name == "张敏敏");
    CHECK(apply(s, SaveAgent{{"1001", "张敏敏", Role::Admin, "二组", true, {}, 0}, 3}, me).result.error.key == "error.permission.admin");
    CHECK(apply(s, SaveAgent{{"1001", "张敏敏", Role::Agent, "一组", true, {}, 0}, 3}, me).result.error.key == "error.permission.admin");
    CHECK(apply(s, SaveAgent{{"9000", "我", Role::Admin, "", true, {}, 0}, 1}, me).result.error.key == "error.permission.admin");

    // Once a second administrator exists, the first may step down.
    REQUIRE(apply(s, SaveAgent{{"9001", "备份管理员", Role::Admin, "", true, pin_with(kHashA), 0}, 0}, admin).ok());
    CHECK(apply(s, SaveAgent{{"9000", "管理员", Role::Lead, "", true, {}, 0}, 1}, admin).ok());
}

TEST_CASE("sign-in: the derived hash is compared, wrong PINs are logged and slow the next try down, a sign-in resets the count") {
    AppState s = staffed_station();
    const Actor nobody{"", ""};
    int64_t now = 10'000;
    // Three wrong PINs: each logged, no wait yet.
    for (int i = 1; i <= 3; ++i) {
        ApplyOutcome out = apply(s, SignIn{"1001", kHashB}, CommandContext{nobody, now});
        CHECK(out.result.error.key == "error.signin.wrong_pin");
        CHECK(out.changes.size() == 1);
        CHECK(s.pin_streaks.failures("1001") == i);
        CHECK(s.pin_streaks.wait_ms("1001", now) == 0);
        now += 100;
    }
    // The fourth wrong PIN starts the backoff: 1 s, during which nothing is even compared.
    CHECK(apply(s, SignIn{"1001", kHashB}, CommandContext{nobody, now}).result.error.key == "error.signin.wrong_pin");
    CHECK(s.pin_streaks.wait_ms("1001", now) == 1000);
    ApplyOutcome early = apply(s, SignIn{"1001", kHashA}, CommandContext{nobody, now + 400});
    CHECK(early.result.error.key == "error.signin.wait");
    CHECK(early.result.error.detail == "1");
    CHECK(early.changes.empty());
    // The fifth: two seconds.
    CHECK(apply(s, SignIn{"1001", kHashB}, CommandContext{nobody, now + 1000}).result.error.key == "error.signin.wrong_pin");
    CHECK(s.pin_streaks.wait_ms("1001", now + 1000) == 2000);
    // Other agents are not slowed down by someone else's mistakes.
    CHECK(s.pin_streaks.wait_ms("2001", now + 1000) == 0);
    // The count survives a reload (it is rebuilt from the access log).
    AppState reloaded;
    reloaded.records = s.records;
    refresh_derived(reloaded);
    CHECK(reloaded.pin_streaks.failures("1001") == 5);
    CHECK(reloaded.pin_streaks.wait_ms("1001", now + 1000) == 2000);
    // The right PIN after the wait signs in and clears the count.
    ApplyOutcome ok = apply(s, SignIn{"1001", kHashA}, CommandContext{nobody, now + 3000});
    CHECK(ok.ok());
    CHECK(s.pin_streaks.failures("1001") == 0);
    const std::vector<AccessEntry> log = access_log(s.records);
    REQUIRE(log.size() >= 6);
    CHECK(log[0].event == AccessEvent::SignIn);
    CHECK(log[1].event == AccessEvent::WrongPin);
    CHECK(log[1].agent == "1001");
    // Unknown and deactivated agents cannot sign in; callers cannot forge a sign-in entry.
    CHECK(apply(s, SignIn{"7777", kHashA}, CommandContext{nobody, now}).result.error.key == "error.signin.unknown");
    CHECK(apply(s, SignIn{"1002", kHashA}, CommandContext{nobody, now}).result.error.key == "error.signin.unknown");
    CHECK(apply(s, LogAccess{AccessEvent::SignIn, "1001", ""}, CommandContext{nobody, now}).result.error.key == "error.access.event");
    CHECK(apply(s, LogAccess{AccessEvent::Lock, "1001", "idle"}, CommandContext{{"1001", "张敏"}, now + 4000}).ok());
    CHECK(access_log(s.records, 1)[0].event == AccessEvent::Lock);
    CHECK(access_log(s.records, 1)[0].detail == "idle");
    // A crafted start parameter is logged short; a made-up 工号 is not logged at all.
    CHECK(apply(s, LogAccess{AccessEvent::BadAddress, "", "mode=" + std::string(500, 'x')}, CommandContext{nobody, now + 5000}).ok());
    CHECK(access_log(s.records, 1)[0].event == AccessEvent::BadAddress);
    CHECK(access_log(s.records, 1)[0].detail.size() == 120);
    CHECK(apply(s, LogAccess{AccessEvent::ImportRefused, "<script>", "x"}, CommandContext{nobody, now + 6000}).result.error.key ==
          "error.access.event");
}

TEST_CASE("first run: the first administrator is created and signed in by one command") {
    AppState s;
    const CommandContext setup{{"local", "一号工作台"}, 1000};
    ApplyOutcome out = apply(s, SaveAgent{{"9000", "管理员", Role::Admin, "", true, pin_with(kHashA), 0}, 0, true}, setup);
    REQUIRE(out.ok());
    CHECK(out.changes.size() == 2);  // the profile and the sign-in, journaled together
    CHECK(access_log(s.records, 1)[0].event == AccessEvent::SignIn);
    CHECK(access_log(s.records, 1)[0].agent == "9000");
    // Once there are agents, nobody else is created and signed in on the way.
    ApplyOutcome second = apply(s, SaveAgent{{"9001", "第二个", Role::Admin, "", true, pin_with(kHashA), 0}, 0, true},
                                CommandContext{{"9000", "管理员"}, 2000});
    CHECK(second.result.error.key == "error.agent.exists");
    AgentProfile none;
    CHECK_FALSE(find_agent(s.records, "9001", none));
}

TEST_CASE("leaving the kiosk is one command: an administrator's sign-in and the kiosk's end, logged together") {
    AppState s = staffed_station();
    const CommandContext kiosk{{kKioskActor, "自助终端"}, 50'000};
    // A lead is refused before any PIN is compared; nothing is written.
    CHECK(may_leave_kiosk(s, "2001", 50'000).error.key == "kiosk.exit.admin_only");
    ApplyOutcome lead = apply(s, SignIn{"2001", kHashA, true}, kiosk);
    CHECK(lead.result.error.key == "kiosk.exit.admin_only");
    CHECK(lead.changes.empty());
    // A wrong PIN is one wrong PIN, and the kiosk stays.
    CHECK(may_leave_kiosk(s, "9000", 50'000).ok);
    CHECK(apply(s, SignIn{"9000", kHashB, true}, kiosk).result.error.key == "error.signin.wrong_pin");
    CHECK(access_log(s.records, 1)[0].event == AccessEvent::WrongPin);
    // The right one: both entries in the same command.
    ApplyOutcome out = apply(s, SignIn{"9000", kHashA, true}, CommandContext{{kKioskActor, "自助终端"}, 51'000});
    REQUIRE(out.ok());
    CHECK(out.changes.size() == 2);
    const std::vector<AccessEntry> log = access_log(s.records, 2);
    CHECK(log[0].event == AccessEvent::KioskExit);
    CHECK(log[1].event == AccessEvent::SignIn);
    CHECK(log[0].agent == "9000");
    // An unknown 工号 is told the same as a lead (no hint which 工号 exist).
    CHECK(may_leave_kiosk(s, "7777", 52'000).error.key == "kiosk.exit.admin_only");
}

TEST_CASE("a masked (hand-over) export leaves out the agents' PIN hashes and the access log") {
    AppState s = staffed_station();
    REQUIRE(apply(s, SignIn{"1001", kHashA}, CommandContext{{"", ""}, 5000}).ok());
    ExportFilter masked;
    masked.mask_phones = true;
    const std::string file = export_json(s.records, masked, ExportMeta{"test", 6000, {"9000", "管理员"}});
    CHECK(file.find(kHashA) == std::string::npos);
    CHECK(file.find("\"access\"") == std::string::npos);
    const std::string full = export_json(s.records, ExportFilter{}, ExportMeta{"test", 6000, {"9000", "管理员"}});
    CHECK(full.find(kHashA) != std::string::npos);  // a backup keeps them, so agents can sign in after a restore
}
