#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/civil_date.hpp"
#include "core/period.hpp"

using namespace kefu;

namespace {
int64_t day(int y, int m, int d) { return days_from_civil({y, m, d}); }
std::string range(Period p, int64_t today) {
    int64_t from = 0, to = 0;
    period_days(p, today, from, to);
    return format_ymd(civil_from_days(from)) + ".." + format_ymd(civil_from_days(to));
}
}  // namespace

TEST_CASE("periods as seen on a Wednesday early in December 2026") {
    const int64_t wed = day(2026, 12, 2);
    CHECK(range(Period::Today, wed) == "2026-12-02..2026-12-02");
    CHECK(range(Period::Yesterday, wed) == "2026-12-01..2026-12-01");
    CHECK(range(Period::ThisWeek, wed) == "2026-11-30..2026-12-02");  // weeks start on Monday
    CHECK(range(Period::LastWeek, wed) == "2026-11-23..2026-11-29");
    CHECK(range(Period::Last7Days, wed) == "2026-11-26..2026-12-02");
    CHECK(range(Period::Last30Days, wed) == "2026-11-03..2026-12-02");
    CHECK(range(Period::ThisMonth, wed) == "2026-12-01..2026-12-02");
    CHECK(range(Period::LastMonth, wed) == "2026-11-01..2026-11-30");
    CHECK(range(Period::ThisYear, wed) == "2026-01-01..2026-12-02");
    int64_t from = 0, to = 0;
    period_days(Period::All, wed, from, to);
    CHECK(from < day(1900, 1, 1));
    CHECK(to == wed);
}

TEST_CASE("periods across the turn of a year and on a Monday") {
    CHECK(range(Period::LastMonth, day(2027, 1, 15)) == "2026-12-01..2026-12-31");
    CHECK(range(Period::LastMonth, day(2024, 3, 31)) == "2024-02-01..2024-02-29");  // a leap February
    const int64_t mon = day(2026, 12, 7);
    CHECK(range(Period::ThisWeek, mon) == "2026-12-07..2026-12-07");
    CHECK(range(Period::LastWeek, mon) == "2026-11-30..2026-12-06");
    CHECK(range(Period::Yesterday, day(2027, 1, 1)) == "2026-12-31..2026-12-31");
}

TEST_CASE("every period has its own name and translation key") {
    std::set<std::string> names, keys;
    for (int i = 0; i < static_cast<int>(Period::Count); ++i) {
        names.insert(name_of(static_cast<Period>(i)));
        keys.insert(label_key(static_cast<Period>(i)));
    }
    CHECK(names.size() == static_cast<size_t>(Period::Count));
    CHECK(keys.size() == static_cast<size_t>(Period::Count));
    CHECK(std::string(name_of(Period::LastWeek)) == "last_week");
}
