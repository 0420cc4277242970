// Working-time calendar: weekly working hours, public holidays and make-up working days
// (调休), in a time zone. The SLA clocks (sla.hpp) count working time through it.
//
// Time zones are a fixed offset from UTC plus a name for display. Mainland China has had no
// daylight saving time since 1991, so Asia/Shanghai is exactly UTC+8; a zone with DST would
// need the tz database, which a browser kiosk should not have to carry (README says so).
// The calendar is data ("kefu.calendar" JSON, assets/calendars/), editable in Settings.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace kefu {

constexpr const char* kCalendarFormat = "kefu.calendar";
constexpr int kCalendarVersion = 1;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

struct TimeRange {
    int start_min = 0;  // minutes after local midnight, [start, end)
    int end_min = 0;    // up to 24*60
    bool operator==(const TimeRange& o) const { return start_min == o.start_min && end_min == o.end_min; }
};

struct WorkCalendar {
    std::string name;
    std::string time_zone = "Asia/Shanghai";
    int utc_offset_minutes = 480;
    std::array<std::vector<TimeRange>, 7> week;  // Monday first
    std::map<int64_t, std::string> holidays;     // local day number (days since 1970-01-01) -> name
    std::map<int64_t, std::string> workdays;     // make-up working days: worked with standard_hours()
    std::string source;                          // where the dates come from
    // The years whose holidays an administrator has entered (even a year with none). Outside
    // them only the weekly hours count, and deadlines there are shown as uncertain.
    std::set<int> years;

    int64_t local_day(int64_t utc_ms) const;
    int64_t day_start_utc(int64_t day) const;
    // A make-up working day is worked like a normal working day: Monday's hours, or the
    // first weekday that has any.
    const std::vector<TimeRange>& standard_hours() const;
    const std::vector<TimeRange>& hours_on(int64_t day) const;
    // Working time in a standard day ("2 working days" = twice this).
    int64_t standard_day_ms() const;
    bool has_working_time() const;
    bool knows_year(int year) const { return years.count(year) != 0; }
    // The first year between the two instants (local days, inclusive) that is not entered; 0 if none.
    int unknown_year_between(int64_t from_ms, int64_t to_ms) const;
};

// What the status bar and Settings say about the calendar running out: the current year not
// entered (days_until <= 0), or the next one not entered and beginning within `warn_days`.
struct CalendarGap {
    int year = 0;  // 0: nothing to say
    int days_until = 0;
};
CalendarGap calendar_gap(const WorkCalendar& cal, int64_t now_ms, int warn_days = 30);

// Working time between two instants (0 when to <= from).
int64_t working_ms_between(const WorkCalendar& cal, int64_t from_ms, int64_t to_ms);
// The instant at which `amount_ms` of working time has passed since `from_ms`. A deadline that
// lands exactly on the end of a working period is that end (18:00), not the next morning.
// kNever when the calendar has no working time within ten years.
int64_t add_working_ms(const WorkCalendar& cal, int64_t from_ms, int64_t amount_ms);

// Mon–Fri 09:00–18:00, Asia/Shanghai, no holidays (the shipped default adds the 2026 dates
// from assets/calendars/cn-2026.json).
WorkCalendar basic_calendar();
// Reads a "kefu.calendar" document; every problem is listed with its path
// (keys "calendar.err.*"). On any problem `out` is left alone. A document without "years"
// (written before years were kept) counts the years its dates fall in as entered.
std::vector<FieldIssue> parse_calendar(const nlohmann::json& doc, WorkCalendar& out);
nlohmann::json calendar_to_json(const WorkCalendar& cal);
// "09:00-12:00, 13:00-18:00" <-> ranges (how Settings edits a weekday). Empty text: no
// working hours. Returns false (and leaves `out` alone) on anything else.
bool parse_hours_text(std::string_view text, std::vector<TimeRange>& out);
std::string hours_text(const std::vector<TimeRange>& ranges);

}  // namespace kefu
