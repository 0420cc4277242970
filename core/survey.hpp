// Satisfaction surveys (《用户满意度调查表》): definitions with questions of six kinds,
// versioned; responses tied to the version they answered, the case, customer, agent and
// channel; and the scores the seeds measure (a 100-point satisfaction score, target ≥ 95).
//
// Records: "survey" (a definition; every save is a new version = the record's revision, and
// data_versions() rebuilds each old one), "survey_response" (one per case and survey: a
// customer re-rating the same case updates it, so its history keeps the earlier answers and
// only the latest counts; kiosk responses without a case each have their own). The default
// surveys (assets/surveys/default.json) are a built-in layer, version 0.
//
// Scores (documented in the README and the results view):
//   satisfaction score = mean over responses with at least one answered 1–5 rating of
//                        (20 × the mean of that response's ratings): 5 → 100, 4 → 80 … 1 → 20
//   CSAT %             = answered 1–5 ratings that are 4 or 5 ÷ all answered 1–5 ratings
//   NPS                = % promoters (9–10) − % detractors (0–6) of answered 0–10 questions
// Skipped questions count nowhere; a period without answers has no score ("—"), never 0.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/case.hpp"
#include "core/command.hpp"
#include "core/record.hpp"
#include "core/result.hpp"

namespace kefu {

constexpr const char* kSurveyType = "survey";
constexpr const char* kResponseType = "survey_response";
constexpr size_t kMaxSurveyQuestions = 50;
constexpr size_t kMaxSurveyOptions = 15;
constexpr size_t kMaxSurveyFreeText = 60000;  // bytes: 20,000 Chinese characters
constexpr double kSatisfactionTarget = 95.0;

enum class QuestionKind : uint8_t { Rating, Nps, Single, Multiple, YesNo, Text, Count };
const char* name_of(QuestionKind k);
bool parse_name(std::string_view s, QuestionKind& out);
std::string label_key(QuestionKind k);  // "survey.kind.rating"

struct SurveyQuestion {
    std::string id;  // stable across versions ("overall"): answers are matched by it
    QuestionKind kind = QuestionKind::Rating;
    std::string text;
    std::string help;
    bool required = false;
    std::vector<std::string> options;  // Single and Multiple
};

struct Survey {
    std::string id;
    std::string title;
    std::string intro;  // read out or shown before the questions
    std::string language = "zh-CN";
    std::vector<SurveyQuestion> questions;
    bool builtin = false;
    uint64_t version = 0;  // the record's revision; 0 = the built-in text
};

nlohmann::json survey_to_data(const Survey& s);
Survey survey_from_data(const std::string& id, const nlohmann::json& d);
// Every problem of a definition: no questions, empty texts, choices without two options,
// repeated question ids, too long. error.survey.*
ApplyResult check_survey(const Survey& s);
// Reads assets/surveys/default.json ({"format":"kefu.surveys","version":1,"surveys":[…]}).
ApplyResult parse_default_surveys(std::string_view json_text, std::vector<Survey>& out);

enum class SurveyChannel : uint8_t { Callback, Kiosk, Visitor, Count };
const char* name_of(SurveyChannel c);
bool parse_name(std::string_view s, SurveyChannel& out);
std::string label_key(SurveyChannel c);  // "survey.channel.callback"

struct SurveyAnswer {
    std::string question;  // SurveyQuestion::id
    QuestionKind kind = QuestionKind::Rating;
    // Rating 1–5, Nps 0–10, YesNo 1/0, Single: the option's index; -1: not answered.
    int value = -1;
    uint32_t choices = 0;  // Multiple: a bit per option
    std::string text;      // Text
    bool answered() const { return kind == QuestionKind::Text ? !text.empty() : kind == QuestionKind::Multiple ? choices != 0 : value >= 0; }
};

struct SurveyResponse {
    std::string id;
    std::string survey_id;
    uint64_t version = 0;
    std::string case_id;   // empty for a kiosk response without a case
    std::string customer;  // name as given
    Actor agent;           // who took it (for a kiosk: the kiosk)
    SurveyChannel channel = SurveyChannel::Callback;
    // Copied from the case when answered, so results group without opening cases.
    CaseCategory category = CaseCategory::Service;
    Department department = Department::None;
    int64_t at_ms = 0;
    bool complete = false;  // false: partial, saved as it was when the call ended
    std::vector<SurveyAnswer> answers;
    uint64_t rev = 0;
};

nlohmann::json response_to_data(const SurveyResponse& r);
SurveyResponse response_from_record(const Record& r);
// Answers against their question: value in its scale, option index in range, text length.
// Required questions left unanswered are listed for a complete response. error.survey.*
ApplyResult check_answers(const Survey& s, const SurveyResponse& r);
// A response as given: unanswered questions dropped, and complete when every required
// question of `def` has an answer (else a partial response, kept all the same).
void settle_response(const Survey& def, SurveyResponse& r);
// What is wrong with a response on its own, without its definition (imports): a value outside
// its kind's scale, text too long or unreadable. Empty when nothing is.
std::string response_problem(const SurveyResponse& r);

struct AppState;
// As offered: records first (their latest version), then built-in ones not replaced.
std::vector<Survey> all_surveys(const AppState& s);
bool find_survey(const AppState& s, std::string_view id, Survey& out);
// One version of a definition (0: the built-in text); false when it no longer exists (an
// import replaced the record's history): the response is kept and shown without it.
bool find_survey_version(const AppState& s, std::string_view id, uint64_t version, Survey& out);
// The id a submitted response is stored under: the case's existing response to the same survey
// (re-rating updates it), else its own.
std::string stored_response_id(const AppState& s, const SurveyResponse& r);
// The survey an agent reads out in a callback: the first one in the case's language.
bool survey_for_language(const AppState& s, std::string_view language, Survey& out);

// ---- [SECTION] scores over the response index -------------------------------------------------
// One row per response, small, kept in AppState like the case index; answers for the
// distributions live in one shared array.
struct ResponseRow {
    std::string id;
    uint32_t survey = 0;  // interned survey id
    uint32_t agent = 0;   // interned agent id
    uint32_t agent_name = 0;  // interned agent name (reports scope by name)
    uint64_t version = 0;
    std::string case_id;
    int64_t day = 0;      // local day of at_ms
    int64_t at_ms = 0;
    SurveyChannel channel = SurveyChannel::Callback;
    CaseCategory category = CaseCategory::Service;
    Department department = Department::None;
    bool complete = false;
    float score = -1;      // 20 × mean rating; -1 without ratings
    uint16_t ratings = 0, ratings_4_5 = 0;
    int8_t nps = -1;       // the first 0–10 answer
    uint32_t answers_at = 0, answers_len = 0;  // (question slot, value) pairs in the index
};

struct ScoreFilter {
    int64_t from_day = std::numeric_limits<int64_t>::min();
    int64_t to_day = std::numeric_limits<int64_t>::max();  // inclusive
    std::string survey_id;  // empty: every survey
    std::string agent_id;
    std::string agent_name;  // as the case list names agents (reports)
    std::vector<std::string> agent_names;  // sorted; any of these (a team); empty: no filter
    int category = -1;    // CaseCategory, -1 any
    int department = -1;  // Department
    int channel = -1;     // SurveyChannel
};

struct Scores {
    int64_t responses = 0, complete = 0, scored = 0;
    double score_sum = 0;
    int64_t ratings = 0, ratings_4_5 = 0;
    int64_t promoters = 0, passives = 0, detractors = 0;
    bool has_score() const { return scored > 0; }
    double score() const { return scored ? score_sum / static_cast<double>(scored) : 0.0; }
    bool has_csat() const { return ratings > 0; }
    double csat() const { return ratings ? 100.0 * static_cast<double>(ratings_4_5) / static_cast<double>(ratings) : 0.0; }
    int64_t nps_answers() const { return promoters + passives + detractors; }
    bool has_nps() const { return nps_answers() > 0; }
    double nps() const {
        const int64_t n = nps_answers();
        return n ? 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(n) : 0.0;
    }
    void add(const ResponseRow& r);
    void merge(const Scores& o);
};

enum class ScoreGroup : uint8_t { Agent, Category, Department, Channel, Day, Week, Month, Count };

// How often each answer was given, for one question (by id) of the filtered responses.
struct Distribution {
    std::string question;
    QuestionKind kind = QuestionKind::Rating;
    std::vector<int64_t> counts;  // Rating: 5 (1..5), Nps: 11, YesNo: 2 (no, yes), Single/Multiple: per option
    int64_t answered = 0;
};

class ResponseIndex {
public:
    void rebuild(const RecordStore& store, int utc_offset_minutes);
    void refresh(const RecordStore& store, std::string_view id, int utc_offset_minutes);
    size_t size() const { return rows_.size(); }
    const ResponseRow& row(size_t i) const { return rows_[i]; }
    const ResponseRow* find(std::string_view id) const;
    // The response to this survey for this case, if any (re-rating updates it).
    const ResponseRow* find_for_case(std::string_view case_id, std::string_view survey_id) const;
    bool has_response_for_case(std::string_view case_id) const;
    std::vector<const ResponseRow*> rows_for_case(std::string_view case_id) const;

    Scores scores(const ScoreFilter& f) const;
    // Scores per group key, keys in order: agent ids, enum names, "2026-11-24", "2026-W48", "2026-11".
    std::vector<std::pair<std::string, Scores>> grouped(const ScoreFilter& f, ScoreGroup by) const;
    Distribution distribution(const ScoreFilter& f, std::string_view question_id, QuestionKind kind, size_t options) const;
    // Every question's distribution (free text left out), in the survey's order, in one pass.
    std::vector<Distribution> distributions(const ScoreFilter& f, const Survey& survey) const;
    std::string_view agent_name(uint32_t agent) const { return agents_[agent]; }
    std::string_view name_of_agent(const ResponseRow& r) const { return names_[r.agent_name]; }

    // The rows a filter keeps, as scores() counts them (the records behind a number).
    std::vector<const ResponseRow*> select(const ScoreFilter& f) const;

private:
    bool matches(const ResponseRow& r, const ScoreFilter& f, uint32_t survey, uint32_t agent) const;
    uint32_t intern(std::vector<std::string>& names, std::unordered_map<std::string, uint32_t>& ids, const std::string& s);
    ResponseRow make_row(const SurveyResponse& r, int utc_offset_minutes);
    std::vector<ResponseRow> rows_;
    std::unordered_map<std::string, size_t> by_id_;
    std::unordered_map<std::string, std::vector<size_t>> by_case_;
    std::vector<std::string> surveys_, agents_, questions_;
    std::unordered_map<std::string, uint32_t> survey_ids_, agent_ids_, question_ids_;
    std::vector<std::string> names_;
    std::unordered_map<std::string, uint32_t> name_ids_;
    std::vector<int32_t> answers_;  // pairs: question slot, value (Multiple: the bits)
};

// The ISO week key "2026-W48" and month key "2026-11" of a local day.
std::string week_key(int64_t day);
std::string month_key(int64_t day);

// ---- commands ---------------------------------------------------------------------------------
// Creates the survey (base_rev 0) or saves a new version of it.
struct SaveSurvey { Survey survey; uint64_t base_rev = 0; };
struct DeleteSurvey { std::string id; uint64_t base_rev = 0; };
// Saves a response; when the case already has one for this survey it is updated (re-rating:
// the earlier answers stay in its history). base_rev is ignored for a new one.
struct SubmitResponse { SurveyResponse response; };

using SurveyCmd = std::variant<SaveSurvey, DeleteSurvey, SubmitResponse>;
ApplyOutcome apply_family(AppState& s, const SurveyCmd& c, const CommandContext& ctx);
const char* family_command_name(const SurveyCmd& c);
Role family_role(const AppState& s, const SurveyCmd& c, const Actor& actor);

}  // namespace kefu
