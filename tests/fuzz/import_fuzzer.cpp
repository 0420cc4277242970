// libFuzzer target for the importer (clang, -fsanitize=fuzzer,address,undefined).
// Properties checked on every input:
//  - plan_import never crashes, throws or leaks, whatever the bytes;
//  - an invalid plan has at least one error and no items, and applying it changes nothing;
//  - a valid plan applies, and the result exports to a file that imports again as valid;
//  - reading records straight from their text gives the plan the json-tree path gives;
//  - the bytes taken as one record's text: what the direct reader accepts is canonical
//    MessagePack (decoding and encoding it again gives the same bytes) and a sound history.
// Run: python3 tests/run.py --fuzz [seconds]   (a short bounded run is part of the test suite)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/app_state.hpp"
#include "core/exchange.hpp"
#include "core/record_reader.hpp"

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
    {
        Record r;
        std::string history;
        std::vector<std::pair<std::string, std::string>> refs;
        const RecordReadLimits rl{46, 64 * 1024, 4102444800000, uint64_t{1} << 53};
        if (read_export_record(bytes, "records[0]", rl, r, history, refs) == RecordRead::Ok) {
            const nlohmann::json data = nlohmann::json::from_msgpack(r.data_blob, true, false);
            if (!data.is_object()) std::abort();
            const std::vector<uint8_t> again = nlohmann::json::to_msgpack(data);
            if (std::string(again.begin(), again.end()) != r.data_blob) std::abort();
            uint64_t last = 0;
            if (!history_blob_ok(history, &last) || last != r.rev) std::abort();
        }
    }
    ImportLimits limits;
    limits.max_bytes = 1 << 20;
    const ImportPlan plan = plan_import(base.records, bytes, limits);
    ImportLimits trees = limits;
    trees.read_directly = false;
    const ImportPlan careful = plan_import(base.records, bytes, trees);
    if (careful.errors.size() != plan.errors.size() || careful.items.size() != plan.items.size()) std::abort();
    for (size_t i = 0; i < plan.errors.size(); ++i)
        if (careful.errors[i].path != plan.errors[i].path || careful.errors[i].key != plan.errors[i].key ||
            careful.errors[i].detail != plan.errors[i].detail)
            std::abort();
    for (size_t i = 0; i < plan.items.size(); ++i) {
        const ImportItem &a = careful.items[i], &b = plan.items[i];
        if (a.kind != b.kind || a.record.id != b.record.id || a.record.rev != b.record.rev ||
            a.record.data_blob != b.record.data_blob || a.history_blob != b.history_blob || a.record.deleted != b.record.deleted ||
            !(a.record.created_by == b.record.created_by) || a.record.updated_at_ms != b.record.updated_at_ms)
            std::abort();
    }
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
