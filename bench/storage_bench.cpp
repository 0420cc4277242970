// Storage benchmarks (native and wasm under Node from the same source): cold load of
// 100,000 cases + 10,000 FAQ articles, bytes written per change at 1k/10k/100k cases,
// export and validate+import of 100k cases, memory with everything loaded.
// Prints one JSON object per line; bench/run.py tabulates native against wasm.
//   kefu_storage_bench [work-dir] [cases]            everything below, then removes work-dir
//   kefu_storage_bench work-dir cases populate       only writes the database (kept)
//   kefu_storage_bench work-dir cases load           loads it in a fresh process: memory as the
//                                                     app holds it (then removes work-dir)
#include <cstdio>
#include <filesystem>
#include <string>

#include "bench/dataset.hpp"
#include "core/case_index.hpp"
#include "core/app_state.hpp"
#include "core/exchange.hpp"
#include "core/journal.hpp"

#include "bench/bench_util.hpp"

namespace {

using kefu::bench::emit;
using kefu::bench::ms_since;
using kefu::bench::Timer;

uint64_t dir_bytes(const std::string& dir) {
    uint64_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.file_size();
    return n;
}

// Fills a journal folder with `cases` cases (+ cases/10 FAQ articles), compacted.
void populate(const std::string& dir, size_t cases, kefu::RecordStore& store) {
    using namespace kefu;
    std::filesystem::remove_all(dir);
    Journal j(dir);
    j.load(store);
    bench::Rng rng(42);
    const CommandContext ctx{{"1001", "张敏"}, 1'790'000'000'000};
    for (size_t i = 0; i < cases; ++i) store.create("case", bench::case_id(i), bench::make_case(rng, i), ctx);
    for (size_t i = 0; i < cases / 10; ++i) store.create("faq", "faq-" + std::to_string(i), bench::make_faq(rng, i), ctx);
    j.compact(store);
}

// Bytes IDBFS writes for one change: the files whose content changed (the current segment).
double bytes_per_change(const std::string& dir, size_t cases) {
    using namespace kefu;
    RecordStore store;
    populate(dir, cases, store);
    Journal j(dir);
    RecordStore loaded;
    j.load(loaded);
    // Worst case: the segment is nearly full when the change lands, so fill it first.
    const CommandContext ctx{{"1001", "张敏"}, 1'790'000'000'000};
    double worst = 0;
    for (int k = 0; k < 400; ++k) {
        const std::string id = bench::case_id(static_cast<size_t>(k) % cases);
        const Record* r = loaded.find("case", id);
        Change c;
        loaded.update("case", id, r->rev, {{"status", k % 2 ? "closed" : "replied"}}, ctx, &c);
        j.append(c);
        worst = std::max(worst, static_cast<double>(std::filesystem::file_size(j.current_segment_path())));
    }
    return worst;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kefu;
    const std::string base = argc > 1 ? argv[1] : "/tmp/kefu-storage-bench";
    const size_t cases = argc > 2 ? std::stoul(argv[2]) : 100000;
    const std::string dir = base + "/db";
    const std::string mode = argc > 3 ? argv[3] : "all";

    if (mode == "populate") {
        RecordStore store;
        populate(dir, cases, store);
        return 0;
    }
    if (mode == "load") {
        // Nothing else has run in this process, so the wasm memory size is what loading needs.
        {
            Journal j(dir);
            RecordStore store;
            j.load(store);
            emit("memory_fresh_process_after_load", memory_mb(), "MB");
            emit("heap_in_use_after_load", heap_in_use_mb(), "MB");
            CaseIndex index;
            index.rebuild(store, basic_calendar(), default_sla_rules());
            emit("memory_fresh_process_with_case_index", memory_mb(), "MB");
            emit("heap_in_use_with_case_index", heap_in_use_mb(), "MB");
            if (store.count("case") != cases || index.size() != cases) {
                std::fprintf(stderr, "load check failed\n");
                return 1;
            }
        }
        std::filesystem::remove_all(base);
        return 0;
    }

    for (size_t n : {size_t{1000}, size_t{10000}, cases}) {
        const std::string name = "bytes_per_change_" + std::to_string(n / 1000) + "k";
        emit(name.c_str(), bytes_per_change(dir, n), "bytes");
    }

    {
        RecordStore store;
        const auto t0 = Timer::now();
        populate(dir, cases, store);
        emit("generate_and_snapshot", ms_since(t0), "ms");
        emit("snapshot_bytes_on_disk", static_cast<double>(dir_bytes(dir)) / 1048576.0, "MB");
    }
    {
        Journal j(dir);
        RecordStore store;
        const auto t0 = Timer::now();
        const LoadReport rep = j.load(store);
        emit("cold_load_100k", ms_since(t0), "ms");
        emit("memory_after_load", memory_mb(), "MB");
        {
            // What the app holds on top: the case list's index (core/case_index.hpp).
            CaseIndex index;
            const auto ti = Timer::now();
            index.rebuild(store, basic_calendar(), default_sla_rules());
            emit("case_index_build_after_load", ms_since(ti), "ms");
            emit("memory_after_load_and_case_index", memory_mb(), "MB");
        }
        if (store.count("case") != cases || rep.damaged()) {
            std::fprintf(stderr, "load check failed: %zu cases\n", store.count("case"));
            return 1;
        }
        ExportFilter f;
        f.types = {"case"};
        auto t1 = Timer::now();
        const std::string doc = export_json(store, f, {"bench", 1'790'000'000'000, {"1001", "张敏"}});
        emit("export_100k_cases", ms_since(t1), "ms");
        emit("export_size", static_cast<double>(doc.size()) / 1048576.0, "MB");

        AppState fresh;
        t1 = Timer::now();
        const ImportPlan plan = plan_import(fresh.records, doc);
        emit("import_validate_part", ms_since(t1), "ms");
        const auto t2 = Timer::now();
        const ApplyOutcome out = apply_import(fresh, plan, ConflictPolicy::KeepMine, {{"1001", "张敏"}, 1'790'000'000'001});
        emit("import_apply_part", ms_since(t2), "ms");
        emit("validate_and_import_100k_cases", ms_since(t1), "ms");
        emit("import_records_read_directly", static_cast<double>(plan.read_directly), "records");
        if (!plan.valid() || !out.ok() || fresh.records.count("case") != cases || fresh.cases.size() != cases) {
            std::fprintf(stderr, "import check failed\n");
            return 1;
        }
        // What the app does next with an import this big: one snapshot of the whole store
        // (web/app.cpp), instead of journaling 100k changes.
        {
            Journal saved(base + "/imported");
            RecordStore scratch;
            saved.load(scratch);
            const auto t3 = Timer::now();
            if (!saved.compact(fresh.records).ok) {
                std::fprintf(stderr, "saving the import failed\n");
                return 1;
            }
            emit("import_save_part", ms_since(t3), "ms");
            emit("validate_import_and_save_100k_cases", ms_since(t1), "ms");
        }
        emit("memory_peak_after_import", memory_mb(), "MB");
    }
    std::filesystem::remove_all(base);
    return 0;
}
