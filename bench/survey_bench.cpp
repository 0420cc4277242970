// Survey and callback benchmarks (native and wasm under Node from the same source): 100,000
// cases, 100,000 survey responses and a callback for most closed cases. Measures building
// the response and callback indexes (start-up), what the results view computes (scores,
// scores per day/agent/category, answer distributions of every question), the callback due
// list over every case, the callback rate of a year, the dashboard's KPIs, and each named
// report (a call logged per case, so the agent statistics read 100,000 calls). Prints one
// JSON object per line.
//   kefu_survey_bench [cases] [responses]
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "bench/dataset.hpp"
#include "core/app_state.hpp"
#include "core/file_io.hpp"
#include "core/named_reports.hpp"
#include "core/reports.hpp"
#include "core/contact.hpp"
#include "core/utf8.hpp"

namespace {

using namespace kefu;
using nlohmann::json;
using kefu::bench::emit;
using kefu::bench::ms_since;
using kefu::bench::percentile;
using kefu::bench::time_each;
using kefu::bench::Timer;

constexpr int64_t kNow = 1'795'000'000'000;  // 2026-11-18, the newest case's day
constexpr int kRounds = 15;

}  // namespace

int main(int argc, char** argv) {
    const size_t cases = argc > 1 ? static_cast<size_t>(std::stoul(argv[1])) : 100000;
    const size_t responses = argc > 2 ? static_cast<size_t>(std::stoul(argv[2])) : 100000;
    AppState s;
    if (!parse_default_surveys(read_whole_file("assets/surveys/default.json"), s.builtin_surveys).ok) {
        std::fprintf(stderr, "cannot read assets/surveys/default.json (run from the project root)\n");
        return 1;
    }
    const Survey& survey = s.builtin_surveys.front();
    bench::Rng rng(42);
    std::vector<Case> made;
    made.reserve(cases);
    for (size_t i = 0; i < cases; ++i) {
        made.push_back(bench::make_case_struct(rng, i, cases, kNow));
        s.records.create(kCaseType, made.back().id, case_to_data(made.back()), {made.back().description.by, made.back().description.at_ms});
        // The call that opened it (1–7 minutes).
        Contact call;
        call.started_ms = made.back().description.at_ms - static_cast<int64_t>(60 + rng.below(360)) * 1000;
        call.ended_ms = made.back().description.at_ms;
        call.phone = made.back().customer.mobile;
        call.customer = made.back().customer.name;
        call.question = std::string(utf8_prefix(made.back().description.text, 20));
        call.case_id = made.back().id;
        s.records.create(kContactType, "call-" + std::to_string(i), contact_to_data(call), {made.back().description.by, call.ended_ms});
    }
    // Responses: one per closed case (a callback), the rest from the kiosk; callbacks for
    // about 60% of closed cases, most reached.
    size_t written = 0, callbacks = 0;
    for (size_t i = 0; written < responses; ++i) {
        const Case* c = i < made.size() && made[i].status == CaseStatus::Closed ? &made[i] : nullptr;
        if (i < made.size() && !c) continue;
        SurveyResponse r;
        r.id = "resp-" + std::to_string(written);
        r.survey_id = survey.id;
        r.channel = c ? SurveyChannel::Callback : SurveyChannel::Kiosk;
        r.agent = c ? c->description.by : Actor{"kiosk-1", "自助终端"};
        r.case_id = c ? c->id : std::string();
        r.category = c ? c->category : CaseCategory::Service;
        r.department = c ? c->department : Department::None;
        r.at_ms = c ? c->event(CaseEvent::Closed) + 2 * kMsPerDay : kNow - static_cast<int64_t>(rng.below(400)) * kMsPerDay;
        r.complete = rng.below(10) != 0;
        for (const SurveyQuestion& q : survey.questions) {
            SurveyAnswer a;
            a.question = q.id;
            a.kind = q.kind;
            if (rng.below(8) == 0) {  // skipped
            } else if (q.kind == QuestionKind::Rating) {
                a.value = static_cast<int>(5 - std::min<size_t>(rng.below(6), 4) / 2);  // mostly 4–5
            } else if (q.kind == QuestionKind::Nps) {
                a.value = static_cast<int>(10 - rng.below(6));
            } else if (q.kind == QuestionKind::YesNo) {
                a.value = rng.below(10) ? 1 : 0;
            } else if (q.kind == QuestionKind::Single) {
                a.value = static_cast<int>(rng.below(q.options.size()));
            } else if (q.kind == QuestionKind::Text && rng.below(5) == 0) {
                a.text = "希望以后处理得再快一些，整体满意。";
            }
            r.answers.push_back(std::move(a));
        }
        s.records.create(kResponseType, r.id, response_to_data(r), {r.agent, r.at_ms});
        if (c && rng.below(10) < 6) {
            Callback cb;
            cb.id = "cb-" + std::to_string(i);
            cb.case_id = c->id;
            cb.phone = c->customer.mobile;
            cb.response_id = r.id;
            cb.attempts.push_back({r.at_ms, r.agent, rng.below(10) ? CallbackOutcome::Done : CallbackOutcome::Refused, ""});
            cb.finished = true;
            s.records.create(kCallbackType, cb.id, callback_to_data(cb), {r.agent, r.at_ms});
            ++callbacks;
        }
        ++written;
    }

    const double before = heap_in_use_mb();
    auto t0 = Timer::now();
    s.responses.rebuild(s.records, 480);
    s.callbacks.rebuild(s.records);
    emit("survey_index_build", ms_since(t0), "ms");
    emit("survey_index_heap_in_use", heap_in_use_mb() - before, "MB");
    refresh_derived(s);
    if (s.responses.size() != responses || s.callbacks.size() != callbacks) {
        std::fprintf(stderr, "indexes hold %zu responses, %zu callbacks\n", s.responses.size(), s.callbacks.size());
        return 1;
    }

    // The results view: scores of the period, a line per day, bars per agent and category,
    // the distribution of every question.
    ScoreFilter year;
    year.to_day = s.calendar.local_day(kNow);
    year.from_day = year.to_day - 365;
    double check = 0;
    auto results = time_each(kRounds, [&] {
        const Scores all = s.responses.scores(year);
        check = all.score();
        check += static_cast<double>(s.responses.grouped(year, ScoreGroup::Day).size());
        check += static_cast<double>(s.responses.grouped(year, ScoreGroup::Agent).size());
        check += static_cast<double>(s.responses.grouped(year, ScoreGroup::Category).size());
        for (const Distribution& d : s.responses.distributions(year, survey)) check += static_cast<double>(d.answered);
    });
    emit("survey_results_p50", percentile(results, 50), "ms");
    emit("survey_results_p99", percentile(results, 99), "ms");
    emit("survey_score_year", s.responses.scores(year).score(), "points");

    size_t due = 0;
    auto due_list = time_each(kRounds, [&] { due = due_callbacks(s, kNow).size(); });
    emit("callback_due_list_p50", percentile(due_list, 50), "ms");
    emit("callback_due_list_p99", percentile(due_list, 99), "ms");
    emit("callbacks_due", static_cast<double>(due), "cases");

    CallbackRate rate;
    auto rates = time_each(kRounds, [&] { rate = callback_rate(s, year.from_day, year.to_day); });
    emit("callback_rate_year_p99", percentile(rates, 99), "ms");
    emit("callback_rate_year", rate.rate(), "%");
    // The contact log's index, built the first time a report needs it.
    t0 = Timer::now();
    const size_t calls = s.contacts.rows(s.records).size();
    emit("contact_index_build", ms_since(t0), "ms");
    if (calls != cases) {
        std::fprintf(stderr, "contact index holds %zu calls of %zu\n", calls, cases);
        return 1;
    }
    // The dashboard: every KPI for today and for the last 30 days over every case.
    ReportScope today_scope;
    today_scope.from_day = today_scope.to_day = s.calendar.local_day(kNow);
    ReportScope month_scope;
    month_scope.to_day = today_scope.to_day;
    month_scope.from_day = month_scope.to_day - 29;
    double open_cases = 0;
    auto dash = time_each(kRounds, [&] {
        open_cases = compute_kpis(s, today_scope, kNow).get(Kpi::Backlog).value;
        check += compute_kpis(s, month_scope, kNow).get(Kpi::OnTime).value;
    });
    emit("dashboard_kpis_today_and_month_p50", percentile(dash, 50), "ms");
    emit("dashboard_kpis_today_and_month_p99", percentile(dash, 99), "ms");
    emit("dashboard_open_cases", open_cases, "cases");
    // The named reports over the last 30 days and over a year; the agent statistics read every
    // call record, the complaint and department reports decode the cases they list.
    Translator tr;
    for (Language l : {Language::ZhCN, Language::En}) {
        StringTable t;
        t.load_json(read_whole_file(std::string("assets/i18n/") + language_tag(l) + ".json"));
        tr.set_table(l, std::move(t));
    }
    ReportScope year_scope = month_scope;
    year_scope.from_day = month_scope.to_day - 364;
    double rows = 0;
    for (int k = 0; k < static_cast<int>(ReportKind::Count); ++k) {
        const ReportKind kind = static_cast<ReportKind>(k);
        for (const auto& span : {std::pair<const char*, const ReportScope*>{"month", &month_scope}, {"year", &year_scope}}) {
            const char* label = span.first;
            const ReportScope& scope = *span.second;
            auto times = time_each(5, [&] {
                const ReportDoc d = build_report(s, kind, scope, kNow, tr);
                for (const DocSection& sec : d.sections)
                    for (const DocTable& t : sec.tables) rows += static_cast<double>(t.rows.size());
            });
            emit((std::string("report_") + name_of(kind) + "_" + label + "_p50").c_str(), percentile(times, 50), "ms");
        }
    }
    auto draft = time_each(5, [&] { rows += static_cast<double>(draft_work_log(s, made.back().description.by.name, today_scope.to_day, kNow, tr).size()); });
    emit("work_log_draft_p50", percentile(draft, 50), "ms");
    std::fprintf(stderr, "(checksum %.1f %.0f)\n", check, rows);
    return 0;
}
