#include "core/search.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

using namespace kefu;

namespace {

SearchDoc doc(const std::string& id, const std::string& title, const std::string& body, const std::string& synonyms = "",
              const std::string& tags = "", const std::string& category = "", uint8_t status = 1, const std::string& lang = "zh-CN") {
    SearchDoc d;
    d.id = id;
    d.text = {title, synonyms, tags, body};
    d.category = category;
    d.status = status;
    d.language = lang;
    return d;
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) out.push_back(h.id);
    return out;
}

std::vector<std::string> terms(std::string_view text) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(text)) out.push_back(t.term);
    return out;
}

std::string cut(std::string_view text, TextRange r) { return std::string(text.substr(r.begin, r.end - r.begin)); }

SearchIndex sample() {
    SearchIndex ix;
    ix.put(doc("refund", "退款多久能到账？", "退款审核通过后，一般 3 个工作日内原路退回到您的支付账户。", "钱什么时候退回", "退款 售后",
               "订单与售后/退款"));
    ix.put(doc("password", "忘记登录密码怎么办？", "在登录页点击“忘记密码”，用注册手机号接收验证码后设置新密码。", "找回密码 重置密码",
               "账户", "账户与登录/密码"));
    ix.put(doc("account", "如何修改绑定的手机号？", "进入“我的-账号与安全”，验证原手机号后即可更换绑定。", "换手机号 账号换绑", "账户",
               "账户与登录"));
    ix.put(doc("invoice", "怎样申请电子发票？", "订单完成后在订单详情页点击“申请发票”，电子发票会发送到您的邮箱。", "开发票 开票", "发票",
               "发票"));
    ix.put(doc("delivery", "订单一直没有发货怎么办？", "普通商品在付款后 48 小时内发货；如超时未发货，可联系客服催促。", "催发货", "物流",
               "订单与售后/物流"));
    ix.put(doc("refund-en", "How long does a refund take?", "Once approved, refunds reach your original payment account within 3 working days.",
               "money back, reimbursement", "refund", "订单与售后/退款", 1, "en"));
    ix.put(doc("invoice-en", "How do I request an invoice?", "Open the order details page and choose Request invoice; the PDF is emailed to you.",
               "receipt, tax invoice", "invoice", "发票", 1, "en"));
    ix.put(doc("draft", "退款到账规则（草稿）", "内部草稿，尚未发布。", "", "", "订单与售后/退款", 0));
    return ix;
}

}  // namespace

TEST_CASE("tokens: Han characters and pairs, folded Latin words, with their places in the original text") {
    const std::string text = "退款ABC １２３帳號！refund";
    const std::vector<Token> t = tokenize(text);
    CHECK(terms(text) == std::vector<std::string>{"退", "退款", "款", "abc", "123", "账", "账号", "号", "refund"});
    CHECK(cut(text, {t[1].begin, t[1].end}) == "退款");
    CHECK(cut(text, {t[4].begin, t[4].end}) == "１２３");  // full-width digits, found where they were typed
    CHECK(cut(text, {t[6].begin, t[6].end}) == "帳號");    // traditional, folded for matching only
    CHECK(t[1].kind == TokenKind::HanPair);
    CHECK(t[0].kind == TokenKind::Han);
    CHECK(t[3].kind == TokenKind::Word);
    CHECK(terms("😀，。！？ \t\n\x01").empty());
    CHECK(terms("a\xff\xfe" "b") == std::vector<std::string>{"a", "b"});  // invalid bytes separate, never crash
    CHECK(terms("iPhone手机") == std::vector<std::string>{"iphone", "手", "手机", "机"});
    CHECK(terms("Café") == std::vector<std::string>{"café"});
    CHECK(fold_code_point(U'Ａ') == U'a');
    CHECK(fold_code_point(U'　') == U' ');
    CHECK(fold_code_point(U'發') == U'发');
}

TEST_CASE("one edit away: insertion, deletion, substitution") {
    CHECK(within_one_edit("refund", "refund"));
    CHECK(within_one_edit("refnd", "refund"));
    CHECK(within_one_edit("refund", "refunds"));
    CHECK(within_one_edit("invoce", "invoice"));
    CHECK(within_one_edit("refind", "refund"));
    CHECK_FALSE(within_one_edit("rfnd", "refund"));
    CHECK_FALSE(within_one_edit("invioce", "invoice"));  // a swap is two edits
    CHECK_FALSE(within_one_edit("abcd", "wxyz"));
}

TEST_CASE("Chinese queries without spaces find and rank the right article") {
    const SearchIndex ix = sample();
    const SearchFilter any;
    CHECK(ids(ix.search("退款多久到账", any, 3)).front() == "refund");
    CHECK(ids(ix.search("密码忘了", any, 3)).front() == "password");
    CHECK(ids(ix.search("换绑手机", any, 3)).front() == "account");
    CHECK(ids(ix.search("开票", any, 3)).front() == "invoice");   // a synonym
    CHECK(ids(ix.search("帳號換綁", any, 3)).front() == "account");  // traditional characters
    CHECK(ids(ix.search("发货", any, 3)).front() == "delivery");
    CHECK(ids(ix.search("票", any, 3)).front() == "invoice");     // one character on its own
    CHECK(ix.search("火星探测器", any, 5).empty());
}

TEST_CASE("English: words, prefixes while typing, typos") {
    const SearchIndex ix = sample();
    SearchFilter en;
    en.language = "en";
    CHECK(ids(ix.search("refund", en, 3)).front() == "refund-en");
    CHECK(ids(ix.search("refu", en, 3)).front() == "refund-en");     // prefix of the word being typed
    CHECK(ix.search("refu ", en, 3).empty());                         // a finished word is not a prefix
    CHECK(ids(ix.search("refnd", en, 3)).front() == "refund-en");    // one letter missing
    CHECK(ids(ix.search("invoce pdf", en, 3)).front() == "invoice-en");
    CHECK(ids(ix.search("INVOICE", en, 3)).front() == "invoice-en");
    CHECK(ids(ix.search("ｉｎｖｏｉｃｅ", en, 3)).front() == "invoice-en");  // full-width letters
    CHECK(ids(ix.search("money back", en, 3)).front() == "refund-en");  // synonyms field
}

TEST_CASE("title matches outrank body matches; covering more of the query outranks covering less") {
    SearchIndex ix;
    ix.put(doc("body", "常见问题汇总", "如果需要退款，请联系客服，我们会尽快处理您的申请。"));
    ix.put(doc("title", "退款申请", "请在订单页操作。"));
    CHECK(ids(ix.search("退款", {}, 2)) == std::vector<std::string>{"title", "body"});
    ix.put(doc("both", "退款与发票", "退款后发票作废。"));
    ix.put(doc("one", "发票", "发票问题。"));
    CHECK(ids(ix.search("退款发票", {}, 4)).front() == "both");
}

TEST_CASE("filters: status, category subtree, language") {
    const SearchIndex ix = sample();
    SearchFilter published;
    published.statuses = 1u << 1;
    const auto all = ids(ix.search("退款", {}, 10));
    CHECK(std::find(all.begin(), all.end(), "draft") != all.end());
    const auto pub = ids(ix.search("退款", published, 10));
    CHECK(std::find(pub.begin(), pub.end(), "draft") == pub.end());
    SearchFilter cat;
    cat.category = "账户与登录";
    for (const std::string& id : ids(ix.search("手机号 密码", cat, 10))) CHECK((id == "password" || id == "account"));
    cat.category = "账户";  // a prefix of a name is not a parent category
    CHECK(ix.search("密码", cat, 10).empty());
    SearchFilter zh;
    zh.language = "zh-CN";
    for (const std::string& id : ids(ix.search("refund 退款", zh, 10))) CHECK(id.find("-en") == std::string::npos);
}

TEST_CASE("highlights cover the matched words and pairs in the original text") {
    const SearchIndex ix = sample();
    SearchFilter published;
    published.statuses = 1u << 1;
    const std::vector<SearchHit> hits = ix.search("退款到账", published, 1);
    REQUIRE(hits.size() == 1);
    const SearchDoc* d = ix.find(hits[0].id);
    REQUIRE(d);
    std::vector<std::string> title;
    for (TextRange r : hits[0].title_ranges) title.push_back(cut(d->text[0], r));
    CHECK(title == std::vector<std::string>{"退款", "到账"});
    // Adjacent pairs merge into one range: the draft's title has the whole query in a row.
    const std::vector<SearchHit> draft = ix.search("退款到账", {}, 1);
    REQUIRE(draft.size() == 1);
    CHECK(draft[0].id == "draft");
    CHECK(cut(ix.find("draft")->text[0], draft[0].title_ranges.at(0)) == "退款到账");
    const std::vector<SearchHit> en = ix.search("Refund", {}, 1);
    REQUIRE(en.size() == 1);
    const SearchDoc* e = ix.find(en[0].id);
    REQUIRE(!en[0].title_ranges.empty());
    CHECK(cut(e->text[0], en[0].title_ranges[0]) == "refund");
    REQUIRE(!en[0].body_ranges.empty());
    CHECK(cut(e->text[3], en[0].body_ranges[0]) == "refunds");  // prefix match while typing
    // Single characters light up only when the query had one on its own.
    const std::vector<SearchHit> one = ix.search("票", {}, 1);
    REQUIRE(one.size() == 1);
    CHECK(cut(ix.find(one[0].id)->text[0], one[0].title_ranges.at(0)) == "票");
}

TEST_CASE("awkward input: empty, huge, punctuation only, emoji, control characters, empty fields") {
    SearchIndex ix = sample();
    ix.put(doc("empty", "", ""));
    CHECK(ix.search("", {}, 5).empty());
    CHECK(ix.search("？！。，", {}, 5).empty());
    CHECK(ix.search("😀😀", {}, 5).empty());
    CHECK(ix.search("\x01\x02\t", {}, 5).empty());
    std::string huge;
    for (int i = 0; i < 5000; ++i) huge += i % 7 ? "退" : "款";
    CHECK(ix.search(huge, {}, 5).size() <= 5);
    CHECK(ids(ix.search(huge, {}, 1)).front() == "refund");
    CHECK(ix.search("退款", {}, 0).empty());
    CHECK(SearchIndex{}.search("退款", {}, 5).empty());
}

TEST_CASE("incremental updates give exactly what a rebuild gives, over random edit sequences") {
    const std::vector<std::string> words = {"退款", "发票", "登录", "密码", "物流", "refund", "invoice", "login", "的", "快递",
                                            "客服", "投诉", "order", "orders", "账号", "手机", "验证码", "售后", "到账", "delay"};
    std::mt19937 rng(7);
    auto text = [&](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += words[rng() % words.size()] + (rng() % 3 ? "" : " ");
        return s;
    };
    for (int round = 0; round < 20; ++round) {
        SearchIndex live;
        std::map<std::string, SearchDoc> truth;
        for (int step = 0; step < 300; ++step) {
            const std::string id = "d" + std::to_string(rng() % 60);
            if (rng() % 4 == 0) {
                live.remove(id);
                truth.erase(id);
            } else {
                SearchDoc d = doc(id, text(3), text(20), text(2), text(1), rng() % 2 ? "a/b" : "a", static_cast<uint8_t>(rng() % 3),
                                  rng() % 2 ? "zh-CN" : "en");
                truth[id] = d;
                live.put(std::move(d));
            }
        }
        SearchIndex rebuilt;
        for (const auto& [id, d] : truth) rebuilt.put(d);
        REQUIRE(live.size() == rebuilt.size());
        for (const char* q : {"退款", "发票到账", "refund", "ord", "invoce", "的", "客服投诉 login"}) {
            SearchFilter f;
            if (round % 2) f.category = "a/b";
            const auto a = live.search(q, f, 10), b = rebuilt.search(q, f, 10);
            REQUIRE(a.size() == b.size());
            for (size_t i = 0; i < a.size(); ++i) {
                CHECK(a[i].id == b[i].id);
                CHECK(a[i].score == doctest::Approx(b[i].score).epsilon(1e-9));
                CHECK(a[i].title_ranges == b[i].title_ranges);
            }
        }
    }
}
