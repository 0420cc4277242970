#include "core/survey.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/app_state.hpp"
#include "core/builtin_layer.hpp"
#include "core/record_write.hpp"
#include "core/civil_date.hpp"
#include "core/json_util.hpp"
#include "core/utf8.hpp"

namespace kefu {

// The commands of the family, one by one (apply_family below picks one).
ApplyOutcome apply_survey(AppState& s, const SaveSurvey& c, const CommandContext& ctx);
ApplyOutcome apply_survey(AppState& s, const DeleteSurvey& c, const CommandContext& ctx);
ApplyOutcome apply_survey(AppState& s, const SubmitResponse& c, const CommandContext& ctx);

using json = nlohmann::json;

namespace {

const char* const kKindNames[] = {"rating", "nps", "single", "multiple", "yes_no", "text"};
static_assert(sizeof(kKindNames) / sizeof(kKindNames[0]) == static_cast<size_t>(QuestionKind::Count));
const char* const kChannelNames[] = {"callback", "kiosk", "visitor"};
static_assert(sizeof(kChannelNames) / sizeof(kChannelNames[0]) == static_cast<size_t>(SurveyChannel::Count));

template <typename E, size_t N>
bool parse_enum(std::string_view s, const char* const (&names)[N], E& out) {
    for (size_t i = 0; i < N; ++i)
        if (s == names[i]) return out = static_cast<E>(i), true;
    return false;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\n") == std::string::npos; }

// The highest value a kind takes (Single: its last option).
int max_value(const SurveyQuestion& q) {
    switch (q.kind) {
        case QuestionKind::Rating: return 5;
        case QuestionKind::Nps: return 10;
        case QuestionKind::YesNo: return 1;
        case QuestionKind::Single: return static_cast<int>(q.options.size()) - 1;
        default: return -1;
    }
}
int min_value(QuestionKind k) { return k == QuestionKind::Rating ? 1 : 0; }


}  // namespace

const char* name_of(QuestionKind k) { return kKindNames[static_cast<size_t>(k)]; }
bool parse_name(std::string_view s, QuestionKind& out) { return parse_enum(s, kKindNames, out); }
std::string label_key(QuestionKind k) { return std::string("survey.kind.") + name_of(k); }
const char* name_of(SurveyChannel c) { return kChannelNames[static_cast<size_t>(c)]; }
bool parse_name(std::string_view s, SurveyChannel& out) { return parse_enum(s, kChannelNames, out); }
std::string label_key(SurveyChannel c) { return std::string("survey.channel.") + name_of(c); }

// ---- [SECTION] definitions --------------------------------------------------------------------
json survey_to_data(const Survey& s) {
    json qs = json::array();
    for (const SurveyQuestion& q : s.questions) {
        json item = {{"id", q.id}, {"kind", name_of(q.kind)}, {"text", q.text}, {"required", q.required}};
        if (!q.help.empty()) item["help"] = q.help;
        if (!q.options.empty()) item["options"] = q.options;
        qs.push_back(std::move(item));
    }
    json d = {{"title", s.title}, {"language", s.language}, {"questions", qs}};
    if (!s.intro.empty()) d["intro"] = s.intro;
    return d;
}

Survey survey_from_data(const std::string& id, const json& d) {
    Survey s;
    s.id = id;
    s.title = json_string(d, "title");
    s.intro = json_string(d, "intro");
    s.language = json_string(d, "language", "zh-CN");
    if (auto it = d.find("questions"); it != d.end() && it->is_array())
        for (const json& item : *it) {
            if (!item.is_object()) continue;
            SurveyQuestion q;
            q.id = json_string(item, "id");
            if (!parse_name(json_string(item, "kind"), q.kind)) q.kind = QuestionKind::Text;  // unknown: kept readable
            q.text = json_string(item, "text");
            q.help = json_string(item, "help");
            q.required = json_bool(item, "required", false);
            q.options = json_string_list(item, "options");
            s.questions.push_back(std::move(q));
        }
    return s;
}

ApplyResult check_survey(const Survey& s) {
    if (blank(s.title)) return ApplyResult::failure("error.survey.no_title");
    if (s.questions.empty()) return ApplyResult::failure("error.survey.no_questions");
    if (s.questions.size() > kMaxSurveyQuestions) return ApplyResult::failure("error.survey.too_many", std::to_string(kMaxSurveyQuestions));
    if (s.language != "zh-CN" && s.language != "en") return ApplyResult::failure("error.survey.invalid", s.language);
    if (!valid_utf8(s.title) || !valid_utf8(s.intro) || s.title.size() > 200 || s.intro.size() > 4000)
        return ApplyResult::failure("error.survey.too_long", s.title.substr(0, 60));
    std::set<std::string> ids;
    for (size_t i = 0; i < s.questions.size(); ++i) {
        const SurveyQuestion& q = s.questions[i];
        const std::string n = std::to_string(i + 1);
        if (!valid_record_id(q.id)) return ApplyResult::failure("error.survey.question_id", n);
        if (!ids.insert(q.id).second) return ApplyResult::failure("error.survey.question_repeated", n);
        if (blank(q.text)) return ApplyResult::failure("error.survey.question_empty", n);
        if (!valid_utf8(q.text) || !valid_utf8(q.help) || q.text.size() > 1000 || q.help.size() > 2000)
            return ApplyResult::failure("error.survey.too_long", n);
        const bool choice = q.kind == QuestionKind::Single || q.kind == QuestionKind::Multiple;
        if (choice && q.options.size() < 2) return ApplyResult::failure("error.survey.few_options", n);
        if (q.options.size() > kMaxSurveyOptions) return ApplyResult::failure("error.survey.many_options", n);
        for (const std::string& o : q.options)
            if (blank(o) || !valid_utf8(o) || o.size() > 200) return ApplyResult::failure("error.survey.option_empty", n);
    }
    return ApplyResult::success();
}

ApplyResult parse_default_surveys(std::string_view json_text, std::vector<Survey>& out) {
    const json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || json_string(j, "format") != "kefu.surveys") return ApplyResult::failure("error.survey.library", "format");
    std::vector<Survey> all;
    if (auto it = j.find("surveys"); it != j.end() && it->is_array())
        for (const json& item : *it) {
            Survey s = survey_from_data(json_string(item, "id"), item);
            s.builtin = true;
            if (!valid_record_id(s.id)) return ApplyResult::failure("error.survey.library", s.id);
            if (ApplyResult r = check_survey(s); !r.ok) return ApplyResult::failure("error.survey.library", s.id + ": " + r.error.key);
            all.push_back(std::move(s));
        }
    out = std::move(all);
    return ApplyResult::success();
}

// ---- [SECTION] responses ----------------------------------------------------------------------
json response_to_data(const SurveyResponse& r) {
    json answers = json::array();
    for (const SurveyAnswer& a : r.answers) {
        json item = {{"q", a.question}, {"kind", name_of(a.kind)}};
        if (a.kind == QuestionKind::Text) item["text"] = a.text;
        else if (a.kind == QuestionKind::Multiple) item["choices"] = a.choices;
        else item["value"] = a.value;
        answers.push_back(std::move(item));
    }
    json d = {{"survey", r.survey_id}, {"version", r.version}, {"channel", name_of(r.channel)},
              {"agent", {{"id", r.agent.agent_id}, {"name", r.agent.name}}}, {"category", name_of(r.category)},
              {"department", name_of(r.department)}, {"at", r.at_ms}, {"complete", r.complete}, {"answers", answers}};
    if (!r.case_id.empty()) d["case"] = r.case_id;
    if (!r.customer.empty()) d["customer"] = r.customer;
    return d;
}

SurveyResponse response_from_record(const Record& rec) {
    const json d = rec.data();
    SurveyResponse r;
    r.id = rec.id;
    r.rev = rec.rev;
    r.survey_id = json_string(d, "survey");
    r.version = json_uint(d, "version", 0);
    r.case_id = json_string(d, "case");
    r.customer = json_string(d, "customer");
    parse_name(json_string(d, "channel"), r.channel);
    parse_name(json_string(d, "category"), r.category);
    parse_name(json_string(d, "department"), r.department);
    if (auto it = d.find("agent"); it != d.end() && it->is_object()) r.agent = {json_string(*it, "id"), json_string(*it, "name")};
    r.at_ms = json_int(d, "at");
    r.complete = json_bool(d, "complete", false);
    if (auto it = d.find("answers"); it != d.end() && it->is_array())
        for (const json& item : *it) {
            if (!item.is_object()) continue;
            SurveyAnswer a;
            a.question = json_string(item, "q");
            if (!parse_name(json_string(item, "kind"), a.kind)) continue;
            a.value = static_cast<int>(json_int(item, "value", -1));
            a.choices = static_cast<uint32_t>(json_uint(item, "choices", 0));
            a.text = json_string(item, "text");
            r.answers.push_back(std::move(a));
        }
    return r;
}

std::string stored_response_id(const AppState& s, const SurveyResponse& r) {
    if (!r.case_id.empty())
        if (const ResponseRow* old = s.responses.find_for_case(r.case_id, r.survey_id)) return old->id;
    return r.id;
}

void settle_response(const Survey& def, SurveyResponse& r) {
    r.answers.erase(std::remove_if(r.answers.begin(), r.answers.end(), [](const SurveyAnswer& a) { return !a.answered(); }), r.answers.end());
    r.complete = std::all_of(def.questions.begin(), def.questions.end(), [&](const SurveyQuestion& q) {
        return !q.required || std::any_of(r.answers.begin(), r.answers.end(), [&](const SurveyAnswer& a) { return a.question == q.id; });
    });
}

ApplyResult check_answers(const Survey& s, const SurveyResponse& r) {
    for (const SurveyAnswer& a : r.answers) {
        const auto q = std::find_if(s.questions.begin(), s.questions.end(), [&](const SurveyQuestion& x) { return x.id == a.question; });
        if (q == s.questions.end()) return ApplyResult::failure("error.survey.unknown_question", a.question);
        const std::string n = std::to_string(q - s.questions.begin() + 1);
        if (a.kind != q->kind) return ApplyResult::failure("error.survey.wrong_kind", n);
        switch (a.kind) {
            case QuestionKind::Text:
                if (!valid_utf8(a.text)) return ApplyResult::failure("error.survey.encoding", n);
                if (a.text.size() > kMaxSurveyFreeText) return ApplyResult::failure("error.survey.text_too_long", n);
                break;
            case QuestionKind::Multiple:
                if (a.choices >> q->options.size()) return ApplyResult::failure("error.survey.out_of_scale", n);
                break;
            default:
                if (a.value != -1 && (a.value < min_value(a.kind) || a.value > max_value(*q))) return ApplyResult::failure("error.survey.out_of_scale", n);
        }
    }
    if (r.complete)
        for (size_t i = 0; i < s.questions.size(); ++i) {
            if (!s.questions[i].required) continue;
            const auto a = std::find_if(r.answers.begin(), r.answers.end(), [&](const SurveyAnswer& x) { return x.question == s.questions[i].id; });
            if (a == r.answers.end() || !a->answered()) return ApplyResult::failure("error.survey.required", std::to_string(i + 1));
        }
    return ApplyResult::success();
}

std::string response_problem(const SurveyResponse& r) {
    for (const SurveyAnswer& a : r.answers) {
        const std::string where = a.question + " (" + name_of(a.kind) + ")";
        switch (a.kind) {
            case QuestionKind::Text:
                if (!valid_utf8(a.text) || a.text.size() > kMaxSurveyFreeText) return where;
                break;
            case QuestionKind::Multiple:
                if (a.choices >> kMaxSurveyOptions) return where;
                break;
            case QuestionKind::Rating:
                if (a.value != -1 && (a.value < 1 || a.value > 5)) return where + " = " + std::to_string(a.value);
                break;
            case QuestionKind::Nps:
                if (a.value < -1 || a.value > 10) return where + " = " + std::to_string(a.value);
                break;
            case QuestionKind::YesNo:
                if (a.value < -1 || a.value > 1) return where + " = " + std::to_string(a.value);
                break;
            case QuestionKind::Single:
                if (a.value < -1 || a.value >= static_cast<int>(kMaxSurveyOptions)) return where + " = " + std::to_string(a.value);
                break;
            default: break;
        }
    }
    return {};
}

// ---- [SECTION] queries ------------------------------------------------------------------------
namespace {
BuiltinLayer<Survey> survey_layer(const AppState& s) {
    return {s.records, kSurveyType, s.builtin_surveys, [](const Record& r) {
                Survey x = survey_from_data(r.id, r.data());
                x.version = r.rev;
                return x;
            }};
}
}  // namespace

std::vector<Survey> all_surveys(const AppState& s) { return survey_layer(s).all(); }

bool find_survey(const AppState& s, std::string_view id, Survey& out) { return survey_layer(s).find(id, out); }

bool find_survey_version(const AppState& s, std::string_view id, uint64_t version, Survey& out) {
    if (version == 0) {
        const Survey* shipped = survey_layer(s).shipped(id);
        if (shipped) out = *shipped;
        return shipped != nullptr;
    }
    const Record* r = s.records.find_any(kSurveyType, id);
    if (!r) return false;
    if (r->rev == version && !r->deleted) {
        out = survey_from_data(r->id, r->data());
        out.version = r->rev;
        return true;
    }
    for (DataVersion& d : data_versions(s.records, kSurveyType, id))
        if (d.rev == version) {
            out = survey_from_data(std::string(id), d.data);
            out.version = d.rev;
            return true;
        }
    return false;
}

bool survey_for_language(const AppState& s, std::string_view language, Survey& out) {
    const std::vector<Survey> all = all_surveys(s);
    for (const Survey& x : all)
        if (x.language == language) return out = x, true;
    if (!all.empty()) return out = all.front(), true;
    return false;
}

// ---- [SECTION] the response index ---------------------------------------------------------------
void Scores::merge(const Scores& o) {
    responses += o.responses;
    complete += o.complete;
    scored += o.scored;
    score_sum += o.score_sum;
    ratings += o.ratings;
    ratings_4_5 += o.ratings_4_5;
    promoters += o.promoters;
    passives += o.passives;
    detractors += o.detractors;
}

void Scores::add(const ResponseRow& r) {
    ++responses;
    complete += r.complete;
    if (r.score >= 0) {
        ++scored;
        score_sum += r.score;
    }
    ratings += r.ratings;
    ratings_4_5 += r.ratings_4_5;
    if (r.nps >= 9) ++promoters;
    else if (r.nps >= 7) ++passives;
    else if (r.nps >= 0) ++detractors;
}

std::string week_key(int64_t day) {
    // ISO 8601: the week belongs to the year of its Thursday.
    const int64_t thursday = day - weekday_from_days(day) + 3;
    const CivilDate t = civil_from_days(thursday);
    const int64_t jan1 = days_from_civil({t.year, 1, 1});
    const int64_t week = (thursday - jan1) / 7 + 1;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", t.year, static_cast<int>(week));
    return buf;
}

std::string month_key(int64_t day) {
    const CivilDate d = civil_from_days(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
    return buf;
}

uint32_t ResponseIndex::intern(std::vector<std::string>& names, std::unordered_map<std::string, uint32_t>& ids, const std::string& s) {
    auto [it, fresh] = ids.emplace(s, static_cast<uint32_t>(names.size()));
    if (fresh) names.push_back(s);
    return it->second;
}

ResponseRow ResponseIndex::make_row(const SurveyResponse& r, int utc_offset_minutes) {
    ResponseRow row;
    row.id = r.id;
    row.survey = intern(surveys_, survey_ids_, r.survey_id);
    row.agent = intern(agents_, agent_ids_, r.agent.agent_id);
    row.agent_name = intern(names_, name_ids_, r.agent.name);
    row.version = r.version;
    row.case_id = r.case_id;
    row.at_ms = r.at_ms;
    row.day = floor_div(r.at_ms + int64_t{utc_offset_minutes} * kMsPerMinute, kMsPerDay);
    row.channel = r.channel;
    row.category = r.category;
    row.department = r.department;
    row.complete = r.complete;
    int sum = 0;
    row.answers_at = static_cast<uint32_t>(answers_.size());
    for (const SurveyAnswer& a : r.answers) {
        if (!a.answered() || a.kind == QuestionKind::Text) continue;
        if (a.kind == QuestionKind::Rating && a.value >= 1 && a.value <= 5) {
            sum += a.value;
            ++row.ratings;
            row.ratings_4_5 += a.value >= 4;
        }
        if (a.kind == QuestionKind::Nps && row.nps < 0 && a.value >= 0 && a.value <= 10) row.nps = static_cast<int8_t>(a.value);
        answers_.push_back(static_cast<int32_t>(intern(questions_, question_ids_, a.question)));
        answers_.push_back(a.kind == QuestionKind::Multiple ? static_cast<int32_t>(a.choices) : a.value);
    }
    row.answers_len = static_cast<uint32_t>(answers_.size()) - row.answers_at;
    if (row.ratings) row.score = 20.0f * static_cast<float>(sum) / static_cast<float>(row.ratings);
    return row;
}

void ResponseIndex::rebuild(const RecordStore& store, int utc_offset_minutes) {
    rows_.clear();
    by_id_.clear();
    by_case_.clear();
    answers_.clear();
    store.for_each(kResponseType, [&](const Record& r) {
        by_id_[r.id] = rows_.size();
        rows_.push_back(make_row(response_from_record(r), utc_offset_minutes));
        if (!rows_.back().case_id.empty()) by_case_[rows_.back().case_id].push_back(rows_.size() - 1);
    });
}

void ResponseIndex::refresh(const RecordStore& store, std::string_view id, int utc_offset_minutes) {
    const Record* r = store.find(kResponseType, id);
    auto it = by_id_.find(std::string(id));
    if (it == by_id_.end()) {
        if (!r) return;
        by_id_[r->id] = rows_.size();
        rows_.push_back(make_row(response_from_record(*r), utc_offset_minutes));
        if (!rows_.back().case_id.empty()) by_case_[rows_.back().case_id].push_back(rows_.size() - 1);
        return;
    }
    if (!r) {  // deleted: rebuilding is simplest and rare
        rebuild(store, utc_offset_minutes);
        return;
    }
    // Updated (re-rating): the old answers stay in the array as garbage until the next rebuild.
    const std::string old_case = rows_[it->second].case_id;
    rows_[it->second] = make_row(response_from_record(*r), utc_offset_minutes);
    if (old_case != rows_[it->second].case_id) rebuild(store, utc_offset_minutes);
}

const ResponseRow* ResponseIndex::find(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() ? nullptr : &rows_[it->second];
}

const ResponseRow* ResponseIndex::find_for_case(std::string_view case_id, std::string_view survey_id) const {
    auto it = by_case_.find(std::string(case_id));
    if (it == by_case_.end()) return nullptr;
    for (size_t i : it->second)
        if (surveys_[rows_[i].survey] == survey_id) return &rows_[i];
    return nullptr;
}

std::vector<const ResponseRow*> ResponseIndex::rows_for_case(std::string_view case_id) const {
    std::vector<const ResponseRow*> out;
    auto it = by_case_.find(std::string(case_id));
    if (it != by_case_.end())
        for (size_t i : it->second) out.push_back(&rows_[i]);
    return out;
}

bool ResponseIndex::has_response_for_case(std::string_view case_id) const { return by_case_.count(std::string(case_id)) > 0; }

bool ResponseIndex::matches(const ResponseRow& r, const ScoreFilter& f, uint32_t survey, uint32_t agent) const {
    if (r.day < f.from_day || r.day > f.to_day) return false;
    if (!f.agent_name.empty()) {
        auto it = name_ids_.find(f.agent_name);
        if (it == name_ids_.end() || r.agent_name != it->second) return false;
    }
    if (!f.agent_names.empty() && !std::binary_search(f.agent_names.begin(), f.agent_names.end(), names_[r.agent_name])) return false;
    if (survey != UINT32_MAX && r.survey != survey) return false;
    if (agent != UINT32_MAX && r.agent != agent) return false;
    if (f.category >= 0 && static_cast<int>(r.category) != f.category) return false;
    if (f.department >= 0 && static_cast<int>(r.department) != f.department) return false;
    if (f.channel >= 0 && static_cast<int>(r.channel) != f.channel) return false;
    return true;
}

namespace {
// UINT32_MAX: no filter; UINT32_MAX - 1: a name nobody has (matches nothing).
uint32_t lookup(const std::unordered_map<std::string, uint32_t>& ids, const std::string& s) {  // NOLINT
    if (s.empty()) return UINT32_MAX;
    auto it = ids.find(s);
    return it == ids.end() ? UINT32_MAX - 1 : it->second;
}
}  // namespace

std::vector<const ResponseRow*> ResponseIndex::select(const ScoreFilter& f) const {
    std::vector<const ResponseRow*> out;
    const uint32_t survey = lookup(survey_ids_, f.survey_id), agent = lookup(agent_ids_, f.agent_id);
    for (const ResponseRow& r : rows_)
        if (matches(r, f, survey, agent)) out.push_back(&r);
    return out;
}

Scores ResponseIndex::scores(const ScoreFilter& f) const {
    Scores out;
    const uint32_t survey = lookup(survey_ids_, f.survey_id), agent = lookup(agent_ids_, f.agent_id);
    for (const ResponseRow& r : rows_)
        if (matches(r, f, survey, agent)) out.add(r);
    return out;
}

std::vector<std::pair<std::string, Scores>> ResponseIndex::grouped(const ScoreFilter& f, ScoreGroup by) const {
    const uint32_t survey = lookup(survey_ids_, f.survey_id), agent = lookup(agent_ids_, f.agent_id);
    // Sums per small integer key first (an agent, an enum value, a day); names at the end.
    std::unordered_map<int64_t, Scores> sums;
    for (const ResponseRow& r : rows_) {
        if (!matches(r, f, survey, agent)) continue;
        int64_t key = 0;
        switch (by) {
            case ScoreGroup::Agent: key = r.agent; break;
            case ScoreGroup::Category: key = static_cast<int64_t>(r.category); break;
            case ScoreGroup::Department: key = static_cast<int64_t>(r.department); break;
            case ScoreGroup::Channel: key = static_cast<int64_t>(r.channel); break;
            default: key = r.day;
        }
        sums[key].add(r);
    }
    std::map<std::string, Scores> groups;
    for (const auto& [key, sc] : sums) {
        std::string name;
        switch (by) {
            case ScoreGroup::Agent: name = agents_[static_cast<size_t>(key)]; break;
            case ScoreGroup::Category: name = name_of(static_cast<CaseCategory>(key)); break;
            case ScoreGroup::Department: name = name_of(static_cast<Department>(key)); break;
            case ScoreGroup::Channel: name = name_of(static_cast<SurveyChannel>(key)); break;
            case ScoreGroup::Day: name = format_ymd(civil_from_days(key)); break;
            case ScoreGroup::Week: name = week_key(key); break;
            default: name = month_key(key);
        }
        groups[name].merge(sc);
    }
    return {groups.begin(), groups.end()};
}

std::vector<Distribution> ResponseIndex::distributions(const ScoreFilter& f, const Survey& survey) const {
    std::vector<Distribution> out;
    std::unordered_map<uint32_t, size_t> slot_of;  // question slot -> entry of out
    for (const SurveyQuestion& q : survey.questions) {
        if (q.kind == QuestionKind::Text) continue;
        Distribution d;
        d.question = q.id;
        d.kind = q.kind;
        const size_t n = q.kind == QuestionKind::Rating ? 5 : q.kind == QuestionKind::Nps ? 11 : q.kind == QuestionKind::YesNo ? 2 : q.options.size();
        d.counts.assign(n, 0);
        if (auto it = question_ids_.find(q.id); it != question_ids_.end()) slot_of[it->second] = out.size();
        out.push_back(std::move(d));
    }
    const uint32_t survey_slot = lookup(survey_ids_, f.survey_id), agent = lookup(agent_ids_, f.agent_id);
    for (const ResponseRow& r : rows_) {
        if (!matches(r, f, survey_slot, agent)) continue;
        for (uint32_t k = r.answers_at; k < r.answers_at + r.answers_len; k += 2) {
            auto it = slot_of.find(static_cast<uint32_t>(answers_[k]));
            if (it == slot_of.end()) continue;
            Distribution& d = out[it->second];
            const int32_t v = answers_[k + 1];
            const size_t n = d.counts.size();
            if (d.kind == QuestionKind::Multiple) {
                for (size_t o = 0; o < n; ++o) d.counts[o] += (static_cast<uint32_t>(v) >> o) & 1u;
            } else {
                const int64_t slot = d.kind == QuestionKind::Rating ? v - 1 : v;
                if (slot < 0 || slot >= static_cast<int64_t>(n)) continue;
                ++d.counts[static_cast<size_t>(slot)];
            }
            ++d.answered;
        }
    }
    return out;
}

Distribution ResponseIndex::distribution(const ScoreFilter& f, std::string_view question_id, QuestionKind kind, size_t options) const {
    Distribution d;
    d.question = std::string(question_id);
    d.kind = kind;
    const size_t n = kind == QuestionKind::Rating ? 5 : kind == QuestionKind::Nps ? 11 : kind == QuestionKind::YesNo ? 2 : options;
    d.counts.assign(n, 0);
    auto q = question_ids_.find(d.question);
    if (q == question_ids_.end() || n == 0) return d;
    const uint32_t survey = lookup(survey_ids_, f.survey_id), agent = lookup(agent_ids_, f.agent_id);
    for (const ResponseRow& r : rows_) {
        if (!matches(r, f, survey, agent)) continue;
        for (uint32_t k = r.answers_at; k < r.answers_at + r.answers_len; k += 2) {
            if (static_cast<uint32_t>(answers_[k]) != q->second) continue;
            const int32_t v = answers_[k + 1];
            if (kind == QuestionKind::Multiple) {
                for (size_t o = 0; o < n; ++o) d.counts[o] += (static_cast<uint32_t>(v) >> o) & 1u;
            } else {
                const int64_t slot = kind == QuestionKind::Rating ? v - 1 : v;
                if (slot < 0 || slot >= static_cast<int64_t>(n)) continue;
                ++d.counts[static_cast<size_t>(slot)];
            }
            ++d.answered;
            break;
        }
    }
    return d;
}

// ---- [SECTION] commands -----------------------------------------------------------------------
ApplyOutcome apply_survey(AppState& s, const SaveSurvey& c, const CommandContext& ctx) {
    const Survey& x = c.survey;
    if (!valid_record_id(x.id)) return refused(ApplyResult::failure("error.record.invalid_id", x.id));
    if (ApplyResult r = check_survey(x); !r.ok) return refused(r);
    return save_record(s.records, kSurveyType, x.id, c.base_rev, survey_to_data(x), ctx, "error.survey.not_found");
}

ApplyOutcome apply_survey(AppState& s, const DeleteSurvey& c, const CommandContext& ctx) {
    return remove_item<Survey>(s.records, survey_layer(s), c.id, c.base_rev, survey_to_data, ctx, "error.survey.not_found");
}

ApplyOutcome apply_survey(AppState& s, const SubmitResponse& c, const CommandContext& ctx) {
    SurveyResponse r = c.response;
    Survey def;
    if (!find_survey_version(s, r.survey_id, r.version, def)) return refused(ApplyResult::failure("error.survey.version_gone", std::to_string(r.version)));
    if (!r.case_id.empty()) {
        const CaseRow* row = s.cases.find(r.case_id);
        if (!row) return refused(ApplyResult::failure("error.record.not_found", r.case_id));
        r.category = row->category;
        r.department = row->department;
        if (r.customer.empty()) r.customer = row->customer;
    }
    if (ApplyResult check = check_answers(def, r); !check.ok) return refused(check);
    if (r.agent.agent_id.empty()) r.agent = ctx.actor;
    if (r.at_ms == 0) r.at_ms = ctx.now_ms;
    // Re-rating the same case: the response it already has is updated.
    r.id = stored_response_id(s, r);
    if (const Record* cur = s.records.find(kResponseType, r.id)) return replace_record(s.records, kResponseType, r.id, cur->rev, response_to_data(r), ctx);
    if (!valid_record_id(r.id)) return refused(ApplyResult::failure("error.record.invalid_id", r.id));
    if (s.records.find_any(kResponseType, r.id)) return refused(ApplyResult::failure("error.survey.not_found", r.id));
    ApplyOutcome out;
    create_record(s.records, kResponseType, r.id, response_to_data(r), ctx, out);
    return out;
}

// ---- the family -----------------------------------------------------------------------------
namespace {
constexpr CommandInfo kSurveyCmds[] = {
    {"SaveSurvey", Role::Lead},
    {"DeleteSurvey", Role::Lead},
    {"SubmitResponse", Role::Agent},
};
static_assert(covers<SurveyCmd>(kSurveyCmds), "one row per survey command, in the variant's order");
}  // namespace

ApplyOutcome apply_family(AppState& s, const SurveyCmd& c, const CommandContext& ctx) {
    return std::visit([&](const auto& x) { return apply_survey(s, x, ctx); }, c);
}
const char* family_command_name(const SurveyCmd& c) { return kSurveyCmds[c.index()].name; }
Role family_role(const AppState&, const SurveyCmd& c, const Actor&) {
    return kSurveyCmds[c.index()].role;
}

}  // namespace kefu
