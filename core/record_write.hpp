// The record writes every command family shares: create, replace (a whole editor's save),
// save (create or replace), remove, and write under a fixed id. They know the RecordStore
// and nothing of any domain, so a domain's commands include this, not app_state.hpp.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/command.hpp"
#include "core/record.hpp"

namespace kefu {

// Record writes shared by the commands. create_record appends the new record's change to
// `out` and sets its result. replace_record writes `data` as the whole data of the live
// record the caller saw at base_rev: the fields that differ become the change, fields no
// longer present are removed, an identical write adds no revision. write_record does that
// for a record kept under a fixed id (settings, calendar, SLA rules, stats), creating it on
// the first write. remove_record deletes one; a built-in item that is not stored yet
// (`write_first`: its data) is written first, so that its tombstone hides it for good.
void create_record(RecordStore& store, const std::string& type, const std::string& id, const nlohmann::json& data,
                   const CommandContext& ctx, ApplyOutcome& out);
ApplyOutcome replace_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                            nlohmann::json data, const CommandContext& ctx);
// The save of an editor: replaces the live record the caller saw at base_rev, or creates it
// when there is none and base_rev is 0; a deleted id, or a revision of a record that is not
// there, is refused with not_found_key.
ApplyOutcome save_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                         const nlohmann::json& data, const CommandContext& ctx, const char* not_found_key);
ApplyOutcome remove_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                           const nlohmann::json* write_first, const CommandContext& ctx);
ApplyOutcome write_record(RecordStore& store, const std::string& type, const std::string& id, const nlohmann::json& data,
                          const CommandContext& ctx);

}  // namespace kefu
