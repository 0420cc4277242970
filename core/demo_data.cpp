#include "core/demo_data.hpp"

#include <string>
#include <vector>

#include "core/case_commands.hpp"

namespace kefu {

namespace {

// splitmix64: small, fast, and the same sequence on every platform for a seed.
struct Rng {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T, size_t N>
    const T& pick(const T (&items)[N]) { return items[below(static_cast<int>(N))]; }
};

constexpr int64_t kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;

// PBKDF2-SHA256 × kPinIterations of kDemoPin with the salt 00 01 … 0f, computed once with
// Python's hashlib.pbkdf2_hmac (the demo is public; real PINs get a random salt).
const PinHash kDemoPinHash{kPinAlgorithm, kPinIterations, "AAECAwQFBgcICQoLDA0ODw==", "mLL/K0nBopFhDgJfIIKq/CUreGuNHFwqCZISfrvprKs="};

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
const char* const kGiven[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"};

struct Topic {
    CaseCategory category;
    CaseKind kind;
    const char* description;
    const char* answer;
};
const Topic kTopics[] = {
    {CaseCategory::Service, CaseKind::Consultation, "咨询会员积分怎么兑换礼品。", "已告知客户在 App“我的-积分商城”兑换，积分有效期一年。"},
    {CaseCategory::Service, CaseKind::Consultation, "询问发票如何开具，需要增值税专用发票。", "已说明在订单详情页申请开票，专票需补充单位税号和开户行。"},
    {CaseCategory::Sales, CaseKind::Consultation, "想了解企业版套餐的价格和优惠。", "已介绍企业版报价，并记录客户邮箱，稍后由销售发送资料。"},
    {CaseCategory::Sales, CaseKind::OrderProblem, "订单已付款三天仍未发货，希望尽快处理。", "已核实仓库缺货，告知预计明天发出并致歉。"},
    {CaseCategory::Technical, CaseKind::Fault, "App 登录时一直提示“网络异常”，换了网络也不行。", "已指导客户清除缓存并升级到最新版本，问题解决。"},
    {CaseCategory::Technical, CaseKind::Fault, "扫码枪连接收银软件后无法识别条码。", "已远程协助重新安装驱动，设备恢复正常。"},
    {CaseCategory::Technical, CaseKind::Fault, "路由器每天晚上频繁掉线。", "已建议恢复出厂设置并更换信道，客户稍后反馈。"},
    {CaseCategory::Service, CaseKind::Complaint, "投诉快递员态度恶劣，包裹被放在门口没有通知。", "已向客户致歉，记录投诉并转服务部门核实。"},
    {CaseCategory::Service, CaseKind::Complaint, "多次来电未解决退款问题，非常不满。", "已安抚客户情绪，加急转服务部门处理退款。"},
    {CaseCategory::Sales, CaseKind::Complaint, "销售承诺的赠品没有收到。", "已核实订单，转销售部门补发赠品。"},
    {CaseCategory::Other, CaseKind::Suggestion, "建议增加夜间在线客服。", "已感谢客户建议，记录并反馈给相关部门。"},
    {CaseCategory::Technical, CaseKind::Consultation, "咨询如何把旧手机的数据迁移到新手机。", "已发送操作指引短信，客户确认收到。"},
};

struct DemoAgent {
    const char* id;
    const char* name;
    Role role;
    const char* team;
};
const DemoAgent kAgents[] = {
    {"D900", "演示管理员", Role::Admin, ""}, {"D200", "赵组长", Role::Lead, "一组"}, {"D101", "张敏", Role::Agent, "一组"},
    {"D102", "李强", Role::Agent, "一组"},   {"D103", "王芳", Role::Agent, "二组"},  {"D104", "刘洋", Role::Agent, "二组"},
    {"D105", "陈静", Role::Agent, "二组"},   {"D106", "杨磊", Role::Agent, "一组"},
};

Department department_for(CaseCategory c) {
    switch (c) {
        case CaseCategory::Technical: return Department::Technical;
        case CaseCategory::Sales: return Department::Sales;
        case CaseCategory::Service: return Department::Service;
        default: return Department::Product;
    }
}

// Runs one command as `who` at `at`; the first refusal ends the generation.
struct Runner {
    AppState& s;
    ApplyResult failed = ApplyResult::success();
    bool run(const Command& c, const Actor& who, int64_t at) {
        if (!failed.ok) return false;
        ApplyOutcome out = apply(s, c, CommandContext{who, at});
        if (!out.ok()) failed = out.result;
        return out.ok();
    }
    uint64_t rev(const std::string& id) const {
        const CaseRow* r = s.cases.find(id);
        return r ? r->rev : 0;
    }
};

}  // namespace

const PinHash& demo_pin_hash() { return kDemoPinHash; }

ApplyResult generate_demo(AppState& state, const DemoOptions& o) {
    Rng rng{o.seed};
    Runner run{state};
    const Actor setup{"local", "演示工作台"};
    std::vector<Actor> agents;
    Actor admin, lead;
    for (const DemoAgent& a : kAgents) {  // the administrator first, who then adds the others
        run.run(SaveAgent{AgentProfile{a.id, a.name, a.role, a.team, true, kDemoPinHash, 0}, 0}, admin.agent_id.empty() ? setup : admin,
                o.now_ms - o.days * kDay - kDay);
        const Actor who{a.id, a.name};
        if (a.role == Role::Agent) agents.push_back(who);
        if (a.role == Role::Admin) admin = who;
        if (a.role == Role::Lead) lead = who;
    }
    const int64_t t0 = o.now_ms - o.days * kDay - kDay + kHour;
    run.run(SetStationName{"演示工作台"}, admin, t0);
    run.run(SetCompanyName{"示例科技有限公司"}, admin, t0);
    run.run(SetPhoneMasking{true}, admin, t0);  // visitors look at this screen

    Survey survey;
    const bool have_survey = survey_for_language(state, "zh-CN", survey);
    const int utc_offset = state.calendar.utc_offset_minutes;
    for (int i = 0; i < o.cases && run.failed.ok; ++i) {
        // A working moment: a day back (recent days busier), 09:00–17:30 local time.
        const int back = rng.below(o.days + 1) * rng.below(o.days + 1) / std::max(1, o.days);
        const int64_t local_midnight = ((o.now_ms + utc_offset * kMinute) / kDay - back) * kDay - utc_offset * kMinute;
        int64_t at = local_midnight + 9 * kHour + rng.below(510) * kMinute;
        if (at > o.now_ms - 30 * kMinute) at = o.now_ms - (30 + rng.below(120)) * kMinute;
        const Actor& who = agents[static_cast<size_t>(rng.below(static_cast<int>(agents.size())))];
        const Topic& topic = rng.pick(kTopics);
        CreateCase c;
        c.id = "demo-" + std::to_string(i);
        c.category = topic.category;
        c.kind = topic.kind;
        c.channel = rng.chance(75) ? CaseChannel::InboundCall : rng.chance(50) ? CaseChannel::Online : CaseChannel::Email;
        c.priority = topic.kind == CaseKind::Complaint && rng.chance(20) ? CasePriority::MajorComplaint : CasePriority::Normal;
        c.customer.name = std::string(rng.pick(kSurnames)) + rng.pick(kGiven);
        c.customer.salutation = rng.chance(50) ? "先生" : "女士";
        c.customer.mobile = "1" + std::to_string(3 + rng.below(6)) + std::to_string(100000000 + rng.below(900000000));
        c.description = topic.description;
        c.acceptance = "已核实客户身份并记录问题。";
        if (!run.run(c, who, at)) break;
        // How far the case got: older cases further along; a few stay open at every stage.
        int stage = back == 0 ? rng.below(3) : back < 3 ? rng.below(6) : 3 + rng.below(4);
        at += (3 + rng.below(8)) * kMinute;
        // Nothing happens in the demo's future: a case whose next step would come later stays where it is.
        auto later = [&](int64_t step) {
            at += step;
            return at > o.now_ms - kMinute;
        };
        const bool forward = topic.kind == CaseKind::Complaint || topic.kind == CaseKind::OrderProblem || (topic.kind == CaseKind::Fault && rng.chance(40));
        if (stage == 0 || at > o.now_ms - kMinute) continue;  // just recorded
        if (!forward) {
            run.run(AnswerCase{c.id, run.rev(c.id), topic.answer}, who, at);
        } else {
            run.run(ForwardCase{c.id, run.rev(c.id), department_for(topic.category), "", "部门值班"}, who, at);
            if (stage <= 1 || later((1 + rng.below(20)) * kHour)) continue;
            run.run(RecordSolution{c.id, run.rev(c.id), topic.answer, "部门值班"}, who, at);
            if (stage <= 2 || later((1 + rng.below(5)) * kHour)) continue;
            run.run(ReplyToCustomer{c.id, run.rev(c.id), "已电话告知客户处理结果，客户表示认可。"}, who, at);
        }
        if (stage <= 3 || later(kHour)) continue;
        if (rng.chance(60)) run.run(ReviewCase{c.id, run.rev(c.id), "处理及时，记录完整。"}, lead, at);
        if (stage <= 4 || later(kHour)) continue;
        run.run(CloseCase{c.id, run.rev(c.id)}, who, at);
        // Most closed cases are called back; most reached customers answer the survey.
        if (!have_survey || !rng.chance(70) || at + kDay > o.now_ms) continue;
        at += kDay;
        const std::string cb_id = "demo-cb-" + std::to_string(i);
        if (rng.chance(15)) {
            run.run(RecordCallback{cb_id, c.id, 0, CallbackOutcome::Unreachable, "无人接听", "", c.customer.name, c.customer.mobile, "", ""}, who, at);
            continue;
        }
        SurveyResponse r;
        r.id = "demo-r-" + std::to_string(i);
        r.survey_id = survey.id;
        r.version = survey.version;
        r.case_id = c.id;
        r.customer = c.customer.name;
        r.agent = who;
        r.channel = SurveyChannel::Callback;
        r.category = topic.category;
        r.department = forward ? department_for(topic.category) : Department::None;
        r.at_ms = at;
        r.complete = true;
        const int mood = topic.kind == CaseKind::Complaint ? 2 + rng.below(4) : 4 + rng.below(2);
        for (const SurveyQuestion& q : survey.questions) {
            SurveyAnswer a;
            a.question = q.id;
            a.kind = q.kind;
            if (q.kind == QuestionKind::Rating) a.value = std::min(5, std::max(1, mood + (rng.chance(20) ? -1 : 0)));
            else if (q.kind == QuestionKind::YesNo) a.value = mood >= 3 ? 1 : 0;
            else if (q.kind == QuestionKind::Nps) a.value = std::min(10, mood * 2);
            else if (q.kind == QuestionKind::Single && !q.options.empty()) a.value = 0;
            r.answers.push_back(std::move(a));
        }
        if (run.run(SubmitResponse{r}, who, at))
            run.run(RecordCallback{cb_id, c.id, 0, CallbackOutcome::Done, "", "", c.customer.name, c.customer.mobile, "客户对处理结果表示满意。", r.id}, who, at);
    }
    return run.failed;
}

}  // namespace kefu
