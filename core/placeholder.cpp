#include "core/placeholder.hpp"

#include <algorithm>

namespace kefu {

const PlaceholderInfo kPlaceholders[] = {
    {"customer.surname", "placeholder.customer_surname"},
    {"customer.name", "placeholder.customer_name"},
    {"customer.salutation", "placeholder.customer_salutation"},
    {"agent.id", "placeholder.agent_id"},
    {"agent.name", "placeholder.agent_name"},
    {"company.name", "placeholder.company_name"},
    {"department.name", "placeholder.department_name"},
    {"case.number", "placeholder.case_number"},
    {"case.date", "placeholder.case_date"},
    {"case.summary", "placeholder.case_summary"},
    {"case.solution", "placeholder.case_solution"},
    {"today", "placeholder.today"},
};
const size_t kPlaceholderCount = sizeof(kPlaceholders) / sizeof(kPlaceholders[0]);

bool known_placeholder(std::string_view name) {
    for (const PlaceholderInfo& p : kPlaceholders)
        if (name == p.name) return true;
    return false;
}

Rendered render_template(std::string_view body, const PlaceholderValues& values) {
    Rendered out;
    out.text.reserve(body.size() + body.size() / 4);
    auto error = [&](size_t pos, const char* key, std::string_view name = {}) {
        if (out.errors.size() < kMaxPlaceholderErrors) out.errors.push_back({pos, key, std::string(name)});
    };
    size_t i = 0;
    while (i < body.size()) {
        // Copy the plain run up to the next brace in one go.
        const size_t brace = body.find_first_of("{}", i);
        if (brace == std::string_view::npos) {
            out.text.append(body.data() + i, body.size() - i);
            break;
        }
        out.text.append(body.data() + i, brace - i);
        i = brace;
        if (body[i] == '}') {
            if (i + 1 < body.size() && body[i + 1] == '}') {  // "}}": a literal brace
                out.text += '}';
                i += 2;
            } else {
                error(i, "template.err.stray_close");
                out.text += '}';
                ++i;
            }
            continue;
        }
        if (i + 1 < body.size() && body[i + 1] == '{') {  // "{{": a literal brace
            out.text += '{';
            i += 2;
            continue;
        }
        // A placeholder: "{" name "}". Names are short; a "{" or a line break before the
        // closing brace means this one was never closed.
        size_t close = i + 1;
        while (close < body.size() && body[close] != '}' && body[close] != '{' && body[close] != '\n' && close - i <= 64) ++close;
        if (close >= body.size() || body[close] != '}') {
            error(i, "template.err.unclosed");
            out.text += '{';
            ++i;
            continue;
        }
        const std::string_view name = body.substr(i + 1, close - i - 1);
        if (name.empty()) {
            error(i, "template.err.empty");
            out.text += "{}";
        } else if (!known_placeholder(name)) {
            error(i, "template.err.unknown", name);
            out.text.append(body.data() + i, close + 1 - i);
        } else {
            ++out.placeholders;
            const auto v = values.find(name);
            const uint32_t begin = static_cast<uint32_t>(out.text.size());
            if (v == values.end() || v->second.empty()) {
                out.text.append(body.data() + i, close + 1 - i);  // stays visible: "{customer.surname}"
                if (std::find(out.missing.begin(), out.missing.end(), name) == out.missing.end()) out.missing.emplace_back(name);
                out.filled.push_back({begin, static_cast<uint32_t>(out.text.size()), true});
            } else {
                out.text += v->second;
                out.filled.push_back({begin, static_cast<uint32_t>(out.text.size()), false});
            }
        }
        i = close + 1;
    }
    return out;
}

std::string with_gaps_marked(const Rendered& r, const std::function<std::string(std::string_view name)>& mark) {
    std::string out;
    out.reserve(r.text.size());
    size_t at = 0;
    for (const RenderedRange& f : r.filled) {  // in text order
        if (!f.missing || f.end < f.begin + 2 || f.end > r.text.size() || f.begin < at) continue;
        out.append(r.text, at, f.begin - at);
        out += mark(std::string_view(r.text).substr(f.begin + 1, f.end - f.begin - 2));
        at = f.end;
    }
    out.append(r.text, at, std::string::npos);
    return out;
}

}  // namespace kefu
