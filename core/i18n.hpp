// i18n: the UI string tables (assets/i18n/<lang>.json) and lookup.
// Keys are stable dotted names ("nav.cases"); a missing key shows the key itself
// so a gap is visible on screen rather than a silent blank.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kefu {

enum class Language { ZhCN, En, Count };

// BCP-47 tag for a language ("zh-CN", "en").
const char* language_tag(Language lang);
// Parses "zh-CN"/"en"; false if the tag names no supported language.
bool parse_language_tag(std::string_view tag, Language& out);
// Picks the UI language from the browser's preference list (navigator.languages):
// the first entry whose primary subtag we support wins; default zh-CN.
Language language_from_browser(const std::vector<std::string>& preferred);

class StringTable {
public:
    // Parses a flat JSON object of key -> string. Returns an error message, empty on success.
    std::string load_json(std::string_view json_text);
    const std::string* find(std::string_view key) const;
    std::vector<std::string> keys() const;
    size_t size() const { return strings_.size(); }

private:
    std::map<std::string, std::string, std::less<>> strings_;
};

class Translator {
public:
    void set_table(Language lang, StringTable table);
    void set_language(Language lang) { current_ = lang; }
    Language language() const { return current_; }

    // Current language, then English, then the key itself.
    const std::string& get(std::string_view key) const { return get_in(current_, key); }
    // The same lookup for a given language (the palette matches labels in every language).
    const std::string& get_in(Language lang, std::string_view key) const;
    // get() with "{name}" placeholders replaced from args; unknown names stay visible.
    std::string format(std::string_view key,
                       const std::vector<std::pair<std::string, std::string>>& args) const;

private:
    StringTable tables_[static_cast<int>(Language::Count)];
    Language current_ = Language::ZhCN;
    mutable std::map<std::string, std::string, std::less<>> missing_;  // keys shown as-is
};

// Replaces "{name}" in text with values from args; "{{" and "}}" are literal braces.
std::string substitute(std::string_view text,
                       const std::vector<std::pair<std::string, std::string>>& args);

}  // namespace kefu
