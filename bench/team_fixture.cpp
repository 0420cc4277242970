// Writes a team database's worth of case documents, as stations push them (to_team_doc), one
// JSON document per line, for the team sync benchmark (bench/team_sync.mjs). Every case is
// made through the real commands — recorded, forwarded, solved, answered — so each carries
// the history a year of work gives it (5 revisions), and passes the importer's checks.
//
//   kefu_team_fixture <cases> <out.ndjson>
#include <cstdio>
#include <fstream>
#include <string>

#include "bench/dataset.hpp"
#include "core/app_state.hpp"
#include "core/team_doc.hpp"

using namespace kefu;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: kefu_team_fixture <cases> <out.ndjson>\n");
        return 2;
    }
    const size_t n = std::stoul(argv[1]);
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    if (!out) {
        std::fprintf(stderr, "kefu_team_fixture: cannot write %s\n", argv[2]);
        return 1;
    }
    bench::Rng rng(20261206);
    const int64_t t0 = days_from_civil({2025, 12, 1}) * kMsPerDay + kMsPerHour;
    const char* const agents[][2] = {{"1001", "张敏"}, {"1002", "李强"}, {"1003", "王芳"}, {"2001", "赵组长"}};
    size_t written = 0;
    // Cases are made in batches (one AppState per batch keeps memory flat).
    for (size_t start = 0; start < n; start += 5000) {
        AppState s;
        refresh_derived(s);
        const size_t end = std::min(n, start + 5000);
        for (size_t i = start; i < end; ++i) {
            const int64_t at = t0 + static_cast<int64_t>(i) * 300'000;  // one case every 5 minutes over the year
            const char* const* who = agents[rng.below(3)];
            const CommandContext ctx{{who[0], who[1]}, at};
            CreateCase c;
            char id[32];
            std::snprintf(id, sizeof id, "c-bench-%07zu", i);
            c.id = id;
            c.category = static_cast<CaseCategory>(rng.below(4));
            c.customer.name = std::string(rng.pick(bench::kSurnames)) + rng.pick(bench::kGiven);
            c.customer.salutation = rng.below(2) ? "先生" : "女士";
            c.customer.mobile = "13" + std::to_string(100000000 + rng.below(899999999));
            c.customer.district = rng.pick(bench::kDistricts);
            c.customer.company = rng.pick(bench::kCompanies);
            c.description = rng.pick(bench::kProblems);
            c.acceptance = rng.pick(bench::kRecords);
            if (!apply(s, c, ctx).ok()) return 1;
            auto rev = [&] { return s.records.find(kCaseType, c.id)->rev; };
            const CommandContext later{{who[0], who[1]}, at + 3'600'000};
            if (!apply(s, ForwardCase{c.id, rev(), Department::Technical, "", "技术部 刘工"}, later).ok()) return 1;
            const CommandContext solved{{"2001", "赵组长"}, at + 7'200'000};
            if (!apply(s, RecordSolution{c.id, rev(), rng.pick(bench::kSolutions), "刘工"}, solved).ok()) return 1;
            if (!apply(s, ReplyToCustomer{c.id, rev(), "已按处理方案答复客户，客户表示满意。"}, later).ok()) return 1;
        }
        s.records.for_each_entry([&](const Record& r, const std::vector<HistoryEntry>& history) {
            if (r.type != kCaseType) return;
            out << to_team_doc(r, history, "").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            ++written;
        });
    }
    std::fprintf(stderr, "kefu_team_fixture: %zu case documents\n", written);
    return out ? 0 : 1;
}
