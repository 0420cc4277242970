// What a station knows of the team database, record by record (issue "Team"): the server's
// `_rev` of each record's document and the Kefu revision the server holds. A record whose
// revision differs from what the server holds has changes to push. Kept beside the records
// (its own IndexedDB database, like the drafts), never replicated nor exported; losing it
// costs one pull of everything (the merge recognises what is already here), never data.
#pragma once
#include <cstdint>
#include <map>
#include <unordered_map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/replicator.hpp"

namespace kefu {

class SyncLedger {
public:
    struct Entry {
        std::string server_rev;  // the document's _rev as last seen
        uint64_t server_has = 0;  // the Kefu revision in that document
        std::string refused;     // the server's reason when it refused this record's last push
    };

    // A pulled document was merged in: the server holds `doc`'s revision under `server_rev`.
    void pulled(const std::string& doc_id, const std::string& server_rev, uint64_t kefu_rev);
    // The answers to a push of records at the revisions `sent_revs` (same order as outcomes).
    void pushed(const std::vector<PushOutcome>& outcomes, const std::vector<uint64_t>& sent_revs);

    // Records of `store` that the server does not hold at their current revision; refused ones
    // are left out until they change again (they are listed by refused()).
    std::vector<const Record*> pending(const RecordStore& store, size_t limit = SIZE_MAX) const;
    size_t pending_count(const RecordStore& store) const;
    // A kiosk's ledger (its drop-box): only what the kiosk itself made and may send is pending
    // (write_rules.hpp kiosk_sends); what an administrator set up at the kiosk stays there.
    void set_kiosk(bool kiosk) { kiosk_ = kiosk; }
    // Records whose last push the server refused, with its reason.
    std::vector<std::pair<std::string, std::string>> refused() const;
    size_t refused_count() const { return refused_at_.size(); }
    // Refused records become pending again (a new sender may be allowed what the last was not);
    // true when there were any.
    bool retry_refused();

    const Entry* find(const std::string& doc_id) const;
    // The server may have lost this document (a database restored or made again): the record
    // is pushed again as if the server had never held it.
    void forget(const std::string& doc_id);
    // Every document the server is believed to hold, with its _rev (a _revs_diff check).
    std::vector<std::pair<std::string, std::string>> known_revs() const;
    // The pull's checkpoint as the server last confirmed it: a checkpoint read later that is
    // missing or older means the database went back in time (replicator.hpp, rewound()).
    const std::string& seq() const { return seq_; }
    void set_seq(std::string seq) { seq_ = std::move(seq); }
    size_t size() const { return entries_.size(); }
    std::string server_rev(const std::string& doc_id) const;

    nlohmann::json to_json() const;
    // Tolerant: a damaged ledger reads as empty (the next pull rebuilds it).
    static SyncLedger from_json(const nlohmann::json& j);
    // The same JSON, written and read without a tree of the whole ledger (100,000 entries as a
    // JSON tree took some 40 MB, and wasm memory never shrinks).
    std::string to_text() const;
    static SyncLedger from_text(std::string_view text);

private:
    std::unordered_map<std::string, Entry> entries_;  // 100,000 records: looked up on every walk
    std::map<std::string, uint64_t> refused_at_;  // doc id -> the revision refused (few)
    std::string seq_;
    bool kiosk_ = false;
};

}  // namespace kefu
