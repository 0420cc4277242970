// One exported record's JSON text read straight into a Record (its data as MessagePack) and
// its history blob, without building a json tree.
//
// Importing 100,000 cases through nlohmann's trees (one tree per record, then MessagePack
// encoding of the tree, then the history as HistoryEntry values encoded again) took 3.8 s
// in wasm, most of the import. This reader follows nlohmann's SAX events and writes the
// MessagePack as it goes; the bytes are the ones the tree path gives (tests compare both).
//
// It accepts only what the importer's validator accepts without a word: anything else (a
// missing field, a wrong type, an unknown key, object keys out of sorted order, a string
// over the limit) is Irregular, and the importer asks the tree validator, whose messages
// say what is wrong and where.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/record.hpp"

namespace kefu {

struct RecordReadLimits {
    size_t max_depth = 60;          // nesting allowed inside the record (the record itself is 1)
    size_t max_string = 64 * 1024;  // bytes of one string value in data or history
    int64_t max_timestamp = 0;
    uint64_t max_rev = 0;
};

enum class RecordRead {
    Ok,          // record, history blob and refs filled
    Irregular,   // valid JSON the tree validator must judge
    Unreadable,  // not JSON, or nested deeper than the limit
};

// `path` ("records[12]") prefixes the paths of the references found in data ("*_ref" and
// "*_refs" keys), which are appended to `refs` as (path, target).
RecordRead read_export_record(std::string_view text, std::string_view path, const RecordReadLimits& limits,
                              Record& record, std::string& history_blob,
                              std::vector<std::pair<std::string, std::string>>& refs);

}  // namespace kefu
