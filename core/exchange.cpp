// Export and import of records (exchange.hpp says what each does).
// Index:
//   [SECTION] phones
//   [SECTION] export
//   [SECTION] import: parsing
//   [SECTION] import: applying
#include "core/exchange.hpp"

#include "core/app_state.hpp"
#include "core/case_commands.hpp"
#include "core/record_write.hpp"

#include "core/demo_data.hpp"

#include "core/agents.hpp"
#include "core/survey.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "core/civil_date.hpp"
#include "core/journal.hpp"
#include "core/json_util.hpp"
#include "core/msgpack_text.hpp"
#include "core/record_reader.hpp"
#include "core/utf8.hpp"

namespace kefu {

using nlohmann::json;

// ---- [SECTION] phones ---------------------------------------------------------------------
namespace {

void mask_in(json& v) {
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (it.value().is_string() && is_phone_field(it.key())) it.value() = mask_phone(it.value().get<std::string>());
            else mask_in(it.value());
        }
    } else if (v.is_array()) {
        for (auto& e : v) mask_in(e);
    }
}

json actor_obj(const Actor& a) { return {{"agent_id", a.agent_id}, {"name", a.name}}; }

json export_record(const Record& r, const std::vector<HistoryEntry>& history, bool mask) {
    json h = json::array();
    for (const HistoryEntry& e : history) {
        json fields = json::array();
        for (const FieldChange& f : e.fields) {
            json before = f.before, after = f.after;
            if (mask) {
                if (is_phone_field(f.field)) {
                    if (before.is_string()) before = mask_phone(before.get<std::string>());
                    if (after.is_string()) after = mask_phone(after.get<std::string>());
                }
                mask_in(before);
                mask_in(after);
            }
            fields.push_back({{"field", f.field}, {"before", before}, {"after", after}});
        }
        h.push_back({{"rev", e.rev}, {"op", change_op_name(e.op)}, {"at", e.at_ms}, {"by", actor_obj(e.by)}, {"fields", fields}});
        if (!e.via.agent_id.empty()) h.back()["via"] = actor_obj(e.via);
    }
    json data = r.data();
    if (mask) mask_in(data);
    return {{"type", r.type}, {"id", r.id}, {"rev", r.rev}, {"created_at", r.created_at_ms},
            {"created_by", actor_obj(r.created_by)}, {"updated_at", r.updated_at_ms},
            {"updated_by", actor_obj(r.updated_by)}, {"deleted", r.deleted}, {"data", data}, {"history", h}};
}

void append_actor(std::string& out, const Actor& a) {
    out += "{\"agent_id\":";
    append_json_string(out, a.agent_id);
    out += ",\"name\":";
    append_json_string(out, a.name);
    out += '}';
}

// The stored history ([rev, op, at, [agent_id, name(, via agent_id, via name)], [[field, before, after]…]]…) written in
// its export form.
bool append_history_text(std::string& out, std::string_view blob, bool mask) {
    out += '[';
    if (blob.empty()) return out += ']', true;
    MsgpackText in(blob);
    size_t entries = 0;
    if (!in.array_header(entries)) return false;
    for (size_t i = 0; i < entries; ++i) {
        HistoryHead h;
        if (!read_history_head(in, h) || h.rev < 0) return false;
        if (i) out += ',';
        out += "{\"at\":";
        append_json_int(out, h.at);
        out += ",\"by\":";
        append_actor(out, Actor{std::string(h.agent_id), std::string(h.name)});
        out += ",\"fields\":[";
        for (size_t c = 0; c < h.changes; ++c) {
            size_t triple = 0;
            std::string_view field;
            std::string before;
            if (!in.array_header(triple) || triple != 3 || !in.str(field) || !in.value(before, mask, is_phone_field(field)))
                return false;
            if (c) out += ',';
            out += "{\"after\":";
            if (!in.value(out, mask, is_phone_field(field))) return false;
            out += ",\"before\":";
            out += before;
            out += ",\"field\":";
            append_json_string(out, field);
            out += '}';
        }
        out += "],\"op\":";
        append_json_string(out, h.op);
        out += ",\"rev\":";
        append_json_int(out, h.rev);
        if (!h.via_id.empty()) {  // keys in export_record()'s (sorted) order
            out += ",\"via\":";
            append_actor(out, Actor{std::string(h.via_id), std::string(h.via_name)});
        }
        out += '}';
    }
    out += ']';
    return in.at_end();
}

// export_record(…).dump() written straight from the stored MessagePack; false when the
// stored bytes hold something it does not copy (then `out` is left as it was).
bool append_record_text(std::string& out, const Record& r, std::string_view history_blob, bool mask) {
    const size_t start = out.size();
    out += "{\"created_at\":";
    append_json_int(out, r.created_at_ms);
    out += ",\"created_by\":";
    append_actor(out, r.created_by);
    out += ",\"data\":";
    bool ok = true;
    if (r.data_blob.empty()) {
        out += "{}";
    } else {
        MsgpackText data(r.data_blob);
        const uint8_t tag = static_cast<uint8_t>(r.data_blob[0]);
        const bool is_map = (tag & 0xf0) == 0x80 || tag == 0xde || tag == 0xdf;  // data() turns anything else into {}
        ok = is_map && data.value(out, mask) && data.at_end();
    }
    if (ok) {
        out += r.deleted ? ",\"deleted\":true,\"history\":" : ",\"deleted\":false,\"history\":";
        ok = append_history_text(out, history_blob, mask);
    }
    if (!ok) {
        out.resize(start);
        return false;
    }
    out += ",\"id\":";
    append_json_string(out, r.id);
    out += ",\"rev\":";
    append_json_uint(out, r.rev);
    out += ",\"type\":";
    append_json_string(out, r.type);
    out += ",\"updated_at\":";
    append_json_int(out, r.updated_at_ms);
    out += ",\"updated_by\":";
    append_actor(out, r.updated_by);
    out += '}';
    return true;
}

std::string iso_utc(int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool in_list(const std::vector<std::string>& list, const std::string& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

// ---- [SECTION] export -------------------------------------------------------------------------
std::string export_json(const RecordStore& store, const ExportFilter& f, const ExportMeta& meta,
                        const std::vector<std::pair<Record, std::string>>& extra) {
    struct Chosen {
        const Record* record;
        const std::string* history_blob;
    };
    std::vector<Chosen> chosen;
    auto consider = [&](const Record& r, const std::string& history_blob) {
        if (!in_list(f.types, r.type)) return;
        // A masked file is for handing over: no PIN hashes, no access log.
        if (f.mask_phones && (r.type == kAgentType || r.type == kAccessType)) return;
        if (r.deleted && !f.include_deleted) return;
        if (f.from_ms && r.created_at_ms < f.from_ms) return;
        if (f.to_ms && r.created_at_ms >= f.to_ms) return;
        if (!f.include_starter && r.type == kArticleType && json_bool(r.data(), "starter", false)) return;
        if (!f.statuses.empty()) {
            const json data = r.data();
            auto st = data.find("status");
            if (st == data.end() || !st->is_string() || !in_list(f.statuses, st->get<std::string>())) return;
        }
        chosen.push_back({&r, &history_blob});
    };
    store.for_each_raw(consider);
    if (f.include_starter)
        for (const auto& [r, h] : extra) consider(r, h);
    std::sort(chosen.begin(), chosen.end(), [](const Chosen& a, const Chosen& b) {
        return a.record->type != b.record->type ? a.record->type < b.record->type : a.record->id < b.record->id;
    });
    json counts = json::object();
    for (const Chosen& c : chosen) {
        json& n = counts[c.record->type];
        n = n.is_null() ? 1 : n.get<int>() + 1;
    }
    json filter = {{"types", f.types}, {"statuses", f.statuses}, {"include_deleted", f.include_deleted}};
    if (f.include_starter) filter["include_starter"] = true;
    if (f.from_ms) filter["from"] = f.from_ms;
    if (f.to_ms) filter["to"] = f.to_ms;
    // The checksum has a fixed width, so the header is written first with a placeholder and
    // the digits filled in at the end: the records are written once, straight into `out`.
    const std::string placeholder = "crc32:00000000";
    json head = {{"format", kExportFormat},
                 {"version", kExportVersion},
                 {"app_version", meta.app_version},
                 {"exported_at", meta.now_ms},
                 {"exported_at_utc", iso_utc(meta.now_ms)},
                 {"exported_by", actor_obj(meta.by)},
                 {"filter", filter},
                 {"masked", f.mask_phones},
                 {"counts", counts},
                 {"checksum", placeholder}};
    if (!meta.space.empty()) head["space"] = meta.space;
    // One header line, then one record per line: compact (100k cases stay ~100 MB) yet
    // readable and line-diffable. The whole is one JSON object; "records" comes last.
    std::string out = head.dump(-1, ' ', false, json::error_handler_t::replace);
    const size_t checksum_at = out.find(placeholder) + 6;
    size_t guess = out.size() + 32;
    for (const Chosen& c : chosen) guess += c.record->data_blob.size() * 9 / 8 + c.history_blob->size() + 256;
    out.reserve(guess);
    out.pop_back();  // the closing brace
    out += ",\n\"records\":[";
    // Each record is written once: the same bytes feed the output and the checksum (CRC-32 of
    // the compact records array, "[" r1 "," r2 … "]").
    uint32_t crc = crc32_update(0, "[", 1);
    for (size_t i = 0; i < chosen.size(); ++i) {
        const Chosen& c = chosen[i];
        if (i) crc = crc32_update(crc, ",", 1);
        out += i ? ",\n" : "\n";
        const size_t at = out.size();
        if (!append_record_text(out, *c.record, *c.history_blob, f.mask_phones)) {
            std::vector<HistoryEntry> history;
            decode_history(*c.history_blob, history);
            out += export_record(*c.record, history, f.mask_phones).dump(-1, ' ', false, json::error_handler_t::replace);
        }
        crc = crc32_update(crc, out.data() + at, out.size() - at);
    }
    crc = crc32_update(crc, "]", 1);
    out += chosen.empty() ? "]}\n" : "\n]}\n";
    char digits[9];
    std::snprintf(digits, sizeof digits, "%08x", crc);
    out.replace(checksum_at, 8, digits, 8);
    return out;
}

bool parse_local_date(std::string_view ymd, int utc_offset_minutes, int64_t& out_ms) {
    CivilDate d;
    if (!parse_ymd(ymd, d)) return false;
    out_ms = days_from_civil(d) * kMsPerDay - int64_t{utc_offset_minutes} * kMsPerMinute;
    return true;
}

std::string export_file_name(int64_t now_ms, int utc_offset_minutes) {
    const std::time_t t = static_cast<std::time_t>(now_ms / 1000 + int64_t{utc_offset_minutes} * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "kefu-export-%Y%m%d-%H%M.json", &tm);
    return buf;
}

// ---- [SECTION] import: parsing ------------------------------------------------------------------
namespace {

constexpr int64_t kMaxTimestamp = 4102444800000;  // 2100-01-01
constexpr uint64_t kMaxRev = uint64_t{1} << 53;
constexpr size_t kMaxString = 64 * 1024;

// SAX parser that never throws, limits nesting, remembers where parsing stopped, and never
// holds more than one record as a JSON tree: the elements of the top-level "records" array
// are handed to `on_record` one by one; everything else becomes the (small) header, in which
// "records" is left as an empty array.
class StreamingParser {
public:
    using Dom = nlohmann::detail::json_sax_dom_parser<json>;
    StreamingParser(size_t max_depth, std::function<void(json&&)> on_record)
        : header_dom_(header_, false), max_depth_(max_depth), on_record_(std::move(on_record)) {}

    bool null() {
        if (record_dom_) return record_dom_->null();
        return lone_element() ? emit(json(nullptr)) : header_dom_.null();
    }
    bool boolean(bool v) {
        if (record_dom_) return record_dom_->boolean(v);
        return lone_element() ? emit(json(v)) : header_dom_.boolean(v);
    }
    bool number_integer(json::number_integer_t v) {
        if (record_dom_) return record_dom_->number_integer(v);
        return lone_element() ? emit(json(v)) : header_dom_.number_integer(v);
    }
    bool number_unsigned(json::number_unsigned_t v) {
        if (record_dom_) return record_dom_->number_unsigned(v);
        return lone_element() ? emit(json(v)) : header_dom_.number_unsigned(v);
    }
    bool number_float(json::number_float_t v, const std::string& s) {
        if (record_dom_) return record_dom_->number_float(v, s);
        return lone_element() ? emit(json(v)) : header_dom_.number_float(v, s);
    }
    bool string(std::string& v) {
        if (record_dom_) return record_dom_->string(v);
        return lone_element() ? emit(json(v)) : header_dom_.string(v);
    }
    bool binary(json::binary_t& v) { return record_dom_ ? record_dom_->binary(v) : header_dom_.binary(v); }
    bool key(std::string& k) {
        if (record_dom_) return record_dom_->key(k);
        if (depth_ == 1) top_key_ = k;
        return header_dom_.key(k);
    }
    bool start_object(std::size_t n) {
        if (!deeper()) return false;
        if (record_dom_) return record_dom_->start_object(n);
        if (in_records_ && depth_ == 3) return begin_record() && record_dom_->start_object(n);
        return header_dom_.start_object(n);
    }
    bool end_object() {
        if (record_dom_) {
            record_dom_->end_object();
            if (--depth_ == 2) return end_record();
            return true;
        }
        --depth_;
        return header_dom_.end_object();
    }
    bool start_array(std::size_t n) {
        if (!deeper()) return false;
        if (record_dom_) return record_dom_->start_array(n);
        if (in_records_ && depth_ == 3) return begin_record() && record_dom_->start_array(n);
        if (depth_ == 2 && top_key_ == "records") in_records_ = true;
        return header_dom_.start_array(n);
    }
    bool end_array() {
        if (record_dom_) {
            record_dom_->end_array();
            if (--depth_ == 2) return end_record();
            return true;
        }
        if (in_records_ && depth_ == 2) in_records_ = false;
        --depth_;
        return header_dom_.end_array();
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        error_at = position;
        error = ex.what();
        return false;
    }

    json& header() { return header_; }
    size_t error_at = 0;
    std::string error;
    bool too_deep = false;

private:
    // A scalar directly in the records array (a malformed record, reported by the validator).
    bool lone_element() const { return in_records_ && depth_ == 2; }
    bool deeper() {
        if (++depth_ > max_depth_) {
            too_deep = true;
            return false;
        }
        return true;
    }
    bool begin_record() {
        record_root_ = std::make_unique<json>();
        record_dom_ = std::make_unique<Dom>(*record_root_, false);
        return true;
    }
    bool end_record() {
        record_dom_.reset();
        json rec = std::move(*record_root_);
        record_root_.reset();
        return emit(std::move(rec));
    }
    bool emit(json&& rec) {
        on_record_(std::move(rec));
        return true;
    }

    json header_;
    Dom header_dom_;
    std::unique_ptr<json> record_root_;
    std::unique_ptr<Dom> record_dom_;
    size_t max_depth_;
    size_t depth_ = 0;
    bool in_records_ = false;
    std::string top_key_;
    std::function<void(json&&)> on_record_;
};

struct Validator {
    ImportPlan& plan;
    size_t max_errors;

    bool full() const { return plan.errors.size() >= max_errors; }
    void err(const std::string& path, const char* key, std::string detail = {}) {
        if (!full()) plan.errors.push_back({path, key, std::move(detail)});
    }

    bool want_string(const json& o, const char* k, const std::string& path, std::string& out, size_t max_len = 256) {
        auto it = o.find(k);
        if (it == o.end()) return err(path + "." + k, "import.err.missing"), false;
        if (!it->is_string()) return err(path + "." + k, "import.err.type", "string"), false;
        out = it->get<std::string>();
        if (out.size() > max_len) return err(path + "." + k, "import.err.too_long", std::to_string(max_len)), false;
        return true;
    }
    bool want_uint(const json& o, const char* k, const std::string& path, uint64_t lo, uint64_t hi, uint64_t& out) {
        auto it = o.find(k);
        if (it == o.end()) return err(path + "." + k, "import.err.missing"), false;
        if (!it->is_number_integer()) return err(path + "." + k, "import.err.type", "integer"), false;
        if (it->is_number_unsigned() ? it->get<uint64_t>() < lo || it->get<uint64_t>() > hi : true)
            return err(path + "." + k, "import.err.range", std::to_string(lo) + "–" + std::to_string(hi)), false;
        out = it->get<uint64_t>();
        return true;
    }
    bool want_actor(const json& o, const char* k, const std::string& path, Actor& a) {
        auto it = o.find(k);
        if (it == o.end()) return err(path + "." + k, "import.err.missing"), false;
        if (!it->is_object()) return err(path + "." + k, "import.err.type", "object"), false;
        // Both checked (not short-circuited) so that every problem is listed.
        const bool id_ok = want_string(*it, "agent_id", path + "." + k, a.agent_id, 64);
        const bool name_ok = want_string(*it, "name", path + "." + k, a.name, 200);
        return id_ok && name_ok;
    }
    // Strings in data: size-limited; references ("*_ref" / "*_refs") collected for later.
    // `path` is a working buffer: extended on the way down and restored on the way up, so a
    // valid record costs no path strings at all.
    void walk_data(const json& v, std::string& path, std::vector<std::pair<std::string, std::string>>& refs) {
        if (full()) return;
        const size_t base = path.size();
        auto index = [&](size_t i) { path += '['; path += std::to_string(i); path += ']'; };
        if (v.is_string()) {
            if (v.get_ref<const std::string&>().size() > kMaxString) err(path, "import.err.too_long", std::to_string(kMaxString));
        } else if (v.is_object()) {
            for (auto it = v.begin(); it != v.end(); ++it) {
                const std::string& k = it.key();
                path += '.';
                path += k;
                const bool single = k.size() > 4 && k.compare(k.size() - 4, 4, "_ref") == 0;
                const bool many = k.size() > 5 && k.compare(k.size() - 5, 5, "_refs") == 0;
                if (single && !it.value().is_null()) {
                    if (!it.value().is_string()) err(path, "import.err.type", "string");
                    else refs.push_back({path, it.value().get<std::string>()});
                } else if (many) {
                    if (!it.value().is_array()) err(path, "import.err.type", "array");
                    else
                        for (size_t i = 0; i < it.value().size(); ++i) {
                            const size_t at = path.size();
                            index(i);
                            if (!it.value()[i].is_string()) err(path, "import.err.type", "string");
                            else refs.push_back({path, it.value()[i].get<std::string>()});
                            path.resize(at);
                        }
                } else {
                    walk_data(it.value(), path, refs);
                }
                path.resize(base);
            }
        } else if (v.is_array()) {
            for (size_t i = 0; i < v.size(); ++i) {
                index(i);
                walk_data(v[i], path, refs);
                path.resize(base);
            }
        } else if (v.is_binary()) {
            err(path, "import.err.type", "json");
        }
    }

    bool parse_op_name(const std::string& s, ChangeOp& op) {
        for (ChangeOp o : {ChangeOp::Create, ChangeOp::Update, ChangeOp::Delete})
            if (s == change_op_name(o)) {
                op = o;
                return true;
            }
        return false;
    }

    // `text_size`: the record's compact serialisation (computed for the checksum anyway);
    // its data can only be over the size limit when the whole record is.
    bool record(const json& o, const std::string& path, size_t text_size, ImportItem& item,
                std::vector<std::pair<std::string, std::string>>& refs) {
        if (!o.is_object()) return err(path, "import.err.type", "object"), false;
        Record& r = item.record;
        std::vector<HistoryEntry> history;
        const bool ok = record_fields(o, path, text_size, r, history, refs);
        if (ok) item.history_blob = encode_history(history);
        return ok;
    }

    bool record_fields(const json& o, const std::string& path, size_t text_size, Record& r, std::vector<HistoryEntry>& history,
                       std::vector<std::pair<std::string, std::string>>& refs) {
        bool ok = true;
        if (want_string(o, "type", path, r.type, 32) && !valid_record_type(r.type)) ok = false, err(path + ".type", "import.err.invalid", r.type);
        if (want_string(o, "id", path, r.id, kMaxIdLength) && !valid_record_id(r.id)) ok = false, err(path + ".id", "import.err.invalid", r.id);
        uint64_t u = 0;
        ok &= want_uint(o, "rev", path, 1, kMaxRev, r.rev);
        ok &= want_uint(o, "created_at", path, 0, kMaxTimestamp, u);
        r.created_at_ms = static_cast<int64_t>(u);
        ok &= want_uint(o, "updated_at", path, 0, kMaxTimestamp, u);
        r.updated_at_ms = static_cast<int64_t>(u);
        ok &= want_actor(o, "created_by", path, r.created_by);
        ok &= want_actor(o, "updated_by", path, r.updated_by);
        auto del = o.find("deleted");
        if (del == o.end()) ok = false, err(path + ".deleted", "import.err.missing");
        else if (!del->is_boolean()) ok = false, err(path + ".deleted", "import.err.type", "boolean");
        else r.deleted = del->get<bool>();
        auto data = o.find("data");
        if (data == o.end()) ok = false, err(path + ".data", "import.err.missing");
        else if (!data->is_object()) ok = false, err(path + ".data", "import.err.type", "object");
        else {
            const size_t before = plan.errors.size();
            std::string data_path = path + ".data";
            walk_data(*data, data_path, refs);
            if (plan.errors.size() != before) ok = false;
            else if (text_size > kMaxRecordBytes && json_larger_than(*data, kMaxRecordBytes)) ok = false, err(path + ".data", "import.err.too_long", "1 MB");
            else r.set_data(*data);
        }
        auto hist = o.find("history");
        if (hist == o.end()) ok = false, err(path + ".history", "import.err.missing");
        else if (!hist->is_array()) ok = false, err(path + ".history", "import.err.type", "array");
        else {
            uint64_t last = 0;
            for (size_t i = 0; i < hist->size() && !full(); ++i) {
                const json& e = (*hist)[i];
                const std::string hp = path + ".history[" + std::to_string(i) + "]";
                if (!e.is_object()) {
                    ok = false, err(hp, "import.err.type", "object");
                    continue;
                }
                HistoryEntry h;
                std::string op;
                bool hok = want_uint(e, "rev", hp, 1, kMaxRev, h.rev);
                if (want_string(e, "op", hp, op, 16) && !parse_op_name(op, h.op)) hok = false, err(hp + ".op", "import.err.invalid", op);
                hok &= want_uint(e, "at", hp, 0, kMaxTimestamp, u);
                h.at_ms = static_cast<int64_t>(u);
                hok &= want_actor(e, "by", hp, h.by);
                if (e.contains("via")) {  // relayed under another agent's team session (record.hpp)
                    hok &= want_actor(e, "via", hp, h.via);
                    if (hok && h.via.agent_id.empty()) hok = false, err(hp + ".via.agent_id", "import.err.missing");
                }
                auto fields = e.find("fields");
                if (fields == e.end() || !fields->is_array()) {
                    hok = false, err(hp + ".fields", fields == e.end() ? "import.err.missing" : "import.err.type", "array");
                } else {
                    for (size_t k = 0; k < fields->size(); ++k) {
                        const json& f = (*fields)[k];
                        const std::string fp = hp + ".fields[" + std::to_string(k) + "]";
                        std::string name;
                        if (!f.is_object()) {
                            hok = false, err(fp, "import.err.type", "object");
                            continue;
                        }
                        if (!want_string(f, "field", fp, name, 256)) {
                            hok = false;
                            continue;
                        }
                        std::vector<std::pair<std::string, std::string>> ignored;
                        const size_t before = plan.errors.size();
                        static const json kAbsent;
                        const auto b = f.find("before"), a = f.find("after");
                        const json& was = b == f.end() ? kAbsent : *b;
                        const json& now = a == f.end() ? kAbsent : *a;
                        std::string before_path = fp + ".before", after_path = fp + ".after";
                        walk_data(was, before_path, ignored);
                        walk_data(now, after_path, ignored);
                        if (plan.errors.size() != before) hok = false;
                        h.fields.push_back({name, was, now});
                    }
                }
                if (hok && h.rev <= last) hok = false, err(hp + ".rev", "import.err.history_order", std::to_string(last));
                if (hok) last = h.rev;
                ok &= hok;
                history.push_back(std::move(h));
            }
            if (ok && last != r.rev) ok = false, err(path + ".history", "import.err.history_rev", std::to_string(r.rev));
        }
        return ok;
    }
};

bool history_prefix(const std::vector<HistoryEntry>& a, const std::vector<HistoryEntry>& b) {
    if (a.size() > b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].rev != b[i].rev || a[i].at_ms != b[i].at_ms || !(a[i].by == b[i].by)) return false;
    return true;
}

// Format "kefu.settings" (the settings file, before the general export existed) becomes a
// one-record export of the settings record, applied as an ordinary update.
bool migrate_settings_file(const json& doc, ImportPlan& plan) {
    Settings s;
    const ApplyResult r = parse_settings_json(doc.dump(), s);
    if (!r.ok) {
        plan.errors.push_back({"", r.error.key, r.error.detail});  // the settings file's own messages
        return false;
    }
    ImportItem item;
    item.record.type = kSettingsType;
    item.record.id = kSettingsId;
    item.record.set_data({{"language", language_tag(s.language)}, {"language_chosen", s.language_chosen},
                          {"ui_scale", s.ui_scale}, {"station_name", s.station_name}});
    item.record.rev = 0;  // no revision information: applied as a patch
    plan.items.push_back(std::move(item));
    plan.source_version = 0;
    return true;
}

// A quick structural pass over the raw file: where the elements of the top-level "records"
// array are, and the other top-level values (the header). A file written by the exporter
// holds its records in compact form already, so the CRC of those raw bytes equals the
// checksum, and the importer need not serialise every record again to check it; each
// record is then read on its own (read_export_record). Anything unusual (a reformatted
// file, two "records" keys, escapes in a top-level key, text after the end) leaves `ok`
// false and the importer takes the careful path. The scan does not check the syntax of
// values: each one is parsed strictly afterwards.
struct RawRecords {
    bool ok = false;
    uint32_t crc = 0;
    std::string checksum;
    std::vector<std::string_view> records;                          // each record's text, in order
    std::vector<std::pair<std::string, std::string_view>> header;  // the other top-level keys and values
    size_t header_depth = 0;                                        // deepest nesting in a header value
};

class RawScanner {
public:
    explicit RawScanner(std::string_view b) : b_(b) {}

    RawRecords scan() {
        RawRecords out;
        bool seen_records = false;
        ws();
        if (!eat('{')) return out;
        ws();
        if (peek() == '}') return out;
        for (;;) {
            ws();
            std::string_view key;
            if (!string(key) || !plain_key(key)) return out;
            ws();
            if (!eat(':')) return out;
            ws();
            if (key == "records" && peek() == '[') {
                if (seen_records) return out;
                seen_records = true;
                ++i_;
                out.crc = crc32_update(0, "[", 1);
                ws();
                if (peek() == ']') ++i_;
                else
                    for (;;) {
                        ws();
                        const size_t start = i_;
                        if (!skip_value()) return out;
                        if (!out.records.empty()) out.crc = crc32_update(out.crc, ",", 1);
                        out.crc = crc32_update(out.crc, b_.data() + start, i_ - start);
                        out.records.push_back(b_.substr(start, i_ - start));
                        ws();
                        if (eat(']')) break;
                        if (!eat(',')) return out;
                    }
                out.crc = crc32_update(out.crc, "]", 1);
            } else {
                const size_t start = i_;
                depth_ = 0;
                if (!skip_value()) return out;
                out.header_depth = std::max(out.header_depth, depth_);
                const std::string_view value = b_.substr(start, i_ - start);
                std::string_view text;
                if (key == "checksum" && !value.empty() && value[0] == '"' && string_at(start, text)) out.checksum = std::string(text);
                out.header.emplace_back(std::string(key), value);
            }
            ws();
            if (eat('}')) break;
            if (!eat(',')) return out;
        }
        ws();
        out.ok = seen_records && i_ == b_.size();
        return out;
    }

private:
    char peek() const { return i_ < b_.size() ? b_[i_] : '\0'; }
    bool eat(char c) { return peek() == c && (++i_, true); }
    void ws() {
        while (i_ < b_.size() && (b_[i_] == ' ' || b_[i_] == '\n' || b_[i_] == '\r' || b_[i_] == '\t')) ++i_;
    }
    // A key taken as written: no escapes, no control characters, valid UTF-8.
    static bool plain_key(std::string_view k) {
        for (char c : k)
            if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
        return valid_utf8(k);
    }
    // A string's raw contents (escapes left as written).
    bool string(std::string_view& text) {
        if (!eat('"')) return false;
        const size_t start = i_;
        while (i_ < b_.size() && b_[i_] != '"') i_ += b_[i_] == '\\' ? 2 : 1;
        if (i_ >= b_.size()) return false;
        text = b_.substr(start, i_ - start);
        ++i_;
        return true;
    }
    bool string_at(size_t at, std::string_view& text) {
        const size_t keep = i_;
        i_ = at;
        const bool ok = string(text);
        i_ = keep;
        return ok;
    }
    bool skip_value() {
        std::string_view ignored;
        if (peek() == '"') return string(ignored);
        if (peek() == '{' || peek() == '[') {
            size_t depth = 0;
            do {
                const char c = peek();
                if (c == '"') {
                    if (!string(ignored)) return false;
                    continue;
                }
                if (c == '\0' && i_ >= b_.size()) return false;
                if (c == '{' || c == '[') depth_ = std::max(depth_, ++depth);
                else if (c == '}' || c == ']') --depth;
                ++i_;
            } while (depth);
            return true;
        }
        const size_t start = i_;
        while (i_ < b_.size() && std::string_view(",]} \n\r\t").find(b_[i_]) == std::string_view::npos) ++i_;
        return i_ > start;
    }

    std::string_view b_;
    size_t i_ = 0;
    size_t depth_ = 0;
};

}  // namespace

size_t ImportPlan::count(ImportKind k) const {
    return static_cast<size_t>(std::count_if(items.begin(), items.end(), [k](const ImportItem& i) { return i.kind == k; }));
}

ImportPlan plan_import(const RecordStore& current, std::string_view bytes, const ImportLimits& limits) {
    ImportPlan plan;
    if (bytes.empty()) return plan.errors.push_back({"", "import.err.empty", ""}), plan;
    if (bytes.size() > limits.max_bytes)
        return plan.errors.push_back({"", "import.err.too_large", std::to_string(limits.max_bytes >> 20) + " MB"}), plan;

    // The checksum is computed over the same compact serialisation the exporter used. A file
    // as exported (its raw records match the checksum) is read record by record straight
    // into MessagePack; anything else streams through nlohmann's parser, one json tree per
    // record, each serialised again for the checksum.
    const RawRecords raw = RawScanner(bytes).scan();
    char raw_checksum[24];
    std::snprintf(raw_checksum, sizeof raw_checksum, "crc32:%08x", raw.crc);
    const bool raw_matches = raw.ok && raw.checksum == raw_checksum;
    Validator v{plan, limits.max_errors};
    std::map<std::pair<std::string, std::string>, size_t> seen;
    std::vector<std::pair<std::string, std::string>> refs;
    uint32_t crc = crc32_update(0, "[", 1);
    auto accept = [&](size_t i, ImportItem&& item, const std::string& path) {
        auto [it, fresh] = seen.emplace(std::make_pair(item.record.type, item.record.id), i);
        if (!fresh) v.err(path + ".id", "import.err.duplicate", "records[" + std::to_string(it->second) + "]");
        else plan.items.push_back(std::move(item));
    };
    auto refuse = [&](ImportIssue issue) {
        plan.errors.assign(1, std::move(issue));
        plan.items.clear();
        return plan;
    };

    json doc;
    bool direct = limits.read_directly && raw_matches && raw.header_depth + 1 <= limits.max_depth;
    if (direct) {
        doc = json::object();
        for (const auto& [key, text] : raw.header) {
            json value = json::parse(text, nullptr, false);
            if (value.is_discarded()) direct = false;
            doc[key] = std::move(value);
        }
        doc["records"] = json::array();
    }
    if (direct) {
        const RecordReadLimits read_limits{limits.max_depth > 2 ? limits.max_depth - 2 : 0, kMaxString, kMaxTimestamp, kMaxRev};
        plan.items.reserve(raw.records.size());
        for (size_t i = 0; i < raw.records.size() && direct; ++i) {
            const std::string path = "records[" + std::to_string(i) + "]";
            ImportItem item;
            const RecordRead read = read_export_record(raw.records[i], path, read_limits, item.record, item.history_blob, refs);
            if (read == RecordRead::Unreadable) direct = false;  // the careful path says where and why
            if (read != RecordRead::Ok) item = ImportItem{};
            if (!direct || v.full()) continue;
            if (read == RecordRead::Irregular) {
                const json rec = json::parse(raw.records[i], nullptr, false);
                if (rec.is_discarded()) direct = false;
                else if (v.record(rec, path, raw.records[i].size(), item, refs)) accept(i, std::move(item), path);
            } else {
                ++plan.read_directly;
                accept(i, std::move(item), path);
            }
        }
        crc = raw.crc;
        if (!direct) {  // start again on the careful path
            plan = ImportPlan{};
            seen.clear();
            refs.clear();
        }
    }
    if (!direct) {
        size_t index = 0;
        auto on_record = [&](json&& rec) {
            const size_t i = index++;
            size_t text_size = 0;
            if (raw_matches) {
                text_size = i < raw.records.size() ? raw.records[i].size() : 0;
            } else {
                const std::string text = rec.dump(-1, ' ', false, json::error_handler_t::replace);
                if (i) crc = crc32_update(crc, ",", 1);
                crc = crc32_update(crc, text.data(), text.size());
                text_size = text.size();
            }
            if (v.full()) return;
            const std::string path = "records[" + std::to_string(i) + "]";
            ImportItem item;
            if (v.record(rec, path, text_size, item, refs)) accept(i, std::move(item), path);
        };
        StreamingParser sax(limits.max_depth, on_record);
        const bool parsed = json::sax_parse(bytes.begin(), bytes.end(), &sax);
        crc = crc32_update(crc, "]", 1);
        // The parser and the scanner must agree on the records; if they ever did not, the raw
        // checksum proves nothing, and the file is refused as failing its checksum.
        if (raw_matches) crc = index == raw.records.size() ? raw.crc : ~raw.crc;
        if (!parsed) {
            if (sax.too_deep) return refuse({"", "import.err.too_deep", std::to_string(limits.max_depth)});
            return refuse({"", "import.err.not_json", std::to_string(sax.error_at)});
        }
        doc = std::move(sax.header());
    }
    if (!doc.is_object()) return refuse({"", "import.err.type", "object"});

    auto fmt = doc.find("format");
    if (fmt != doc.end() && !fmt->is_string()) return refuse({"format", "import.err.type", "string"});
    const std::string format = json_string(doc, "format");
    if (format == "kefu.settings") {
        plan.errors.clear();
        plan.items.clear();
        if (migrate_settings_file(doc, plan)) {
            ImportItem& item = plan.items.back();
            const Record* cur = current.find_any(item.record.type, item.record.id);
            item.kind = !cur ? ImportKind::New : cur->data_blob == item.record.data_blob ? ImportKind::Unchanged : ImportKind::Update;
        }
        return plan;
    }
    if (format != kExportFormat) return refuse({"format", "import.err.format", format});
    auto ver = doc.find("version");
    if (ver == doc.end() || !ver->is_number_integer()) return refuse({"version", "import.err.type", "integer"});
    const int64_t version = ver->get<int64_t>();
    if (version > kExportVersion) return refuse({"version", "import.err.version_newer", std::to_string(version)});
    if (version < 1) return refuse({"version", "import.err.range", "1–" + std::to_string(kExportVersion)});
    plan.source_version = static_cast<int>(version);
    // The demo station and the real one never exchange records.
    const std::string space = doc.contains("space") && doc["space"].is_string() ? doc["space"].get<std::string>() : std::string();
    if (space != limits.space) return refuse({"space", limits.space.empty() ? "import.err.demo_file" : "import.err.real_file", space});

    auto recs = doc.find("records");
    if (recs == doc.end()) return refuse({"records", "import.err.missing", ""});
    if (!recs->is_array()) return refuse({"records", "import.err.type", "array"});
    if (auto m = doc.find("masked"); m != doc.end()) {
        if (!m->is_boolean()) plan.errors.insert(plan.errors.begin(), {"masked", "import.err.type", "boolean"});
        else plan.masked = m->get<bool>();
    }
    if (auto c = doc.find("checksum"); c != doc.end()) {
        char expected[24];
        std::snprintf(expected, sizeof expected, "crc32:%08x", crc);
        if (!c->is_string()) plan.errors.insert(plan.errors.begin(), {"checksum", "import.err.type", "string"});
        else if (c->get<std::string>() != expected) plan.errors.insert(plan.errors.begin(), {"checksum", "import.err.checksum", ""});
    }
    if (auto c = doc.find("counts"); c != doc.end() && plan.errors.empty()) {
        std::map<std::string, size_t> actual;
        for (const ImportItem& item : plan.items) ++actual[item.record.type];
        if (!c->is_object()) plan.errors.push_back({"counts", "import.err.type", "object"});
        else
            for (auto it = c->begin(); it != c->end(); ++it)
                if (!it.value().is_number_unsigned() || it.value().get<size_t>() != actual[it.key()])
                    plan.errors.push_back({"counts." + it.key(), "import.err.count", std::to_string(actual[it.key()])});
    }
    for (const auto& [path, target] : refs) {
        const size_t slash = target.find('/');
        const std::string type = slash == std::string::npos ? "" : target.substr(0, slash);
        const std::string id = slash == std::string::npos ? "" : target.substr(slash + 1);
        if (!seen.count({type, id}) && !current.find_any(type, id)) v.err(path, "import.err.dangling", target);
    }
    // Content the app would refuse to write is refused in a file too: survey definitions
    // and answers outside their scale.
    for (const ImportItem& item : plan.items) {
        const std::string path = item.record.type + "/" + item.record.id;
        if (limits.space.empty() && (item.record.id.rfind("demo-", 0) == 0 ||
                                     (item.record.type == kAgentType && agent_from_record(item.record).pin.hash == demo_pin_hash().hash))) {
            v.err(path, "import.err.demo_record", item.record.id);
            continue;
        }
        if (item.record.deleted) continue;
        if (item.record.type == kSurveyType) {
            const ApplyResult r = check_survey(survey_from_data(item.record.id, item.record.data()));
            if (!r.ok) v.err(path, r.error.key.c_str(), r.error.detail);
        } else if (item.record.type == kResponseType) {
            const std::string problem = response_problem(response_from_record(item.record));
            if (!problem.empty()) v.err(path, "import.err.survey_answer", problem);
        } else if (item.record.type == kAgentType) {
            // No malformed agent, no PIN cheaper than the app's, and no rights gained through a
            // file: an agent's role can only be raised by an administrator in the app, and a new
            // administrator arrives by file only into a station without agents (its first run).
            const AgentProfile a = agent_from_record(item.record);
            const nlohmann::json d = item.record.data();
            Role role;
            if (!valid_agent_id(a.id) || a.name.empty() || !parse_name(json_string(d, "role"), role) || (!a.pin.empty() && !valid_pin_hash(a.pin)) ||
                (d.contains("pin") && a.pin.empty())) {
                v.err(path, "import.err.agent", a.id);
                continue;
            }
            AgentProfile mine;
            const bool known = find_agent(current, a.id, mine);
            const bool station_has_agents = !all_agents(current).empty();
            if ((known && a.role > mine.role) || (!known && a.role == Role::Admin && station_has_agents))
                v.err(path, "import.err.agent_role", a.id);
        }
    }
    if (!plan.errors.empty()) {
        plan.items.clear();
        return plan;
    }

    for (ImportItem& item : plan.items) {
        const Record* cur = current.find_any(item.record.type, item.record.id);
        if (!cur) {
            item.kind = ImportKind::New;
            continue;
        }
        const std::vector<HistoryEntry> mine = current.history(item.record.type, item.record.id);
        std::vector<HistoryEntry> theirs;
        decode_history(item.history_blob, theirs);
        if (cur->rev == item.record.rev && cur->data_blob == item.record.data_blob && cur->deleted == item.record.deleted)
            item.kind = ImportKind::Unchanged;
        else if (item.record.rev > cur->rev && history_prefix(mine, theirs))
            item.kind = ImportKind::Update;
        else if (item.record.rev <= cur->rev && history_prefix(theirs, mine))
            item.kind = ImportKind::Unchanged;  // this store already has that version or a later one
        else
            item.kind = ImportKind::Conflict;
    }
    if (plan.masked) plan.warnings.push_back({"masked", "import.warn.masked", ""});
    return plan;
}

// ---- [SECTION] import: applying ---------------------------------------------------------------------
ApplyOutcome apply_import(AppState& state, const ImportPlan& plan, ConflictPolicy policy, const CommandContext& ctx) {
    ApplyOutcome out;
    if (!plan.valid()) {
        out.result = ApplyResult::failure("import.err.refused", std::to_string(plan.errors.size()));
        return out;
    }
    RecordStore& store = state.records;
    auto record_change = [&](const ApplyResult& r, Change& c) {
        if (!r.ok) {
            out.result = r;
            return false;
        }
        if (c.rev) out.changes.push_back(std::move(c));
        return true;
    };
    for (const ImportItem& item : plan.items) {
        const Record& in = item.record;
        const Record* cur = store.find_any(in.type, in.id);
        Change c;
        c.rev = 0;
        if (in.rev == 0) {  // migrated from a format without revisions: a plain create/update
            if (item.kind == ImportKind::Unchanged) continue;
            const ApplyResult r = cur ? store.update(in.type, in.id, cur->rev, in.data(), ctx, &c) : store.create(in.type, in.id, in.data(), ctx, &c);
            if (!record_change(r, c)) return out;
            continue;
        }
        if (item.kind == ImportKind::New || item.kind == ImportKind::Update) {
            c = put_change(in, item.history_blob, ctx.now_ms, ctx.actor);
            if (!record_change(store.apply_change(c), c)) return out;
        } else if (item.kind == ImportKind::Conflict && policy == ConflictPolicy::TakeTheirs) {
            if (cur->deleted) continue;  // cannot revive a locally deleted record; it stays deleted
            ApplyResult r;
            if (in.deleted) {
                r = store.remove(in.type, in.id, cur->rev, ctx, &c);
            } else {
                json patch = in.data();
                const json mine = cur->data();
                for (auto it = mine.begin(); it != mine.end(); ++it)
                    if (!patch.contains(it.key())) patch[it.key()] = nullptr;
                r = store.update(in.type, in.id, cur->rev, patch, ctx, &c);
            }
            if (!record_change(r, c)) return out;
        }
    }
    if (!out.changes.empty()) {
        sync_derived(state, out.changes);  // row by row when few changed, else rebuilt
        ++state.version;
    }
    return out;
}

json exchange_record(const Record& r, const std::vector<HistoryEntry>& history) { return export_record(r, history, false); }

bool read_exchange_record(const json& o, const std::string& path, Record& r, std::string& history_blob, std::vector<ImportIssue>& issues,
                          size_t max_issues) {
    ImportPlan plan;
    Validator v{plan, max_issues};
    ImportItem item;
    std::vector<std::pair<std::string, std::string>> refs;  // a single record: not checked
    const bool ok = v.record(o, path, json_size_bound(o), item, refs);  // only a first filter: see record_fields
    for (ImportIssue& e : plan.errors) issues.push_back(std::move(e));
    if (!ok) return false;
    r = std::move(item.record);
    history_blob = std::move(item.history_blob);
    return true;
}

ApplyOutcome apply_family(AppState& s, const ApplyImport& c, const CommandContext& ctx) {
    if (!c.plan) return refused(ApplyResult::failure("import.err.refused", "0"));
    ApplyOutcome out = apply_import(s, *c.plan, c.policy, ctx);  // refreshes every derived view
    if (out.ok() && !out.changes.empty()) {
        for (Change& ch : renumber_form_clashes(s, out.changes, ctx)) out.changes.push_back(std::move(ch));
    }
    return out;
}
const char* family_command_name(const ApplyImport&) { return "ApplyImport"; }
Role family_role(const AppState&, const ApplyImport&, const Actor&) { return Role::Admin; }

}  // namespace kefu
