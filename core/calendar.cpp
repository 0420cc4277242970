#include "core/calendar.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/civil_date.hpp"
#include "core/json_util.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {

constexpr const char* kWeekKeys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static_assert(sizeof(kWeekKeys) / sizeof(kWeekKeys[0]) == 7, "one key per weekday");
constexpr int64_t kSearchDays = 3660;  // "never" beyond ten years of days without working time
const std::vector<TimeRange> kNoHours;

bool parse_hhmm(const std::string& s, int& minutes) {
    if (s.size() != 5 || s[2] != ':') return false;
    for (int i : {0, 1, 3, 4})
        if (s[i] < '0' || s[i] > '9') return false;
    const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
    minutes = h * 60 + m;
    return true;
}

std::string format_hhmm(int minutes) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 100, minutes % 60);
    return buf;
}

struct CalendarReader {
    std::vector<FieldIssue> issues;
    void err(std::string path, const char* key, std::string detail = {}) {
        if (issues.size() < 50) issues.push_back({std::move(path), key, std::move(detail)});
    }

    void hours(const nlohmann::json& list, const std::string& path, std::vector<TimeRange>& out) {
        if (!list.is_array()) return err(path, "calendar.err.type", "[[\"09:00\",\"18:00\"]]");
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string p = path + "[" + std::to_string(i) + "]";
            const nlohmann::json& r = list[i];
            TimeRange t;
            if (!r.is_array() || r.size() != 2 || !r[0].is_string() || !r[1].is_string()) {
                err(p, "calendar.err.type", "[\"09:00\",\"18:00\"]");
                continue;
            }
            if (!parse_hhmm(r[0].get<std::string>(), t.start_min) || !parse_hhmm(r[1].get<std::string>(), t.end_min)) {
                err(p, "calendar.err.time", r.dump());
                continue;
            }
            if (t.end_min <= t.start_min) {
                err(p, "calendar.err.range_order", r.dump());
                continue;
            }
            if (!out.empty() && t.start_min < out.back().end_min) {
                err(p, "calendar.err.overlap", r.dump());
                continue;
            }
            out.push_back(t);
        }
    }

    void dates(const nlohmann::json& doc, const char* key, std::map<int64_t, std::string>& out) {
        auto it = doc.find(key);
        if (it == doc.end()) return;
        if (!it->is_array()) return err(key, "calendar.err.type", "[{\"date\":\"2026-01-01\",\"name\":\"…\"}]");
        for (size_t i = 0; i < it->size(); ++i) {
            const std::string p = std::string(key) + "[" + std::to_string(i) + "]";
            const nlohmann::json& e = (*it)[i];
            CivilDate d;
            const std::string text = json_string(e, "date");
            if (!e.is_object() || !parse_ymd(text, d)) {
                err(p + ".date", "calendar.err.date", e.is_object() ? text : e.dump());
                continue;
            }
            const std::string name = json_string(e, "name");
            if (name.size() > 200 || !valid_utf8(name)) {
                err(p + ".name", "calendar.err.name");
                continue;
            }
            if (!out.emplace(days_from_civil(d), name).second) err(p + ".date", "calendar.err.duplicate", text);
        }
    }
};

}  // namespace

int64_t WorkCalendar::local_day(int64_t utc_ms) const {
    return floor_div(utc_ms + int64_t{utc_offset_minutes} * kMsPerMinute, kMsPerDay);
}

int64_t WorkCalendar::day_start_utc(int64_t day) const {
    return day * kMsPerDay - int64_t{utc_offset_minutes} * kMsPerMinute;
}

const std::vector<TimeRange>& WorkCalendar::standard_hours() const {
    for (const auto& day : week)
        if (!day.empty()) return day;
    return kNoHours;
}

const std::vector<TimeRange>& WorkCalendar::hours_on(int64_t day) const {
    if (!workdays.empty() && workdays.count(day)) return standard_hours();
    if (!holidays.empty() && holidays.count(day)) return kNoHours;
    return week[static_cast<size_t>(weekday_from_days(day))];
}

int64_t WorkCalendar::standard_day_ms() const {
    int64_t total = 0;
    for (const TimeRange& r : standard_hours()) total += int64_t{r.end_min - r.start_min} * kMsPerMinute;
    return total;
}

bool WorkCalendar::has_working_time() const { return standard_day_ms() > 0; }

int WorkCalendar::unknown_year_between(int64_t from_ms, int64_t to_ms) const {
    const int first = civil_from_days(local_day(from_ms)).year;
    const int last = civil_from_days(local_day(std::max(from_ms, to_ms))).year;
    for (int y = first; y <= last; ++y)
        if (!knows_year(y)) return y;
    return 0;
}

CalendarGap calendar_gap(const WorkCalendar& cal, int64_t now_ms, int warn_days) {
    const int64_t today = cal.local_day(now_ms);
    const int year = civil_from_days(today).year;
    if (!cal.knows_year(year)) return {year, 0};
    const int64_t next = days_from_civil({year + 1, 1, 1});
    if (!cal.knows_year(year + 1) && next - today <= warn_days) return {year + 1, static_cast<int>(next - today)};
    return {};
}

int64_t working_ms_between(const WorkCalendar& cal, int64_t from_ms, int64_t to_ms) {
    if (to_ms <= from_ms) return 0;
    int64_t total = 0;
    const int64_t last = cal.local_day(to_ms);
    for (int64_t day = cal.local_day(from_ms); day <= last; ++day) {
        const int64_t base = cal.day_start_utc(day);
        for (const TimeRange& r : cal.hours_on(day)) {
            const int64_t s = std::max(from_ms, base + r.start_min * kMsPerMinute);
            const int64_t e = std::min(to_ms, base + r.end_min * kMsPerMinute);
            if (e > s) total += e - s;
        }
    }
    return total;
}

int64_t add_working_ms(const WorkCalendar& cal, int64_t from_ms, int64_t amount_ms) {
    if (amount_ms <= 0) return from_ms;
    const int64_t first = cal.local_day(from_ms);
    for (int64_t day = first; day < first + kSearchDays; ++day) {
        const int64_t base = cal.day_start_utc(day);
        for (const TimeRange& r : cal.hours_on(day)) {
            const int64_t s = std::max(from_ms, base + r.start_min * kMsPerMinute);
            const int64_t e = base + r.end_min * kMsPerMinute;
            if (e <= s) continue;
            if (amount_ms <= e - s) return s + amount_ms;
            amount_ms -= e - s;
        }
    }
    return kNever;
}

WorkCalendar basic_calendar() {
    WorkCalendar c;
    c.name = "Mon–Fri 09:00–18:00";
    for (int d = 0; d < 5; ++d) c.week[static_cast<size_t>(d)] = {{9 * 60, 18 * 60}};
    return c;
}

std::vector<FieldIssue> parse_calendar(const nlohmann::json& doc, WorkCalendar& out) {
    CalendarReader rd;
    if (!doc.is_object()) return rd.err("", "calendar.err.type", "{}"), rd.issues;
    if (json_string(doc, "format") != kCalendarFormat) rd.err("format", "calendar.err.format", json_string(doc, "format"));
    auto ver = doc.find("version");
    if (ver == doc.end() || !ver->is_number_integer() || ver->get<int64_t>() != kCalendarVersion)
        rd.err("version", "calendar.err.version", ver == doc.end() ? "" : ver->dump());
    WorkCalendar c;
    c.name = json_string(doc, "name");
    c.source = json_string(doc, "source");
    c.time_zone = json_string(doc, "time_zone", c.time_zone);
    if (c.name.size() > 200 || c.source.size() > 2000 || c.time_zone.size() > 64) rd.err("name", "calendar.err.name");
    if (auto off = doc.find("utc_offset_minutes"); off != doc.end()) {
        if (!off->is_number_integer() || off->get<int64_t>() < -14 * 60 || off->get<int64_t>() > 14 * 60)
            rd.err("utc_offset_minutes", "calendar.err.offset", off->dump());
        else
            c.utc_offset_minutes = off->get<int>();
    }
    auto week = doc.find("week");
    if (week == doc.end() || !week->is_object()) {
        rd.err("week", "calendar.err.type", "{\"mon\":[[\"09:00\",\"18:00\"]],…}");
    } else {
        for (size_t d = 0; d < 7; ++d) {
            auto day = week->find(kWeekKeys[d]);
            if (day != week->end()) rd.hours(*day, std::string("week.") + kWeekKeys[d], c.week[d]);
        }
    }
    rd.dates(doc, "holidays", c.holidays);
    rd.dates(doc, "workdays", c.workdays);
    if (auto years = doc.find("years"); years != doc.end()) {
        if (!years->is_array()) rd.err("years", "calendar.err.type", "[2026, 2027]");
        else
            for (size_t i = 0; i < years->size(); ++i) {
                const nlohmann::json& y = (*years)[i];
                if (!y.is_number_integer() || y.get<int64_t>() < 1970 || y.get<int64_t>() > 2099)
                    rd.err("years[" + std::to_string(i) + "]", "calendar.err.year", y.dump());
                else
                    c.years.insert(y.get<int>());
            }
    } else {
        for (const auto* m : {&c.holidays, &c.workdays})
            for (const auto& kv : *m) c.years.insert(civil_from_days(kv.first).year);
    }
    for (const auto& [day, name] : c.workdays)
        if (c.holidays.count(day)) rd.err("workdays", "calendar.err.both", format_ymd(civil_from_days(day)));
    if (rd.issues.empty() && !c.has_working_time()) rd.err("week", "calendar.err.no_hours");
    if (rd.issues.empty()) out = std::move(c);
    return rd.issues;
}

nlohmann::json calendar_to_json(const WorkCalendar& cal) {
    nlohmann::json week = nlohmann::json::object();
    for (size_t d = 0; d < 7; ++d) {
        nlohmann::json ranges = nlohmann::json::array();
        for (const TimeRange& r : cal.week[d]) ranges.push_back({format_hhmm(r.start_min), format_hhmm(r.end_min)});
        week[kWeekKeys[d]] = ranges;
    }
    auto dates = [](const std::map<int64_t, std::string>& m) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& [day, name] : m) list.push_back({{"date", format_ymd(civil_from_days(day))}, {"name", name}});
        return list;
    };
    return {{"format", kCalendarFormat}, {"version", kCalendarVersion}, {"name", cal.name},
            {"time_zone", cal.time_zone}, {"utc_offset_minutes", cal.utc_offset_minutes}, {"week", week},
            {"holidays", dates(cal.holidays)}, {"workdays", dates(cal.workdays)}, {"years", cal.years}, {"source", cal.source}};
}

bool parse_hours_text(std::string_view text, std::vector<TimeRange>& out) {
    std::vector<TimeRange> ranges;
    std::string cleaned;
    for (char ch : text)
        if (ch != ' ' && ch != '\t') cleaned += ch;
    // Full-width separators typed with a Chinese IME: "，" and "－"/"—" and "：".
    for (const auto& [from, to] : {std::pair<const char*, const char*>{"\xEF\xBC\x8C", ","}, {"\xEF\xBC\x8D", "-"},
                                   {"\xE2\x80\x94", "-"}, {"\xE2\x80\x93", "-"}, {"\xEF\xBC\x9A", ":"}, {"~", "-"}})
        for (size_t at; (at = cleaned.find(from)) != std::string::npos;) cleaned.replace(at, std::strlen(from), to);
    size_t start = 0;
    while (start < cleaned.size()) {
        size_t end = cleaned.find(',', start);
        if (end == std::string::npos) end = cleaned.size();
        const std::string part = cleaned.substr(start, end - start);
        start = end + 1;
        if (part.empty()) continue;
        const size_t dash = part.find('-');
        TimeRange r;
        if (dash == std::string::npos || !parse_hhmm(part.substr(0, dash), r.start_min) || !parse_hhmm(part.substr(dash + 1), r.end_min))
            return false;
        if (r.end_min <= r.start_min || (!ranges.empty() && r.start_min < ranges.back().end_min)) return false;
        ranges.push_back(r);
    }
    out = std::move(ranges);
    return true;
}

std::string hours_text(const std::vector<TimeRange>& ranges) {
    std::string out;
    for (const TimeRange& r : ranges) {
        if (!out.empty()) out += ", ";
        out += format_hhmm(r.start_min) + "-" + format_hhmm(r.end_min);
    }
    return out;
}

}  // namespace kefu
