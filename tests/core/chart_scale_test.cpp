#include "core/chart_scale.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace kefu;

TEST_CASE("chart axes: nice bounds and ticks covering the data") {
    const AxisScale score = nice_scale(0, 97);
    CHECK(score.min == 0);
    CHECK(score.max == 100);
    CHECK(score.step == 20);
    CHECK(score.ticks == std::vector<double>{0, 20, 40, 60, 80, 100});
    CHECK(score.at(50) == doctest::Approx(0.5));

    const AxisScale nps = nice_scale(-37, 58);
    CHECK(nps.min == -40);
    CHECK(nps.max == 60);
    CHECK(nps.step == 20);

    const AxisScale counts = nice_scale(0, 1234);
    CHECK(counts.min == 0);
    CHECK(counts.max >= 1234);
    CHECK(counts.ticks.size() <= 8);
    CHECK(counts.ticks.back() == counts.max);

    const AxisScale tiny = nice_scale(0, 0.3);
    CHECK(tiny.max == doctest::Approx(0.3).epsilon(0.2));
}

TEST_CASE("chart axes: one value, no data, reversed and non-finite bounds stay usable") {
    const AxisScale one = nice_scale(95, 95);
    CHECK(one.min < 95);
    CHECK(one.max > 95);
    const AxisScale zero = nice_scale(0, 0);
    CHECK(zero.min == 0);
    CHECK(zero.max >= 1);
    const AxisScale reversed = nice_scale(10, 2);
    CHECK(reversed.min <= 2);
    CHECK(reversed.max >= 10);
    const AxisScale nan = nice_scale(std::numeric_limits<double>::quiet_NaN(), 5);
    CHECK(nan.max > nan.min);
    for (const AxisScale& s : {one, zero, reversed, nan}) {
        CHECK(s.ticks.size() >= 2);
        CHECK(s.step > 0);
    }
}
