// Axis scales for the charts drawn in the app: "nice" bounds and ticks (1, 2, 5 × 10ⁿ)
// that cover the data, so that a satisfaction score of 83–97 gets an axis of 80–100 and an
// NPS of −40…60 one of −40…60 in steps of 20. Pure, so it is tested natively and in wasm.
#pragma once
#include <vector>

namespace kefu {

struct AxisScale {
    double min = 0, max = 1, step = 1;
    std::vector<double> ticks;  // min, min + step, …, max
    // Where a value falls between min (0) and max (1).
    double at(double v) const { return max > min ? (v - min) / (max - min) : 0.0; }
};

// Bounds covering [lo, hi] with about `max_ticks` intervals. Equal or reversed bounds and
// non-finite values still give a usable scale.
AxisScale nice_scale(double lo, double hi, int max_ticks = 5);

}  // namespace kefu
