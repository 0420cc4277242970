#include "core/record_write.hpp"

namespace kefu {

void create_record(RecordStore& store, const std::string& type, const std::string& id, const nlohmann::json& data,
                   const CommandContext& ctx, ApplyOutcome& out) {
    Change change;
    out.result = store.create(type, id, data, ctx, &change);
    if (out.ok()) out.changes.push_back(std::move(change));
}

ApplyOutcome replace_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                            nlohmann::json data, const CommandContext& ctx) {
    ApplyOutcome out;
    if (const Record* current = store.find(type, id)) {
        const nlohmann::json before = current->data();
        for (auto it = before.begin(); it != before.end(); ++it)
            if (!data.contains(it.key())) data[it.key()] = nullptr;  // null: remove the field
    }
    Change change;
    change.rev = 0;  // stays 0 when nothing changed
    out.result = store.update(type, id, base_rev, data, ctx, &change);
    if (out.ok() && change.rev != 0) out.changes.push_back(std::move(change));
    return out;
}

ApplyOutcome write_record(RecordStore& store, const std::string& type, const std::string& id, const nlohmann::json& data,
                          const CommandContext& ctx) {
    const Record* rec = store.find(type, id);
    if (rec) return replace_record(store, type, id, rec->rev, data, ctx);
    ApplyOutcome out;
    create_record(store, type, id, data, ctx, out);
    return out;
}

ApplyOutcome save_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                         const nlohmann::json& data, const CommandContext& ctx, const char* not_found_key) {
    if (store.find(type, id)) return replace_record(store, type, id, base_rev, data, ctx);
    if (store.find_any(type, id) || base_rev != 0) return refused(ApplyResult::failure(not_found_key, id));
    ApplyOutcome out;
    create_record(store, type, id, data, ctx, out);
    return out;
}

ApplyOutcome remove_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                           const nlohmann::json* write_first, const CommandContext& ctx) {
    ApplyOutcome out;
    if (write_first) {
        create_record(store, type, id, *write_first, ctx, out);
        if (!out.ok()) return out;
        base_rev = 1;
    }
    Change change;
    out.result = store.remove(type, id, base_rev, ctx, &change);
    if (out.ok()) out.changes.push_back(std::move(change));
    return out;
}

}  // namespace kefu
