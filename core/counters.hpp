// Counters many stations bump (issue "Team"): how often a reply template or an FAQ article is
// used, its helpful / not-helpful votes. In one record shared by a whole centre they would be
// a hot document, conflicting on every use at two desks, with a history growing by one entry
// per use, replicated to everyone.
//
// So a station of a team counts in a shard of its own: the record "<base>:<station code>" of
// the same type (template_stats "tpl-zh-greeting:B"). Only that station ever writes it, so it
// never conflicts, and its history keeps only its last entry (a count's past is not worth
// replicating); a pulled shard simply replaces an older one (pull.hpp). Readers see the sum
// of the base record (a station on its own counts there, and whatever was counted before the
// team) and every shard: numbers added, "last_*" the latest, lists joined.
#pragma once
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/command.hpp"
#include "core/record.hpp"

namespace kefu {

// template_stats and faq_stats.
bool is_counter_type(std::string_view type);
// "<base>:<station>", or `base` when `station` is empty (a station on its own).
std::string counter_shard_id(std::string_view base, std::string_view station);
// Splits a shard id; false for a base id (no ":<station code>" at its end).
bool split_counter_id(std::string_view id, std::string& base, std::string& station);

class CounterIndex {
public:
    void rebuild(const RecordStore& store);
    // After changes to counter records (others are ignored).
    void update(const RecordStore& store, const std::vector<Change>& changes);
    // The summed data of `base`'s records of `type` (an empty object when there are none).
    nlohmann::json sum(const RecordStore& store, std::string_view type, std::string_view base) const;

private:
    void note(const RecordStore& store, const std::string& type, const std::string& id);
    std::map<std::pair<std::string, std::string>, std::vector<std::string>, std::less<>> shards_;  // (type, base) -> shard ids
};

// Changes this station's shard of a counter: `edit` gets its data (empty at first) and
// changes it; written as one Put whose history holds this write's entry only.
ApplyOutcome bump_counter(RecordStore& store, const std::string& type, const std::string& base, const std::string& station,
                          const std::function<void(nlohmann::json&)>& edit, const CommandContext& ctx);

}  // namespace kefu
