#include "core/survey.hpp"

#include <doctest/doctest.h>

#include <functional>

#include "core/app_state.hpp"
#include "core/civil_date.hpp"
#include "core/exchange.hpp"
#include "core/journal.hpp"
#include "tests/core/test_support.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

// 2026-11 day `day` at hh:mm Beijing time.
int64_t bj(int day, int h, int mi = 0, int month = 11) {
    return days_from_civil({2026, month, day}) * kMsPerDay + (h - 8) * kMsPerHour + mi * kMsPerMinute;
}
CommandContext at(int64_t ms, const char* id = "1001", const char* name = "张敏") { return {{id, name}, ms}; }

AppState with_surveys() {
    AppState s;
    REQUIRE(parse_default_surveys(test::read_source_file("assets/surveys/default.json"), s.builtin_surveys).ok);
    return s;
}

void new_case(AppState& s, const std::string& id, CaseCategory category = CaseCategory::Technical) {
    CreateCase c;
    c.id = id;
    c.category = category;
    c.customer = {"王丽", "女士", "13812341234", "", "", "", "星辰科技"};
    c.description = "登录失败";
    REQUIRE(apply(s, c, at(bj(2, 9))).ok());
}

SurveyAnswer ans(const char* q, QuestionKind k, int v) {
    SurveyAnswer a;
    a.question = q;
    a.kind = k;
    a.value = v;
    return a;
}

// A response to the default Chinese survey: overall, attitude, speed (1–5; -1 skipped), recommend (0–10).
SurveyResponse response(const std::string& id, const std::string& case_id, int overall, int attitude, int speed, int recommend,
                        bool complete = true) {
    SurveyResponse r;
    r.id = id;
    r.survey_id = "survey-zh-default";
    r.case_id = case_id;
    r.complete = complete;
    r.answers = {ans("overall", QuestionKind::Rating, overall), ans("solved", QuestionKind::YesNo, 1),
                 ans("attitude", QuestionKind::Rating, attitude), ans("speed", QuestionKind::Rating, speed),
                 ans("recommend", QuestionKind::Nps, recommend)};
    return r;
}

}  // namespace

TEST_CASE("the default surveys: Chinese and English, the six questions of the seeds' spirit, all valid") {
    const AppState s = with_surveys();
    REQUIRE(s.builtin_surveys.size() == 2);
    for (const Survey& x : s.builtin_surveys) {
        CAPTURE(x.id);
        CHECK(check_survey(x).ok);
        CHECK(x.questions.size() >= 6);
        CHECK(x.builtin);
        CHECK(x.version == 0);
    }
    Survey zh;
    REQUIRE(survey_for_language(s, "zh-CN", zh));
    CHECK(zh.id == "survey-zh-default");
    Survey en;
    REQUIRE(survey_for_language(s, "en", en));
    CHECK(en.language == "en");
}

TEST_CASE("scores: hand-computed fixtures, no answers, all skipped, a single response") {
    AppState s = with_surveys();
    CHECK_FALSE(s.responses.scores({}).has_score());
    CHECK_FALSE(s.responses.scores({}).has_csat());
    CHECK_FALSE(s.responses.scores({}).has_nps());
    for (int i = 1; i <= 4; ++i) new_case(s, "c-" + std::to_string(i));

    // A single response: ratings 5 and 4 (speed skipped) → 20 × 4.5 = 90; CSAT 2/2; NPS one promoter.
    REQUIRE(apply(s, SubmitResponse{response("r-1", "c-1", 5, 4, -1, 9)}, at(bj(3, 10))).ok());
    Scores one = s.responses.scores({});
    CHECK(one.responses == 1);
    CHECK(one.score() == doctest::Approx(90.0));
    CHECK(one.csat() == doctest::Approx(100.0));
    CHECK(one.nps() == doctest::Approx(100.0));

    // All skipped (a partial response): counted as a response, in no score.
    REQUIRE(apply(s, SubmitResponse{response("r-4", "c-4", -1, -1, -1, -1, false)}, at(bj(3, 11))).ok());
    Scores skipped = s.responses.scores({});
    CHECK(skipped.responses == 2);
    CHECK(skipped.complete == 1);
    CHECK(skipped.scored == 1);
    CHECK(skipped.score() == doctest::Approx(90.0));

    // 3, 2, 4 → 60 (one rating of 4); NPS 6 a detractor. 5, 5, 5 → 100; NPS 8 a passive.
    REQUIRE(apply(s, SubmitResponse{response("r-2", "c-2", 3, 2, 4, 6)}, at(bj(4, 10))).ok());
    REQUIRE(apply(s, SubmitResponse{response("r-3", "c-3", 5, 5, 5, 8)}, at(bj(4, 11), "1002", "李强")).ok());
    const Scores all = s.responses.scores({});
    CHECK(all.score() == doctest::Approx((90.0 + 60.0 + 100.0) / 3.0));
    CHECK(all.ratings == 8);
    CHECK(all.ratings_4_5 == 6);
    CHECK(all.csat() == doctest::Approx(75.0));
    CHECK(all.promoters == 1);
    CHECK(all.passives == 1);
    CHECK(all.detractors == 1);
    CHECK(all.nps() == doctest::Approx(0.0));

    // Filters and groups.
    ScoreFilter f;
    f.agent_id = "1002";
    CHECK(s.responses.scores(f).score() == doctest::Approx(100.0));
    f.agent_id = "nobody";
    CHECK(s.responses.scores(f).responses == 0);
    ScoreFilter day3;
    day3.from_day = day3.to_day = days_from_civil({2026, 11, 3});
    CHECK(s.responses.scores(day3).responses == 2);
    const auto by_agent = s.responses.grouped({}, ScoreGroup::Agent);
    REQUIRE(by_agent.size() == 2);
    CHECK(by_agent[0].first == "1001");
    CHECK(by_agent[0].second.score() == doctest::Approx(75.0));
    const auto by_day = s.responses.grouped({}, ScoreGroup::Day);
    REQUIRE(by_day.size() == 2);
    CHECK(by_day[0].first == "2026-11-03");
    CHECK(s.responses.grouped({}, ScoreGroup::Category).at(0).first == "technical");

    // The answer distribution of "overall": one 3, two 5s.
    const Distribution d = s.responses.distribution({}, "overall", QuestionKind::Rating, 0);
    CHECK(d.answered == 3);
    CHECK(d.counts == std::vector<int64_t>{0, 0, 1, 0, 2});
    const Distribution yes = s.responses.distribution({}, "solved", QuestionKind::YesNo, 0);
    CHECK(yes.counts == std::vector<int64_t>{0, 4});
}

TEST_CASE("week and month keys: ISO weeks across the year end") {
    CHECK(week_key(days_from_civil({2026, 11, 24})) == "2026-W48");
    CHECK(week_key(days_from_civil({2027, 1, 1})) == "2026-W53");
    CHECK(week_key(days_from_civil({2026, 1, 1})) == "2026-W01");
    CHECK(week_key(days_from_civil({2025, 12, 29})) == "2026-W01");
    CHECK(month_key(days_from_civil({2026, 2, 28})) == "2026-02");
}

TEST_CASE("re-rating the same case keeps the history and only the latest counts") {
    AppState s = with_surveys();
    new_case(s, "c-1");
    REQUIRE(apply(s, SubmitResponse{response("r-1", "c-1", 2, 2, 2, 3)}, at(bj(3, 10))).ok());
    CHECK(s.responses.scores({}).score() == doctest::Approx(40.0));
    // A second rating under another id lands on the same response.
    REQUIRE(apply(s, SubmitResponse{response("r-other", "c-1", 5, 5, 5, 10)}, at(bj(5, 10))).ok());
    CHECK(s.responses.size() == 1);
    CHECK(s.records.find(kResponseType, "r-other") == nullptr);
    CHECK(s.responses.scores({}).score() == doctest::Approx(100.0));
    CHECK(s.records.history(kResponseType, "r-1").size() == 2);
    // Rebuilt from the records, the same.
    s.responses.rebuild(s.records, 480);
    CHECK(s.responses.scores({}).score() == doctest::Approx(100.0));
}

TEST_CASE("survey versions: editing keeps the version old answers were given to") {
    AppState s = with_surveys();
    new_case(s, "c-1");
    REQUIRE(apply(s, SubmitResponse{response("r-1", "c-1", 4, 4, 4, 8)}, at(bj(3, 10))).ok());
    Survey zh;
    REQUIRE(find_survey(s, "survey-zh-default", zh));
    const std::string old_text = zh.questions[0].text;
    zh.questions[0].text = "您对这次回访的总体满意度如何？";
    zh.questions.pop_back();
    REQUIRE(apply(s, SaveSurvey{zh, 0}, at(bj(4, 9))).ok());
    REQUIRE(find_survey(s, "survey-zh-default", zh));
    CHECK(zh.version == 1);
    zh.title = "满意度调查（第二版）";
    REQUIRE(apply(s, SaveSurvey{zh, 1}, at(bj(4, 10))).ok());

    Survey v;
    REQUIRE(find_survey_version(s, "survey-zh-default", 0, v));
    CHECK(v.questions[0].text == old_text);
    REQUIRE(find_survey_version(s, "survey-zh-default", 1, v));
    CHECK(v.questions[0].text == "您对这次回访的总体满意度如何？");
    CHECK(v.title == "用户满意度调查");
    REQUIRE(find_survey_version(s, "survey-zh-default", 2, v));
    CHECK(v.title == "满意度调查（第二版）");
    CHECK_FALSE(find_survey_version(s, "survey-zh-default", 9, v));
    // The old response still names version 0.
    CHECK(s.responses.find("r-1")->version == 0);

    // A response for a version that no longer exists is refused with its number.
    SurveyResponse gone = response("r-2", "", 5, 5, 5, 9);
    gone.version = 7;
    const ApplyOutcome o = apply(s, SubmitResponse{gone}, at(bj(5, 9)));
    CHECK(o.result.error.key == "error.survey.version_gone");
    CHECK(o.result.error.detail == "7");
}

TEST_CASE("bad surveys and answers: clear refusals, nothing written") {
    AppState s = with_surveys();
    new_case(s, "c-1");
    Survey empty;
    empty.id = "survey-x";
    empty.title = "空问卷";
    CHECK(apply(s, SaveSurvey{empty, 0}, at(1)).result.error.key == "error.survey.no_questions");
    Survey choice = empty;
    choice.questions = {{"q1", QuestionKind::Single, "选一个", "", true, {"只有一个"}}};
    CHECK(apply(s, SaveSurvey{choice, 0}, at(1)).result.error.key == "error.survey.few_options");
    choice.questions = {{"q1", QuestionKind::Rating, "好吗", "", true, {}}, {"q1", QuestionKind::Rating, "重复", "", true, {}}};
    CHECK(apply(s, SaveSurvey{choice, 0}, at(1)).result.error.key == "error.survey.question_repeated");

    CHECK(apply(s, SubmitResponse{response("r-1", "c-1", 6, 4, 4, 9)}, at(bj(3, 10))).result.error.key == "error.survey.out_of_scale");
    CHECK(apply(s, SubmitResponse{response("r-1", "c-1", 0, 4, 4, 9)}, at(bj(3, 10))).result.error.key == "error.survey.out_of_scale");
    CHECK(apply(s, SubmitResponse{response("r-1", "c-1", 5, 4, 4, 11)}, at(bj(3, 10))).result.error.key == "error.survey.out_of_scale");
    // Required questions: a complete response needs them; a partial one is saved as it is.
    CHECK(apply(s, SubmitResponse{response("r-1", "c-1", -1, 4, 4, 9)}, at(bj(3, 10))).result.error.detail == "1");
    CHECK(apply(s, SubmitResponse{response("r-1", "c-1", -1, 4, 4, 9, false)}, at(bj(3, 10))).ok());

    // 20,000 Chinese characters of suggestions fit; one more does not.
    SurveyResponse text = response("r-2", "", 5, 5, 5, 10);
    SurveyAnswer sug;
    sug.question = "suggestions";
    sug.kind = QuestionKind::Text;
    for (int i = 0; i < 20000; ++i) sug.text += "好";
    text.answers.push_back(sug);
    CHECK(apply(s, SubmitResponse{text}, at(bj(3, 11))).ok());
    text.id = "r-3";
    text.answers.back().text += "好";
    CHECK(apply(s, SubmitResponse{text}, at(bj(3, 11))).result.error.key == "error.survey.text_too_long");
    CHECK(apply(s, SubmitResponse{response("r-4", "c-404", 5, 5, 5, 10)}, at(bj(3, 10))).result.error.key == "error.record.not_found");
    CHECK(s.responses.size() == 2);
}

TEST_CASE("imports: a rating outside its scale or a survey without questions is refused with where it is") {
    AppState s = with_surveys();
    new_case(s, "c-1");
    REQUIRE(apply(s, SubmitResponse{response("r-1", "c-1", 5, 4, 3, 9)}, at(bj(3, 10))).ok());
    Survey mine;
    mine.id = "survey-mine";
    mine.title = "门店回访";
    mine.questions = {{"q1", QuestionKind::Rating, "满意吗", "", true, {}}};
    REQUIRE(apply(s, SaveSurvey{mine, 0}, at(bj(3, 11))).ok());
    const json good = json::parse(export_json(s.records, {}, {"0.1.0", bj(4, 9), {"1001", "张敏"}}));
    auto with = [&](const std::function<void(json&)>& edit) {
        json d = good;
        edit(d);
        const std::string text = d["records"].dump();
        char buf[24];
        std::snprintf(buf, sizeof buf, "crc32:%08x", kefu::crc32(text.data(), text.size()));
        d["checksum"] = buf;
        return d.dump();
    };
    auto find = [](json& d, const char* type) -> json& {
        for (json& r : d["records"])
            if (r["type"] == type) return r;
        FAIL("no record of type " << type);
        return d;
    };
    const RecordStore empty;
    CHECK(plan_import(empty, good.dump()).valid());

    const ImportPlan six = plan_import(empty, with([&](json& d) { find(d, kResponseType)["data"]["answers"][0]["value"] = 6; }));
    REQUIRE_FALSE(six.valid());
    CHECK(six.errors[0].key == "import.err.survey_answer");
    CHECK(six.errors[0].path == "survey_response/r-1");
    CHECK(six.errors[0].detail == "overall (rating) = 6");
    CHECK(six.items.empty());

    const ImportPlan nps = plan_import(empty, with([&](json& d) { find(d, kResponseType)["data"]["answers"][4]["value"] = 11; }));
    CHECK(nps.errors.at(0).key == "import.err.survey_answer");

    const ImportPlan none = plan_import(empty, with([&](json& d) { find(d, kSurveyType)["data"]["questions"] = json::array(); }));
    REQUIRE_FALSE(none.valid());
    CHECK(none.errors[0].key == "error.survey.no_questions");
    CHECK(none.errors[0].path == "survey/survey-mine");
}
