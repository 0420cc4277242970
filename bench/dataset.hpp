// Deterministic synthetic records for the storage benchmarks: cases of about 1 KB of mixed
// Chinese/English text and FAQ articles, generated from a seed (same seed, same data).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

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
inline const char* const kStatuses[] = {"recorded", "forwarded", "solution_returned", "replied", "closed", "reviewed"};
inline const char* const kCategories[] = {"technical", "service", "sales", "other"};
inline const char* const kKinds[] = {"consultation", "complaint", "fault", "order_problem", "suggestion"};

inline std::string case_id(size_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "KF-2026%04zu-%04zu", 101 + (i / 9000) % 1200, i % 10000);
    return buf + std::string("-") + std::to_string(i);
}

inline nlohmann::json make_case(Rng& r, size_t i) {
    const std::string name = std::string(r.pick(kSurnames)) + r.pick(kGiven) + (r.below(2) ? r.pick(kGiven) : "");
    char mobile[16];
    std::snprintf(mobile, sizeof mobile, "13%09llu", static_cast<unsigned long long>(r.next() % 1000000000ull));
    return {
        {"form_no", case_id(i)},
        {"category", r.pick(kCategories)},
        {"kind", r.pick(kKinds)},
        {"channel", r.below(3) ? "inbound_call" : "online"},
        {"status", r.pick(kStatuses)},
        {"priority", r.below(20) ? "normal" : "major_complaint"},
        {"customer", {{"name", name}, {"salutation", r.below(2) ? "先生" : "女士"}, {"mobile", mobile},
                      {"district", r.pick(kDistricts)}, {"company", r.pick(kCompanies)},
                      {"address", std::string(r.pick(kDistricts)) + "建国路 " + std::to_string(r.below(300)) + " 号"}}},
        {"description", r.pick(kProblems)},
        {"acceptance", r.pick(kRecords)},
        {"solution", r.pick(kSolutions)},
        {"result", "已回复客户，客户接受处理结果。 Customer accepted the result."},
        {"department", r.pick(kCategories)},
    };
}

inline nlohmann::json make_faq(Rng& r, size_t i) {
    return {{"question", std::string(r.pick(kProblems)) + " #" + std::to_string(i)},
            {"answer", std::string(r.pick(kSolutions)) + "\n\n" + r.pick(kRecords)},
            {"category", r.pick(kCategories)},
            {"status", "published"},
            {"tags", {"登录", "订单", "invoice"}}};
}

}  // namespace kefu::bench
