// kefu_rules: the team database's rule table, printed from core/ (issue "Team security").
//
//   kefu_rules table   core/write_rules as JSON: scripts/team_server.py puts it into the
//                      design document's validate_doc_update (deploy/validate_doc_update.js)
//   kefu_rules cases   commands of every family run as agents, a lead and the administrator
//                      through the domains' apply_family(); each change written as the document
//                      the push would send, with permitted()'s answer for that actor. The e2e
//                      test tests/e2e/rules.test.mjs runs them through the design document:
//                      the server must say what apply() says.
//
// Links core/ alone. No clock: every command runs at a stated time.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/app_state.hpp"
#include "core/civil_date.hpp"
#include "core/permissions.hpp"
#include "core/team_doc.hpp"
#include "core/write_rules.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

constexpr int64_t kT0 = 1'796'000'000'000;  // 2026-11-29, a stated time
const PinHash kPin{kPinAlgorithm, kPinIterations, "AAECAwQFBgcICQoLDA0ODw==", "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="};

const Actor kAdmin{"9000", "王管理"}, kLead{"2001", "赵组长"}, kAgent{"1001", "张敏"}, kOther{"1002", "李强"};

struct Cases {
    AppState s;
    int64_t now = kT0;
    json out = json::array();

    void must(const Command& c, const Actor& by) {
        now += 60'000;
        const ApplyOutcome o = apply(s, c, {by, now});
        if (!o.ok()) {
            std::cerr << "kefu_rules: setting up, " << command_name(c) << " by " << by.agent_id << " failed: " << o.result.error.key << "\n";
            std::exit(2);
        }
    }

    static json doc_of(const AppState& st, const std::string& type, const std::string& id) {
        const Record* r = st.records.find_any(type, id);
        if (!r) return nullptr;
        return to_team_doc(*r, st.records.history(type, id), "");
    }

    // Runs `c` as each of `actors` on a copy of the state (the domain's own apply, so that a
    // refused actor's change is written too: what a hostile station would send), notes
    // permitted()'s answer, then runs it for real as `keep` (the state goes on from there;
    // none: the state stays as it was).
    void probe(const std::string& label, const Command& c, std::initializer_list<Actor> actors, std::optional<Actor> keep) {
        now += 60'000;
        for (const Actor& a : actors) {
            AppState copy = s;
            const CommandContext ctx{a, now};
            const ApplyOutcome o = std::visit([&](const auto& family) { return apply_family(copy, family, ctx); }, c);
            if (!o.ok()) continue;  // not a role question (this actor's command is wrong in itself)
            json docs = json::array();
            std::set<std::pair<std::string, std::string>> seen;
            for (const Change& ch : o.changes) {
                if (!team_replicates(ch.type) || !seen.insert({ch.type, ch.id}).second) continue;
                docs.push_back({{"old", doc_of(s, ch.type, ch.id)}, {"new", doc_of(copy, ch.type, ch.id)}});
            }
            if (docs.empty()) continue;
            const AgentProfile* p = nullptr;
            for (const AgentProfile& ag : s.agents)
                if (ag.id == a.agent_id) p = &ag;
            out.push_back({{"label", label},
                           {"command", command_name(c)},
                           {"agent", a.agent_id},
                           {"role", a.agent_id == kKioskActor ? "kiosk" : p ? name_of(p->role) : "agent"},
                           {"allowed", permitted(s, c, a).ok},
                           {"docs", docs}});
        }
        if (keep) must(c, *keep);
    }
};

json build_cases() {
    Cases k;
    k.must(SaveAgent{{kAdmin.agent_id, kAdmin.name, Role::Admin, "", true, kPin, 0}, 0}, kAdmin);
    k.must(SaveAgent{{kLead.agent_id, kLead.name, Role::Lead, "一组", true, kPin, 0}, 0}, kAdmin);
    k.must(SaveAgent{{kAgent.agent_id, kAgent.name, Role::Agent, "一组", true, kPin, 0}, 0}, kAdmin);
    k.must(SaveAgent{{kOther.agent_id, kOther.name, Role::Agent, "二组", true, kPin, 0}, 0}, kAdmin);
    const auto everyone = {kAgent, kLead, kAdmin};

    // A case through the seeds' procedure; the review is a lead's.
    CreateCase create;
    create.id = "c-rules-1";
    create.customer = {"王丽", "女士", "13812341234", "", "朝阳区", "北京市朝阳区建国路 88 号", "星辰科技"};
    create.description = "客户反映 App 登录时提示“密码错误”。";
    k.probe("a new case", create, everyone, kAgent);
    auto rev = [&](const char* type, const std::string& id) { return k.s.records.find(type, id)->rev; };
    Case edited = case_from_record(*k.s.records.find(kCaseType, "c-rules-1"));
    edited.customer.company = "星辰科技有限公司";
    k.probe("a case's form saved", EditCase{"c-rules-1", rev(kCaseType, "c-rules-1"), edited}, everyone, kAgent);
    k.probe("a case forwarded", ForwardCase{"c-rules-1", rev(kCaseType, "c-rules-1"), Department::Technical, "", "技术部 刘工"}, everyone, kAgent);
    k.probe("the department's solution", RecordSolution{"c-rules-1", rev(kCaseType, "c-rules-1"), "重置密码后可正常登录。", "刘工"}, everyone, kAgent);
    k.probe("the reply to the customer", ReplyToCustomer{"c-rules-1", rev(kCaseType, "c-rules-1"), "已电话告知客户，问题解决。"}, everyone, kAgent);
    k.probe("the review (审核)", ReviewCase{"c-rules-1", rev(kCaseType, "c-rules-1"), "处理及时。"}, everyone, kLead);
    k.probe("a reviewed case closed", CloseCase{"c-rules-1", rev(kCaseType, "c-rules-1")}, everyone, kAgent);
    LogContact call;
    call.id = "k-rules-1";
    call.started_ms = k.now;
    call.ended_ms = k.now + 120'000;
    call.phone = "13812341234";
    call.question = "询问退款进度";
    k.probe("a call logged", call, everyone, kAgent);

    // Configuration: the administrator's.
    k.probe("the working calendar", SetCalendar{k.s.calendar}, everyone, kAdmin);
    CallbackRules cb = k.s.callback_rules;
    cb.max_attempts = 4;
    k.probe("the callback rules", SetCallbackRules{cb}, everyone, kAdmin);
    k.probe("the phrase list", SetPhrases{{Phrase{"不知道", "推诿", "我帮您查一下", {}}}}, everyone, kAdmin);

    // Agents: the administrator's; one's own name and PIN are one's own.
    AgentProfile me;
    for (const AgentProfile& a : k.s.agents)
        if (a.id == kAgent.agent_id) me = a;
    AgentProfile renamed = me;
    renamed.name = "张敏敏";
    k.probe("an agent's own name", SaveAgent{renamed, me.rev}, {kAgent, kOther, kLead, kAdmin}, kAgent);
    AgentProfile raised = renamed;
    raised.role = Role::Admin;
    raised.rev = renamed.rev + 1;
    k.probe("an agent's role raised", SaveAgent{raised, raised.rev}, {kAgent, kLead, kAdmin}, std::nullopt);
    AgentProfile fresh{"1003", "孙丽", Role::Agent, "二组", true, kPin, 0};
    k.probe("a new agent", SaveAgent{fresh, 0}, everyone, kAdmin);

    // What the team shares: a lead's; a personal template is its owner's.
    ReplyTemplate shared;
    shared.id = "tpl-rules-shared";
    shared.title = "问候";
    shared.body = "您好，很高兴为您服务。";
    k.probe("a shared template", SaveTemplate{shared, 0}, everyone, kLead);
    ReplyTemplate mine;
    mine.id = "tpl-rules-mine";
    mine.title = "我的开场白";
    mine.body = "您好，我是{agent.name}。";
    mine.personal = true;
    mine.owner = kAgent.agent_id;
    k.probe("a personal template", SaveTemplate{mine, 0}, {kAgent, kLead, kAdmin}, kAgent);
    mine.body = "您好，我是{agent.name}，工号{agent.id}。";
    k.probe("a personal template edited", SaveTemplate{mine, rev(kTemplateType, mine.id)}, {kAgent, kOther, kLead}, kAgent);
    k.probe("a template used", UseTemplate{shared.id}, everyone, kAgent);
    k.probe("a personal template deleted", DeleteTemplate{mine.id, rev(kTemplateType, mine.id)}, {kAgent, kOther, kLead}, kAgent);
    k.probe("a shared template deleted", DeleteTemplate{shared.id, rev(kTemplateType, shared.id)}, everyone, kLead);

    Article art;
    art.id = "a-rules-1";
    art.question = "忘记密码怎么办？";
    art.answer = "在登录页点击“忘记密码”，按短信验证码重置。";
    art.category = "账号/登录";
    art.status = ArticleStatus::Published;
    k.probe("a published article", SaveArticle{art, 0}, everyone, kLead);
    k.probe("an article rated", RateArticle{art.id, true}, everyone, kAgent);
    k.probe("a draft from a case", DraftArticleFromCase{"c-rules-1", "a-rules-2"}, everyone, kAgent);
    k.probe("an article deleted", DeleteArticle{art.id, rev(kArticleType, art.id)}, everyone, kLead);

    k.probe("a work log", SaveWorkLog{kAgent.agent_id, days_from_civil({2026, 11, 29}), 0, "今日接听 32 通。"}, everyone, kAgent);
    k.probe("signing out, logged", LogAccess{AccessEvent::SignOut, kAgent.agent_id, ""}, everyone, kAgent);

    // The kiosk (its drop-box's account, and the server's relay of it): a request from its
    // 留言反馈 screen and a survey answer, nothing else, and never a change.
    const Actor kiosk{kKioskActor, "自助终端"};
    CreateCase request;
    request.id = "c-rules-kiosk";
    request.channel = CaseChannel::Kiosk;
    request.customer = {"陈先生", "先生", "13912345678", "", "", "", ""};
    request.description = "留言：想咨询发票重开的流程，请回电。";
    k.probe("a request left at the kiosk", request, {kiosk, kAgent}, kiosk);
    CreateCase phoned = create;
    phoned.id = "c-rules-kiosk-call";
    k.probe("a phone case written by the kiosk", phoned, {kiosk}, std::nullopt);
    Case answered = case_from_record(*k.s.records.find(kCaseType, "c-rules-kiosk"));
    answered.customer.company = "宏达贸易";
    k.probe("the kiosk's request changed", EditCase{"c-rules-kiosk", rev(kCaseType, "c-rules-kiosk"), answered}, {kiosk, kAgent}, std::nullopt);
    Survey survey;
    survey.id = "s-rules-kiosk";
    survey.title = "服务满意度";
    survey.questions = {{"overall", QuestionKind::Rating, "您对本次服务满意吗？", "", true, {}}};
    k.probe("a survey", SaveSurvey{survey, 0}, everyone, kLead);
    SurveyResponse answer;
    answer.id = "r-rules-kiosk";
    answer.survey_id = survey.id;
    answer.version = rev(kSurveyType, survey.id);
    answer.channel = SurveyChannel::Kiosk;
    answer.complete = true;
    answer.answers = {{"overall", QuestionKind::Rating, 5, 0, ""}};
    k.probe("a survey answered at the kiosk", SubmitResponse{answer}, {kiosk, kAgent}, kiosk);
    Article note = art;
    note.id = "a-rules-kiosk";
    k.probe("an article written by the kiosk", SaveArticle{note, 0}, {kiosk}, std::nullopt);
    return k.out;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "table") {
        std::cout << write_rules_json().dump(2) << "\n";
        return 0;
    }
    if (mode == "cases") {
        std::cout << build_cases().dump() << "\n";
        return 0;
    }
    std::cerr << "usage: kefu_rules table|cases\n";
    return 2;
}
