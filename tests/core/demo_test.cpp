// The demo station's data: deterministic, realistic, every state; kept apart from the real
// station at the storage layer (its own folder) and at the door (imports).
#include "core/demo_data.hpp"

#include <doctest/doctest.h>

#include <set>

#include "core/app_state.hpp"
#include "core/exchange.hpp"
#include "core/journal.hpp"
#include "tests/core/test_support.hpp"

using namespace kefu;

namespace {
constexpr int64_t kNow = 1795500000000;  // 2026-11-24 (a Tuesday), 10:40 Beijing time

AppState demo_state(uint64_t seed = 20261124) {
    AppState s;
    REQUIRE(parse_default_surveys(test::read_source_file("assets/surveys/default.json"), s.builtin_surveys).ok);
    DemoOptions o;
    o.seed = seed;
    o.now_ms = kNow;
    const ApplyResult r = generate_demo(s, o);
    CAPTURE(r.error.key);
    CAPTURE(r.error.detail);
    REQUIRE(r.ok);
    return s;
}

std::string everything(const RecordStore& store) {
    return export_json(store, ExportFilter{}, ExportMeta{"test", kNow, {"t", "t"}, "demo"});
}
}  // namespace

TEST_CASE("demo data: the same seed gives the same station; every state, role and a survey score are there") {
    const AppState a = demo_state();
    const AppState b = demo_state();
    CHECK(everything(a.records) == everything(b.records));
    CHECK(everything(demo_state(7).records) != everything(a.records));

    CHECK(a.cases.size() == 240);
    std::set<CaseStatus> states;
    for (size_t i = 0; i < a.cases.size(); ++i) states.insert(a.cases.row(i).status);
    for (CaseStatus st : {CaseStatus::Recorded, CaseStatus::Answered, CaseStatus::Forwarded, CaseStatus::SolutionReturned,
                          CaseStatus::Replied, CaseStatus::Reviewed, CaseStatus::Closed})
        CHECK(states.count(st) == 1);
    std::set<Role> roles;
    for (const AgentProfile& p : a.agents) {
        roles.insert(p.role);
        CHECK(valid_pin_hash(p.pin));
    }
    CHECK(roles.size() == 3);
    AgentProfile lead;
    REQUIRE(find_agent(a.records, kDemoLeadId, lead));
    CHECK(lead.role == Role::Lead);
    CHECK(a.settings.mask_phones);  // visitors look at the demo screen
    CHECK(a.responses.size() > 30);
    CHECK(a.records.count(kCallbackType) > 30);
}

TEST_CASE("demo and real stations are apart: separate folders, and neither takes the other's files") {
    test::TempDir dir;
    const AppState demo = demo_state();
    // Storage: the demo's journal lives in its own folder; the real one stays empty.
    {
        Journal demo_journal(dir.path() + "/demo/kefu");
        Journal real_journal(dir.path() + "/data/kefu");
        RecordStore loaded;
        REQUIRE(demo_journal.load(loaded).problems.empty());
        REQUIRE(demo_journal.compact(demo.records).ok);
        RecordStore real;
        real_journal.load(real);
        CHECK(real.total() == 0);
        RecordStore again;
        Journal(dir.path() + "/demo/kefu").load(again);
        CHECK(again.total() == demo.records.total());
    }
    // The door: a demo export is refused by the real station, a real one by the demo station.
    RecordStore real;
    const ImportPlan into_real = plan_import(real, everything(demo.records));
    CHECK_FALSE(into_real.valid());
    REQUIRE_FALSE(into_real.errors.empty());
    CHECK(into_real.errors[0].key == "import.err.demo_file");
    ImportLimits demo_space;
    demo_space.space = "demo";
    CHECK(plan_import(RecordStore{}, everything(demo.records), demo_space).valid());
    const std::string real_file = export_json(demo.records, ExportFilter{}, ExportMeta{"test", kNow, {"t", "t"}, ""});
    const ImportPlan into_demo = plan_import(RecordStore{}, real_file, demo_space);
    REQUIRE_FALSE(into_demo.errors.empty());
    CHECK(into_demo.errors[0].key == "import.err.real_file");
    // A demo file with its mark taken off is still refused: its records and accounts are known.
    const ImportPlan smuggled = plan_import(real, real_file);
    CHECK_FALSE(smuggled.valid());
    REQUIRE_FALSE(smuggled.errors.empty());
    CHECK(smuggled.errors[0].key == "import.err.demo_record");
    CHECK(smuggled.items.empty());
}
