#include "core/templates.hpp"

#include <algorithm>
#include <tuple>

#include "core/app_state.hpp"
#include "core/counters.hpp"
#include "core/builtin_layer.hpp"
#include "core/record_write.hpp"
#include "core/civil_date.hpp"
#include "core/json_util.hpp"
#include "core/utf8.hpp"

namespace kefu {

// The commands of the family, one by one (apply_family below picks one).
ApplyOutcome apply_templates(AppState& s, const SaveTemplate& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const DeleteTemplate& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const RestoreTemplateVersion& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const UseTemplate& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const SetTemplateFavourite& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const SaveScript& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const DeleteScript& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const StartScriptRun& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const MarkScriptStep& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const FinishScriptRun& c, const CommandContext& ctx);
ApplyOutcome apply_templates(AppState& s, const SetPhrases& c, const CommandContext& ctx);

namespace {

using nlohmann::json;

constexpr const char* kCategoryNames[] = {"opening", "hold", "transfer", "apology", "complaint", "callback", "closing", "custom"};
static_assert(sizeof(kCategoryNames) / sizeof(kCategoryNames[0]) == static_cast<size_t>(TemplateCategory::Count));

ReplyTemplate template_from_data(const std::string& id, const json& d) {
    ReplyTemplate t;
    t.id = id;
    t.title = json_string(d, "title");
    parse_name(json_string(d, "category", "custom"), t.category);
    t.body = json_string(d, "body");
    t.language = json_string(d, "language", "zh-CN");
    t.tags = json_string_list(d, "tags");
    t.personal = json_string(d, "scope") == "personal";
    t.owner = json_string(d, "owner");
    return t;
}

ApplyResult check_template(const ReplyTemplate& t) {
    if (t.title.find_first_not_of(" \t\n") == std::string::npos) return ApplyResult::failure("error.template.no_title");
    for (const auto& [text, max, field] : {std::make_tuple(&t.title, kMaxTemplateTitle, "template.field.title"),
                                           std::make_tuple(&t.body, kMaxTemplateBody, "template.field.body")}) {
        if (!valid_utf8(*text)) return ApplyResult::failure("error.template.encoding", field);
        if (text->size() > max) return ApplyResult::failure("error.template.too_long", field);
    }
    if (t.category >= TemplateCategory::Count) return ApplyResult::failure("error.template.invalid_choice");
    if (t.language != "zh-CN" && t.language != "en") return ApplyResult::failure("error.template.invalid_choice", t.language);
    for (const std::string& tag : t.tags)
        if (!valid_utf8(tag) || tag.size() > kMaxTemplateTitle) return ApplyResult::failure("error.template.too_long", "template.field.tags");
    return ApplyResult::success();
}


ApplyOutcome write_template_stats(AppState& s, const std::string& id, const TemplateStats& st, const CommandContext& ctx) {
    return write_record(s.records, kTemplateStatsType, id,
                        {{"uses", st.uses}, {"last_used", st.last_used_ms}, {"favourites", st.favourites}}, ctx);
}

json run_to_data(const ScriptRun& r) {
    json steps = json::array();
    for (const ScriptStepState& st : r.steps) {
        json item = {{"done", st.done}, {"at", st.at_ms}};
        if (!st.answer.empty()) item["answer"] = st.answer;
        steps.push_back(std::move(item));
    }
    json d = {{"script", r.script_id}, {"case_ref", std::string(kCaseType) + "/" + r.case_id}, {"started", r.started_ms}, {"steps", steps}};
    if (r.finished_ms) d["finished"] = r.finished_ms;
    return d;
}

// Runs change only through these commands: a stored run, its current revision checked.
ApplyResult load_run(const AppState& s, const std::string& id, uint64_t base_rev, ScriptRun& out) {
    const Record* r = s.records.find(kScriptRunType, id);
    if (!r) return ApplyResult::failure("error.record.not_found", id);
    if (r->rev != base_rev) return ApplyResult::failure("error.record.conflict", std::to_string(base_rev) + " → " + std::to_string(r->rev));
    out = script_run_from_record(*r);
    return ApplyResult::success();
}

ApplyOutcome store_run(AppState& s, const ScriptRun& run, const CommandContext& ctx) {
    return replace_record(s.records, kScriptRunType, run.id, run.rev, run_to_data(run), ctx);
}

}  // namespace

const char* name_of(TemplateCategory c) { return kCategoryNames[static_cast<size_t>(c)]; }
bool parse_name(std::string_view s, TemplateCategory& out) {
    for (size_t i = 0; i < static_cast<size_t>(TemplateCategory::Count); ++i)
        if (s == kCategoryNames[i]) return out = static_cast<TemplateCategory>(i), true;
    return false;
}
std::string label_key(TemplateCategory c) { return std::string("template.category.") + name_of(c); }

// ---- [SECTION] data ------------------------------------------------------------------------------
json template_to_data(const ReplyTemplate& t) {
    json d = {{"title", t.title}, {"category", name_of(t.category)}, {"body", t.body}, {"language", t.language},
              {"scope", t.personal ? "personal" : "shared"}};
    if (!t.tags.empty()) d["tags"] = t.tags;
    if (t.personal) d["owner"] = t.owner;
    return d;
}

ReplyTemplate template_from_record(const Record& r) {
    ReplyTemplate t = template_from_data(r.id, r.data());
    t.rev = r.rev;
    t.updated_at_ms = r.updated_at_ms;
    t.updated_by = r.updated_by;
    return t;
}

json script_to_data(const CallScript& s) {
    json steps = json::array();
    for (const ScriptStep& st : s.steps) {
        json item = {{"template", st.template_id}};
        if (!st.question.empty()) item["question"] = st.question;
        steps.push_back(std::move(item));
    }
    return {{"title", s.title}, {"language", s.language}, {"steps", steps}};
}

CallScript script_from_data(const std::string& id, const json& d) {
    CallScript s;
    s.id = id;
    s.title = json_string(d, "title");
    s.language = json_string(d, "language", "zh-CN");
    if (auto it = d.find("steps"); it != d.end() && it->is_array())
        for (const json& st : *it)
            if (st.is_object()) s.steps.push_back({json_string(st, "template"), json_string(st, "question")});
    return s;
}

ScriptRun script_run_from_record(const Record& r) {
    const json d = r.data();
    ScriptRun run;
    run.id = r.id;
    run.rev = r.rev;
    run.by = r.created_by;
    run.script_id = json_string(d, "script");
    const std::string ref = json_string(d, "case_ref");
    const std::string prefix = std::string(kCaseType) + "/";
    if (ref.compare(0, prefix.size(), prefix) == 0) run.case_id = ref.substr(prefix.size());
    run.started_ms = json_int(d, "started");
    run.finished_ms = json_int(d, "finished");
    if (auto it = d.find("steps"); it != d.end() && it->is_array())
        for (const json& st : *it)
            run.steps.push_back({json_bool(st, "done", false), json_int(st, "at"), json_string(st, "answer")});
    return run;
}

ApplyResult parse_template_library(std::string_view json_text, std::vector<ReplyTemplate>& templates, std::vector<CallScript>& scripts) {
    const json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || json_string(j, "format") != "kefu.template-library")
        return ApplyResult::failure("error.template.library", "format");
    std::vector<ReplyTemplate> ts;
    std::vector<CallScript> ss;
    if (auto it = j.find("templates"); it != j.end() && it->is_array())
        for (const json& item : *it) {
            ReplyTemplate t = template_from_data(json_string(item, "id"), item);
            t.builtin = true;
            if (!valid_record_id(t.id)) return ApplyResult::failure("error.template.library", t.id);
            if (ApplyResult r = check_template(t); !r.ok) return ApplyResult::failure("error.template.library", t.id + ": " + r.error.key);
            ts.push_back(std::move(t));
        }
    if (auto it = j.find("scripts"); it != j.end() && it->is_array())
        for (const json& item : *it) {
            CallScript s = script_from_data(json_string(item, "id"), item);
            s.builtin = true;
            if (!valid_record_id(s.id) || s.steps.empty()) return ApplyResult::failure("error.template.library", s.id);
            for (const ScriptStep& st : s.steps)
                if (std::none_of(ts.begin(), ts.end(), [&](const ReplyTemplate& t) { return t.id == st.template_id; }))
                    return ApplyResult::failure("error.template.library", s.id + ": " + st.template_id);
            ss.push_back(std::move(s));
        }
    templates = std::move(ts);
    scripts = std::move(ss);
    return ApplyResult::success();
}

// ---- [SECTION] queries ----------------------------------------------------------------------------
namespace {
BuiltinLayer<ReplyTemplate> template_layer(const AppState& s) {
    return {s.records, kTemplateType, s.builtin_templates, template_from_record};
}
BuiltinLayer<CallScript> script_layer(const AppState& s) {
    return {s.records, kScriptType, s.builtin_scripts, [](const Record& r) {
                CallScript sc = script_from_data(r.id, r.data());
                sc.rev = r.rev;
                return sc;
            }};
}
}  // namespace

bool find_template(const AppState& s, std::string_view id, ReplyTemplate& out) { return template_layer(s).find(id, out); }

std::vector<ReplyTemplate> visible_templates(const AppState& s, std::string_view agent_id) {
    return template_layer(s).all([&](const ReplyTemplate& t) { return !t.personal || t.owner == agent_id; });
}

namespace {
TemplateStats stats_from_data(const json& d, std::string_view agent) {
    TemplateStats st;
    st.uses = json_int(d, "uses");
    st.last_used_ms = json_int(d, "last_used");
    if (d.contains("favourites") && d["favourites"].is_array()) {
        for (const json& a : d["favourites"])
            if (a.is_string()) st.favourites.push_back(a.get<std::string>());
    } else if (json_bool(d, "favourite", false)) {
        st.favourites.push_back("*");  // marked before agents signed in: everyone's until someone changes it
    }
    st.favourite = std::any_of(st.favourites.begin(), st.favourites.end(), [&](const std::string& a) { return a == "*" || a == agent; });
    return st;
}
// The base record alone (what this station writes when it is on its own, and the favourites).
TemplateStats base_stats(const RecordStore& store, std::string_view id, std::string_view agent = {}) {
    const Record* r = store.find(kTemplateStatsType, id);
    return r ? stats_from_data(r->data(), agent) : TemplateStats{};
}
}  // namespace

TemplateStats template_stats(const AppState& s, std::string_view id, std::string_view agent) {
    return stats_from_data(s.counters.sum(s.records, kTemplateStatsType, id), agent);
}

std::vector<TemplateVersion> template_versions(const AppState& s, std::string_view id) {
    return template_layer(s).versions<TemplateVersion>(id, [&](const DataVersion& d) {
        ReplyTemplate t = template_from_data(std::string(id), d.data);
        t.rev = d.rev;
        t.updated_at_ms = d.at_ms;
        t.updated_by = d.by;
        return t;
    });
}

std::vector<FieldDiff> diff_templates(const ReplyTemplate& a, const ReplyTemplate& b) {
    std::vector<FieldDiff> out;
    auto add = [&](const char* field, const std::string& x, const std::string& y, bool long_text) {
        if (x != y) out.push_back({field, x, y, long_text});
    };
    auto tags = [](const std::vector<std::string>& v) {
        std::string s;
        for (const std::string& t : v) s += (s.empty() ? "" : "、") + t;
        return s;
    };
    add("title", a.title, b.title, false);
    add("body", a.body, b.body, true);
    add("category", name_of(a.category), name_of(b.category), false);
    add("tags", tags(a.tags), tags(b.tags), false);
    add("language", a.language, b.language, false);
    add("scope", a.personal ? "personal" : "shared", b.personal ? "personal" : "shared", false);
    return out;
}

bool find_script(const AppState& s, std::string_view id, CallScript& out) { return script_layer(s).find(id, out); }

std::vector<CallScript> all_scripts(const AppState& s) { return script_layer(s).all(); }

std::vector<ScriptRun> script_runs_of_case(const RecordStore& store, std::string_view case_id) {
    std::vector<ScriptRun> out;
    store.for_each(kScriptRunType, [&](const Record& r) {
        ScriptRun run = script_run_from_record(r);
        if (run.case_id == case_id) out.push_back(std::move(run));
    });
    std::sort(out.begin(), out.end(), [](const ScriptRun& a, const ScriptRun& b) { return a.started_ms < b.started_ms; });
    return out;
}

std::string surname_of(std::string_view name) {
    const size_t b = name.find_first_not_of(' '), e = name.find_last_not_of(' ');
    if (b == std::string_view::npos) return {};
    name = name.substr(b, e - b + 1);
    if (static_cast<unsigned char>(name[0]) < 0x80) {  // a Latin name: its last word
        const size_t space = name.rfind(' ');
        return std::string(space == std::string_view::npos ? name : name.substr(space + 1));
    }
    static const char* const kCompound[] = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
                                            "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "独孤", "端木"};
    for (const char* c : kCompound)
        if (name.compare(0, std::char_traits<char>::length(c), c) == 0) return c;
    size_t n = 1;
    while (n < name.size() && (static_cast<unsigned char>(name[n]) & 0xc0) == 0x80) ++n;
    return std::string(name.substr(0, n));
}

namespace {
std::string local_date(int64_t ms, int utc_offset_minutes) {
    return format_ymd(civil_from_days(floor_div(ms + int64_t{utc_offset_minutes} * kMsPerMinute, kMsPerDay)));
}
}  // namespace

PlaceholderValues placeholder_values(const Case* c, const Actor& agent, const std::string& company, const std::string& department,
                                     int64_t now_ms, int utc_offset_minutes) {
    PlaceholderValues v = {{"agent.id", agent.agent_id == "local" ? std::string() : agent.agent_id},
                           {"agent.name", agent.name},
                           {"company.name", company},
                           {"department.name", department},
                           {"today", local_date(now_ms, utc_offset_minutes)}};
    if (c) {
        v["customer.name"] = c->customer.name;
        v["customer.surname"] = surname_of(c->customer.name);
        v["customer.salutation"] = c->customer.salutation;
        v["case.number"] = c->form_no;
        const std::string& d = c->description.text;
        size_t cut = std::min<size_t>(d.size(), 120);
        while (cut < d.size() && cut > 0 && (static_cast<unsigned char>(d[cut]) & 0xc0) == 0x80) --cut;
        v["case.summary"] = d.substr(0, cut) + (cut < d.size() ? "…" : "");
        v["case.solution"] = !c->solution.empty() ? c->solution.text : c->result.text;
        if (c->description.at_ms > 0) v["case.date"] = local_date(c->description.at_ms, utc_offset_minutes);
    }
    return v;
}

std::vector<CasePhraseWarning> check_case_phrases(const PhraseChecker& checker, const Case& c) {
    std::vector<CasePhraseWarning> out;
    for (const auto& [field, text] : {std::make_pair("description", &c.description.text), std::make_pair("acceptance", &c.acceptance.text),
                                      std::make_pair("solution", &c.solution.text), std::make_pair("result", &c.result.text),
                                      std::make_pair("review", &c.review.text)})
        for (const PhraseHit& h : checker.check(*text)) out.push_back({field, h, text->substr(h.begin, h.end - h.begin)});
    return out;
}

// ---- [SECTION] commands ---------------------------------------------------------------------------
ApplyOutcome apply_templates(AppState& s, const SaveTemplate& c, const CommandContext& ctx) {
    ReplyTemplate t = c.tmpl;
    if (!valid_record_id(t.id)) return refused(ApplyResult::failure("error.record.invalid_id", t.id));
    if (ApplyResult r = check_template(t); !r.ok) return refused(r);
    if (t.personal && t.owner.empty()) t.owner = ctx.actor.agent_id;
    if (const Record* cur = s.records.find(kTemplateType, t.id)) {
        const ReplyTemplate stored = template_from_record(*cur);
        if (stored.personal && stored.owner != ctx.actor.agent_id) return refused(ApplyResult::failure("error.template.not_yours", t.title));
    }
    return save_record(s.records, kTemplateType, t.id, c.base_rev, template_to_data(t), ctx, "error.template.not_found");
}

ApplyOutcome apply_templates(AppState& s, const DeleteTemplate& c, const CommandContext& ctx) {
    return remove_item<ReplyTemplate>(s.records, template_layer(s), c.id, c.base_rev, template_to_data, ctx, "error.template.not_found");
}

ApplyOutcome apply_templates(AppState& s, const RestoreTemplateVersion& c, const CommandContext& ctx) {
    if (!s.records.find(kTemplateType, c.id)) return refused(ApplyResult::failure("error.template.not_found", c.id));
    for (const TemplateVersion& v : template_versions(s, c.id))
        if (v.rev == c.version) {
            ReplyTemplate t = v.tmpl;
            t.builtin = false;
            return apply_templates(s, SaveTemplate{t, c.base_rev}, ctx);
        }
    return refused(ApplyResult::failure("error.template.no_version", std::to_string(c.version)));
}

ApplyOutcome apply_templates(AppState& s, const UseTemplate& c, const CommandContext& ctx) {
    ReplyTemplate t;
    if (!find_template(s, c.id, t)) return refused(ApplyResult::failure("error.template.not_found", c.id));
    if (s.settings.in_team())  // the team's count lives in this station's shard (counters.hpp)
        return bump_counter(s.records, kTemplateStatsType, c.id, s.settings.team_station, [&](json& d) {
            d["uses"] = json_int(d, "uses") + 1;
            d["last_used"] = ctx.now_ms;
        }, ctx);
    TemplateStats st = base_stats(s.records, c.id);
    ++st.uses;
    st.last_used_ms = ctx.now_ms;
    return write_template_stats(s, c.id, st, ctx);
}

ApplyOutcome apply_templates(AppState& s, const SetTemplateFavourite& c, const CommandContext& ctx) {
    ReplyTemplate t;
    if (!find_template(s, c.id, t)) return refused(ApplyResult::failure("error.template.not_found", c.id));
    TemplateStats st = base_stats(s.records, c.id, ctx.actor.agent_id);
    // A mark from before sign-in ("*") becomes one per current agent, so only this one changes.
    std::vector<std::string>& fav = st.favourites;
    if (std::find(fav.begin(), fav.end(), "*") != fav.end()) {
        fav.clear();
        for (const AgentProfile& a : s.agents) fav.push_back(a.id);
        if (s.agents.empty()) fav.push_back(ctx.actor.agent_id);
    }
    fav.erase(std::remove(fav.begin(), fav.end(), ctx.actor.agent_id), fav.end());
    if (c.favourite) fav.push_back(ctx.actor.agent_id);
    std::sort(fav.begin(), fav.end());
    return write_template_stats(s, c.id, st, ctx);
}

ApplyOutcome apply_templates(AppState& s, const SaveScript& c, const CommandContext& ctx) {
    const CallScript& sc = c.script;
    if (!valid_record_id(sc.id)) return refused(ApplyResult::failure("error.record.invalid_id", sc.id));
    if (sc.title.find_first_not_of(" \t\n") == std::string::npos) return refused(ApplyResult::failure("error.template.no_title"));
    if (sc.steps.empty()) return refused(ApplyResult::failure("error.template.no_steps"));
    for (const ScriptStep& st : sc.steps) {
        ReplyTemplate t;
        if (!find_template(s, st.template_id, t)) return refused(ApplyResult::failure("error.template.not_found", st.template_id));
        if (!valid_utf8(st.question) || st.question.size() > kMaxTemplateTitle * 2)
            return refused(ApplyResult::failure("error.template.too_long", "template.field.question"));
    }
    return save_record(s.records, kScriptType, sc.id, c.base_rev, script_to_data(sc), ctx, "error.template.not_found");
}

ApplyOutcome apply_templates(AppState& s, const DeleteScript& c, const CommandContext& ctx) {
    return remove_item<CallScript>(s.records, script_layer(s), c.id, c.base_rev, script_to_data, ctx, "error.template.not_found");
}

ApplyOutcome apply_templates(AppState& s, const StartScriptRun& c, const CommandContext& ctx) {
    CallScript sc;
    if (!find_script(s, c.script_id, sc)) return refused(ApplyResult::failure("error.template.not_found", c.script_id));
    if (!s.records.find(kCaseType, c.case_id)) return refused(ApplyResult::failure("error.record.not_found", c.case_id));
    if (!valid_record_id(c.run_id)) return refused(ApplyResult::failure("error.record.invalid_id", c.run_id));
    ScriptRun run;
    run.script_id = sc.id;
    run.case_id = c.case_id;
    run.started_ms = ctx.now_ms;
    run.steps.resize(sc.steps.size());
    ApplyOutcome out;
    create_record(s.records, kScriptRunType, c.run_id, run_to_data(run), ctx, out);
    return out;
}

ApplyOutcome apply_templates(AppState& s, const MarkScriptStep& c, const CommandContext& ctx) {
    ScriptRun run;
    if (ApplyResult r = load_run(s, c.run_id, c.base_rev, run); !r.ok) return refused(r);
    if (run.finished_ms) return refused(ApplyResult::failure("error.template.run_finished"));
    if (c.step >= run.steps.size()) return refused(ApplyResult::failure("error.template.no_step", std::to_string(c.step + 1)));
    if (!valid_utf8(c.answer) || c.answer.size() > 4000) return refused(ApplyResult::failure("error.template.too_long", "template.field.answer"));
    ScriptStepState& st = run.steps[c.step];
    st.done = c.done;
    st.at_ms = c.done ? ctx.now_ms : 0;
    st.answer = c.answer;
    return store_run(s, run, ctx);
}

ApplyOutcome apply_templates(AppState& s, const FinishScriptRun& c, const CommandContext& ctx) {
    ScriptRun run;
    if (ApplyResult r = load_run(s, c.run_id, c.base_rev, run); !r.ok) return refused(r);
    if (run.finished_ms) return {ApplyResult::success(), {}};
    run.finished_ms = ctx.now_ms;
    return store_run(s, run, ctx);
}

ApplyOutcome apply_templates(AppState& s, const SetPhrases& c, const CommandContext& ctx) {
    for (const Phrase& p : c.phrases)
        for (const std::string* t : {&p.text, &p.reason, &p.suggestion})
            if (!valid_utf8(*t) || t->size() > 2000) return refused(ApplyResult::failure("error.template.too_long", "template.field.phrase"));
    if (c.phrases.size() > 5000) return refused(ApplyResult::failure("error.template.too_many"));
    return write_record(s.records, kConfigType, kPhrasesId, {{"phrases", phrases_to_json(c.phrases)}}, ctx);
}

void refresh_phrases(AppState& s) {
    const Record* r = s.records.find(kConfigType, kPhrasesId);
    if (!r) {
        s.phrases = PhraseChecker(default_phrases());
        return;
    }
    const json d = r->data();
    auto list = d.find("phrases");
    s.phrases = PhraseChecker(list == d.end() ? std::vector<Phrase>{} : phrases_from_json(*list));
}

// ---- the family -----------------------------------------------------------------------------
namespace {
constexpr CommandInfo kTemplateCmds[] = {
    {"SaveTemplate", Role::Lead},
    {"DeleteTemplate", Role::Lead},
    {"RestoreTemplateVersion", Role::Lead},
    {"UseTemplate", Role::Agent},
    {"SetTemplateFavourite", Role::Agent},
    {"SaveScript", Role::Lead},
    {"DeleteScript", Role::Lead},
    {"StartScriptRun", Role::Agent},
    {"MarkScriptStep", Role::Agent},
    {"FinishScriptRun", Role::Agent},
    {"SetPhrases", Role::Admin},
};
static_assert(covers<TemplateCmd>(kTemplateCmds), "one row per template command, in the variant's order");
}  // namespace

ApplyOutcome apply_family(AppState& s, const TemplateCmd& c, const CommandContext& ctx) {
    return std::visit([&](const auto& x) { return apply_templates(s, x, ctx); }, c);
}
const char* family_command_name(const TemplateCmd& c) { return kTemplateCmds[c.index()].name; }
// A personal template (or one being made personal) is its owner's; a shared one the team's.
Role family_role(const AppState& s, const TemplateCmd& c, const Actor& actor) {
    auto owned = [&](const std::string& id, bool absent_counts) {
        ReplyTemplate t;
        return find_template(s, id, t) ? t.personal && t.owner == actor.agent_id : absent_counts;
    };
    if (const auto* save = std::get_if<SaveTemplate>(&c)) {
        // Editing one's own template, or making a new personal one; never taking over a shared one.
        if (save->tmpl.personal && save->tmpl.owner == actor.agent_id && owned(save->tmpl.id, /*absent_counts=*/true))
            return Role::Agent;
    } else if (const auto* del = std::get_if<DeleteTemplate>(&c)) {
        if (owned(del->id, false)) return Role::Agent;
    } else if (const auto* restore = std::get_if<RestoreTemplateVersion>(&c)) {
        if (owned(restore->id, false)) return Role::Agent;
    }
    return kTemplateCmds[c.index()].role;
}

}  // namespace kefu
