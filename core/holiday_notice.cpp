#include "core/holiday_notice.hpp"

#include <algorithm>

#include "core/civil_date.hpp"
#include "core/utf8.hpp"

namespace kefu {

namespace {

struct Cp {
    uint32_t c;
    size_t at;   // byte offset
    size_t len;  // bytes
};

bool is_space(uint32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0; }
int digit_of(uint32_t c) {
    if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
    if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);  // full-width ０–９
    return -1;
}
bool is_item_numeral(uint32_t c) {
    for (uint32_t n : {U'一', U'二', U'三', U'四', U'五', U'六', U'七', U'八', U'九', U'十'})
        if (c == n) return true;
    return false;
}
bool is_colon(uint32_t c) { return c == ':' || c == U'：'; }
bool opens(uint32_t c) { return c == '(' || c == U'（'; }
bool closes(uint32_t c) { return c == ')' || c == U'）'; }
bool is_range_mark(uint32_t c) { return c == U'至' || c == '-' || c == U'—' || c == U'–' || c == '~' || c == U'～' || c == U'－'; }
bool ends_sentence(uint32_t c) { return c == U'。' || c == ';' || c == U'；'; }
// 一 … 六, 日/天 → 0 (Monday) … 6 (Sunday); -1 otherwise.
int weekday_of(uint32_t c) {
    constexpr uint32_t kDays[] = {U'一', U'二', U'三', U'四', U'五', U'六', U'日'};
    for (int i = 0; i < 7; ++i)
        if (c == kDays[i]) return i;
    return c == U'天' ? 6 : -1;
}

class Scanner {
public:
    explicit Scanner(std::string_view text) : text_(text) {
        for (size_t i = 0; i < text.size();) {
            const size_t at = i;
            const uint32_t c = decode_utf8(text, i);
            cps_.push_back({c, at, i - at});
        }
    }
    size_t size() const { return cps_.size(); }
    uint32_t at(size_t i) const { return i < cps_.size() ? cps_[i].c : 0; }
    size_t byte(size_t i) const { return i < cps_.size() ? cps_[i].at : text_.size(); }
    // Bytes from code point i up to (not including) code point j.
    size_t bytes(size_t i, size_t j) const { return byte(j) - byte(i); }
    bool has(size_t from, size_t to, std::u32string_view word) const {
        for (size_t i = from; i + word.size() <= to; ++i) {
            size_t k = 0;
            while (k < word.size() && at(i + k) == word[k]) ++k;
            if (k == word.size()) return true;
        }
        return false;
    }
    size_t find(size_t from, std::u32string_view word) const {
        for (size_t i = from; i + word.size() <= cps_.size(); ++i)
            if (has(i, i + word.size(), word)) return i;
        return npos;
    }
    // A run of digits at i: its value and the index after it (i itself when none).
    size_t number(size_t i, int& value) const {
        value = 0;
        size_t j = i;
        while (j < cps_.size() && digit_of(cps_[j].c) >= 0 && j - i < 6) value = value * 10 + digit_of(cps_[j++].c);
        return j;
    }
    static constexpr size_t npos = static_cast<size_t>(-1);

private:
    std::string_view text_;
    std::vector<Cp> cps_;
};

struct DateRef {
    int64_t day = 0;
    size_t from = 0, to = 0;  // code points of the date with its bracket
    int year = 0, month = 0;
};

class NoticeReader {
public:
    NoticeReader(std::string_view text, int year_asked) : s_(text), year_asked_(year_asked) {}

    HolidayNotice read() {
        size_t first_text = 0;
        while (first_text < s_.size() && (is_space(s_.at(first_text)) || s_.at(first_text) == '\n')) ++first_text;
        if (first_text == s_.size()) return error(0, 0, "notice.err.empty"), std::move(out_);
        read_year();
        if (out_.year == 0) return std::move(out_);
        const std::vector<size_t> items = item_starts();
        if (items.empty()) return error(first_text, std::min(s_.size(), first_text + 20), "notice.err.no_items"), std::move(out_);
        for (size_t k = 0; k < items.size(); ++k) read_item(items[k], k + 1 < items.size() ? items[k + 1] : s_.size());
        finish();
        return std::move(out_);
    }

private:
    void error(size_t from, size_t to, const char* key, std::string detail = {}, std::string expected = {}) {
        if (out_.errors.size() < 30) out_.errors.push_back({s_.byte(from), s_.bytes(from, to), key, std::move(detail), std::move(expected)});
    }
    void note(size_t from, size_t to, const char* key) {
        if (out_.notes.size() < 30) out_.notes.push_back({s_.byte(from), s_.bytes(from, to), key, {}, {}});
    }

    // "关于2026年部分节假日安排的通知": the four digits before 年 that precede 节假日安排.
    void read_year() {
        int title_year = 0;
        size_t title_at = 0;
        const size_t mark = s_.find(0, U"节假日安排");
        if (mark != Scanner::npos) {
            for (size_t i = mark; i-- > 0 && mark - i < 12;) {
                if (s_.at(i) != U'年' || i < 4) continue;
                int y = 0;
                if (s_.number(i - 4, y) == i && y >= 1970 && y <= 2099) title_year = y, title_at = i - 4;
                break;
            }
        }
        if (title_year && year_asked_ && title_year != year_asked_)
            return error(title_at, title_at + 5, "notice.err.year_mismatch", std::to_string(title_year), std::to_string(year_asked_));
        out_.year = title_year ? title_year : year_asked_;
        if (out_.year == 0) error(0, std::min<size_t>(s_.size(), 20), "notice.err.no_year");
    }

    // "一、元旦：", "二、春节：" … in order. Pasted text may have lost its line breaks ("…的通知
    // 一、元旦：…"), so an item is recognised by its number (the first any, then each the next),
    // followed by 、 and a short name ending in a colon, wherever it stands.
    std::vector<size_t> item_starts() const {
        std::vector<size_t> starts;
        int number = 0;
        for (size_t i = 0; i < s_.size(); ++i) {
            if (!is_item_numeral(s_.at(i)) || (i > 0 && is_item_numeral(s_.at(i - 1)))) continue;
            size_t mark = i;
            while (is_item_numeral(s_.at(mark))) ++mark;
            const int value = chinese_number_value(i, mark);
            if (value <= 0 || (number > 0 && value != number + 1)) continue;
            if (s_.at(mark) != U'、' && s_.at(mark) != U'．' && s_.at(mark) != '.') continue;
            size_t k = mark + 1;
            while (k < s_.size() && k - mark <= 16 && !is_colon(s_.at(k)) && !ends_sentence(s_.at(k)) && s_.at(k) != U'，' &&
                   s_.at(k) != ',' && s_.at(k) != '\n')
                ++k;
            if (!is_colon(s_.at(k)) || k == mark + 1) continue;
            starts.push_back(i);
            number = value;
            i = k;
        }
        return starts;
    }

    // 一 … 九十九 written at [from, to); 0 when it is not such a number.
    int chinese_number_value(size_t from, size_t to) const {
        auto digit = [](uint32_t c) {
            constexpr char32_t kDigits[] = U"一二三四五六七八九";
            for (int d = 0; d < 9; ++d)
                if (c == kDigits[d]) return d + 1;
            return 0;
        };
        if (to - from == 1) return s_.at(from) == U'十' ? 10 : digit(s_.at(from));
        if (to - from == 2 && s_.at(from) == U'十') return 10 + digit(s_.at(from + 1));
        if (to - from == 2 && s_.at(from + 1) == U'十') return digit(s_.at(from)) * 10;
        if (to - from == 3 && s_.at(from + 1) == U'十' && digit(s_.at(from)) && digit(s_.at(from + 2)))
            return digit(s_.at(from)) * 10 + digit(s_.at(from + 2));
        return 0;
    }

    void read_item(size_t start, size_t end) {
        size_t name_from = start;
        while (is_item_numeral(s_.at(name_from))) ++name_from;
        ++name_from;  // 、
        size_t colon = name_from;
        while (colon < end && colon - name_from < 16 && !is_colon(s_.at(colon)) && !ends_sentence(s_.at(colon)) && s_.at(colon) != '\n') ++colon;
        if (colon >= end || !is_colon(s_.at(colon))) return error(start, std::min(end, start + 12), "notice.err.item");
        std::string name;
        for (size_t i = name_from; i < colon; ++i)
            if (!is_space(s_.at(i))) append_utf8(name, s_.at(i));
        if (name.empty()) return error(start, colon + 1, "notice.err.item");
        holiday_item_ = name.find("元旦") != std::string::npos;
        size_t from = colon + 1;
        for (size_t i = from; i <= end; ++i) {
            if (i == end || ends_sentence(s_.at(i))) {
                read_sentence(from, i, name);
                from = i + 1;
            }
        }
    }

    // One date at i ("1月1日", "3日" after a month, "2018年12月30日"), with its bracket
    // ("（周四）", "（农历腊月二十八、周日）"). Returns the index after it, or i when there is none.
    size_t read_date(size_t i, size_t end, int& month_before, const DateRef* range_start, DateRef& d, bool& bad) {
        bad = false;
        int n = 0;
        size_t j = s_.number(i, n);
        if (j == i) return i;
        int year = 0, month = 0, day = 0;
        if (s_.at(j) == U'年') {
            year = n;
            const size_t k = s_.number(j + 1, n);
            if (k == j + 1 || s_.at(k) != U'月') return j + 1;  // "2026年" alone: a year, not a date
            j = k;
        }
        if (s_.at(j) == U'月') {
            month = n;
            const size_t k = s_.number(j + 1, day);
            if (k == j + 1 || s_.at(k) != U'日') {
                bad = true;
                error(i, std::min(end, k + 1), "notice.err.date");
                return k;
            }
            j = k;
        } else if (s_.at(j) == U'日') {
            if (month_before == 0) {
                bad = true;
                error(i, j + 1, "notice.err.date");
                return j + 1;
            }
            month = month_before;
            day = n;
        } else {
            return i;  // a number that is not a date (共3天, 放假1天)
        }
        ++j;  // 日
        const size_t date_end = j;
        if (year == 0) {
            if (range_start && range_start->year) year = range_start->year + (month < range_start->month ? 1 : 0);
            else if (month == 12 && holiday_item_) year = out_.year - 1;  // 元旦 from the last days of December
            else year = out_.year;
        }
        const CivilDate cd{year, month, day};
        const int64_t days = days_from_civil(cd);
        const CivilDate back = civil_from_days(days);
        if (month < 1 || month > 12 || day < 1 || back.month != month || back.day != day || year < 1970 || year > 2099) {
            bad = true;
            error(i, date_end, "notice.err.date");
            return date_end;
        }
        month_before = month;
        d = DateRef{days, i, date_end, year, month};
        // The bracket after the date: its weekday must be the date's.
        size_t k = j;
        while (is_space(s_.at(k))) ++k;
        if (opens(s_.at(k))) {
            size_t close = k + 1;
            while (close < end && close - k < 24 && !closes(s_.at(close))) ++close;
            if (close < end && closes(s_.at(close))) {
                d.to = close + 1;
                for (size_t w = k + 1; w < close; ++w) {
                    size_t after = 0;
                    if (s_.at(w) == U'周') after = w + 1;
                    else if ((s_.at(w) == U'星' && s_.at(w + 1) == U'期') || (s_.at(w) == U'礼' && s_.at(w + 1) == U'拜')) after = w + 2;
                    if (!after) continue;
                    const int said = weekday_of(s_.at(after));
                    if (said < 0) continue;
                    if (said != weekday_from_days(days)) {
                        bad = true;
                        error(i, close + 1, "notice.err.weekday", format_ymd(cd), std::to_string(weekday_from_days(days)));
                    }
                    break;
                }
                return close + 1;
            }
        }
        return j;
    }

    void read_sentence(size_t from, size_t to, const std::string& name) {
        std::vector<DateRef> days;  // every day the sentence names, ranges expanded
        int month_before = 0, count = -1;
        size_t count_from = 0, count_to = 0;
        bool any_bad = false, any_date = false;
        std::vector<std::pair<DateRef, DateRef>> ranges;
        DateRef pending;
        bool in_range = false;
        for (size_t i = from; i < to;) {
            if (s_.at(i) == U'共') {
                int n = 0;
                const size_t j = s_.number(i + 1, n);
                if (j > i + 1 && s_.at(j) == U'天') count = n, count_from = i, count_to = j + 1;
            }
            DateRef d;
            bool bad = false;
            const size_t j = read_date(i, to, month_before, in_range ? &pending : nullptr, d, bad);
            if (j == i) {
                ++i;
                continue;
            }
            any_bad |= bad;
            if (bad || d.day == 0) {
                in_range = false;
                i = j;
                continue;
            }
            any_date = true;
            if (in_range) {
                ranges.emplace_back(pending, d);
                in_range = false;
            } else {
                size_t k = j;
                while (is_space(s_.at(k))) ++k;
                if (is_range_mark(s_.at(k))) {
                    pending = d;
                    in_range = true;
                    i = k + 1;
                    continue;
                }
                ranges.emplace_back(d, d);
            }
            i = j;
        }
        if (in_range) ranges.emplace_back(pending, pending);  // "至" with nothing readable after it: the bad date was reported
        if (!any_date) return;
        const bool off = s_.has(from, to, U"放假") || s_.has(from, to, U"补休");
        const bool work = s_.has(from, to, U"上班");
        const size_t shown_to = std::min(to, from + 40);
        if (off && work) return error(from, shown_to, "notice.err.ambiguous");
        if (!off && !work) return note(from, shown_to, "notice.note.ignored");
        if (any_bad) return;
        size_t listed = 0;
        for (const auto& [a, b] : ranges) {
            if (b.day < a.day || b.day - a.day > 20) {
                error(a.from, b.to, "notice.err.range");
                continue;
            }
            for (int64_t day = a.day; day <= b.day; ++day) {
                ++listed;
                const CivilDate cd = civil_from_days(day);
                if (cd.year < out_.year - 1 || cd.year > out_.year + 1) {
                    error(a.from, b.to, "notice.err.far", format_ymd(cd), std::to_string(out_.year));
                    break;
                }
                if (work && weekday_from_days(day) < 5) {
                    error(a.from, b.to, "notice.err.workday_weekday", format_ymd(cd), std::to_string(weekday_from_days(day)));
                    continue;
                }
                (work ? out_.workdays : out_.holidays).push_back({day, work ? name + "调休上班" : name, s_.byte(day == a.day ? a.from : b.from)});
            }
        }
        if (off && count >= 0 && static_cast<size_t>(count) != listed)
            error(count_from, count_to, "notice.err.count", std::to_string(listed), std::to_string(count));
    }

    void finish() {
        auto tidy = [](std::vector<NoticeDay>& v) {
            std::stable_sort(v.begin(), v.end(), [](const NoticeDay& a, const NoticeDay& b) { return a.day < b.day; });
            v.erase(std::unique(v.begin(), v.end(), [](const NoticeDay& a, const NoticeDay& b) { return a.day == b.day; }), v.end());
        };
        tidy(out_.holidays);
        tidy(out_.workdays);
        for (const NoticeDay& w : out_.workdays)
            for (const NoticeDay& h : out_.holidays)
                if (h.day == w.day) out_.errors.push_back({w.at, 0, "notice.err.both", format_ymd(civil_from_days(w.day)), {}});
        if (out_.errors.empty() && out_.holidays.empty() && out_.workdays.empty()) error(0, std::min<size_t>(s_.size(), 20), "notice.err.no_dates");
    }

    Scanner s_;
    int year_asked_;
    bool holiday_item_ = false;
    HolidayNotice out_;
};

}  // namespace

HolidayNotice parse_holiday_notice(std::string_view text, int year_asked) {
    if (text.size() > 64 * 1024 || !valid_utf8(text)) {
        HolidayNotice n;
        n.errors.push_back({0, 0, "notice.err.too_long", {}, {}});
        return n;
    }
    return NoticeReader(text, year_asked).read();
}

std::string notice_excerpt(std::string_view text, const NoticeIssue& issue, size_t max_chars) {
    if (issue.at >= text.size()) return {};
    std::string_view part = text.substr(issue.at, issue.length ? issue.length : std::string_view::npos);
    std::string out(utf8_prefix(part, max_chars));
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (out.size() < part.size()) out += "…";
    return out;
}

WorkCalendar calendar_with_year(const WorkCalendar& cal, int year, const std::vector<NoticeDay>& holidays,
                                const std::vector<NoticeDay>& workdays) {
    WorkCalendar next = cal;
    auto drop_year = [year](std::map<int64_t, std::string>& m) {
        m.erase(m.lower_bound(days_from_civil({year, 1, 1})), m.lower_bound(days_from_civil({year + 1, 1, 1})));
    };
    drop_year(next.holidays);
    drop_year(next.workdays);
    for (const NoticeDay& d : holidays) {
        next.workdays.erase(d.day);
        next.holidays[d.day] = d.name;
    }
    for (const NoticeDay& d : workdays) {
        next.holidays.erase(d.day);
        next.workdays[d.day] = d.name;
    }
    next.years.insert(year);
    return next;
}

}  // namespace kefu
