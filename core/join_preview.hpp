// The join form's record-by-record preview (issue "Team", item 3): before a station that
// already holds records joins, what joining will do to each of them, as an import's preview
// says it. Asked as the administrator whose account the form holds, nothing written:
//
//   POST _all_docs?include_docs=true  {"keys": [the doc ids of the records here]}  (1,000 a request)
//
// A record the team database does not hold is uploaded as it is. One it holds is classified
// the way the pull will treat it (pull.hpp): the same on both sides; the team's is newer (it
// replaces this one); this one is newer (uploaded); both changed (merged field by field, with
// the fields both changed differently listed under 冲突待处理). A team document that fails
// the importer's checks is counted apart (it would be refused, and this station's record
// uploaded over it only if the server lets it).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/app_state.hpp"
#include "core/pull.hpp"
#include "core/replicator.hpp"

namespace kefu {

class JoinPreview {
public:
    enum class Outcome { Upload, Same, TeamNewer, OursNewer, Merge, Refused };
    struct Item {             // a record the team holds too
        std::string doc_id;
        Outcome outcome = Outcome::Same;
        size_t conflicts = 0;  // Merge: fields both desks changed differently
    };
    struct Input {
        std::string server, admin, admin_password;
        int64_t now_ms = 0;
    };
    static constexpr size_t kPerRequest = 1000;

    // `doc_ids`: the records here that joining uploads (team_replicates).
    JoinPreview(Input in, std::vector<std::string> doc_ids);
    std::vector<HttpRequest> take_requests();
    // An answer; `s` is the station's state, to compare each record with the team's.
    void on_response(const HttpResponse& r, const AppState& s);

    bool done() const { return done_; }
    bool failed() const { return !error_.key.empty(); }
    const CommandError& error() const { return error_; }
    size_t asked() const { return at_; }
    size_t total() const { return ids_.size(); }
    size_t count(Outcome o) const { return counts_[static_cast<size_t>(o)]; }
    size_t conflict_fields() const { return conflict_fields_; }
    const std::vector<Item>& items() const { return items_; }  // the records the team holds too
    const std::string& server() const { return in_.server; }
    const std::string& admin() const { return in_.admin; }

private:
    void ask();

    Input in_;
    std::vector<std::string> ids_;
    size_t at_ = 0, sent_ = 0;
    uint64_t next_id_ = 1, pending_ = 0;
    std::vector<HttpRequest> requests_;
    std::vector<Item> items_;
    size_t counts_[6] = {};
    size_t conflict_fields_ = 0;
    bool done_ = false;
    CommandError error_;
};

const char* name_of(JoinPreview::Outcome o);

}  // namespace kefu
