#include "core/phrase_check.hpp"

#include <algorithm>

#include "core/json_util.hpp"
#include "core/search.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {

bool word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_latin(std::string_view folded) {
    bool letters = false;
    for (char c : folded) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
        letters |= word_byte(c);
    }
    return letters;
}

}  // namespace

std::string fold_text(std::string_view text, std::vector<uint32_t>* origin) {
    std::string out;
    out.reserve(text.size());
    if (origin) {
        origin->clear();
        origin->reserve(text.size() + 1);
    }
    size_t i = 0;
    while (i < text.size()) {
        const size_t at = i;
        uint32_t cp = fold_code_point(decode_utf8(text, i));
        if (cp == '\t' || cp == '\n' || cp == '\r') cp = ' ';
        const size_t before = out.size();
        append_utf8(out, cp);
        if (origin)
            for (size_t k = before; k < out.size(); ++k) origin->push_back(static_cast<uint32_t>(at));
    }
    if (origin) origin->push_back(static_cast<uint32_t>(text.size()));
    return out;
}

// ---- [SECTION] the automaton ----------------------------------------------------------------------
PhraseChecker::PhraseChecker(std::vector<Phrase> phrases) {
    nodes_.emplace_back();
    for (Phrase& p : phrases) {
        std::string f = fold_text(p.text);
        const size_t b = f.find_first_not_of(' '), e = f.find_last_not_of(' ');
        f = b == std::string::npos ? std::string() : f.substr(b, e - b + 1);
        if (f.empty()) {
            skipped_.push_back("empty: #" + std::to_string(phrases_.size() + skipped_.size() + 1));
            continue;
        }
        if (std::find(folded_.begin(), folded_.end(), f) != folded_.end()) {
            skipped_.push_back("repeated: " + p.text);
            continue;
        }
        const uint32_t index = static_cast<uint32_t>(phrases_.size());
        uint32_t state = 0;
        for (char ch : f) {
            const uint8_t byte = static_cast<uint8_t>(ch);
            auto& next = nodes_[state].next;
            auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(byte, uint32_t{0}));
            if (it != next.end() && it->first == byte) {
                state = it->second;
            } else {
                const uint32_t fresh = static_cast<uint32_t>(nodes_.size());
                next.insert(it, {byte, fresh});
                nodes_.emplace_back();
                state = fresh;
            }
        }
        nodes_[state].out.push_back(index);
        std::vector<std::string> ex;
        for (const std::string& x : p.exceptions) {
            const std::string fx = fold_text(x);
            if (fx.find(f) != std::string::npos) ex.push_back(fx);  // only exceptions that contain the phrase mean anything
        }
        folded_exceptions_.push_back(std::move(ex));
        latin_.push_back(is_latin(f));
        folded_.push_back(std::move(f));
        phrases_.push_back(std::move(p));
    }
    // Failure links, breadth first; each node also reports what its suffixes report.
    std::vector<uint32_t> queue;
    for (const auto& [byte, child] : nodes_[0].next) queue.push_back(child);
    for (size_t q = 0; q < queue.size(); ++q) {
        const uint32_t n = queue[q];
        for (const auto& [byte, child] : nodes_[n].next) {
            uint32_t f = nodes_[n].fail;
            uint32_t target = 0;
            for (;;) {
                const auto& next = nodes_[f].next;
                auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(byte, uint32_t{0}));
                if (it != next.end() && it->first == byte && it->second != child) {
                    target = it->second;
                    break;
                }
                if (f == 0) break;
                f = nodes_[f].fail;
            }
            nodes_[child].fail = target;
            const std::vector<uint32_t> inherited = nodes_[target].out;
            nodes_[child].out.insert(nodes_[child].out.end(), inherited.begin(), inherited.end());
            queue.push_back(child);
        }
    }
}

uint32_t PhraseChecker::step(uint32_t state, uint8_t byte) const {
    for (;;) {
        const auto& next = nodes_[state].next;
        auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(byte, uint32_t{0}));
        if (it != next.end() && it->first == byte) return it->second;
        if (state == 0) return 0;
        state = nodes_[state].fail;
    }
}

std::vector<PhraseHit> PhraseChecker::check(std::string_view text) const {
    std::vector<PhraseHit> hits;
    if (phrases_.empty() || text.empty()) return hits;
    std::vector<uint32_t> origin;
    const std::string folded = fold_text(text, &origin);
    uint32_t state = 0;
    for (size_t i = 0; i < folded.size(); ++i) {
        state = step(state, static_cast<uint8_t>(folded[i]));
        for (uint32_t p : nodes_[state].out) {
            const size_t len = folded_[p].size();
            const size_t begin = i + 1 - len, end = i + 1;
            if (latin_[p] && ((begin > 0 && word_byte(folded[begin - 1]) && word_byte(folded[begin])) ||
                              (end < folded.size() && word_byte(folded[end]) && word_byte(folded[end - 1]))))
                continue;  // inside a longer word
            bool excepted = false;
            for (const std::string& ex : folded_exceptions_[p]) {
                for (size_t at = ex.find(folded_[p]); at != std::string::npos && !excepted; at = ex.find(folded_[p], at + 1))
                    excepted = begin >= at && folded.compare(begin - at, ex.size(), ex) == 0;
                if (excepted) break;
            }
            if (excepted) continue;
            hits.push_back({origin[begin], origin[end], p});
        }
    }
    std::sort(hits.begin(), hits.end(), [](const PhraseHit& a, const PhraseHit& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end != b.end ? a.end > b.end : a.phrase < b.phrase;
    });
    return hits;
}

// ---- [SECTION] the list ------------------------------------------------------------------------------
std::vector<Phrase> default_phrases() {
    // From the seeds: 严禁使用不文明的用语；严禁相互推托责任；任何时候不能直接拒绝客户；
    // 严禁表示或暗示客户不重要; and do not promise what cannot be kept.
    return {
        {"你懂不懂", "不文明用语：质疑客户的理解能力。", "可能是我没有解释清楚，我再详细说明一下。", {}},
        {"听不懂吗", "不文明用语：质疑客户的理解能力。", "我换个方式再为您说明一下。", {}},
        {"烦死了", "不文明用语：流露不耐烦。", "请您稍等，我马上为您处理。", {}},
        {"有病", "不文明用语。", "请问还有什么可以帮到您？", {"有病历", "有病毒"}},
        {"爱买不买", "不文明用语：对客户不尊重。", "您可以再考虑一下，有任何问题随时联系我们。", {}},
        {"你自己看", "不耐烦、推给客户。", "我来帮您查一下，请稍等。", {}},
        {"早就告诉过你", "指责客户。", "我再为您确认一下相关信息。", {}},
        {"这不是我们部门的事", "相互推托责任。", "这个问题我来帮您联系相关部门，并跟进处理结果。", {}},
        {"不归我管", "相互推托责任。", "我帮您转给负责的同事，并跟进到底。", {}},
        {"那是技术部的问题", "推托给其他部门。", "我已把问题转交技术部，会在约定时间内给您答复。", {}},
        {"找别人去", "推托责任、拒绝客户。", "我来为您联系能处理的同事。", {}},
        {"不关我的事", "推托责任。", "我来帮您跟进这个问题。", {}},
        {"办不到", "直接拒绝客户。", "这个要求我需要和相关部门确认，稍后给您答复。", {}},
        {"没办法", "直接拒绝客户。", "我们一起看看还有什么其他方式可以解决。", {"没办法联系"}},
        {"不可能", "直接拒绝客户。", "我理解您的想法，我先帮您确认能否办理。", {}},
        {"不行就是不行", "直接拒绝客户。", "很抱歉这个暂时无法办理，我为您介绍其他可选的方案。", {}},
        {"我也没办法", "直接拒绝、推卸。", "我会把您的情况反馈上去，争取尽快给您答复。", {}},
        {"你等着吧", "暗示客户不重要。", "我们会在约定时间内回复您，请您留意电话。", {}},
        {"没空", "暗示客户不重要。", "请您稍等，我马上为您处理。", {}},
        {"别打了", "暗示客户不重要。", "您的问题我们已经记录，处理后会主动联系您。", {}},
        {"我保证", "承诺无法保证的事。", "我们会尽快处理，并在约定时间内给您答复。", {}},
        {"保证", "承诺无法保证的事。", "我们会尽力为您处理。", {"保证金", "保证书", "质量保证期"}},
        {"绝对没问题", "承诺无法保证的事。", "按照目前的情况，我们会尽快为您处理好。", {}},
        {"肯定能退", "在确认前承诺结果。", "我先为您提交申请，审核结果出来后第一时间通知您。", {}},
        {"百分之百", "承诺无法保证的事。", "一般情况下可以，具体以审核结果为准。", {}},
        {"随便你", "不尊重客户。", "您可以根据需要选择，我为您说明一下各自的区别。", {}},
        {"你自己的问题", "指责客户。", "我们一起来看看是哪里出了问题。", {}},
        {"投诉也没用", "贬低投诉渠道，激化矛盾。", "您的意见我们非常重视，我会如实记录并反馈。", {}},
        {"calm down", "Telling a customer to calm down escalates the conversation.", "I understand this is frustrating; let me help.", {}},
        {"not my job", "Refusing responsibility.", "Let me find the right person and follow it up for you.", {}},
        {"not my department", "Blaming another department.", "I will pass this to the team that handles it and keep you updated.", {}},
        {"that's impossible", "Refusing the customer outright.", "Let me check what we can do for you.", {}},
        {"there is nothing i can do", "Refusing the customer outright.", "Here is what I can do right now…", {}},
        {"you should have", "Blaming the customer.", "Let's look at how we can fix this now.", {}},
        {"i guarantee", "Promising what cannot be promised.", "We will do our best and update you by …", {}},
        {"100% sure", "Promising what cannot be promised.", "As far as I can see, … I will confirm it for you.", {}},
        {"whatever", "Dismissive.", "Of course — let me go through the options with you.", {}},
        {"as i already told you", "Impatient, blames the customer.", "To recap, …", {}},
    };
}

nlohmann::json phrases_to_json(const std::vector<Phrase>& phrases) {
    nlohmann::json list = nlohmann::json::array();
    for (const Phrase& p : phrases) {
        nlohmann::json item = {{"text", p.text}, {"reason", p.reason}, {"suggestion", p.suggestion}};
        if (!p.exceptions.empty()) item["exceptions"] = p.exceptions;
        list.push_back(std::move(item));
    }
    return list;
}

std::vector<Phrase> phrases_from_json(const nlohmann::json& j) {
    std::vector<Phrase> out;
    if (!j.is_array()) return out;
    for (const nlohmann::json& item : j) {
        if (!item.is_object() || !item.contains("text") || !item["text"].is_string()) continue;
        Phrase p;
        p.text = json_string(item, "text");
        p.reason = json_string(item, "reason");
        p.suggestion = json_string(item, "suggestion");
        if (auto ex = item.find("exceptions"); ex != item.end() && ex->is_array())
            for (const nlohmann::json& e : *ex)
                if (e.is_string()) p.exceptions.push_back(e.get<std::string>());
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace kefu
