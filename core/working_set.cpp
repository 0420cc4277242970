#include "core/working_set.hpp"

#include <nlohmann/json.hpp>

#include "core/agents.hpp"
#include "core/callback.hpp"
#include "core/case.hpp"
#include "core/civil_date.hpp"
#include "core/contact.hpp"
#include "core/json_util.hpp"
#include "core/survey.hpp"
#include "core/templates.hpp"
#include "core/work_log.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;
constexpr int64_t kDayMs = 86'400'000;
const char* const kDatedTypes[] = {kCaseType, kContactType, kCallbackType, kResponseType, kAccessType, kWorkLogType, kScriptRunType};
}  // namespace

bool valid_working_set_days(int days) { return days == kKeepEverything || (days >= kMinWorkingSetDays && days <= kMaxWorkingSetDays); }

bool dated_type(std::string_view type) {
    for (const char* t : kDatedTypes)
        if (type == t) return true;
    return false;
}

int64_t working_set_cutoff_ms(int64_t now_ms, int days) { return (floor_div(now_ms, kDayMs) - days) * kDayMs; }

bool in_working_set(const Record& r, int64_t cutoff_ms) {
    if (!dated_type(r.type) || r.updated_at_ms >= cutoff_ms) return true;
    if (r.type != kCaseType) return false;
    const json d = r.data();  // as Mango reads the selector: a case without a status matches nothing
    return d.is_object() && d.contains("status") && d["status"] != name_of(CaseStatus::Closed);
}

ServerFilter server_filter_of(std::string_view design_doc_json) {
    const json d = json::parse(design_doc_json.begin(), design_doc_json.end(), nullptr, false);
    if (!d.is_object() || !d.contains("kefu") || !d["kefu"].is_object()) return ServerFilter::None;
    const std::string how = json_string(d["kefu"], "working_set");
    if (how == "selector") return ServerFilter::Selector;
    if (how == "design" && d.contains("filters") && d["filters"].is_object() && d["filters"].contains("working_set"))
        return ServerFilter::Design;
    return ServerFilter::None;
}

std::string working_set_selector(int64_t cutoff_ms) {
    json dated = json::array();
    for (const char* t : kDatedTypes) dated.push_back(t);
    const json selector = {{"$or", json::array({
                                       {{"type", {{"$nin", dated}}}},
                                       {{"updated_at", {{"$gte", cutoff_ms}}}},
                                       {{"type", kCaseType}, {"data.status", {{"$ne", name_of(CaseStatus::Closed)}}}},
                                   })}};
    return json{{"selector", selector}}.dump();
}

std::string working_set_design_query(int64_t cutoff_ms) { return "filter=kefu/working_set&after=" + std::to_string(cutoff_ms); }

bool working_set_wider(int want_days, int had_days) {
    if (had_days == kKeepEverything) return false;
    return want_days == kKeepEverything || want_days > had_days;
}

}  // namespace kefu
