// AppState and its one door: apply(state, command, context).
// Every change becomes record Changes in the RecordStore (history, journal, tests see them
// all); typed views of records (Settings, …) are derived from the store after each change.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/agents.hpp"
#include "core/calendar.hpp"
#include "core/callback.hpp"
#include "core/case_commands.hpp"
#include "core/case_index.hpp"
#include "core/contact.hpp"
#include "core/faq.hpp"
#include "core/templates.hpp"
#include "core/i18n.hpp"
#include "core/named_reports.hpp"
#include "core/record.hpp"
#include "core/result.hpp"
#include "core/survey.hpp"

namespace kefu {

struct Settings {
    Language language = Language::ZhCN;
    float ui_scale = 1.0f;         // kiosk screens want 1.5–2.0
    std::string station_name;      // shown in the status bar and on exports
    std::string company_name;      // {company.name} in reply templates
    bool language_chosen = false;  // false: follow the browser's language
    bool home_dashboard = false;   // open on the reports dashboard (a team lead's station), not the cases
    bool mask_phones = false;      // screens visitors may see: 138****1234 until an agent opens the field
    int idle_lock_minutes = 10;    // the screen locks after this long without input; 0: never
    bool kiosk_start = false;      // the station starts as a customer kiosk (leaving needs an administrator)
};
constexpr int kMaxIdleLockMinutes = 240;

constexpr float kMinUiScale = 0.75f;
constexpr float kMaxUiScale = 2.5f;
constexpr size_t kMaxStationNameBytes = 120;

// The workstation's settings live in one record.
constexpr const char* kSettingsType = "settings";
constexpr const char* kSettingsId = "workstation";

struct AppState {
    RecordStore records;
    // Derived from the records (see refresh_derived), never changed directly:
    Settings settings;
    WorkCalendar calendar = basic_calendar();          // config/calendar, else default_calendar
    WorkCalendar default_calendar = basic_calendar();  // the shipped one (the app loads assets/calendars)
    std::vector<SlaRule> sla_rules = default_sla_rules();  // config/sla_rules
    CaseIndex cases;
    std::vector<Article> starter_articles;  // built-in FAQ (the app loads assets/faq/starter.json)
    SearchIndex faq;  // every visible FAQ article, drafts included (the editor searches them)
    std::vector<ReplyTemplate> builtin_templates;  // the default library (assets/templates/library.json)
    std::vector<CallScript> builtin_scripts;
    PhraseChecker phrases = PhraseChecker(default_phrases());  // config/phrases, else the default list
    std::vector<Survey> builtin_surveys;  // the default surveys (assets/surveys/default.json)
    ResponseIndex responses;               // every survey response, for scores and re-rating
    CallbackRules callback_rules;          // config/callback_rules, else the defaults
    CallbackIndex callbacks;               // each case's latest callback
    ContactIndex contacts;                 // the contact log's calls (built on first use)
    std::vector<AgentProfile> agents;      // every agent profile, by 工号
    PinStreaks pin_streaks;                // wrong PINs in a row per agent (the backoff)
    uint64_t version = 0;  // bumped by every successful apply(); views key caches on it
};

// ---- commands --------------------------------------------------------------------
struct SetLanguage { Language language; };
struct SetUiScale { float scale; };
struct SetStationName { std::string name; };
struct SetCompanyName { std::string name; };
struct SetHomeScreen { bool dashboard = false; };  // the section the app opens on
struct SetPhoneMasking { bool on = false; };        // phone numbers masked on screen
struct SetIdleLock { int minutes = 10; };           // 0–240; 0: never lock
struct SetKioskStart { bool on = false; };          // start as a kiosk
struct ImportPlan;  // core/exchange.hpp
enum class ConflictPolicy;
// Applies a validated import plan (see plan_import) after the user confirmed its preview.
struct ApplyImport {
    std::shared_ptr<const ImportPlan> plan;
    ConflictPolicy policy;
};

using Command = std::variant<SetLanguage, SetUiScale, SetStationName, SetCompanyName, SetHomeScreen, SetPhoneMasking, SetIdleLock, SetKioskStart, ApplyImport, CreateCase, EditCase, AnswerCase,
                             ForwardCase, RecordSolution, ReplyToCustomer, OpenFollowUp, ReviewCase, CloseCase,
                             ReopenCase, PauseCase, ResumeCase, RunCaseStep, SetCalendar, SetSlaRules, LogContact, AttachContact,
                             SaveArticle, SetArticleStatus, RestoreArticleVersion, DeleteArticle, RateArticle,
                             UseArticleForCase, DraftArticleFromCase, SaveTemplate, DeleteTemplate, RestoreTemplateVersion, UseTemplate,
                             SetTemplateFavourite, SaveScript, DeleteScript, StartScriptRun, MarkScriptStep, FinishScriptRun, SetPhrases,
                             SaveSurvey, DeleteSurvey, SubmitResponse, RecordCallback, SetCallbackRules, FinishCallback, SaveWorkLog,
                             SaveAgent, SignIn, LogAccess>;

struct ApplyOutcome {
    ApplyResult result;
    std::vector<Change> changes;  // what to journal; empty when nothing changed
    bool ok() const { return result.ok; }
};

// Runs `command` as ctx.actor, if the actor's role allows it (permissions.hpp); a command
// refused for want of a role is logged in the access log (the outcome is a failure, and its
// changes hold the log entry).
ApplyOutcome apply(AppState& state, const Command& command, const CommandContext& ctx);

// Record writes shared by the commands. create_record appends the new record's change to
// `out` and sets its result. replace_record writes `data` as the whole data of the live
// record the caller saw at base_rev: the fields that differ become the change, fields no
// longer present are removed, an identical write adds no revision. write_record does that
// for a record kept under a fixed id (settings, calendar, SLA rules, stats), creating it on
// the first write. remove_record deletes one; a built-in item that is not stored yet
// (`write_first`: its data) is written first, so that its tombstone hides it for good.
inline ApplyOutcome refused(ApplyResult r) { return {std::move(r), {}}; }
void create_record(RecordStore& store, const std::string& type, const std::string& id, const nlohmann::json& data,
                   const CommandContext& ctx, ApplyOutcome& out);
ApplyOutcome replace_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                            nlohmann::json data, const CommandContext& ctx);
// The save of an editor: replaces the live record the caller saw at base_rev, or creates it
// when there is none and base_rev is 0; a deleted id, or a revision of a record that is not
// there, is refused with not_found_key.
ApplyOutcome save_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                         const nlohmann::json& data, const CommandContext& ctx, const char* not_found_key);
ApplyOutcome remove_record(RecordStore& store, const std::string& type, const std::string& id, uint64_t base_rev,
                           const nlohmann::json* write_first, const CommandContext& ctx);
ApplyOutcome write_record(RecordStore& store, const std::string& type, const std::string& id, const nlohmann::json& data,
                          const CommandContext& ctx);

// Recomputes every derived view (settings, calendar, SLA rules, the case index) from the
// records; call after loading or replay. apply() keeps them current itself.
void refresh_derived(AppState& state);
// Brings the derived views up to date after `changes` (incrementally when they are few).
void sync_derived(AppState& state, const std::vector<Change>& changes);

// Reads the settings file format of the first release ("kefu.settings" v1), which the
// importer migrates. Never throws; on failure it names the first problem and leaves `out` alone.
ApplyResult parse_settings_json(const std::string& json_text, Settings& out);

}  // namespace kefu
