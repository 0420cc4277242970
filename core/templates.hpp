// Reply templates (服务用语) and guided call scripts: the standard service language of the
// seeds at the agent's fingertips, filled in for the customer in front of them
// (core/placeholder.hpp), checked against the phrases an agent must never use
// (core/phrase_check.hpp).
//
// Records: "template" (one per template; every save a version), "template_stats" (uses,
// favourite: counting a use never adds a version), "script" (a call script: ordered steps),
// "script_run" (one run of a script on a case: which steps were done, when, the answers),
// and config/phrases (the phrase list, when edited). The default library
// (assets/templates/library.json) is a built-in layer like the FAQ's starter articles:
// nothing is written until a template is changed, and the changed one takes its place.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/case.hpp"
#include "core/diff.hpp"
#include "core/phrase_check.hpp"
#include "core/placeholder.hpp"
#include "core/command.hpp"
#include "core/record.hpp"
#include "core/result.hpp"

namespace kefu {

constexpr const char* kTemplateType = "template";
constexpr const char* kTemplateStatsType = "template_stats";
constexpr const char* kScriptType = "script";
constexpr const char* kScriptRunType = "script_run";
constexpr const char* kPhrasesId = "phrases";  // config record
constexpr size_t kMaxTemplateBody = 1 << 20;
constexpr size_t kMaxTemplateTitle = 200;

enum class TemplateCategory : uint8_t { Opening, Hold, Transfer, Apology, Complaint, Callback, Closing, Custom, Count };
const char* name_of(TemplateCategory c);
bool parse_name(std::string_view s, TemplateCategory& out);
std::string label_key(TemplateCategory c);  // "template.category.opening"

struct ReplyTemplate {
    std::string id;
    std::string title;
    TemplateCategory category = TemplateCategory::Custom;
    std::string body;  // with placeholders
    std::string language = "zh-CN";
    std::vector<std::string> tags;
    bool personal = false;  // personal: only its owner sees it; shared: everyone
    std::string owner;      // agent id of a personal template
    bool builtin = false;   // from the default library, unchanged
    // From the record.
    uint64_t rev = 0;
    int64_t updated_at_ms = 0;
    Actor updated_by;
};

struct TemplateStats {
    int64_t uses = 0;
    int64_t last_used_ms = 0;
    bool favourite = false;                // for the agent asked about
    std::vector<std::string> favourites;   // each agent's own (工号); "*": everyone's (before sign-in existed)
};

struct ScriptStep {
    std::string template_id;  // what to say
    std::string question;     // something to ask and write down (optional)
};
struct CallScript {
    std::string id;
    std::string title;
    std::string language = "zh-CN";
    std::vector<ScriptStep> steps;
    bool builtin = false;
    uint64_t rev = 0;
};

struct ScriptStepState {
    bool done = false;
    int64_t at_ms = 0;
    std::string answer;
};
struct ScriptRun {
    std::string id;
    std::string script_id;
    std::string case_id;
    Actor by;
    int64_t started_ms = 0;
    int64_t finished_ms = 0;  // 0 while running
    std::vector<ScriptStepState> steps;
    uint64_t rev = 0;
};

nlohmann::json template_to_data(const ReplyTemplate& t);
ReplyTemplate template_from_record(const Record& r);
nlohmann::json script_to_data(const CallScript& s);
CallScript script_from_data(const std::string& id, const nlohmann::json& d);
ScriptRun script_run_from_record(const Record& r);

// The default library: {"format":"kefu.template-library","version":1,"templates":[…],"scripts":[…]}.
ApplyResult parse_template_library(std::string_view json_text, std::vector<ReplyTemplate>& templates, std::vector<CallScript>& scripts);

struct AppState;
// As the agent sees them: records first, then built-in ones not replaced; personal
// templates of other agents are left out.
bool find_template(const AppState& s, std::string_view id, ReplyTemplate& out);
std::vector<ReplyTemplate> visible_templates(const AppState& s, std::string_view agent_id);
// Uses are the team's (summed over every station's counter, counters.hpp); the favourite
// mark is each agent's own (`agent`: whose).
TemplateStats template_stats(const AppState& s, std::string_view id, std::string_view agent = {});
// Every saved version of a template, oldest first, led by the built-in text as version 0 when
// it began as a built-in one; and what changed between two of them (the body line by line).
struct TemplateVersion {
    uint64_t rev = 0;
    int64_t at_ms = 0;
    Actor by;
    ReplyTemplate tmpl;
};
std::vector<TemplateVersion> template_versions(const AppState& s, std::string_view id);
std::vector<FieldDiff> diff_templates(const ReplyTemplate& a, const ReplyTemplate& b);
bool find_script(const AppState& s, std::string_view id, CallScript& out);
std::vector<CallScript> all_scripts(const AppState& s);
std::vector<ScriptRun> script_runs_of_case(const RecordStore& store, std::string_view case_id);

// What the placeholders are filled with for this case (may be null), agent and moment; dates
// are local (utc_offset_minutes east of UTC). The agent id "local" (no sign-in yet) is no 工号.
PlaceholderValues placeholder_values(const Case* c, const Actor& agent, const std::string& company, const std::string& department,
                                     int64_t now_ms, int utc_offset_minutes);
// The surname of a customer's name: one character, two for the compound surnames (欧阳,
// 司马, …), the last word of a Latin name.
std::string surname_of(std::string_view name);

// Phrase warnings on the free text an agent wrote in a case (description, acceptance,
// solution, result, review): for the form and the completeness report.
struct CasePhraseWarning {
    std::string field;  // "description", "acceptance", "solution", "result", "review"
    PhraseHit hit;
    std::string text;  // the phrase as written
};
std::vector<CasePhraseWarning> check_case_phrases(const PhraseChecker& checker, const Case& c);

// ---- commands ---------------------------------------------------------------------------------
struct SaveTemplate { ReplyTemplate tmpl; uint64_t base_rev = 0; };
struct DeleteTemplate { std::string id; uint64_t base_rev = 0; };
// Saves version `version` again as the newest one.
struct RestoreTemplateVersion { std::string id; uint64_t base_rev = 0; uint64_t version = 0; };
struct UseTemplate { std::string id; };                       // counts a use (copy or insert)
struct SetTemplateFavourite { std::string id; bool favourite = true; };
struct SaveScript { CallScript script; uint64_t base_rev = 0; };
struct DeleteScript { std::string id; uint64_t base_rev = 0; };
struct StartScriptRun { std::string run_id; std::string script_id; std::string case_id; };
struct MarkScriptStep { std::string run_id; uint64_t base_rev = 0; size_t step = 0; bool done = true; std::string answer; };
struct FinishScriptRun { std::string run_id; uint64_t base_rev = 0; };
struct SetPhrases { std::vector<Phrase> phrases; };

using TemplateCmd = std::variant<SaveTemplate, DeleteTemplate, RestoreTemplateVersion, UseTemplate,
                                 SetTemplateFavourite, SaveScript, DeleteScript, StartScriptRun, MarkScriptStep,
                                 FinishScriptRun, SetPhrases>;
ApplyOutcome apply_family(AppState& s, const TemplateCmd& c, const CommandContext& ctx);
const char* family_command_name(const TemplateCmd& c);
Role family_role(const AppState& s, const TemplateCmd& c, const Actor& actor);

// Keeps AppState::phrases (the checker) in step with config/phrases.
void refresh_phrases(AppState& s);

}  // namespace kefu
