#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <optional>
#include <random>
#include <string>

#include "core/pull.hpp"

using namespace kefu;
using nlohmann::json;

namespace {

const Actor kZhang{"1001", "张敏"}, kLi{"1002", "李强"};

// The server's copy of one record, as a station would pull it.
TeamDoc doc_of(const RecordStore& s) {
    TeamDoc d;
    d.record = *s.find_any("case", "c-1");
    d.history_blob = encode_history(s.history("case", "c-1"));
    return d;
}

PullStep pull_into(RecordStore& s, const TeamDoc& d, int64_t at) {
    PullStep step = plan_pull(s.find_any("case", "c-1"), s.history("case", "c-1"), d, at);
    if (step.kind == PullKind::New || step.kind == PullKind::FastForward || step.kind == PullKind::Merge)
        REQUIRE(s.apply_change(step.change).ok);
    return step;
}

// Two stations that both hold revision 2 of one case.
struct TwoDesks {
    RecordStore a, b;
    TwoDesks() {
        REQUIRE(a.create("case", "c-1", {{"title", "登录失败"}, {"note", "首次来电"}, {"customer", {{"name", "王丽"}}}},
                         CommandContext{kZhang, 1000}).ok);
        REQUIRE(a.update("case", "c-1", 1, {{"priority", "normal"}}, CommandContext{kZhang, 2000}).ok);
        b = a;
    }
};

}  // namespace

TEST_CASE("pull: new, same, fast-forward and behind") {
    TwoDesks t;
    RecordStore empty;
    CHECK(pull_into(empty, doc_of(t.a), 5000).kind == PullKind::New);
    CHECK(empty.find("case", "c-1")->data() == t.a.find("case", "c-1")->data());
    CHECK(empty.history("case", "c-1").size() == 2);

    CHECK(pull_into(t.b, doc_of(t.a), 5000).kind == PullKind::Same);

    REQUIRE(t.a.update("case", "c-1", 2, {{"note", "客户要求下午回电"}}, CommandContext{kZhang, 3000}).ok);
    const PullStep ff = pull_into(t.b, doc_of(t.a), 5000);
    CHECK(ff.kind == PullKind::FastForward);
    CHECK_FALSE(ff.push_after);
    CHECK(t.b.find("case", "c-1")->data() == t.a.find("case", "c-1")->data());
    CHECK(t.b.find("case", "c-1")->rev == 3);

    REQUIRE(t.b.update("case", "c-1", 3, {{"priority", "urgent"}}, CommandContext{kLi, 4000}).ok);
    const PullStep behind = pull_into(t.b, doc_of(t.a), 5000);
    CHECK(behind.kind == PullKind::Behind);
    CHECK(behind.push_after);
    CHECK(t.b.find("case", "c-1")->data()["priority"] == "urgent");  // untouched
}

TEST_CASE("pull: different fields at two desks merge; both stations end with the same record") {
    TwoDesks t;
    REQUIRE(t.a.update("case", "c-1", 2, {{"note", "客户要求下午回电"}}, CommandContext{kZhang, 3000}).ok);
    REQUIRE(t.b.update("case", "c-1", 2, {{"title", "登录失败（App）"}}, CommandContext{kLi, 3100}).ok);
    REQUIRE(t.b.update("case", "c-1", 3, {{"customer", {{"name", "王丽"}, {"mobile", "13812345678"}}}}, CommandContext{kLi, 3200}).ok);
    // A pushed first; B pulls A's version and merges.
    const PullStep m = pull_into(t.b, doc_of(t.a), 6000);
    CHECK(m.kind == PullKind::Merge);
    CHECK(m.conflicts.empty());
    CHECK(m.push_after);
    const Record& merged = *t.b.find("case", "c-1");
    CHECK(merged.data() == json({{"title", "登录失败（App）"}, {"note", "客户要求下午回电"}, {"priority", "normal"},
                                 {"customer", {{"name", "王丽"}, {"mobile", "13812345678"}}}}));
    CHECK(merged.rev == 5);  // after B's own revision 4
    const auto h = t.b.history("case", "c-1");
    REQUIRE(h.size() == 4);  // A's three, then the merge entry
    CHECK(h[2].by == kZhang);
    CHECK(h[3].by == kLi);  // whose changes were merged
    CHECK(h[3].fields.size() == 2);  // title and customer
    // B pushes; A pulls it: a fast-forward, and the two desks hold the same record.
    CHECK(pull_into(t.a, doc_of(t.b), 7000).kind == PullKind::FastForward);
    CHECK(t.a.find("case", "c-1")->data() == merged.data());
    CHECK(t.a.history("case", "c-1").size() == 4);
}

TEST_CASE("pull: the same field typed at two desks becomes a conflict with both texts and their authors") {
    TwoDesks t;
    REQUIRE(t.a.update("case", "c-1", 2, {{"note", "客户要求下午回电"}}, CommandContext{kZhang, 3000}).ok);
    REQUIRE(t.b.update("case", "c-1", 2, {{"note", "客户已自行解决"}}, CommandContext{kLi, 3100}).ok);
    const PullStep m = pull_into(t.b, doc_of(t.a), 6000);
    REQUIRE(m.conflicts.size() == 1);
    const json d = t.b.find("case", "c-1")->data();
    CHECK(d["note"] == "客户已自行解决");  // this desk's text stays until a lead picks
    REQUIRE(d[kConflictsField].size() == 1);
    const json& c = d[kConflictsField][0];
    CHECK(c["path"] == "note");
    CHECK(c["mine"] == "客户已自行解决");
    CHECK(c["theirs"] == "客户要求下午回电");
    CHECK(c["mine_by"]["name"] == "李强");
    CHECK(c["theirs_by"]["name"] == "张敏");
    // The conflict travels with the record: A pulls B's result and sees the same list.
    pull_into(t.a, doc_of(t.b), 7000);
    CHECK(t.a.find("case", "c-1")->data()[kConflictsField] == d[kConflictsField]);
}

TEST_CASE("pull: a deletion at one desk against an edit at the other keeps the record, the deletion listed") {
    TwoDesks t;
    REQUIRE(t.a.remove("case", "c-1", 2, CommandContext{kZhang, 3000}).ok);
    REQUIRE(t.b.update("case", "c-1", 2, {{"note", "补充：客户换了手机"}}, CommandContext{kLi, 3100}).ok);
    pull_into(t.b, doc_of(t.a), 6000);
    const Record* r = t.b.find("case", "c-1");
    REQUIRE(r);  // alive
    const json data = r->data();
    CHECK(data["note"] == "补充：客户换了手机");
    const json& c = data[kConflictsField][0];
    CHECK(c["path"] == "_deleted");
    CHECK(c["theirs"] == true);
    // Deleted at the desk that pulls, edited at the other: the same outcome.
    TwoDesks u;
    REQUIRE(u.a.update("case", "c-1", 2, {{"note", "补充"}}, CommandContext{kZhang, 3000}).ok);
    REQUIRE(u.b.remove("case", "c-1", 2, CommandContext{kLi, 3100}).ok);
    pull_into(u.b, doc_of(u.a), 6000);
    REQUIRE(u.b.find("case", "c-1"));
    CHECK(u.b.find("case", "c-1")->data()["note"] == "补充");
}

TEST_CASE("pull property: two desks editing and syncing in random order converge, and no text is lost unseen") {
    std::mt19937 rng(61206);
    const char* const kFields[] = {"title", "note", "priority", "result"};
    for (int round = 0; round < 300; ++round) {
        TwoDesks t;
        std::optional<TeamDoc> server = doc_of(t.a);
        RecordStore* desks[2] = {&t.a, &t.b};
        const Actor who[2] = {kZhang, kLi};
        int64_t now = 10'000;
        std::vector<std::string> written;  // every value typed at either desk
        std::vector<std::string> offered;  // the values a desk held when it synced
        // A desk syncs: pull the server's copy, then push when the server is behind.
        auto sync = [&](int d) {
            RecordStore& s = *desks[d];
            const json held = s.find("case", "c-1")->data();
            for (const char* f : kFields)
                if (held.contains(f) && std::find(written.begin(), written.end(), held[f]) != written.end()) offered.push_back(held[f]);
            if (server) pull_into(s, *server, ++now);
            const TeamDoc mine = doc_of(s);
            std::vector<HistoryEntry> sh, mh = s.history("case", "c-1");
            decode_history(server->history_blob, sh);
            bool prefix = sh.size() <= mh.size();
            for (size_t i = 0; prefix && i < sh.size(); ++i) prefix = sh[i].rev == mh[i].rev && sh[i].at_ms == mh[i].at_ms;
            REQUIRE(prefix);  // after a pull, the server's history is always a prefix of the desk's
            server = mine;
        };
        for (int step = 0; step < 12; ++step) {
            const int d = static_cast<int>(rng() % 2);
            if (rng() % 3 == 0) {
                sync(d);
            } else {
                RecordStore& s = *desks[d];
                const std::string value = std::string(who[d].name) + "-" + std::to_string(step);
                const char* field = kFields[rng() % 4];
                REQUIRE(s.update("case", "c-1", s.find("case", "c-1")->rev, {{field, value}}, CommandContext{who[d], ++now}).ok);
                written.push_back(value);
            }
        }
        // Both desks sync until quiet: they hold the same record.
        for (int i = 0; i < 3; ++i) {
            sync(0);
            sync(1);
        }
        CAPTURE(round);
        const Record& ra = *t.a.find("case", "c-1");
        const Record& rb = *t.b.find("case", "c-1");
        CHECK(ra.rev == rb.rev);
        CHECK(ra.data() == rb.data());
        CHECK(t.a.history("case", "c-1").size() == t.b.history("case", "c-1").size());
        // Every value a desk held when it synced is in the data, in a conflict, or in the
        // history: none has vanished. (A desk's own offline steps between two syncs are
        // folded into one merge entry: their last values survive, the steps before do not.)
        std::string history_text;
        for (const HistoryEntry& h : t.a.history("case", "c-1"))
            for (const FieldChange& f : h.fields) history_text += f.before.dump() + f.after.dump();
        CHECK(offered.size() > 0);
        for (const std::string& v : offered) {
            CAPTURE(v);
            CHECK((ra.data().dump().find(v) != std::string::npos || history_text.find(v) != std::string::npos));
        }
    }
}
