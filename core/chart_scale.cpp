#include "core/chart_scale.hpp"

#include <algorithm>
#include <cmath>

namespace kefu {

namespace {

// The "nice" number (1, 2, 5 or 10 × 10ⁿ) near x: rounded, or the next one up.
double nice(double x, bool round) {
    const double exp = std::floor(std::log10(x));
    const double f = x / std::pow(10.0, exp);
    double n;
    if (round) n = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return n * std::pow(10.0, exp);
}

}  // namespace

AxisScale nice_scale(double lo, double hi, int max_ticks) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (lo > hi) std::swap(lo, hi);
    if (hi - lo < 1e-9) {  // one value: a range around it
        const double pad = std::max(1.0, std::fabs(lo) * 0.1);
        lo -= lo >= 0 && lo - pad < 0 ? lo : pad;
        hi += pad;
    }
    max_ticks = std::max(2, max_ticks);
    AxisScale s;
    const double range = nice(hi - lo, false);
    s.step = nice(range / max_ticks, true);
    s.min = std::floor(lo / s.step) * s.step;
    s.max = std::ceil(hi / s.step) * s.step;
    for (double v = s.min; v <= s.max + s.step * 0.5; v += s.step) s.ticks.push_back(std::fabs(v) < s.step * 1e-9 ? 0.0 : v);
    return s;
}

}  // namespace kefu
