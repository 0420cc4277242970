#include "core/record_reader.hpp"

#include <nlohmann/json.hpp>

#include "core/msgpack_text.hpp"

namespace kefu {

namespace {

using nlohmann::json;

enum class Step { More, Done, Bail };

bool is_map(std::string_view mp) {
    if (mp.empty()) return false;
    const uint8_t tag = static_cast<uint8_t>(mp[0]);
    return (tag & 0xf0) == 0x80 || tag == 0xde || tag == 0xdf;
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// One JSON value (scalar or container) from SAX events to MessagePack in nlohmann's form.
// Object keys must arrive in ascending byte order without repeats (a tree would sort and
// merge them: that input is left to the tree path). As the validator wants it, "*_ref"
// values are strings or null and "*_refs" values arrays of strings; their targets go to
// `refs` when one is given.
class Transcoder {
public:
    void begin(std::string* out, std::string_view base_path, std::vector<std::pair<std::string, std::string>>* refs,
               size_t max_string) {
        out_ = out;
        base_path_ = base_path;
        refs_ = refs;
        max_string_ = max_string;
        frames_.clear();
        busy_ = true;
    }
    bool busy() const { return busy_; }

    Step null() { return scalar(Kind::Null, [&] { msgpack::put_nil(*out_); }); }
    Step boolean(bool v) { return scalar(Kind::Other, [&] { msgpack::put_bool(*out_, v); }); }
    Step integer(int64_t v) { return scalar(Kind::Other, [&] { msgpack::put_int(*out_, v); }); }
    Step unsigned_integer(uint64_t v) { return scalar(Kind::Other, [&] { msgpack::put_uint(*out_, v); }); }
    Step floating(double v) { return scalar(Kind::Other, [&] { msgpack::put_float(*out_, v); }); }
    Step string(const std::string& s) {
        if (s.size() > max_string_) return bail();
        const Ref ref = ref_slot();
        if (ref == Ref::List) return bail();
        if (ref != Ref::None && refs_) refs_->push_back({current_path(), s});
        msgpack::put_str(*out_, s);
        return completed();
    }
    Step start(bool object) {
        const Ref ref = ref_slot();
        if (ref == Ref::Single || ref == Ref::InList || (ref == Ref::List && object)) return bail();
        frames_.push_back(Frame{object, out_->size(), 0, {}, Ref::None, ref == Ref::List});
        *out_ += '\0';  // the header, patched at the end
        return Step::More;
    }
    Step key(const std::string& k) {
        Frame& f = frames_.back();
        if (f.count && !(f.key < k)) return bail();
        f.key = k;
        f.key_ref = ends_with(k, "_ref") ? Ref::Single : ends_with(k, "_refs") ? Ref::List : Ref::None;
        msgpack::put_str(*out_, k);
        return Step::More;
    }
    Step end() {
        const Frame f = std::move(frames_.back());
        frames_.pop_back();
        std::string header;
        if (f.object) msgpack::put_map_header(header, f.count);
        else msgpack::put_array_header(header, f.count);
        out_->replace(f.start, 1, header);
        return completed();
    }

private:
    enum class Kind { Null, Other };
    // What the value about to arrive is, as a reference: under a "*_ref" key, under a
    // "*_refs" key, an element of a "*_refs" array, or none.
    enum class Ref { None, Single, List, InList };
    struct Frame {
        bool object;
        size_t start;
        size_t count;
        std::string key;
        Ref key_ref;
        bool ref_list;
    };

    Ref ref_slot() const {
        if (frames_.empty()) return Ref::None;
        const Frame& f = frames_.back();
        return f.ref_list ? Ref::InList : f.object ? f.key_ref : Ref::None;
    }
    template <typename Write>
    Step scalar(Kind kind, Write write) {
        const Ref ref = ref_slot();
        if (ref == Ref::List || ref == Ref::InList || (ref == Ref::Single && kind != Kind::Null)) return bail();
        write();
        return completed();
    }
    Step completed() {
        if (frames_.empty()) {
            busy_ = false;
            return Step::Done;
        }
        ++frames_.back().count;
        return Step::More;
    }
    Step bail() {
        busy_ = false;
        return Step::Bail;
    }
    // "records[3].data.links[0]": where the value about to arrive sits.
    std::string current_path() const {
        std::string p(base_path_);
        for (const Frame& f : frames_) {
            if (f.object) {
                p += '.';
                p += f.key;
            } else {
                p += '[';
                p += std::to_string(f.count);
                p += ']';
            }
        }
        return p;
    }

    std::string* out_ = nullptr;
    std::string base_path_;
    std::vector<std::pair<std::string, std::string>>* refs_ = nullptr;
    size_t max_string_ = 0;
    std::vector<Frame> frames_;
    bool busy_ = false;
};

// The record's fixed shape: which value the next SAX event is for.
enum class Slot {
    None,
    // record
    Type, Id, Rev, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, Deleted, Data, History,
    // actor
    AgentId, Name,
    // history entry
    EntryRev, EntryOp, EntryAt, EntryBy, EntryFields,
    // field change
    Field, Before, After,
};
enum class Ctx { Record, Actor, History, Entry, Fields, FieldChange };

struct KeyName {
    const char* name;
    Slot slot;
};
constexpr KeyName kRecordKeys[] = {{"type", Slot::Type},           {"id", Slot::Id},
                                   {"rev", Slot::Rev},             {"created_at", Slot::CreatedAt},
                                   {"created_by", Slot::CreatedBy}, {"updated_at", Slot::UpdatedAt},
                                   {"updated_by", Slot::UpdatedBy}, {"deleted", Slot::Deleted},
                                   {"data", Slot::Data},           {"history", Slot::History}};
constexpr KeyName kActorKeys[] = {{"agent_id", Slot::AgentId}, {"name", Slot::Name}};
constexpr KeyName kEntryKeys[] = {{"rev", Slot::EntryRev}, {"op", Slot::EntryOp}, {"at", Slot::EntryAt},
                                  {"by", Slot::EntryBy},   {"fields", Slot::EntryFields}};
constexpr KeyName kFieldKeys[] = {{"field", Slot::Field}, {"before", Slot::Before}, {"after", Slot::After}};

template <size_t N>
constexpr unsigned all_bits(const KeyName (&)[N]) {
    return (1u << N) - 1;
}

class Reader {
public:
    Reader(std::string_view path, const RecordReadLimits& limits, Record& r, std::string& history,
           std::vector<std::pair<std::string, std::string>>& refs)
        : path_(path), limits_(limits), r_(r), history_(history), refs_(refs) {}

    // Only check that the text is JSON within the depth limit (the tree path judges it).
    void judge_nothing() { irregular_ = true; }

    RecordRead outcome(bool parsed) const {
        if (!parsed || unreadable_) return RecordRead::Unreadable;
        return irregular_ || !finished_ ? RecordRead::Irregular : RecordRead::Ok;
    }

    // ---- nlohmann SAX interface
    bool null() { return value([&] { return tx_.null(); }, [&] { return bail(); }); }
    bool boolean(bool v) {
        return value([&] { return tx_.boolean(v); }, [&] {
            if (slot_ != Slot::Deleted) return bail();
            r_.deleted = v;
            return Step::Done;
        });
    }
    bool number_integer(json::number_integer_t v) {
        return value([&] { return tx_.integer(v); }, [&] { return bail(); });  // only negative ones come here
    }
    bool number_unsigned(json::number_unsigned_t v) {
        return value([&] { return tx_.unsigned_integer(v); }, [&] { return number(v); });
    }
    bool number_float(json::number_float_t v, const std::string&) {
        return value([&] { return tx_.floating(v); }, [&] { return bail(); });
    }
    bool string(std::string& s) { return value([&] { return tx_.string(s); }, [&] { return text(s); }); }
    bool binary(json::binary_t&) { return bail_event(); }
    bool key(std::string& k) {
        if (irregular_) return true;
        if (tx_.busy()) return step(tx_.key(k));
        switch (ctx_.back()) {
            case Ctx::Record: return pick(kRecordKeys, k, record_seen_);
            case Ctx::Actor: return pick(kActorKeys, k, actor_seen_);
            case Ctx::Entry: return pick(kEntryKeys, k, entry_seen_);
            case Ctx::FieldChange: return pick(kFieldKeys, k, field_seen_);
            default: return bail_event();
        }
    }
    bool start_object(std::size_t) {
        if (!deeper()) return false;
        if (irregular_) return true;
        if (starts_transcoding()) return step(tx_.start(true));
        if (ctx_.empty()) return enter(Ctx::Record);
        if (slot_ == Slot::CreatedBy || slot_ == Slot::UpdatedBy || slot_ == Slot::EntryBy) {
            actor_ = slot_ == Slot::CreatedBy ? &r_.created_by : slot_ == Slot::UpdatedBy ? &r_.updated_by : &entry_.by;
            actor_seen_ = 0;
            return enter(Ctx::Actor);
        }
        if (slot_ == Slot::None && ctx_.back() == Ctx::History) {
            entry_ = Entry{};
            entry_seen_ = 0;
            return enter(Ctx::Entry);
        }
        if (slot_ == Slot::None && ctx_.back() == Ctx::Fields) {
            field_name_.clear();
            before_.clear();
            after_.clear();
            field_seen_ = 0;
            return enter(Ctx::FieldChange);
        }
        return bail_event();
    }
    bool end_object() {
        --depth_;
        if (irregular_) return true;
        if (tx_.busy()) return step(tx_.end());
        const Ctx done = ctx_.back();
        ctx_.pop_back();
        switch (done) {
            case Ctx::Record: return finish_record();
            case Ctx::Actor: return actor_seen_ == all_bits(kActorKeys) || bail_event();
            case Ctx::Entry: return finish_entry();
            case Ctx::FieldChange: return finish_field();
            default: return bail_event();
        }
    }
    bool start_array(std::size_t) {
        if (!deeper()) return false;
        if (irregular_) return true;
        if (starts_transcoding()) return step(tx_.start(false));
        if (slot_ == Slot::History) {
            history_.clear();
            entries_ = 0;
            last_rev_ = 0;
            return enter(Ctx::History);
        }
        if (slot_ == Slot::EntryFields) {
            entry_.fields.clear();
            entry_.count = 0;
            return enter(Ctx::Fields);
        }
        return bail_event();
    }
    bool end_array() {
        --depth_;
        if (irregular_) return true;
        if (tx_.busy()) return step(tx_.end());
        const Ctx done = ctx_.back();
        ctx_.pop_back();
        if (done != Ctx::History && done != Ctx::Fields) return bail_event();
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    struct Entry {
        uint64_t rev = 0;
        std::string op;
        uint64_t at = 0;
        Actor by;
        std::string fields;  // the encoded [field, before, after] triples
        size_t count = 0;
    };

    // A scalar: into the transcoder when one runs (or this value starts one: data, before,
    // after), else into the record's fixed fields.
    template <typename ToTranscoder, typename ToField>
    bool value(ToTranscoder to_tx, ToField to_field) {
        if (irregular_) return true;
        if (starts_transcoding() || tx_.busy()) return step(to_tx());
        return step(to_field());
    }
    // Called before a value event: starts the transcoder for data, before and after.
    bool starts_transcoding() {
        if (tx_.busy()) return true;
        if (slot_ == Slot::Before || slot_ == Slot::After) {
            tx_.begin(slot_ == Slot::Before ? &before_ : &after_, {}, nullptr, limits_.max_string);
            return true;
        }
        if (slot_ == Slot::Data && !data_started_) {
            data_started_ = true;
            r_.data_blob.clear();
            tx_.begin(&r_.data_blob, data_path_, &refs_, limits_.max_string);
            return true;
        }
        return false;
    }
    bool step(Step s) {
        if (s == Step::Bail) return bail_event();
        if (s == Step::Done) {
            if (slot_ == Slot::Data && !is_map(r_.data_blob)) return bail_event();  // data must be an object
            slot_ = Slot::None;
        }
        return true;
    }
    Step bail() {
        irregular_ = true;
        return Step::Bail;
    }
    bool bail_event() {
        irregular_ = true;
        return true;  // keep parsing: the rest must still be JSON and within the depth limit
    }
    bool deeper() {
        if (++depth_ > limits_.max_depth) {
            unreadable_ = true;
            return false;
        }
        return true;
    }
    bool enter(Ctx c) {
        ctx_.push_back(c);
        slot_ = Slot::None;
        return true;
    }
    template <size_t N>
    bool pick(const KeyName (&keys)[N], const std::string& k, unsigned& seen) {
        for (size_t i = 0; i < N; ++i)
            if (k == keys[i].name) {
                if (seen & (1u << i)) return bail_event();  // a repeated key: the tree keeps the last
                seen |= 1u << i;
                slot_ = keys[i].slot;
                if (slot_ == Slot::Data && ctx_.size() == 1) data_path_ = std::string(path_) + ".data";
                return true;
            }
        return bail_event();
    }
    Step text(const std::string& s) {
        switch (slot_) {
            case Slot::Type:
                if (!valid_record_type(s)) return bail();
                r_.type = s;
                return Step::Done;
            case Slot::Id:
                if (!valid_record_id(s)) return bail();
                r_.id = s;
                return Step::Done;
            case Slot::AgentId:
                if (s.size() > 64) return bail();
                actor_->agent_id = s;
                return Step::Done;
            case Slot::Name:
                if (s.size() > 200) return bail();
                actor_->name = s;
                return Step::Done;
            case Slot::EntryOp:
                if (s != "create" && s != "update" && s != "delete") return bail();
                entry_.op = s;
                return Step::Done;
            case Slot::Field:
                if (s.size() > 256) return bail();
                field_name_ = s;
                return Step::Done;
            default: return bail();
        }
    }
    Step number(uint64_t v) {
        const uint64_t max_ts = static_cast<uint64_t>(limits_.max_timestamp);
        switch (slot_) {
            case Slot::Rev: return v >= 1 && v <= limits_.max_rev ? (r_.rev = v, Step::Done) : bail();
            case Slot::CreatedAt: return v <= max_ts ? (r_.created_at_ms = static_cast<int64_t>(v), Step::Done) : bail();
            case Slot::UpdatedAt: return v <= max_ts ? (r_.updated_at_ms = static_cast<int64_t>(v), Step::Done) : bail();
            case Slot::EntryRev: return v >= 1 && v <= limits_.max_rev ? (entry_.rev = v, Step::Done) : bail();
            case Slot::EntryAt: return v <= max_ts ? (entry_.at = v, Step::Done) : bail();
            default: return bail();
        }
    }
    bool finish_field() {
        if (!(field_seen_ & 1u)) return bail_event();  // "field" is required; before/after default to null
        msgpack::put_array_header(entry_.fields, 3);
        msgpack::put_str(entry_.fields, field_name_);
        if (before_.empty()) msgpack::put_nil(entry_.fields);
        else entry_.fields += before_;
        if (after_.empty()) msgpack::put_nil(entry_.fields);
        else entry_.fields += after_;
        ++entry_.count;
        return true;
    }
    // As encode_history writes it: [rev, op, at, [agent_id, name], [[field, before, after]…]].
    bool finish_entry() {
        if (entry_seen_ != all_bits(kEntryKeys) || entry_.rev <= last_rev_) return bail_event();
        last_rev_ = entry_.rev;
        msgpack::put_array_header(history_, 5);
        msgpack::put_uint(history_, entry_.rev);
        msgpack::put_str(history_, entry_.op);
        msgpack::put_uint(history_, entry_.at);
        msgpack::put_array_header(history_, 2);
        msgpack::put_str(history_, entry_.by.agent_id);
        msgpack::put_str(history_, entry_.by.name);
        msgpack::put_array_header(history_, entry_.count);
        history_ += entry_.fields;
        ++entries_;
        return true;
    }
    bool finish_record() {
        if (record_seen_ != all_bits(kRecordKeys) || last_rev_ != r_.rev) return bail_event();
        std::string header;
        msgpack::put_array_header(header, entries_);
        history_.insert(0, header);
        finished_ = true;
        return true;
    }

    std::string_view path_;
    const RecordReadLimits& limits_;
    Record& r_;
    std::string& history_;
    std::vector<std::pair<std::string, std::string>>& refs_;

    Transcoder tx_;
    std::vector<Ctx> ctx_;
    Slot slot_ = Slot::None;
    size_t depth_ = 0;
    bool irregular_ = false, unreadable_ = false, finished_ = false, data_started_ = false;
    unsigned record_seen_ = 0, actor_seen_ = 0, entry_seen_ = 0, field_seen_ = 0;
    std::string data_path_;
    Actor* actor_ = nullptr;
    Entry entry_;
    std::string field_name_, before_, after_;
    uint64_t last_rev_ = 0;
    size_t entries_ = 0;
};

}  // namespace

RecordRead read_export_record(std::string_view text, std::string_view path, const RecordReadLimits& limits,
                              Record& record, std::string& history_blob,
                              std::vector<std::pair<std::string, std::string>>& refs) {
    const size_t refs_before = refs.size();
    Reader reader(path, limits, record, history_blob, refs);
    // Over the size limit the validator decides (it measures the data, not the record).
    if (text.size() > kMaxRecordBytes) reader.judge_nothing();
    const bool parsed = json::sax_parse(text.begin(), text.end(), &reader, json::input_format_t::json, true);
    const RecordRead out = reader.outcome(parsed);
    if (out != RecordRead::Ok) refs.resize(refs_before);
    return out;
}

}  // namespace kefu
