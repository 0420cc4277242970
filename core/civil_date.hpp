// Calendar dates without time zones' baggage: days since 1970-01-01 <-> year/month/day
// (Howard Hinnant's algorithms), "YYYY-MM-DD" parsing, weekdays. Local time in Kefu is
// UTC plus a fixed offset (see calendar.hpp for why that is enough for mainland China).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kefu {

struct CivilDate {
    int year = 1970, month = 1, day = 1;
};

constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMsPerHour = 3'600'000;
constexpr int64_t kMsPerDay = 86'400'000;

int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(int64_t days);
// 0 = Monday … 6 = Sunday.
int weekday_from_days(int64_t days);
// Strict "YYYY-MM-DD" between 1970 and 2099 that exists on the calendar.
bool parse_ymd(std::string_view text, CivilDate& out);
std::string format_ymd(CivilDate d);
// Floor division of ms by a day, correct for instants before 1970 too.
inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace kefu
