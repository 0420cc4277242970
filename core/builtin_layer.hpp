// The built-in layer: items the app ships (the FAQ starter articles, the reply-template
// library, the call scripts, the default surveys) under the team's records of the same type.
// A record with a built-in item's id, live or deleted, takes its place for good: an edit saves
// the team's version over it, a deletion writes the item first and then its tombstone (see
// remove_record). Every kind of item reads the two layers through this one class.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.hpp"
#include "core/record.hpp"
#include "core/record_write.hpp"

namespace kefu {

template <typename T>
class BuiltinLayer {
public:
    using FromRecord = std::function<T(const Record&)>;
    BuiltinLayer(const RecordStore& store, const char* type, const std::vector<T>& shipped, FromRecord from_record)
        : store_(store), type_(type), shipped_(shipped), from_record_(std::move(from_record)) {}

    const char* type() const { return type_; }
    // The shipped item with this id, whatever the records say (its version 0).
    const T* shipped(std::string_view id) const {
        for (const T& item : shipped_)
            if (item.id == id) return &item;
        return nullptr;
    }
    // The shipped item with this id, unless a record (live or deleted) has taken its place.
    const T* builtin(std::string_view id) const { return store_.find_any(type_, id) ? nullptr : shipped(id); }
    // The live record's item, else the built-in one; false when neither is there.
    bool find(std::string_view id, T& out) const {
        if (const Record* r = store_.find(type_, id)) {
            out = from_record_(*r);
            return true;
        }
        if (const T* b = builtin(id)) {
            out = *b;
            return true;
        }
        return false;
    }
    // Every live record's item that `keep` accepts, then every built-in item no record has taken.
    template <typename Keep>
    std::vector<T> all(Keep keep) const {
        std::vector<T> out;
        store_.for_each(type_, [&](const Record& r) {
            T item = from_record_(r);
            if (keep(item)) out.push_back(std::move(item));
        });
        for (const T& item : shipped_)
            if (!store_.find_any(type_, item.id)) out.push_back(item);
        return out;
    }
    std::vector<T> all() const {
        return all([](const T&) { return true; });
    }
    // The shipped items no record has taken (the export writes them on request).
    std::vector<const T*> untaken() const {
        std::vector<const T*> out;
        for (const T& item : shipped_)
            if (!store_.find_any(type_, item.id)) out.push_back(&item);
        return out;
    }
    // The item's versions, oldest first: the shipped text as version 0 when it began built in,
    // then every stored revision. Version is {rev, at_ms, by, item}; `from_version` reads a
    // revision's data.
    template <typename Version>
    std::vector<Version> versions(std::string_view id, const std::function<T(const DataVersion&)>& from_version) const {
        std::vector<Version> out;
        if (const T* b = shipped(id)) out.push_back(Version{0, 0, Actor{"kefu", "Kefu"}, *b});
        for (const DataVersion& d : data_versions(store_, type_, id)) out.push_back(Version{d.rev, d.at_ms, d.by, from_version(d)});
        return out;
    }

private:
    const RecordStore& store_;
    const char* type_;
    const std::vector<T>& shipped_;
    FromRecord from_record_;
};

// Deletes an item of either layer (the records are `store`, which `layer` reads): a built-in
// item nobody has changed is written first (as `to_data` makes it), so that its tombstone
// hides it for good. An id in neither layer is refused with `not_found_key`.
template <typename T>
ApplyOutcome remove_item(RecordStore& store, const BuiltinLayer<T>& layer, const std::string& id, uint64_t base_rev,
                         const std::function<nlohmann::json(const T&)>& to_data, const CommandContext& ctx, const char* not_found_key) {
    T found;
    if (!layer.find(id, found)) return refused(ApplyResult::failure(not_found_key, id));
    const T* shipped = layer.builtin(id);
    if (!shipped) return remove_record(store, layer.type(), id, base_rev, nullptr, ctx);
    const nlohmann::json first = to_data(*shipped);
    return remove_record(store, layer.type(), id, base_rev, &first, ctx);
}

}  // namespace kefu
