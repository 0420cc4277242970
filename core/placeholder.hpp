// Placeholders in reply templates and call scripts: "{customer.surname}{customer.salutation}，
// 您好！我是{agent.id}号客服。" filled in for the customer in front of the agent.
//
// Syntax: {name} with a name from kPlaceholders; "{{" and "}}" write literal braces.
// A name that is not known, an empty {}, an unclosed { or a lone } is a syntax error
// reported with its byte position (and the text keeps what was written there). A known
// name without a value is never a silent blank: it stays visible as "{name}" in the result
// and is listed as missing, so the agent sees what to fill in.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kefu {

struct PlaceholderInfo {
    const char* name;       // "customer.surname"
    const char* label_key;  // "placeholder.customer_surname"
};
extern const PlaceholderInfo kPlaceholders[];
extern const size_t kPlaceholderCount;
bool known_placeholder(std::string_view name);

struct PlaceholderError {
    size_t pos = 0;   // byte offset in the template body
    std::string key;  // "template.err.unclosed", "template.err.unknown", "template.err.empty", "template.err.stray_close"
    std::string name;  // the unknown name, when there is one
};

struct RenderedRange {
    uint32_t begin = 0, end = 0;  // bytes of the rendered text
    bool missing = false;         // a placeholder without a value (shown as "{name}")
};

struct Rendered {
    std::string text;
    std::vector<RenderedRange> filled;       // where each placeholder's value went (or its visible name)
    std::vector<std::string> missing;        // names without a value, in order of first use
    std::vector<PlaceholderError> errors;    // at most kMaxPlaceholderErrors
    size_t placeholders = 0;                 // placeholders used (valid ones)
    bool ok() const { return errors.empty() && missing.empty(); }
};

constexpr size_t kMaxPlaceholderErrors = 50;

// Values by placeholder name; an empty value counts as missing.
using PlaceholderValues = std::map<std::string, std::string, std::less<>>;

Rendered render_template(std::string_view body, const PlaceholderValues& values);

// The rendered text with each missing placeholder ("{name}") replaced by `mark(name)`, e.g.
// "【公司名称】": what goes into a record when the agent chose to insert with the gaps marked,
// so that no "{name}" token ever reaches a case or the clipboard.
std::string with_gaps_marked(const Rendered& r, const std::function<std::string(std::string_view name)>& mark);

}  // namespace kefu
