// libFuzzer target for the importer (clang, -fsanitize=fuzzer,address,undefined).
// Properties checked on every input:
//  - plan_import never crashes, throws or leaks, whatever the bytes;
//  - an invalid plan has at least one error and no items, and applying it changes nothing;
//  - a valid plan applies, and the result exports to a file that imports again as valid.
// Run: python3 tests/run.py --fuzz [seconds]   (a short bounded run is part of the test suite)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/exchange.hpp"

namespace {

kefu::AppState seed_state() {
    using namespace kefu;
    AppState s;
    const CommandContext ctx{{"1001", "张敏"}, 1'790'000'000'000};
    s.records.create("case", "KF-1", {{"title", "无法登录"}, {"status", "closed"}, {"customer", {{"mobile", "13812341234"}}}}, ctx);
    s.records.create("faq", "faq-1", {{"q", "如何开发票？"}}, ctx);
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace kefu;
    static const AppState base = seed_state();
    static const std::string before = export_json(base.records, {}, {"fuzz", 1, {"f", "f"}});
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    ImportLimits limits;
    limits.max_bytes = 1 << 20;
    const ImportPlan plan = plan_import(base.records, bytes, limits);
    AppState s = base;
    const ApplyOutcome out = apply_import(s, plan, ConflictPolicy::TakeTheirs, {{"fuzz", "fuzz"}, 2});
    if (!plan.valid()) {
        if (plan.errors.empty() || !plan.items.empty() || out.ok()) std::abort();
        if (export_json(s.records, {}, {"fuzz", 1, {"f", "f"}}) != before) std::abort();
        return 0;
    }
    if (!out.ok()) std::abort();
    const std::string again = export_json(s.records, {}, {"fuzz", 3, {"f", "f"}});
    AppState fresh;
    if (!plan_import(fresh.records, again).valid()) std::abort();
    return 0;
}
