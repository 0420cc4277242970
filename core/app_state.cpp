#include "core/app_state.hpp"

#include "core/exchange.hpp"
#include "core/permissions.hpp"

#include <algorithm>

namespace kefu {

namespace {

void refresh_config(AppState& state) {
    if (const Record* r = state.records.find(kConfigType, kCalendarId)) {
        WorkCalendar cal;
        if (parse_calendar(r->data(), cal).empty()) state.calendar = std::move(cal);
    } else {
        state.calendar = state.default_calendar;
    }
    if (const Record* r = state.records.find(kConfigType, kSlaRulesId)) {
        std::vector<SlaRule> rules;
        if (parse_sla_rules(r->data(), rules).empty()) state.sla_rules = std::move(rules);
    } else {
        state.sla_rules = default_sla_rules();
    }
    const Record* cb = state.records.find(kConfigType, kCallbackRulesId);
    state.callback_rules = cb ? callback_rules_from_data(cb->data()) : CallbackRules{};
}

}  // namespace

ApplyOutcome apply(AppState& state, const Command& command, const CommandContext& ctx) {
    ApplyOutcome out;
    if (ApplyResult allowed = permitted(state, command, ctx.actor); !allowed.ok) {
        log_access(state, AccessEvent::Refused, ctx.actor.agent_id, command_name(command), ctx, out);
        out.result = std::move(allowed);
    } else {
        out = std::visit([&](const auto& family) { return apply_family(state, family, ctx); }, command);
    }
    // A refusal may still write its access-log entry (a wrong PIN, a command above one's role).
    if (!out.changes.empty()) {
        if (!std::holds_alternative<ApplyImport>(command)) sync_derived(state, out.changes);  // an import refreshed all
        ++state.version;
    }
    return out;
}

void refresh_derived(AppState& state) {
    state.settings = settings_from_records(state.records, state.settings);
    refresh_config(state);
    refresh_phrases(state);
    state.cases.rebuild(state.records, state.calendar, state.sla_rules);
    rebuild_faq_index(state);
    state.responses.rebuild(state.records, state.calendar.utc_offset_minutes);
    state.callbacks.rebuild(state.records);
    state.counters.rebuild(state.records);
    rebuild_conflicts(state);
    state.contacts.invalidate();
    state.agents = all_agents(state.records);
    state.pin_streaks.rebuild(state.records);
}

void sync_derived(AppState& state, const std::vector<Change>& changes) {
    constexpr size_t kIncrementalLimit = 2000;  // beyond this a rebuild is faster than row by row
    bool settings = false, config = false, released = false;
    std::vector<const std::string*> cases, responses, callbacks;
    for (const Change& c : changes) {
        released = released || c.op == ChangeOp::Release;  // many at once: indexes rebuilt once
        note_conflicts(state, c.type, c.id);
        if (c.type == kSettingsType) settings = true;
        else if (c.type == kConfigType) config = true;
        else if (c.type == kCaseType) cases.push_back(&c.id);
        else if (c.type == kArticleType) sync_article(state, c.id);
        else if (c.type == kResponseType) responses.push_back(&c.id);
        else if (c.type == kCallbackType) callbacks.push_back(&c.id);
        else if (c.type == kContactType) state.contacts.refresh(state.records, c.id);
        else if (is_counter_type(c.type)) state.counters.update(state.records, {c});
        else if (c.type == kAgentType) state.agents = all_agents(state.records);
        else if (c.type == kAccessType) {
            if (const Record* r = state.records.find(kAccessType, c.id)) state.pin_streaks.note(*r);
        }
    }
    if (settings) state.settings = settings_from_records(state.records, state.settings);
    if (config) {
        refresh_config(state);
        refresh_phrases(state);
    }
    if (responses.size() > kIncrementalLimit || config || (released && !responses.empty())) state.responses.rebuild(state.records, state.calendar.utc_offset_minutes);
    else for (const std::string* id : responses) state.responses.refresh(state.records, *id, state.calendar.utc_offset_minutes);
    if (callbacks.size() > kIncrementalLimit || (released && !callbacks.empty())) state.callbacks.rebuild(state.records);
    else for (const std::string* id : callbacks) state.callbacks.refresh(state.records, *id);
    if (cases.size() > kIncrementalLimit) {
        state.cases.rebuild(state.records, state.calendar, state.sla_rules);
        return;
    }
    for (const std::string* id : cases) state.cases.refresh(state.records, *id, state.calendar, state.sla_rules);
    if (config) state.cases.replan(state.calendar, state.sla_rules);
}

}  // namespace kefu
