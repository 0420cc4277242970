#include "core/agents.hpp"

#include <doctest/doctest.h>

#include <set>

#include "core/permissions.hpp"

using namespace kefu;

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
        {ResumeCase{}, Role::Agent}, {SetCalendar{}, Role::Admin}, {SetSlaRules{}, Role::Admin}, {LogContact{}, Role::Agent},
        {AttachContact{}, Role::Agent}, {SaveArticle{}, Role::Lead}, {SetArticleStatus{}, Role::Lead},
        {RestoreArticleVersion{}, Role::Lead}, {DeleteArticle{}, Role::Lead}, {RateArticle{}, Role::Agent},
        {UseArticleForCase{}, Role::Agent}, {DraftArticleFromCase{}, Role::Agent}, {SaveTemplate{shared, 0}, Role::Lead},
        {DeleteTemplate{"tpl-shared", 0}, Role::Lead}, {RestoreTemplateVersion{"tpl-shared", 0, 0}, Role::Lead}, {UseTemplate{}, Role::Agent},
        {SetTemplateFavourite{}, Role::Agent}, {SaveScript{}, Role::Lead}, {DeleteScript{}, Role::Lead}, {StartScriptRun{}, Role::Agent},
        {MarkScriptStep{}, Role::Agent}, {FinishScriptRun{}, Role::Agent}, {SetPhrases{}, Role::Admin}, {SaveSurvey{}, Role::Lead},
        {DeleteSurvey{}, Role::Lead}, {SubmitResponse{}, Role::Agent}, {RecordCallback{}, Role::Agent}, {SetCallbackRules{}, Role::Admin},
        {SaveWorkLog{}, Role::Agent},
    };
    std::set<size_t> seen;
    for (const auto& entry : table) {  // (no structured binding: doctest's macros capture)
        const size_t index = entry.first.index();
        CAPTURE(index);
        CHECK(required_role(s, entry.first, me) == entry.second);
        seen.insert(index);
    }
    CHECK(seen.size() == std::variant_size_v<Command>);

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
