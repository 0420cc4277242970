// 满意度与回访 → 满意度结果: the score against its target, CSAT, NPS, the callback rate, trends
// and distributions, filtered by period, survey, agent and category.
#include <algorithm>
#include <iterator>
#include <cstdio>

#include "core/civil_date.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID
#include "imgui_stdlib.h"
#include "web/surveys_common.hpp"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

using namespace surveys_ui;

// ---- [SECTION] results --------------------------------------------------------------------------
namespace {

// The periods the results offer, in the order of their list.
constexpr Period kOffered[] = {Period::ThisMonth, Period::LastMonth, Period::Last7Days, Period::Last30Days, Period::ThisYear, Period::All};

void kpi_card(const ViewContext& ctx, const char* title_key, const std::string& value, int state, const std::string& sub, const char* probe,
              float width) {
    // state: 1 ok, -1 missed, 0 no target or no data
    const float font = ImGui::GetFontSize();
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, font * 4.2f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(theme::kCardBg), 6.0f);
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(kBorder), 6.0f);
    dl->AddText(ImVec2(p.x + font * 0.6f, p.y + font * 0.4f), ImGui::GetColorU32(theme::kMutedText), ctx.tr(title_key));
    const ImVec4 colour = state > 0 ? theme::kOkText : state < 0 ? theme::kErrorText : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.6f);
    dl->AddText(ImVec2(p.x + font * 0.6f, p.y + font * 1.4f), ImGui::GetColorU32(colour), value.c_str());
    ImGui::PopFont();
    dl->AddText(ImVec2(p.x + font * 0.6f, p.y + font * 2.95f), ImGui::GetColorU32(theme::kMutedText), sub.c_str());
    ImGui::Dummy(size);
    ImGui::EndGroup();
    ctx.probe(probe);
}

// Before sign-in (issue "Modes") answers are taken by the station ("local"); the kiosk by itself.
std::string agent_label(const ViewContext& ctx, const std::string& id) {
    if (id == "local") return ctx.state.settings.station_name.empty() ? std::string(ctx.tr("survey.this_station")) : ctx.state.settings.station_name;
    if (id == "kiosk") return ctx.tr("survey.channel.kiosk");
    return id.empty() ? std::string("—") : id;
}

std::string fixed1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

}  // namespace

void draw_survey_results(const ViewContext& ctx) {
    SurveysUi& s = ctx.ui.surveys;
    const float font = ImGui::GetFontSize();
    const int64_t today = ctx.state.calendar.local_day(static_cast<int64_t>(ctx.platform.now_ms()));
    ScoreFilter f;
    period_days(s.period, today, f.from_day, f.to_day);
    f.survey_id = s.survey_id;
    f.agent_id = s.agent_id;
    f.category = s.category;

    // ---- filters
    period_combo(ctx, "results.period", s.period, kOffered, std::size(kOffered));
    ImGui::SameLine();
    const std::vector<Survey> surveys = all_surveys(ctx.state);
    std::string survey_label = ctx.tr("survey.all_surveys");
    for (const Survey& x : surveys)
        if (x.id == s.survey_id) survey_label = x.title;
    ImGui::SetNextItemWidth(font * 10.0f);
    if (ImGui::BeginCombo("##survey", survey_label.c_str())) {
        if (ImGui::Selectable(ctx.tr("survey.all_surveys"), s.survey_id.empty())) s.survey_id.clear();
        for (const Survey& x : surveys)
            if (ImGui::Selectable(x.title.c_str(), s.survey_id == x.id)) s.survey_id = x.id;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (s.res_agent_list.empty() || s.results_version != ctx.state.version) {
        ScoreFilter any_agent = f;
        any_agent.agent_id.clear();
        s.res_agent_list = ctx.state.responses.grouped(any_agent, ScoreGroup::Agent);
    }
    const auto& agents = s.res_agent_list;
    ImGui::SetNextItemWidth(font * 8.0f);
    if (ImGui::BeginCombo("##agent", s.agent_id.empty() ? ctx.tr("survey.all_agents") : agent_label(ctx, s.agent_id).c_str())) {
        if (ImGui::Selectable(ctx.tr("survey.all_agents"), s.agent_id.empty())) s.agent_id.clear();
        for (const auto& [id, sc] : agents)
            if (ImGui::Selectable(agent_label(ctx, id).c_str(), s.agent_id == id)) s.agent_id = id;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 7.0f);
    if (ImGui::BeginCombo("##category", s.category < 0 ? ctx.tr("survey.all_categories") : ctx.tr(label_key(static_cast<CaseCategory>(s.category))))) {
        if (ImGui::Selectable(ctx.tr("survey.all_categories"), s.category < 0)) s.category = -1;
        for (int i = 0; i < static_cast<int>(CaseCategory::Count); ++i)
            if (ImGui::Selectable(ctx.tr(label_key(static_cast<CaseCategory>(i))), s.category == i)) s.category = i;
        ImGui::EndCombo();
    }

    ImGui::BeginChild("##results", ImVec2(0, 0), ImGuiChildFlags_None);
    const std::string cache_key = std::to_string(f.from_day) + "/" + std::to_string(f.to_day) + "/" + f.survey_id + "/" + f.agent_id + "/" +
                            std::to_string(f.category) + "/" + std::to_string(s.group) + "/" + std::to_string(s.bar_group) + "/" + language_of(ctx);
    if (s.results_version != ctx.state.version || s.results_key != cache_key) {
        s.results_version = ctx.state.version;
        s.results_key = cache_key;
        s.res_scores = ctx.state.responses.scores(f);
        s.res_rate = callback_rate(ctx.state, f.from_day, f.to_day);
        s.res_trend = ctx.state.responses.grouped(f, s.group == 0 ? ScoreGroup::Day : s.group == 1 ? ScoreGroup::Week : ScoreGroup::Month);
        s.res_agents = ctx.state.responses.grouped(f, ScoreGroup::Agent);
        s.res_categories = ctx.state.responses.grouped(f, s.bar_group == 1 ? ScoreGroup::Department : s.bar_group == 2 ? ScoreGroup::Channel : ScoreGroup::Category);
        s.res_have_survey = !s.survey_id.empty() ? find_survey(ctx.state, s.survey_id, s.res_survey)
                                                 : survey_for_language(ctx.state, language_of(ctx), s.res_survey);
        s.res_dists = s.res_have_survey ? ctx.state.responses.distributions(f, s.res_survey) : std::vector<Distribution>{};
    }
    // ---- the figures against their targets
    const Scores& sc = s.res_scores;
    const CallbackRate& rate = s.res_rate;
    auto st = [](bool has, bool ok) { return has ? (ok ? 1 : -1) : 0; };
    const float card_w = std::max(font * 9.0f, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 5) / 6.0f);
    kpi_card(ctx, tr_key("survey.kpi.score"), sc.has_score() ? fixed1(sc.score()) : "—", st(sc.has_score(), sc.score() >= kSatisfactionTarget),
             ctx.tr("survey.kpi.score_target"), "results.score", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.csat"), sc.has_csat() ? fixed1(sc.csat()) + "%" : "—", 0,
             ctx.trf("survey.kpi.ratings_n", {{"n", std::to_string(sc.ratings)}}), "results.csat", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.nps"), sc.has_nps() ? fixed1(sc.nps()) : "—", 0,
             ctx.trf("survey.kpi.nps_sub", {{"p", std::to_string(sc.promoters)}, {"d", std::to_string(sc.detractors)}}), "results.nps", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.responses"), std::to_string(sc.responses),
             0, ctx.trf("survey.kpi.complete_n", {{"n", std::to_string(sc.complete)}}), "results.responses", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.callback_rate"), rate.has_rate() ? fixed1(rate.rate()) + "%" : "—",
             st(rate.has_rate(), rate.rate() >= kCallbackRateTarget),
             ctx.trf("survey.kpi.rate_sub", {{"done", std::to_string(rate.called_back)}, {"closed", std::to_string(rate.closed)}}), "results.rate", card_w);
    ImGui::SameLine();
    kpi_card(ctx, tr_key("survey.kpi.response_rate"), rate.has_response_rate() ? fixed1(rate.response_rate()) + "%" : "—", 0,
             ctx.tr("survey.kpi.response_rate_sub"), "results.response_rate", card_w);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.formulas"));
    ImGui::PopTextWrapPos();

    // ---- trend against the target
    const float w = ImGui::GetContentRegionAvail().x;
    section_heading(ctx, tr_key("survey.trend"));
    ImGui::SameLine(w - font * 12.0f);
    const char* group_names[] = {ctx.tr("survey.by_day"), ctx.tr("survey.by_week"), ctx.tr("survey.by_month")};
    ImGui::SetNextItemWidth(font * 6.0f);
    ImGui::Combo("##group", &s.group, group_names, 3);
    const auto& trend = s.res_trend;
    ChartSpec line;
    line.target = kSatisfactionTarget;
    line.target_label = ctx.tr("survey.target95");
    ChartSeries score{ctx.tr("survey.kpi.score"), {}, ImGui::GetColorU32(theme::kAccent)};
    for (const auto& [key, g] : trend) {
        line.labels.push_back(s.group == 0 ? key.substr(5) : key);
        score.values.push_back(g.has_score() ? g.score() : NAN);
    }
    line.series.push_back(score);
    if (trend.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.no_data"));
    else line_chart(ctx, "results.trend", line, ImVec2(w, font * 11.0f));

    // ---- per agent and per category
    const float half = (w - font) * 0.5f;
    auto bars = [&](const char* title, const std::vector<std::pair<std::string, Scores>>& groups, const char* probe, auto label_of,
                    bool selector) {
        ImGui::BeginGroup();
        section_heading(ctx, title);
        if (selector) {  // what the bars are per
            const char* group_labels[] = {ctx.tr("survey.group.category"), ctx.tr("survey.group.department"), ctx.tr("survey.group.channel")};
            ImGui::SetNextItemWidth(font * 7.0f);
            ImGui::Combo("##bar_group", &s.bar_group, group_labels, 3);
            ctx.probe("results.bar_group");
        }
        ChartSpec spec;
        spec.target = kSatisfactionTarget;
        spec.target_label = ctx.tr("survey.target95");
        ChartSeries series{ctx.tr("survey.kpi.score"), {}, ImGui::GetColorU32(theme::kAccent)};
        for (const auto& [name, g] : groups) {
            spec.labels.push_back(label_of(name));
            series.values.push_back(g.has_score() ? g.score() : NAN);
        }
        spec.series.push_back(series);
        if (spec.labels.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.no_data"));
        else bar_chart(ctx, probe, spec, ImVec2(half, font * 10.0f));
        ImGui::EndGroup();
    };
    bars(tr_key("survey.by_agent"), s.res_agents, "results.agents", [&](const std::string& k) { return agent_label(ctx, k); }, false);
    ImGui::SameLine();
    const char* second[] = {tr_key("survey.by_category"), tr_key("survey.by_department"), tr_key("survey.by_channel")};
    bars(second[s.bar_group], s.res_categories, "results.categories", [&](const std::string& k) {
        if (s.bar_group == 1) {
            Department d = Department::None;
            parse_name(k, d);
            return std::string(d == Department::None ? ctx.tr("survey.no_department") : ctx.tr(label_key(d)));
        }
        if (s.bar_group == 2) {
            SurveyChannel c = SurveyChannel::Callback;
            parse_name(k, c);
            return std::string(ctx.tr(label_key(c)));
        }
        CaseCategory c = CaseCategory::Other;
        parse_name(k, c);
        return std::string(ctx.tr(label_key(c)));
    }, true);

    // ---- how each question was answered
    if (s.res_have_survey) {
        const Survey& survey = s.res_survey;
        section_heading(ctx, tr_key("survey.distributions"));
        const std::vector<Distribution>& dists = s.res_dists;
        size_t k = 0;
        for (size_t qi = 0; qi < survey.questions.size(); ++qi) {
            const SurveyQuestion& q = survey.questions[qi];
            if (q.kind == QuestionKind::Text || k >= dists.size()) continue;
            const Distribution& d = dists[k++];
            if (k % 2 == 0) ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + half);
            ImGui::TextUnformatted((std::to_string(qi + 1) + ". " + q.text).c_str());
            ImGui::PopTextWrapPos();
            ChartSpec spec;
            spec.integer = true;
            ChartSeries series{ctx.tr("survey.answers"), {}, ImGui::GetColorU32(ImVec4(0.388f, 0.588f, 0.965f, 1.0f))};
            for (size_t o = 0; o < d.counts.size(); ++o) {
                std::string label = q.kind == QuestionKind::Rating ? std::to_string(o + 1)
                                    : q.kind == QuestionKind::Nps  ? std::to_string(o)
                                    : q.kind == QuestionKind::YesNo ? std::string(ctx.tr(o ? "survey.yes" : "survey.no"))
                                                                     : (o < q.options.size() ? q.options[o] : std::string());
                spec.labels.push_back(label);
                series.values.push_back(static_cast<double>(d.counts[o]));
            }
            spec.series.push_back(series);
            char probe[32];
            std::snprintf(probe, sizeof probe, "results.dist%d", static_cast<int>(qi));
            bar_chart(ctx, probe, spec, ImVec2(half, font * 8.0f));
            ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("survey.answered_n", {{"n", std::to_string(d.answered)}}).c_str());
            ImGui::EndGroup();
        }
    }
    ImGui::EndChild();
}

}  // namespace kefu
