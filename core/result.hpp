// Errors as values: a translation key plus a detail, so the view can say it in the user's language.
#pragma once
#include <string>
#include <utility>

namespace kefu {

struct CommandError {
    std::string key;     // e.g. "error.record.conflict"
    std::string detail;  // substituted for {detail}
};

// One problem in a document from outside (an import, a calendar file), with where it is.
struct FieldIssue {
    std::string path;    // e.g. "records[12].data.customer.mobile", "week.mon[0]"
    std::string key;     // translation key
    std::string detail;  // substituted for {detail}
};

struct ApplyResult {
    bool ok = true;
    CommandError error;
    static ApplyResult success() { return {}; }
    static ApplyResult failure(std::string key, std::string detail = {}) {
        return {false, {std::move(key), std::move(detail)}};
    }
};

}  // namespace kefu
