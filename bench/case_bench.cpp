// Case list benchmarks (native and wasm under Node from the same source), 100,000 cases:
// building the case index (part of start-up), filter + sort, free-text search, SLA states
// of the whole list, re-planning every SLA. Prints one JSON object per line.
//   kefu_case_bench [cases]
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "bench/dataset.hpp"
#include "core/app_state.hpp"

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
    AppState s;
    bench::Rng rng(42);
    const CommandContext ctx{{"1001", "张敏"}, kNow};
    for (size_t i = 0; i < cases; ++i) {
        const json data = bench::make_case(rng, i, cases, kNow);
        s.records.create(kCaseType, bench::case_id(i), data, {ctx.actor, data["description"]["at"].get<int64_t>()});
    }

    const double before = heap_in_use_mb();
    auto t0 = Timer::now();
    refresh_derived(s);
    emit("case_index_build", ms_since(t0), "ms");
    emit("case_index_heap_in_use", heap_in_use_mb() - before, "MB");
    if (s.cases.size() != cases) {
        std::fprintf(stderr, "index has %zu rows\n", s.cases.size());
        return 1;
    }

    // SLA state of every row at one "now" (what the list's badges and the SLA filter need).
    size_t breached = 0;
    auto sla = time_each(kRounds, [&] {
        breached = 0;
        for (size_t i = 0; i < s.cases.size(); ++i) breached += s.cases.row(i).sla_state(kNow) == SlaState::Breached;
    });
    emit("sla_state_all_p99", percentile(sla, 99), "ms");
    emit("sla_breached_cases", static_cast<double>(breached), "cases");
    t0 = Timer::now();
    s.cases.replan(s.calendar, s.sla_rules);
    emit("sla_replan_all", ms_since(t0), "ms");

    // Filter + sort: the list's everyday questions.
    std::vector<CaseQuery> filters(8);
    filters[0].open_only = true, filters[0].sort = CaseSort::Sla, filters[0].descending = false;
    filters[1].sort = CaseSort::Updated;
    filters[2].kinds = 1u << static_cast<unsigned>(CaseKind::Complaint), filters[2].sort = CaseSort::Customer;
    filters[3].statuses = 1u << static_cast<unsigned>(CaseStatus::Forwarded), filters[3].sort = CaseSort::FormNo;
    filters[4].categories = 1u << static_cast<unsigned>(CaseCategory::Technical), filters[4].created_from_ms = kNow - 90 * kMsPerDay,
    filters[4].sort = CaseSort::Created;
    filters[5].departments = 1u << static_cast<unsigned>(Department::Sales), filters[5].sort = CaseSort::Status;
    filters[6].sla_states = 1u << static_cast<unsigned>(SlaState::Breached), filters[6].sort = CaseSort::Sla;
    filters[7].agent = "李强", filters[7].sort = CaseSort::Agent;
    std::vector<double> filter_ms;
    size_t rows = 0;
    for (const CaseQuery& q : filters)
        for (double ms : time_each(kRounds, [&] { rows += s.cases.query(q, kNow).size(); })) filter_ms.push_back(ms);
    emit("filter_sort_p50", percentile(filter_ms, 50), "ms");
    emit("filter_sort_p99", percentile(filter_ms, 99), "ms");

    // Free text: Chinese words inside sentences, English, names, numbers, two terms.
    const char* const texts[] = {"登录", "退款", "掉线", "宽带 掉线", "refund", "invoice pdf", "王芳", "1381", "KF-2026", "建国路 88", "配件", "Acme"};
    std::vector<double> search_ms;
    size_t hits = 0;
    for (const char* text : texts) {
        CaseQuery q;
        q.text = text;
        for (double ms : time_each(kRounds, [&] { hits += s.cases.query(q, kNow).size(); })) search_ms.push_back(ms);
    }
    emit("search_p50", percentile(search_ms, 50), "ms");
    emit("search_p99", percentile(search_ms, 99), "ms");
    std::fprintf(stderr, "rows %zu hits %zu\n", rows, hits);
    return 0;
}
