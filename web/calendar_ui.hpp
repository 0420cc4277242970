// Settings → working calendar and deadlines (calendar_settings_view.cpp, calendar_year_view.cpp).
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "core/holiday_notice.hpp"
#include "web/view.hpp"

namespace kefu {

// Settings → working calendar and deadlines: edit buffers, refilled when the stored
// calendar changes (version), committed when a field is left.
struct CalendarUi {
    uint64_t loaded_version = ~0ull;
    std::array<std::string, 7> hours;  // "09:00-18:00" per weekday
    std::string new_date, new_name;
    bool new_is_workday = false;
    // Adding a year from the State Council's notice (calendar_year_view.cpp): the pasted text,
    // parsed again only when it or the year changes.
    bool year_open = false;
    bool scroll_to_years = false;  // the status bar's notice was clicked
    int year = 0;
    std::string notice_text;
    std::string parsed_text;
    int parsed_year = -1;
    HolidayNotice parsed;
};

void draw_calendar_settings(const ViewContext& ctx);
// The years of public holidays entered, and adding one from the State Council's notice.
void draw_calendar_years(const ViewContext& ctx);
// Stores the calendar (SetCalendar), says so or shows why not; true when stored.
bool set_calendar(const ViewContext& ctx, const WorkCalendar& cal);
// The weekday names, Monday first (keys of the translation tables).
extern const char* const kWeekdayNameKeys[7];
// "北京时间" for Asia/Shanghai, else "UTC+05:30": how a time's zone is named on screen.
std::string zone_label(const ViewContext& ctx, const WorkCalendar& cal);
std::string utc_offset_text(int minutes);

// window.kefu.state().calendar (the automation bridge).
nlohmann::json calendar_snapshot(const SnapshotContext& snap);

}  // namespace kefu
