#include "core/period.hpp"

#include <limits>

#include "core/civil_date.hpp"

namespace kefu {

namespace {
struct PeriodInfo {
    const char* name;
    const char* label_key;
};
constexpr PeriodInfo kPeriods[] = {
    {"today", "period.today"},         {"yesterday", "period.yesterday"}, {"this_week", "period.this_week"},
    {"last_week", "period.last_week"}, {"last_7_days", "period.last_7"},  {"last_30_days", "period.last_30"},
    {"this_month", "period.this_month"}, {"last_month", "period.last_month"}, {"this_year", "period.this_year"},
    {"all", "period.all"},             {"custom", "period.custom"},
};
static_assert(sizeof(kPeriods) / sizeof(kPeriods[0]) == static_cast<size_t>(Period::Count), "one row per period");
}  // namespace

const char* name_of(Period p) { return p < Period::Count ? kPeriods[static_cast<size_t>(p)].name : "?"; }
const char* label_key(Period p) { return p < Period::Count ? kPeriods[static_cast<size_t>(p)].label_key : "period.today"; }

void period_days(Period p, int64_t today, int64_t& from, int64_t& to) {
    const CivilDate t = civil_from_days(today);
    const int64_t month_start = days_from_civil({t.year, t.month, 1});
    const int64_t week_start = today - weekday_from_days(today);
    to = today;
    switch (p) {
        case Period::Today:
        case Period::Custom:
        case Period::Count: from = today; break;
        case Period::Yesterday: from = to = today - 1; break;
        case Period::ThisWeek: from = week_start; break;
        case Period::LastWeek:
            from = week_start - 7;
            to = week_start - 1;
            break;
        case Period::Last7Days: from = today - 6; break;
        case Period::Last30Days: from = today - 29; break;
        case Period::ThisMonth: from = month_start; break;
        case Period::LastMonth: {
            const CivilDate prev = civil_from_days(month_start - 1);
            from = days_from_civil({prev.year, prev.month, 1});
            to = month_start - 1;
            break;
        }
        case Period::ThisYear: from = days_from_civil({t.year, 1, 1}); break;
        case Period::All: from = std::numeric_limits<int64_t>::min() / 2; break;
    }
}

}  // namespace kefu
