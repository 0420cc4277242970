// AppState and its one door: apply(state, command, context).
// Every change becomes record Changes in the RecordStore (history, journal, tests see them
// all); typed views of records (Settings, …) are derived from the store after each change.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/agents.hpp"
#include "core/calendar.hpp"
#include "core/callback.hpp"
#include "core/case_commands.hpp"
#include "core/case_index.hpp"
#include "core/contact.hpp"
#include "core/counters.hpp"
#include "core/exchange.hpp"
#include "core/faq.hpp"
#include "core/team.hpp"
#include "core/templates.hpp"
#include "core/i18n.hpp"
#include "core/record.hpp"
#include "core/result.hpp"
#include "core/settings.hpp"
#include "core/survey.hpp"
#include "core/work_log.hpp"

namespace kefu {

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
    CounterIndex counters;                 // the stations' shards of template and article counters
    std::set<std::string> in_conflict;     // "<type>:<id>" of records listing 冲突待处理 fields (team.hpp)
    ContactIndex contacts;                 // the contact log's calls (built on first use)
    std::vector<AgentProfile> agents;      // every agent profile, by 工号
    PinStreaks pin_streaks;                // wrong PINs in a row per agent (the backoff)
    uint64_t version = 0;  // bumped by every successful apply(); views key caches on it
};

// Every command, by family; each family is declared, applied, named and given its roles in
// its domain's files (command.hpp says how). A new family is one more line here.
using Command = std::variant<SettingsCmd,   // settings.hpp
                             CaseCmd,       // case_commands.hpp: cases, calls, calendar and deadlines
                             FaqCmd,        // faq.hpp
                             TemplateCmd,   // templates.hpp: reply templates, call scripts, phrases
                             SurveyCmd,     // survey.hpp
                             CallbackCmd,   // callback.hpp
                             AgentCmd,      // agents.hpp: agents, sign-in, the access log
                             WorkLogCmd,    // work_log.hpp
                             TeamCmd,       // team.hpp: joining a team, what is pulled from it
                             ApplyImport>;  // exchange.hpp

// Runs `command` as ctx.actor, if the actor's role allows it (permissions.hpp); a command
// refused for want of a role is logged in the access log (the outcome is a failure, and its
// changes hold the log entry).
ApplyOutcome apply(AppState& state, const Command& command, const CommandContext& ctx);

// Recomputes every derived view (settings, calendar, SLA rules, the case index) from the
// records; call after loading or replay. apply() keeps them current itself.
void refresh_derived(AppState& state);
// Brings the derived views up to date after `changes` (incrementally when they are few).
void sync_derived(AppState& state, const std::vector<Change>& changes);

}  // namespace kefu
