// Finding cases older than the station's working set on the team server (issue "Team",
// item 5). A station of a large centre keeps the last N days and every open case
// (working_set.hpp); a customer who calls about last year's case is found on the server,
// with Mango `_find` against the indexes the preparation declares
// (scripts/team_server.py FIND_INDEXES: form number, mobile, telephone, customer name,
// created date). Each query asks one index, so that the server never scans every document:
//   a form number   "KF-20260312-A-0007"   data.form_no $in [as typed, upper case]
//   a phone         "138 0000 1111"         data.customer.mobile / .telephone $in [as typed,
//                                           digits only, 3-4-4 with spaces, with dashes]
//   anything else   "刘"                     data.customer.name from the text on (a prefix)
// The answers' documents go through the importer's checks like every pulled document; the
// station shows them read-only until an agent opens one, which takes it in (ApplyPulled) and
// keeps it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/replicator.hpp"

namespace kefu {

constexpr size_t kServerFindLimit = 50;  // documents per query

// The `_find` bodies for what was typed (none for text too short to ask about).
std::vector<std::string> server_find_bodies(std::string_view text, size_t limit = kServerFindLimit);

// Reads one `_find` answer: case documents into `found` (skipping ids already there),
// refused ones into `refused`. False when the answer is not a `_find` answer.
bool read_server_find(const std::string& body, std::vector<TeamDoc>& found, std::vector<RefusedDoc>& refused);

}  // namespace kefu
