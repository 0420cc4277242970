#include "core/case_commands.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/app_state.hpp"
#include "core/merge.hpp"
#include "core/pull.hpp"
#include "core/record_write.hpp"
#include "core/utf8.hpp"

namespace kefu {

// The commands of the family, one by one (apply_family below picks one).
ApplyOutcome apply_case(AppState& s, const CreateCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const EditCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const AnswerCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const ForwardCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const RecordSolution& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const ReplyToCustomer& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const OpenFollowUp& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const ReviewCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const CloseCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const ReopenCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const PauseCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const ResumeCase& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const RunCaseStep& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const SetCalendar& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const SetSlaRules& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const LogContact& c, const CommandContext& ctx);
ApplyOutcome apply_case(AppState& s, const AttachContact& c, const CommandContext& ctx);

namespace {

using nlohmann::json;

std::string base36(uint64_t v) {
    static const char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string out;
    do {
        out.insert(out.begin(), kDigits[v % 36]);
        v /= 36;
    } while (v);
    return out;
}

ApplyResult check_text(const std::string& text, size_t max, const char* field) {
    if (!valid_utf8(text)) return ApplyResult::failure("error.case.encoding", field);
    if (text.size() > max) return ApplyResult::failure("error.case.too_long", field);
    return ApplyResult::success();
}

ApplyResult check_customer(const Customer& c) {
    const std::pair<const std::string*, const char*> fields[] = {
        {&c.name, "case.field.customer_name"}, {&c.salutation, "case.form.salutation"}, {&c.mobile, "case.form.mobile"},
        {&c.telephone, "case.form.telephone"}, {&c.district, "case.form.district"}, {&c.company, "case.form.company"}};
    for (const auto& [value, label] : fields)
        if (ApplyResult r = check_text(*value, kMaxCaseShort, label); !r.ok) return r;
    return check_text(c.address, 2 * kMaxCaseShort, "case.form.address");
}

Signed signed_now(const std::string& text, const CommandContext& ctx) { return {text, ctx.actor, ctx.now_ms}; }

void mark(Case& c, CaseEvent e, int64_t at) {
    int64_t& slot = c.events[static_cast<size_t>(e)];
    if (slot == 0) slot = at;
}

// Writes `after` over the stored case (only the fields that differ become the change;
// case_to_data leaves empty parts out, so a part that became empty is removed).
ApplyOutcome store_case(AppState& s, const Case& after, uint64_t base_rev, const CommandContext& ctx) {
    return replace_record(s.records, kCaseType, after.id, base_rev, case_to_data(after), ctx);
}


// Loads the case, checks the revision the agent saw, the transition and the clock, lets
// `edit` change it, and stores it.
template <typename Edit>
ApplyOutcome change_case(AppState& s, const std::string& id, uint64_t base_rev, const CommandContext& ctx,
                         const CaseAction* action, Edit edit) {
    const Record* rec = s.records.find(kCaseType, id);
    if (!rec) return refused(ApplyResult::failure("error.record.not_found", id));
    if (base_rev != rec->rev)
        return refused(ApplyResult::failure("error.record.revision", std::to_string(base_rev) + " / " + std::to_string(rec->rev)));
    if (ctx.now_ms < rec->created_at_ms) return refused(ApplyResult::failure("error.case.clock", id));
    Case c = case_from_record(*rec);
    if (action) {
        if (!transition_allowed(c.status, *action))
            return refused(ApplyResult::failure(refusal_key(*action), label_key(c.status)));
        c.status = transition_target(*action);
    }
    if (ApplyResult r = edit(c); !r.ok) return refused(r);
    return store_case(s, c, base_rev, ctx);
}

ApplyResult need_text(const std::string& text, const char* empty_key, const char* field) {
    bool blank = true;
    for (char ch : text)
        if (ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r') blank = false;
    if (blank) return ApplyResult::failure(empty_key);
    return check_text(text, kMaxCaseText, field);
}

ApplyResult new_case_checks(AppState& s, const std::string& id) {
    if (!valid_record_id(id)) return ApplyResult::failure("error.record.invalid_id", id);
    if (s.records.find_any(kCaseType, id)) return ApplyResult::failure("error.record.exists", id);
    return ApplyResult::success();
}

}  // namespace

std::string new_record_id(char prefix, int64_t now_ms, uint32_t salt) {
    return std::string(1, prefix) + "-" + base36(static_cast<uint64_t>(now_ms)) + "-" + base36(salt);
}

ApplyResult check_kiosk_request(const CreateCase& cmd) {
    const auto blank = [](const std::string& t) { return t.find_first_not_of(" \t\r\n") == std::string::npos; };
    const auto digits = std::count_if(cmd.customer.mobile.begin(), cmd.customer.mobile.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (blank(cmd.customer.name)) return ApplyResult::failure("kiosk.req.need_name");
    if (digits < 7) return ApplyResult::failure("kiosk.req.need_phone");
    if (blank(cmd.description)) return ApplyResult::failure("kiosk.req.need_description");
    return ApplyResult::success();
}

ApplyOutcome apply_case(AppState& s, const CreateCase& cmd, const CommandContext& ctx) {
    if (ApplyResult r = new_case_checks(s, cmd.id); !r.ok) return refused(r);
    if (cmd.category >= CaseCategory::Count || cmd.kind >= CaseKind::Count || cmd.channel >= CaseChannel::Count ||
        cmd.priority >= CasePriority::Count)
        return refused(ApplyResult::failure("error.case.invalid_choice"));
    if (ApplyResult r = check_customer(cmd.customer); !r.ok) return refused(r);
    for (const auto& [text, field] : {std::make_pair(&cmd.description, "case.field.description"),
                                      std::make_pair(&cmd.acceptance, "case.field.acceptance")})
        if (ApplyResult r = check_text(*text, kMaxCaseText, field); !r.ok) return refused(r);
    if (ApplyResult r = check_text(cmd.order_no, kMaxCaseShort, "case.field.order_no"); !r.ok) return refused(r);
    if (cmd.channel == CaseChannel::Kiosk)
        if (ApplyResult r = check_kiosk_request(cmd); !r.ok) return refused(r);
    Case c;
    c.id = cmd.id;
    c.form_no = s.cases.next_form_no(s.calendar.local_day(ctx.now_ms), s.settings.team_station);
    c.category = cmd.category;
    c.kind = cmd.kind;
    c.channel = cmd.channel;
    c.priority = cmd.priority;
    c.customer = cmd.customer;
    c.description = signed_now(cmd.description, ctx);
    if (!cmd.acceptance.empty()) {
        c.acceptance = signed_now(cmd.acceptance, ctx);
        mark(c, CaseEvent::Accepted, ctx.now_ms);
    }
    c.order_no = cmd.order_no;
    mark(c, CaseEvent::Opened, ctx.now_ms);
    if (c.priority == CasePriority::MajorComplaint) c.escalated_at_ms = ctx.now_ms;
    UndoScope undo(s.records);
    ApplyOutcome out;
    create_record(s.records, kCaseType, c.id, case_to_data(c), ctx, out);
    if (!out.ok()) return out;
    if (!cmd.from_contact.empty()) {
        ApplyOutcome attach = apply_case(s, AttachContact{cmd.from_contact, cmd.from_contact_rev, c.id}, ctx);
        if (!attach.ok()) return attach;  // the case created above is rolled back
        for (Change& ch : attach.changes) out.changes.push_back(std::move(ch));
    }
    undo.commit();
    return out;
}

// A save over a change made meanwhile (by another desk, through the team database): the
// agent's edit is replayed on the version they started from (rebuilt from the history) and
// merged with what the record holds now: fields only one side changed are both kept; a field
// both changed keeps the agent's value and lists the other in the record's 冲突待处理.
template <typename Edit>
ApplyOutcome rebase_edit(AppState& s, const Record& rec, uint64_t base_rev, const CommandContext& ctx, Edit edit) {
    const json now = rec.data();
    json base;
    if (!data_at(now, s.records.history(kCaseType, rec.id), base_rev, base))
        return refused(ApplyResult::failure("error.record.revision", std::to_string(base_rev) + " / " + std::to_string(rec.rev)));
    Record at_base = rec;
    at_base.set_data(base);
    Case mine = case_from_record(at_base);
    if (ApplyResult r = edit(mine); !r.ok) return refused(r);
    const json mine_data = case_to_data(mine);
    MergeResult merged = merge3(without_conflicts(base), without_conflicts(mine_data), without_conflicts(now));
    // merge3 keeps "mine" in a conflicting field: here that is the agent's own value.
    list_conflicts(merged.data, merged.conflicts, json::object(), now, ctx.actor, rec.updated_by);
    return replace_record(s.records, kCaseType, rec.id, rec.rev, merged.data, ctx);
}

ApplyOutcome apply_case(AppState& s, const EditCase& cmd, const CommandContext& ctx) {
    const Case& e = cmd.edited;
    if (e.category >= CaseCategory::Count || e.kind >= CaseKind::Count || e.channel >= CaseChannel::Count ||
        e.priority >= CasePriority::Count)
        return refused(ApplyResult::failure("error.case.invalid_choice"));
    if (ApplyResult r = check_customer(e.customer); !r.ok) return refused(r);
    if (ApplyResult r = check_text(e.description.text, kMaxCaseText, "case.field.description"); !r.ok) return refused(r);
    if (ApplyResult r = check_text(e.acceptance.text, kMaxCaseText, "case.field.acceptance"); !r.ok) return refused(r);
    if (ApplyResult r = check_text(e.order_no, kMaxCaseShort, "case.field.order_no"); !r.ok) return refused(r);
    const auto apply_edit = [&](Case& c) {
        c.category = e.category;
        c.kind = e.kind;
        c.channel = e.channel;
        if (e.priority == CasePriority::MajorComplaint && c.priority != CasePriority::MajorComplaint && !c.escalated_at_ms)
            c.escalated_at_ms = ctx.now_ms;
        c.priority = e.priority;
        c.customer = e.customer;
        c.order_no = e.order_no;
        if (e.description.text != c.description.text) {
            if (c.description.empty() && c.description.by.name.empty()) c.description = signed_now(e.description.text, ctx);
            else c.description.text = e.description.text;
        }
        if (e.acceptance.text != c.acceptance.text) {
            if (c.acceptance.empty()) c.acceptance = signed_now(e.acceptance.text, ctx);
            else c.acceptance.text = e.acceptance.text;
            if (!c.acceptance.empty()) mark(c, CaseEvent::Accepted, ctx.now_ms);
        }
        return ApplyResult::success();
    };
    const Record* rec = s.records.find(kCaseType, cmd.id);
    if (rec && cmd.base_rev != 0 && cmd.base_rev < rec->rev && ctx.now_ms >= rec->created_at_ms)
        return rebase_edit(s, *rec, cmd.base_rev, ctx, apply_edit);
    return change_case(s, cmd.id, cmd.base_rev, ctx, nullptr, apply_edit);
}

ApplyOutcome apply_case(AppState& s, const AnswerCase& cmd, const CommandContext& ctx) {
    const CaseAction a = CaseAction::Answer;
    return change_case(s, cmd.id, cmd.base_rev, ctx, &a, [&](Case& c) {
        if (ApplyResult r = need_text(cmd.answer, "error.case.answer_empty", "case.field.result"); !r.ok) return r;
        c.result = signed_now(cmd.answer, ctx);
        mark(c, CaseEvent::Answered, ctx.now_ms);
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const ForwardCase& cmd, const CommandContext& ctx) {
    const CaseAction a = CaseAction::Forward;
    return change_case(s, cmd.id, cmd.base_rev, ctx, &a, [&](Case& c) {
        if (cmd.department == Department::None || cmd.department >= Department::Count ||
            (cmd.department == Department::Other && cmd.department_other.empty()))
            return ApplyResult::failure("error.case.department_needed");
        if (ApplyResult r = check_text(cmd.department_other, kMaxCaseShort, "case.field.department"); !r.ok) return r;
        if (ApplyResult r = check_text(cmd.handler, kMaxCaseShort, "case.field.handler"); !r.ok) return r;
        c.department = cmd.department;
        c.department_other = cmd.department == Department::Other ? cmd.department_other : std::string();
        c.handler = cmd.handler;
        mark(c, CaseEvent::Forwarded, ctx.now_ms);
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const RecordSolution& cmd, const CommandContext& ctx) {
    const CaseAction a = CaseAction::ReturnSolution;
    return change_case(s, cmd.id, cmd.base_rev, ctx, &a, [&](Case& c) {
        if (ApplyResult r = need_text(cmd.solution, "error.case.solution_empty", "case.field.solution"); !r.ok) return r;
        if (ApplyResult r = need_text(cmd.drafter, "error.case.drafter_needed", "case.field.drafter"); !r.ok) return r;
        c.solution = {cmd.solution, Actor{"", cmd.drafter}, ctx.now_ms};
        mark(c, CaseEvent::SolutionReturned, ctx.now_ms);
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const ReplyToCustomer& cmd, const CommandContext& ctx) {
    const CaseAction a = CaseAction::Reply;
    return change_case(s, cmd.id, cmd.base_rev, ctx, &a, [&](Case& c) {
        if (ApplyResult r = need_text(cmd.result, "error.case.result_empty", "case.field.result"); !r.ok) return r;
        c.result = signed_now(cmd.result, ctx);
        mark(c, CaseEvent::Replied, ctx.now_ms);
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const OpenFollowUp& cmd, const CommandContext& ctx) {
    if (ApplyResult r = new_case_checks(s, cmd.new_id); !r.ok) return refused(r);
    Case parent;
    const CaseAction a = CaseAction::FollowUp;
    ApplyOutcome out = change_case(s, cmd.id, cmd.base_rev, ctx, &a, [&](Case& c) {
        if (ApplyResult r = need_text(cmd.reason, "error.case.reason_empty", "case.field.description"); !r.ok) return r;
        c.follow_ups.push_back(cmd.new_id);
        parent = c;
        return ApplyResult::success();
    });
    if (!out.ok()) return out;
    Case child;
    child.id = cmd.new_id;
    child.form_no = s.cases.next_form_no(s.calendar.local_day(ctx.now_ms), s.settings.team_station);
    child.category = parent.category;
    child.kind = parent.kind;
    child.channel = parent.channel;
    child.priority = parent.priority;
    child.customer = parent.customer;
    child.order_no = parent.order_no;
    child.description = signed_now(cmd.reason, ctx);
    child.follow_up_of = parent.id;
    child.escalated_at_ms = child.priority == CasePriority::MajorComplaint ? ctx.now_ms : 0;
    mark(child, CaseEvent::Opened, ctx.now_ms);
    create_record(s.records, kCaseType, child.id, case_to_data(child), ctx, out);
    return out;
}

ApplyOutcome apply_case(AppState& s, const ReviewCase& cmd, const CommandContext& ctx) {
    const CaseAction a = CaseAction::Review;
    return change_case(s, cmd.id, cmd.base_rev, ctx, &a, [&](Case& c) {
        if (ApplyResult r = need_text(cmd.review, "error.case.review_empty", "case.field.review"); !r.ok) return r;
        c.review = signed_now(cmd.review, ctx);
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const CloseCase& cmd, const CommandContext& ctx) {
    const CaseAction a = CaseAction::Close;
    return change_case(s, cmd.id, cmd.base_rev, ctx, &a, [&](Case& c) {
        if (c.paused()) c.pauses.back().second = ctx.now_ms;
        mark(c, CaseEvent::Closed, ctx.now_ms);
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const ReopenCase& cmd, const CommandContext& ctx) {
    const CaseAction a = CaseAction::Reopen;
    return change_case(s, cmd.id, cmd.base_rev, ctx, &a, [&](Case& c) {
        if (ApplyResult r = need_text(cmd.reason, "error.case.reason_empty", "case.field.description"); !r.ok) return r;
        c.reopenings.push_back({ctx.now_ms, ctx.actor, cmd.reason});
        // A new cycle: the SLA clocks start again from the reopening.
        c.events = {};
        c.pauses.clear();
        mark(c, CaseEvent::Opened, ctx.now_ms);
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const PauseCase& cmd, const CommandContext& ctx) {
    return change_case(s, cmd.id, cmd.base_rev, ctx, nullptr, [&](Case& c) {
        if (!is_open(c.status)) return ApplyResult::failure("error.case.cannot_pause", label_key(c.status));
        if (c.paused()) return ApplyResult::failure("error.case.already_paused");
        c.pauses.emplace_back(ctx.now_ms, 0);
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const ResumeCase& cmd, const CommandContext& ctx) {
    return change_case(s, cmd.id, cmd.base_rev, ctx, nullptr, [&](Case& c) {
        if (!c.paused()) return ApplyResult::failure("error.case.not_paused");
        c.pauses.back().second = ctx.now_ms;
        return ApplyResult::success();
    });
}

ApplyOutcome apply_case(AppState& s, const SetCalendar& cmd, const CommandContext& ctx) {
    // The same checks as a calendar file: what is stored can always be read back.
    WorkCalendar checked;
    const auto issues = parse_calendar(calendar_to_json(cmd.calendar), checked);
    if (!issues.empty()) return refused(ApplyResult::failure(issues[0].key, issues[0].path));
    return write_record(s.records, kConfigType, kCalendarId, calendar_to_json(checked), ctx);
}

ApplyOutcome apply_case(AppState& s, const SetSlaRules& cmd, const CommandContext& ctx) {
    std::vector<SlaRule> checked;
    const auto issues = parse_sla_rules(sla_rules_to_json(cmd.rules), checked);
    if (!issues.empty()) return refused(ApplyResult::failure(issues[0].key, issues[0].path));
    return write_record(s.records, kConfigType, kSlaRulesId, sla_rules_to_json(checked), ctx);
}

ApplyOutcome apply_case(AppState& s, const LogContact& cmd, const CommandContext& ctx) {
    if (!valid_record_id(cmd.id)) return refused(ApplyResult::failure("error.record.invalid_id", cmd.id));
    if (s.records.find_any(kContactType, cmd.id)) return refused(ApplyResult::failure("error.record.exists", cmd.id));
    if (cmd.started_ms <= 0 || cmd.ended_ms < cmd.started_ms) return refused(ApplyResult::failure("error.contact.times"));
    if (cmd.direction >= ContactDirection::Count) return refused(ApplyResult::failure("error.case.invalid_choice"));
    if (!cmd.case_id.empty() && !s.records.find(kCaseType, cmd.case_id)) return refused(ApplyResult::failure("error.record.not_found", cmd.case_id));
    for (const auto& [text, max] : {std::make_pair(&cmd.phone, kMaxCaseShort), std::make_pair(&cmd.customer, kMaxCaseShort),
                                    std::make_pair(&cmd.question, kMaxCaseText)})
        if (ApplyResult r = check_text(*text, max, "contact.col.question"); !r.ok) return refused(r);
    Contact c;
    c.started_ms = cmd.started_ms;
    c.ended_ms = cmd.ended_ms;
    c.direction = cmd.direction;
    c.phone = cmd.phone;
    c.customer = cmd.customer;
    c.question = cmd.question;
    c.case_id = cmd.case_id;
    ApplyOutcome out;
    create_record(s.records, kContactType, cmd.id, contact_to_data(c), ctx, out);
    return out;
}

ApplyOutcome apply_case(AppState& s, const RunCaseStep& cmd, const CommandContext& ctx) {
    UndoScope undo(s.records);  // the save and the step, or neither
    CaseStep step = cmd.step;
    const std::string id = std::visit([](const auto& x) { return x.id; }, step);
    ApplyOutcome out;
    if (cmd.save) {
        if (cmd.save->id != id) return refused(ApplyResult::failure("error.record.not_found", cmd.save->id));
        out = apply_case(s, *cmd.save, ctx);
        if (!out.ok()) return out;
        if (const Record* r = s.records.find(kCaseType, id)) std::visit([&](auto& x) { x.base_rev = r->rev; }, step);
    }
    ApplyOutcome taken = std::visit([&](const auto& x) { return apply_case(s, x, ctx); }, step);
    if (!taken.ok()) return taken;  // the save above is rolled back
    for (Change& ch : taken.changes) out.changes.push_back(std::move(ch));
    out.result = std::move(taken.result);
    undo.commit();
    return out;
}

ApplyOutcome apply_case(AppState& s, const AttachContact& cmd, const CommandContext& ctx) {
    const Record* rec = s.records.find(kContactType, cmd.id);
    if (!rec) return refused(ApplyResult::failure("error.record.not_found", cmd.id));
    if (!s.records.find(kCaseType, cmd.case_id)) return refused(ApplyResult::failure("error.record.not_found", cmd.case_id));
    ApplyOutcome out;
    Change change;
    change.rev = 0;
    out.result = s.records.update(kContactType, cmd.id, cmd.base_rev, {{"case_ref", "case/" + cmd.case_id}}, ctx, &change);
    if (out.ok() && change.rev) out.changes.push_back(std::move(change));
    return out;
}

std::vector<Change> renumber_form_clashes(AppState& s, const std::vector<Change>& imported, const CommandContext& ctx) {
    std::vector<Change> out;
    std::unordered_set<std::string> incoming;
    for (const Change& ch : imported)
        if (ch.type == kCaseType) incoming.insert(ch.id);
    if (incoming.empty()) return out;
    // Who holds each number: local cases first (their numbers never move), then the
    // imported ones in id order (the first keeps its number).
    std::unordered_map<std::string, std::string> holder;
    std::vector<std::string> imported_ids;
    for (size_t i = 0; i < s.cases.size(); ++i) {
        const CaseRow& r = s.cases.row(i);
        if (incoming.count(r.id)) imported_ids.push_back(r.id);
        else if (!r.form_no.empty()) holder.emplace(r.form_no, r.id);
    }
    std::sort(imported_ids.begin(), imported_ids.end());
    std::vector<std::string> clashing;
    for (const std::string& id : imported_ids) {
        const CaseRow* r = s.cases.find(id);
        if (r->form_no.empty()) continue;
        if (!holder.emplace(r->form_no, id).second) clashing.push_back(id);
    }
    for (const std::string& id : clashing) {
        const Record* rec = s.records.find(kCaseType, id);
        Case c = case_from_record(*rec);
        int64_t day = s.calendar.local_day(rec->created_at_ms);
        int seq = 0;
        parse_form_no(c.form_no, day, seq);  // keeps the number's own day when it has one
        const std::string& station = s.settings.team_station;
        std::string number = s.cases.next_form_no(day, station);
        parse_form_no(number, day, seq);
        while (holder.count(number)) number = format_form_no(day, ++seq, station);  // nor one renumbered just now
        c.form_no = number;
        holder.emplace(number, id);
        ApplyOutcome o = store_case(s, c, rec->rev, ctx);
        if (!o.ok()) continue;
        for (Change& x : o.changes) out.push_back(std::move(x));
    }
    if (!out.empty()) s.cases.rebuild(s.records, s.calendar, s.sla_rules);
    return out;
}

namespace {
// A form number given while the station worked alone (no station code inside).
bool without_station_code(std::string_view form_no) {
    int64_t day = 0;
    int seq = 0;
    std::string code;
    return parse_form_no(form_no, day, seq, code) && code.empty();
}
}  // namespace

std::vector<Change> add_station_code(AppState& s, const std::string& station, const CommandContext& ctx) {
    std::vector<Change> out;
    if (!valid_station_code(station)) return out;
    std::vector<std::string> ids;
    for (size_t i = 0; i < s.cases.size(); ++i)
        if (without_station_code(s.cases.row(i).form_no)) ids.push_back(s.cases.row(i).id);
    for (const std::string& id : ids) {
        const Record* rec = s.records.find(kCaseType, id);
        if (!rec) continue;
        Case c = case_from_record(*rec);
        int64_t day = 0;
        int seq = 0;
        if (!parse_form_no(c.form_no, day, seq)) continue;
        std::string number = format_form_no(day, seq, station);
        // Taken already (this station was in a team with this code before): the day's next.
        if (const CaseRow* holder = s.cases.find_form_no(number); holder && holder->id != id) number = s.cases.next_form_no(day, station);
        c.form_no = number;
        ApplyOutcome o = store_case(s, c, rec->rev, ctx);
        if (!o.ok()) continue;
        s.cases.refresh(s.records, id, s.calendar, s.sla_rules);  // the next one sees this number taken
        for (Change& x : o.changes) out.push_back(std::move(x));
    }
    return out;
}

size_t cases_without_station_code(const AppState& s, std::string* example) {
    size_t n = 0;
    for (size_t i = 0; i < s.cases.size(); ++i) {
        if (!without_station_code(s.cases.row(i).form_no)) continue;
        if (example && example->empty()) *example = s.cases.row(i).form_no;
        ++n;
    }
    return n;
}

// ---- the family -----------------------------------------------------------------------------
namespace {
constexpr CommandInfo kCaseCmds[] = {
    {"CreateCase", Role::Agent},
    {"EditCase", Role::Agent},
    {"AnswerCase", Role::Agent},
    {"ForwardCase", Role::Agent},
    {"RecordSolution", Role::Agent},
    {"ReplyToCustomer", Role::Agent},
    {"OpenFollowUp", Role::Agent},
    {"ReviewCase", Role::Lead},
    {"CloseCase", Role::Agent},
    {"ReopenCase", Role::Agent},
    {"PauseCase", Role::Agent},
    {"ResumeCase", Role::Agent},
    {"RunCaseStep", Role::Agent},
    {"SetCalendar", Role::Admin},
    {"SetSlaRules", Role::Admin},
    {"LogContact", Role::Agent},
    {"AttachContact", Role::Agent},
};
static_assert(covers<CaseCmd>(kCaseCmds), "one row per case command, in the variant's order");
}  // namespace

ApplyOutcome apply_family(AppState& s, const CaseCmd& c, const CommandContext& ctx) {
    return std::visit([&](const auto& x) { return apply_case(s, x, ctx); }, c);
}
const char* family_command_name(const CaseCmd& c) { return kCaseCmds[c.index()].name; }
Role family_role(const AppState& s, const CaseCmd& c, const Actor& actor) {
    // Saving the form is every agent's; the step decides (a review is a lead's).
    if (const auto* run = std::get_if<RunCaseStep>(&c))
        return std::visit([&](const auto& step) { return family_role(s, CaseCmd{step}, actor); }, run->step);
    return kCaseCmds[c.index()].role;
}

}  // namespace kefu
