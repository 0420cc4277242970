#include "core/i18n.hpp"

#include <nlohmann/json.hpp>

namespace kefu {

namespace {
constexpr const char* kLanguageTags[] = {"zh-CN", "en"};
static_assert(sizeof(kLanguageTags) / sizeof(kLanguageTags[0]) == static_cast<size_t>(Language::Count),
              "one tag per Language");

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}
}  // namespace

const char* language_tag(Language lang) { return kLanguageTags[static_cast<int>(lang)]; }

bool parse_language_tag(std::string_view tag, Language& out) {
    const std::string t = lower_ascii(tag);
    for (int i = 0; i < static_cast<int>(Language::Count); ++i) {
        if (t == lower_ascii(kLanguageTags[i])) {
            out = static_cast<Language>(i);
            return true;
        }
    }
    return false;
}

Language language_from_browser(const std::vector<std::string>& preferred) {
    for (const std::string& tag : preferred) {
        const std::string t = lower_ascii(tag);
        const std::string primary = t.substr(0, t.find('-'));
        if (primary == "zh") return Language::ZhCN;
        if (primary == "en") return Language::En;
    }
    return Language::ZhCN;
}

std::string StringTable::load_json(std::string_view json_text) {
    nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return "not valid JSON";
    if (!doc.is_object()) return "expected a JSON object of key -> string";
    std::map<std::string, std::string, std::less<>> parsed;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (!it.value().is_string()) return "value of \"" + it.key() + "\" is not a string";
        parsed.emplace(it.key(), it.value().get<std::string>());
    }
    strings_ = std::move(parsed);
    return {};
}

const std::string* StringTable::find(std::string_view key) const {
    auto it = strings_.find(key);
    return it == strings_.end() ? nullptr : &it->second;
}

std::vector<std::string> StringTable::keys() const {
    std::vector<std::string> out;
    out.reserve(strings_.size());
    for (const auto& kv : strings_) out.push_back(kv.first);
    return out;
}

void Translator::set_table(Language lang, StringTable table) {
    tables_[static_cast<int>(lang)] = std::move(table);
}

const std::string& Translator::get_in(Language lang, std::string_view key) const {
    if (const std::string* s = tables_[static_cast<int>(lang)].find(key)) return *s;
    if (const std::string* s = tables_[static_cast<int>(Language::En)].find(key)) return *s;
    auto it = missing_.find(key);
    if (it == missing_.end()) it = missing_.emplace(std::string(key), std::string(key)).first;
    return it->second;
}

std::string Translator::format(std::string_view key,
                               const std::vector<std::pair<std::string, std::string>>& args) const {
    return substitute(get(key), args);
}

std::string substitute(std::string_view text,
                       const std::vector<std::pair<std::string, std::string>>& args) {
    std::string out;
    out.reserve(text.size() + 16);
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
            out += c;
            ++i;
            continue;
        }
        if (c == '{') {
            const size_t close = text.find('}', i + 1);
            if (close != std::string_view::npos) {
                const std::string_view name = text.substr(i + 1, close - i - 1);
                bool replaced = false;
                for (const auto& [k, v] : args) {
                    if (k == name) {
                        out += v;
                        replaced = true;
                        break;
                    }
                }
                if (replaced) {
                    i = close;
                    continue;
                }
            }
        }
        out += c;
    }
    return out;
}

}  // namespace kefu
