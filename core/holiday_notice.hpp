// The State Council's yearly holiday notice (国务院办公厅关于 20XX 年部分节假日安排的通知), read
// from its text as newspapers print it, into the holidays and make-up working days (调休上班)
// of one year of the working calendar.
//
//   一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
//   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。…
//   一、元旦：1月1日放假，与周末连休。1月2日（星期一）补休。            (the older wording)
//   一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。              (dates with a year)
//
// Nothing is guessed: a date that does not exist (0月1日, 2月30日), a weekday in brackets that
// is not that date's, a "共N天" that does not match the days listed, a make-up working day
// that is not a weekend, a sentence that says both 放假 and 上班 — each is an error pointing
// at the text, and the notice cannot be saved until it is mended. Sentences with dates that
// say neither (鼓励…安排职工在除夕（2月9日）休息; the date under the signature) set nothing and
// are listed as notes, so the person pasting sees what was left out.
//
// No library was found for this (the notices are prose, not a data format); the reader is a
// small scanner over code points, with byte offsets kept so the view can quote the text.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"

namespace kefu {

struct NoticeIssue {
    size_t at = 0;      // byte offset in the pasted text
    size_t length = 0;  // bytes of the text it is about
    std::string key;       // "notice.err.*" / "notice.note.*"
    std::string detail;    // what the text says or makes: a date "2026-01-01", a count of days
    std::string expected;  // what it should be: the date's weekday (0 = Monday), "共N天"'s N, the year asked
};

struct NoticeDay {
    int64_t day = 0;    // days since 1970-01-01
    std::string name;   // the item's name: 元旦, 春节 …; make-up days: 元旦调休上班
    size_t at = 0;      // where in the text the date stands
};

struct HolidayNotice {
    int year = 0;                        // from the title, else the year asked for
    std::vector<NoticeDay> holidays;     // in date order, each day once
    std::vector<NoticeDay> workdays;     // make-up working days, in date order
    std::vector<NoticeIssue> errors;     // the notice cannot be used until these are fixed
    std::vector<NoticeIssue> notes;      // dates that set nothing, for the reader to check
    bool usable() const { return errors.empty() && year != 0 && (!holidays.empty() || !workdays.empty()); }
};

// `year_asked`: the year being entered (0: take it from the title). A title naming another
// year is an error, not a silent switch.
HolidayNotice parse_holiday_notice(std::string_view text, int year_asked);

// The quoted text of an issue (at most `max_chars` code points, never cutting one in half).
std::string notice_excerpt(std::string_view text, const NoticeIssue& issue, size_t max_chars = 40);

// `cal` with `year`'s holidays and make-up days replaced by the notice's, and the year counted
// as entered (WorkCalendar::years). Days of the neighbouring years a notice names (元旦 from
// 30 December) are added; nothing else of those years changes.
WorkCalendar calendar_with_year(const WorkCalendar& cal, int year, const std::vector<NoticeDay>& holidays,
                                const std::vector<NoticeDay>& workdays);

}  // namespace kefu
