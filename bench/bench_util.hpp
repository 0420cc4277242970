// Shared by the table benchmarks (storage_bench, case_bench): a clock, memory, and
// one JSON object per measured value on stdout, which bench/run.py tabulates.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <malloc.h>

// Bytes the allocator has handed out and not taken back (not the high-water mark).
#ifdef __EMSCRIPTEN__
inline double heap_in_use_mb() { return mallinfo().uordblks / 1048576.0; }
#else
inline double heap_in_use_mb() {  // small blocks plus the large ones glibc maps on their own
    const struct mallinfo2 m = mallinfo2();
    return static_cast<double>(m.uordblks + m.hblkhd) / 1048576.0;
}
#endif

// wasm: the size of linear memory, which never shrinks (the high-water mark of the heap).
#ifdef __EMSCRIPTEN__
inline double memory_mb() { return __builtin_wasm_memory_size(0) * 65536.0 / 1048576.0; }
#else
#include <fstream>
inline double memory_mb() {  // resident set size
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * 4096.0 / 1048576.0;
}
#endif

namespace kefu::bench {

using Timer = std::chrono::steady_clock;
inline double ms_since(Timer::time_point t0) { return std::chrono::duration<double, std::milli>(Timer::now() - t0).count(); }

inline void emit(const char* name, double value, const char* unit) {
    std::printf("{\"name\":\"%s\",\"value\":%.2f,\"unit\":\"%s\"}\n", name, value, unit);
    std::fflush(stdout);
}

// The p-th percentile (0–100) of the samples, nearest rank.
inline double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(samples.size() - 1) + 0.5);
    return samples[std::min(rank, samples.size() - 1)];
}

// Milliseconds of each of `rounds` calls of fn.
template <typename Fn>
std::vector<double> time_each(int rounds, Fn fn) {
    std::vector<double> out;
    for (int i = 0; i < rounds; ++i) {
        const auto t0 = Timer::now();
        fn();
        out.push_back(ms_since(t0));
    }
    return out;
}

}  // namespace kefu::bench
