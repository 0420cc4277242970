#include "core/counters.hpp"

#include <algorithm>

#include "core/case.hpp"
#include "core/command.hpp"
#include "core/faq.hpp"
#include "core/templates.hpp"

namespace kefu {

namespace {
using json = nlohmann::json;

void add_into(json& total, const json& d) {
    if (!d.is_object()) return;
    for (auto it = d.begin(); it != d.end(); ++it) {
        const std::string& k = it.key();
        const json& v = *it;
        if (!total.contains(k)) {
            total[k] = v;
        } else if (v.is_number_integer() && total[k].is_number_integer()) {
            const int64_t a = total[k].get<int64_t>(), b = v.get<int64_t>();
            total[k] = k.rfind("last_", 0) == 0 ? std::max(a, b) : a + b;
        } else if (v.is_array() && total[k].is_array()) {
            for (const json& x : v)
                if (std::find(total[k].begin(), total[k].end(), x) == total[k].end()) total[k].push_back(x);
        }
    }
}
}  // namespace

bool is_counter_type(std::string_view type) { return type == kTemplateStatsType || type == kArticleStatsType; }

std::string counter_shard_id(std::string_view base, std::string_view station) {
    std::string out(base);
    if (!station.empty()) out.append(":").append(station);
    return out;
}

bool split_counter_id(std::string_view id, std::string& base, std::string& station) {
    const size_t colon = id.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || !valid_station_code(id.substr(colon + 1))) return false;
    base = std::string(id.substr(0, colon));
    station = std::string(id.substr(colon + 1));
    return true;
}

void CounterIndex::note(const RecordStore& store, const std::string& type, const std::string& id) {
    std::string base, station;
    if (!split_counter_id(id, base, station)) return;  // a base record is found by its id
    auto& list = shards_[{type, base}];
    const bool live = store.find(type, id) != nullptr;
    auto it = std::find(list.begin(), list.end(), id);
    if (live && it == list.end()) list.push_back(id);
    else if (!live && it != list.end()) list.erase(it);
}

void CounterIndex::rebuild(const RecordStore& store) {
    shards_.clear();
    for (const char* type : {kTemplateStatsType, kArticleStatsType})
        store.for_each(type, [&](const Record& r) { note(store, r.type, r.id); });
}

void CounterIndex::update(const RecordStore& store, const std::vector<Change>& changes) {
    for (const Change& c : changes)
        if (is_counter_type(c.type)) note(store, c.type, c.id);
}

json CounterIndex::sum(const RecordStore& store, std::string_view type, std::string_view base) const {
    json total = json::object();
    if (const Record* r = store.find(type, base)) add_into(total, r->data());
    auto it = shards_.find(std::make_pair(std::string(type), std::string(base)));
    if (it != shards_.end())
        for (const std::string& id : it->second)
            if (const Record* r = store.find(type, id)) add_into(total, r->data());
    return total;
}

ApplyOutcome bump_counter(RecordStore& store, const std::string& type, const std::string& base, const std::string& station,
                          const std::function<void(json&)>& edit, const CommandContext& ctx) {
    const std::string id = counter_shard_id(base, station);
    const Record* old = store.find_any(type, id);
    json data = old && !old->deleted ? old->data() : json::object();
    if (!data.is_object()) data = json::object();
    const json before = data;
    edit(data);
    if (old && !old->deleted && data == before) return {ApplyResult::success(), {}};
    Record r;
    r.type = type;
    r.id = id;
    r.rev = old ? old->rev + 1 : 1;
    r.created_at_ms = old ? old->created_at_ms : ctx.now_ms;
    r.created_by = old ? old->created_by : ctx.actor;
    r.updated_at_ms = ctx.now_ms;
    r.updated_by = ctx.actor;
    r.set_data(data);
    HistoryEntry h;
    h.rev = r.rev;
    h.op = old ? ChangeOp::Update : ChangeOp::Create;
    h.at_ms = ctx.now_ms;
    h.by = ctx.actor;
    for (auto it = data.begin(); it != data.end(); ++it)
        if (!before.contains(it.key()) || before[it.key()] != it.value())
            h.fields.push_back({it.key(), before.contains(it.key()) ? before[it.key()] : json(), it.value()});
    ApplyOutcome out;
    Change c = put_change(r, encode_history({h}), ctx.now_ms, ctx.actor);
    out.result = store.apply_change(c);
    if (out.result.ok) out.changes.push_back(std::move(c));
    return out;
}

}  // namespace kefu
