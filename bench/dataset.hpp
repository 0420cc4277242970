// Deterministic synthetic records for the storage benchmarks: cases of about 1 KB of mixed
// Chinese/English text and FAQ articles, generated from a seed (same seed, same data).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/case.hpp"
#include "core/civil_date.hpp"

namespace kefu::bench {

class Rng {
public:
    explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 1) {}
    uint64_t next() {
        s_ ^= s_ << 13;
        s_ ^= s_ >> 7;
        s_ ^= s_ << 17;
        return s_;
    }
    size_t below(size_t n) { return static_cast<size_t>(next() % n); }
    template <size_t N>
    const char* pick(const char* const (&items)[N]) { return items[below(N)]; }

private:
    uint64_t s_;
};

inline const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
inline const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"};
inline const char* const kDistricts[] = {"朝阳区", "海淀区", "浦东新区", "天河区", "南山区", "武侯区", "西湖区", "鼓楼区"};
inline const char* const kCompanies[] = {"北京星辰科技有限公司", "上海云帆贸易有限公司", "Acme Trading Ltd.", "广州南方电子有限公司", ""};
inline const char* const kProblems[] = {
    "客户反映 App 登录时提示“密码错误”，但已确认密码正确，重置密码后仍然无法登录。",
    "订单已付款三天仍未发货，客户要求尽快发货并说明原因，否则申请退款。",
    "The customer reports that the invoice PDF cannot be downloaded from the order page; the link returns an error.",
    "客户收到的商品外包装破损，内部配件缺少一个电源适配器，要求补发。",
    "宽带在晚上八点到十一点之间频繁掉线，已重启路由器，问题依旧。",
    "The refund for order 2026-1187 was approved but has not reached the customer's bank card after 10 days.",
    "客户投诉上门安装人员迟到两个小时且态度不好，要求道歉并给予补偿。",
    "客户咨询会员积分的有效期以及积分能否兑换运费券。",
};
inline const char* const kRecords[] = {
    "已核实客户身份，告知客户我们会在 2 个工作小时内转交技术部处理，并在 3 天内回复。",
    "Checked the order history; the payment is confirmed. Forwarded to the sales department with priority.",
    "已向客户致歉，记录详细情况，承诺 24 小时内给出处理意见。",
    "客户同意等待处理结果，留下方便联系的时间：工作日 9:00-18:00。",
};
inline const char* const kSolutions[] = {
    "技术部确认为账号锁定导致，已解除锁定并指导客户修改密码，客户确认可以正常登录。",
    "仓库补发缺少的配件，快递单号已短信通知客户，预计两天内送达。",
    "Finance re-issued the refund; the bank confirmed it will arrive within 3 working days.",
    "安装服务商已对相关人员进行批评教育，向客户赠送 50 元代金券，客户表示满意。",
};
inline const char* const kCategories[] = {"technical", "service", "sales", "other"};

inline std::string case_id(size_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "KF-2026%04zu-%04zu", 101 + (i / 9000) % 1200, i % 10000);
    return buf + std::string("-") + std::to_string(i);
}

inline const char* const kHandlers[] = {"李工", "王工", "周经理", "陈主管", "Alex Chen", "赵敏"};
inline const char* const kAgents[][2] = {{"1001", "张敏"}, {"1002", "李强"}, {"1003", "王芳"}, {"1004", "刘洋"}, {"1005", "陈静"}};

// A case as the app writes it (core/case.hpp), its status, events and signed sections
// consistent with each other. Case i is created on day i / kCasesPerDay before `end_ms`
// (about 250 a day: 100,000 cases span 400 days), so old cases are mostly closed and the
// newest are still open, as at a real desk.
constexpr size_t kCasesPerDay = 250;

inline kefu::Case make_case_struct(Rng& r, size_t i, size_t total, int64_t end_ms) {
    using namespace kefu;
    Case c;
    c.id = case_id(i);
    const size_t age_days = (total - 1 - i) / kCasesPerDay;
    const int64_t created = end_ms - static_cast<int64_t>(age_days) * kMsPerDay - static_cast<int64_t>(r.below(9 * 3600)) * 1000;
    const int64_t local_day = (created + 8 * kMsPerHour) / kMsPerDay;
    c.form_no = format_form_no(local_day, static_cast<int>(i % kCasesPerDay) + 1);
    c.category = static_cast<CaseCategory>(r.below(static_cast<size_t>(CaseCategory::Count)));
    c.kind = static_cast<CaseKind>(r.below(static_cast<size_t>(CaseKind::Count)));
    c.channel = r.below(4) ? CaseChannel::InboundCall : static_cast<CaseChannel>(r.below(static_cast<size_t>(CaseChannel::Count)));
    c.priority = c.kind == CaseKind::Complaint && r.below(10) == 0 ? CasePriority::MajorComplaint
                 : r.below(15) == 0                              ? CasePriority::Urgent
                                                                 : CasePriority::Normal;
    std::string name = r.pick(kSurnames);
    name += r.pick(kGiven);
    if (r.below(2)) name += r.pick(kGiven);
    char mobile[16];
    std::snprintf(mobile, sizeof mobile, "13%09llu", static_cast<unsigned long long>(r.next() % 1000000000ull));
    // One draw per statement: the order of operands of + is unspecified, and native and
    // wasm builds must generate the same data.
    const char* salutation = r.below(2) ? "先生" : "女士";
    const std::string telephone = r.below(4) ? "" : "010-6234" + std::to_string(1000 + r.below(9000));
    const char* district = r.pick(kDistricts);
    const char* street_district = r.pick(kDistricts);
    const std::string street_no = std::to_string(r.below(300));
    const char* company = r.pick(kCompanies);
    c.customer = {name, salutation, mobile, telephone, district, std::string(street_district) + "建国路 " + street_no + " 号", company};
    if (c.kind == CaseKind::OrderProblem) c.order_no = "DD" + std::to_string(20260000000ull + i);
    const auto& agent = kAgents[r.below(5)];
    const Actor by{agent[0], agent[1]};
    c.description = {r.pick(kProblems), by, created};
    c.events[static_cast<size_t>(CaseEvent::Opened)] = created;
    // Older cases have gone further; the newest few hundred are spread over every stage.
    const size_t stage = age_days > 14 ? 4 + r.below(2) : r.below(6);
    int64_t t = created + 600'000;
    auto step = [&](int64_t typical_ms) { t += typical_ms / 2 + static_cast<int64_t>(r.below(static_cast<size_t>(typical_ms))); return t; };
    if (stage == 0) {
        c.status = CaseStatus::Recorded;
    } else if (stage == 1 && c.kind == CaseKind::Consultation) {
        c.status = CaseStatus::Answered;
        c.result = {r.pick(kSolutions), by, step(600'000)};
        c.events[static_cast<size_t>(CaseEvent::Answered)] = t;
    } else {
        c.acceptance = {r.pick(kRecords), by, step(300'000)};
        c.events[static_cast<size_t>(CaseEvent::Accepted)] = t;
        c.department = static_cast<Department>(1 + r.below(4));
        c.handler = r.pick(kHandlers);
        c.events[static_cast<size_t>(CaseEvent::Forwarded)] = step(2 * kMsPerHour);
        c.status = CaseStatus::Forwarded;
        if (stage >= 2) {
            c.solution = {r.pick(kSolutions), Actor{"", c.handler}, step(kMsPerDay)};
            c.events[static_cast<size_t>(CaseEvent::SolutionReturned)] = t;
            c.status = CaseStatus::SolutionReturned;
        }
        if (stage >= 3) {
            c.result = {"已回复客户，客户接受处理结果。 Customer accepted the result.", by, step(4 * kMsPerHour)};
            c.events[static_cast<size_t>(CaseEvent::Replied)] = t;
            c.status = CaseStatus::Replied;
        }
    }
    if (stage >= 4 && c.status != CaseStatus::Recorded) {
        c.review = {"处理及时，记录完整。", Actor{"2001", "赵组长"}, step(kMsPerDay)};
        c.status = CaseStatus::Reviewed;
    }
    if (stage >= 5 && c.status == CaseStatus::Reviewed) {
        c.events[static_cast<size_t>(CaseEvent::Closed)] = step(kMsPerHour);
        c.status = CaseStatus::Closed;
    }
    if (c.status != CaseStatus::Closed && r.below(20) == 0) c.pauses.emplace_back(created + kMsPerHour, r.below(2) ? 0 : created + 5 * kMsPerHour);
    return c;
}

inline nlohmann::json make_case(Rng& r, size_t i, size_t total = 100000, int64_t end_ms = 1'795'000'000'000) {
    return kefu::case_to_data(make_case_struct(r, i, total, end_ms));
}

inline nlohmann::json make_faq(Rng& r, size_t i) {
    const std::string question = std::string(r.pick(kProblems)) + " #" + std::to_string(i);
    std::string answer = r.pick(kSolutions);
    answer += "\n\n";
    answer += r.pick(kRecords);
    return {{"question", question},
            {"answer", answer},
            {"category", r.pick(kCategories)},
            {"status", "published"},
            {"tags", {"登录", "订单", "invoice"}}};
}

}  // namespace kefu::bench
