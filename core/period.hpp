// The periods reports and survey results are read over ("本周", "上月", "近 30 天", …), one
// enum for every view that offers them (each lists the ones it offers, in its own order).
#pragma once
#include <cstdint>

namespace kefu {

enum class Period : uint8_t { Today, Yesterday, ThisWeek, LastWeek, Last7Days, Last30Days, ThisMonth, LastMonth, ThisYear, All, Custom, Count };
const char* name_of(Period p);    // "last_week" (the automation bridge)
const char* label_key(Period p);  // "period.last_week"

// The local days [from, to] of `p` as seen on `today` (weeks start on Monday). All reaches back
// to the earliest day there is; Custom has no days of its own (the caller's from–to): today.
void period_days(Period p, int64_t today, int64_t& from, int64_t& to);

}  // namespace kefu
