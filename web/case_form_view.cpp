// The case form, laid out like the seed form 《客户问题处理表》: customer, the problem,
// description, acceptance record, solution, result, review — with the SLA clocks, the
// actions the lifecycle allows, what is still missing, follow-up links and the history.
// Every change is a command (core/case_commands.hpp); this file holds no business rules.
// Index:
//   [SECTION] helpers
//   [SECTION] the right-hand panel
//   [SECTION] the lifecycle dialog
//   [SECTION] the form
#include <algorithm>
#include <cstdio>
#include <random>

#include "core/app_state.hpp"
#include "core/phone.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // ImGuiItemFlags_NoTabStop (PushItemFlag)
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

uint32_t random_salt() {
    static std::random_device device;  // crypto.getRandomValues in the browser
    return device();
}

namespace {

// ---- [SECTION] helpers ----------------------------------------------------------------------
const Case* stored_case(const AppState& state, const CasesUi& c, Case& into) {
    const Record* r = state.records.find(kCaseType, c.open_id);
    if (!r) return nullptr;
    read_case(*r, into);
    return &into;
}
const Case* stored_case(const ViewContext& ctx, Case& into) { return stored_case(ctx.state, ctx.ui.cases, into); }

// `known`: the stored case when the caller has already read it this frame.
bool unsaved(const AppState& state, const CasesUi& c, const Case* known = nullptr) {
    if (c.creating) {
        const Case& e = c.edit;
        return !e.customer.name.empty() || !e.customer.mobile.empty() || !e.customer.telephone.empty() || !e.description.text.empty();
    }
    Case buf;
    const Case* read = c.loaded.id == c.open_id ? &c.loaded : known ? known : stored_case(state, c, buf);
    if (!read) return false;
    const Case& stored = *read;
    const Case& e = c.edit;
    return !(e.customer == stored.customer) || e.category != stored.category || e.kind != stored.kind ||
           e.channel != stored.channel || e.priority != stored.priority || e.order_no != stored.order_no ||
           e.description.text != stored.description.text || e.acceptance.text != stored.acceptance.text;
}

// Saves the buffer (create or edit). True when there was nothing to save or it saved.
bool save(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    const Case& e = c.edit;
    if (c.creating) {
        CreateCase cmd;
        cmd.id = new_record_id('c', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
        cmd.category = e.category;
        cmd.kind = e.kind;
        cmd.channel = e.channel;
        cmd.priority = e.priority;
        cmd.customer = e.customer;
        cmd.description = e.description.text;
        cmd.acceptance = e.acceptance.text;
        cmd.order_no = e.order_no;
        // The call this case came from is attached in the same command: both or neither.
        if (const Record* k = c.pending_contact.empty() ? nullptr : ctx.state.records.find(kContactType, c.pending_contact)) {
            cmd.from_contact = c.pending_contact;
            cmd.from_contact_rev = k->rev;
        }
        const ApplyResult r = ctx.dispatch(cmd);
        ctx.report(r);
        if (!r.ok) return false;
        open_case(ctx, cmd.id);
        c.pending_contact.clear();
        ctx.toast(ctx.trf("case.saved_new", {{"form_no", c.edit.form_no}}));
        return true;
    }
    if (!unsaved(ctx.state, ctx.ui.cases)) return true;
    const ApplyResult r = ctx.dispatch(EditCase{c.open_id, c.base_rev, e});
    ctx.report(r);
    if (!r.ok) return false;
    open_case(ctx, c.open_id);
    ctx.toast(ctx.tr("case.saved"));
    return true;
}

// A lifecycle step on the open case, with the form's unsaved changes saved in the same
// command (both or neither).
ApplyResult run_step(const ViewContext& ctx, CaseStep step) {
    CasesUi& c = ctx.ui.cases;
    RunCaseStep run;
    if (unsaved(ctx.state, ctx.ui.cases)) run.save = EditCase{c.open_id, c.base_rev, c.edit};
    run.step = std::move(step);
    return ctx.dispatch(run);
}

template <typename E>
void enum_combo(const ViewContext& ctx, const char* probe_id, E& value, float width) {
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo((std::string("##") + probe_id).c_str(), ctx.tr(label_key(value)))) {
        for (int i = 0; i < static_cast<int>(E::Count); ++i) {
            const E v = static_cast<E>(i);
            if (ImGui::Selectable(ctx.tr(label_key(v)), v == value)) value = v;
        }
        ImGui::EndCombo();
    }
    ctx.probe(probe_id);
}

void focus_if_wanted(const ViewContext& ctx, const char* probe_id) {
    CasesUi& c = ctx.ui.cases;
    if (c.focus_field && std::string(c.focus_field) == probe_id) {
        ImGui::SetKeyboardFocusHere();
        c.focus_field = nullptr;
    }
}

void text_field(const ViewContext& ctx, const char* label_key_text, const char* probe_id, std::string& value, float label_w,
                float width, const char* hint = "", bool phone = false) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr(label_key_text));
    ImGui::SameLine(label_w);
    focus_if_wanted(ctx, probe_id);
    if (phone) {
        phone_input(ctx, probe_id, value, width, hint);
        return;
    }
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint((std::string("##") + probe_id).c_str(), hint, &value);
    ctx.probe_field(probe_id, value);
}

void advice(const ViewContext& ctx, const std::vector<FieldIssue>& issues, const char* path, float indent) {
    for (const FieldIssue& i : issues) {
        if (i.path != path) continue;
        ImGui::SetCursorPosX(indent);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(theme::kWarnText, "%s", ctx.trf(i.key, {{"detail", i.detail}}).c_str());
        ImGui::PopTextWrapPos();
    }
}

void signature(const ViewContext& ctx, const char* person_key, const Signed& s) {
    if (s.by.name.empty() && s.at_ms == 0) return;
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("case.signed", {{"role", ctx.tr(person_key)}, {"name", s.by.name.empty() ? "—" : s.by.name},
                                                                           {"time", format_time(ctx, s.at_ms)}}).c_str());
}

// A free-text section of the form: editable (description, acceptance) or filled in by an action.
// The phrase checker's warnings under a free-text field: they warn, they never block.
void phrase_warnings(const ViewContext& ctx, const std::string& text, const char* probe_id) {
    const std::vector<PhraseHit> hits = ctx.state.phrases.check(text);
    if (hits.empty()) return;
    ImGui::PushTextWrapPos(0.0f);
    for (const PhraseHit& h : hits) {
        const Phrase& p = ctx.state.phrases.phrases()[h.phrase];
        ImGui::TextColored(theme::kErrorText, "%s",
                           ctx.trf("tpl.phrase", {{"phrase", text.substr(h.begin, h.end - h.begin)}, {"reason", p.reason}, {"suggestion", p.suggestion}})
                               .c_str());
    }
    ImGui::PopTextWrapPos();
    ctx.probe((std::string(probe_id) + "_phrases").c_str());
}

void text_section(const ViewContext& ctx, const char* title_key, const char* probe_id, std::string* editable, const Signed& shown,
                  const char* person_key, float height) {
    section_heading(ctx, title_key);
    if (editable) {
        wrapped_editor(ctx, probe_id, *editable, height, ctx.ui.cases.editing_field, ctx.ui.cases.focus_field);
        phrase_warnings(ctx, *editable, probe_id);
    } else if (shown.text.empty()) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("case.not_yet"));
    } else {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(shown.text.c_str());
        ImGui::PopTextWrapPos();
        ctx.probe_field(probe_id, shown.text);
        phrase_warnings(ctx, shown.text, probe_id);
    }
    signature(ctx, person_key, shown);
}

// ---- [SECTION] the right-hand panel ---------------------------------------------------------------
void draw_clocks(const ViewContext& ctx, const Case& stored) {
    section_heading(ctx, tr_key("case.panel.sla"));
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    const std::vector<SlaClock> clocks = plan_clocks(ctx.state.sla_rules, ctx.state.calendar, case_times(stored));
    if (clocks.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("case.sla.none"));
    bool ticking = false;
    for (size_t i = 0; i < clocks.size(); ++i) {
        const SlaClock& clock = clocks[i];
        const SlaRule& rule = ctx.state.sla_rules[clock.rule];
        const SlaState st = clock_state(clock, now);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(ctx.trf("case.sla.rule", {{"name", rule_name(ctx, rule)}, {"amount", std::to_string(rule.amount)},
                                                          {"unit", ctx.tr(sla_unit_key(rule.unit))}}).c_str());
        ImGui::PopTextWrapPos();
        sla_badge(ctx, st, clock_left_ms(clock, ctx.state.calendar, now), st != SlaState::Met);
        if (i == 0) ctx.probe("case.sla_first");
        if (clock.deadline_ms != kNever) {
            const std::string due = ctx.trf("case.sla.deadline", {{"time", format_time(ctx, clock.deadline_ms, true)}});
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(due.c_str()).x) ImGui::NewLine();  // narrow panel: own line
            ImGui::TextColored(theme::kMutedText, "%s", due.c_str());
        }
        if (clock.uncertain) {
            const int year = uncertain_year(clock, ctx.state.calendar);
            const std::string note = ctx.trf("case.sla.uncertain", {{"year", std::to_string(year)}});
            ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarnText);
            rich_text({{note}}, ImGui::GetContentRegionAvail().x);  // Chinese line breaking, not at the year
            ImGui::PopStyleColor();
            ctx.probe("case.sla_uncertain");
        }
        ticking |= !clock.stopped && !clock.paused;
    }
    if (ticking) ctx.wake_in(30000);  // the minutes left keep counting down
    if (stored.paused()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("case.paused_note"));
}

void draw_actions(const ViewContext& ctx, const Case& stored) {
    CasesUi& c = ctx.ui.cases;
    section_heading(ctx, tr_key("case.panel.actions"));
    ImGui::BeginDisabled(ctx.ui.read_only);
    const float w = ImGui::GetContentRegionAvail().x;
    for (CaseAction a : allowed_actions(stored.status)) {
        const std::string label = ctx.tr(label_key(a));
        // Reviews are a team lead's (the core refuses anyone else): shown, not offered.
        const bool needs_lead = a == CaseAction::Review && current_role(ctx) < Role::Lead;
        ImGui::BeginDisabled(needs_lead);
        const bool pressed = ImGui::Button(label.c_str(), ImVec2(w, 0));
        ImGui::EndDisabled();
        if (needs_lead && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", ctx.tr("case.review.lead_only"));
        if (pressed) {
            c.dialog = CaseDialog::Action;
            c.action = a;
            c.dialog_text.clear();
            c.dialog_other.clear();
            c.dialog_person = a == CaseAction::ReturnSolution ? stored.handler : std::string();
            c.dialog_department = stored.department == Department::None ? 1 : static_cast<int>(stored.department);
            c.dialog_focus = true;
        }
        ctx.probe((std::string("case.action.") + name_of(a)).c_str());
    }
    if (is_open(stored.status)) {
        const bool paused = stored.paused();
        if (ImGui::Button(ctx.tr(paused ? "case.resume" : "case.pause"), ImVec2(w, 0))) {
            const ApplyResult r = run_step(ctx, paused ? CaseStep{ResumeCase{c.open_id, c.base_rev}} : CaseStep{PauseCase{c.open_id, c.base_rev}});
            ctx.report(r);
            if (r.ok) open_case(ctx, c.open_id);
        }
        ctx.probe("case.pause");
    }
    ImGui::EndDisabled();
}

void draw_completeness(const ViewContext& ctx, const Case& stored) {
    section_heading(ctx, tr_key("case.panel.completeness"));
    const std::vector<CaseField> missing = missing_fields(stored);
    const std::vector<CasePhraseWarning> phrases = check_case_phrases(ctx.state.phrases, stored);
    if (missing.empty()) {
        ImGui::TextColored(theme::kOkText, "%s", ctx.tr("case.complete"));
    } else {
        ImGui::PushTextWrapPos(0.0f);
        for (CaseField f : missing) ImGui::TextColored(theme::kWarnText, "· %s", ctx.tr(label_key(f)));
        ImGui::PopTextWrapPos();
    }
    if (!phrases.empty()) {  // part of the record's quality, though it blocks nothing
        ImGui::PushTextWrapPos(0.0f);
        for (const CasePhraseWarning& w : phrases)
            ImGui::TextColored(theme::kErrorText, "·%s", ctx.trf("case.phrase_in", {{"field", ctx.tr(std::string("case.field.") + w.field)}, {"phrase", w.text}}).c_str());
        ImGui::PopTextWrapPos();
    }
    ctx.probe("case.completeness");
}

void case_link(const ViewContext& ctx, const std::string& id, const char* prefix_key) {
    const CaseRow* row = ctx.state.cases.find(id);
    if (!row) return;
    const std::string label = std::string(ctx.tr(prefix_key)) + " " + row->form_no + " · " + ctx.tr(label_key(row->status));
    ImGui::PushID(id.c_str());
    if (ImGui::SmallButton(label.c_str())) open_case(ctx, id);
    ImGui::PopID();
}

void draw_links(const ViewContext& ctx, const Case& stored) {
    if (stored.follow_up_of.empty() && stored.follow_ups.empty()) return;
    section_heading(ctx, tr_key("case.panel.links"));
    if (!stored.follow_up_of.empty()) case_link(ctx, stored.follow_up_of, tr_key("case.link.of"));
    for (const std::string& id : stored.follow_ups) case_link(ctx, id, tr_key("case.link.follow_up"));
}

const char* history_field_key(const std::string& field) {
    static const std::pair<const char*, const char*> kFields[] = {
        {"form_no", tr_key("case.history.field.form_no")},       {"category", tr_key("case.history.field.category")},
        {"kind", tr_key("case.history.field.kind")},             {"channel", tr_key("case.history.field.channel")},
        {"priority", tr_key("case.history.field.priority")},     {"customer", tr_key("case.history.field.customer")},
        {"description", tr_key("case.history.field.description")}, {"acceptance", tr_key("case.history.field.acceptance")},
        {"solution", tr_key("case.history.field.solution")},     {"result", tr_key("case.history.field.result")},
        {"review", tr_key("case.history.field.review")},         {"department", tr_key("case.history.field.department")},
        {"handler", tr_key("case.history.field.handler")},       {"order_no", tr_key("case.history.field.order_no")},
        {"follow_up_refs", tr_key("case.history.field.follow_ups")}, {"pauses", tr_key("case.history.field.pauses")},
        {"reopenings", tr_key("case.history.field.reopenings")},
    };
    for (const auto& [name, key] : kFields)
        if (field == name) return key;
    return nullptr;  // bookkeeping fields (SLA events, escalation time) are not listed
}

void draw_case_contacts(const ViewContext& ctx, const std::string& id) {
    const std::vector<Contact> contacts = contacts_of_case(ctx.state.records, id);
    if (contacts.empty()) return;
    section_heading(ctx, tr_key("case.panel.contacts"));
    for (const Contact& k : contacts) {
        const int secs = static_cast<int>(k.duration_ms() / 1000);
        ImGui::TextColored(theme::kMutedText, "%s · %s · %d:%02d", format_time(ctx, k.started_ms, true).c_str(), ctx.tr(label_key(k.direction)),
                           secs / 60, secs % 60);
    }
    ctx.probe("case.contacts");
}

void draw_history(const ViewContext& ctx, const std::string& id) {
    section_heading(ctx, tr_key("case.panel.history"));
    const std::vector<HistoryEntry> hist = ctx.state.records.history(kCaseType, id);
    std::string whos;  // who made each change, newest first (for the tests)
    ImGui::PushTextWrapPos(0.0f);
    for (auto it = hist.rbegin(); it != hist.rend(); ++it) {
        const std::string who = it->by.name.empty() ? it->by.agent_id : it->by.name;
        const std::string shown = it->via.agent_id.empty()
                                      ? who
                                      : ctx.trf("case.history.via", {{"name", who}, {"via", it->via.name.empty() ? it->via.agent_id : it->via.name}});
        ImGui::TextColored(theme::kMutedText, "%s · %s", format_time(ctx, it->at_ms).c_str(), shown.c_str());
        whos.append(whos.empty() ? "" : "\n").append(shown);
        std::string what;
        if (it->op == ChangeOp::Create) what = ctx.tr("case.history.created");
        for (const FieldChange& f : it->fields) {
            CaseStatus st;
            const bool is_status = f.field == "status";
            if (!is_status && !history_field_key(f.field)) continue;
            if (!what.empty()) what += ctx.tr("case.history.sep");
            if (f.field == "status" && f.after.is_string() && parse_name(f.after.get<std::string>(), st))
                what += ctx.trf("case.history.status", {{"status", ctx.tr(label_key(st))}});
            else
                what += ctx.tr(history_field_key(f.field));
        }
        ImGui::TextUnformatted(what.c_str());
    }
    ImGui::PopTextWrapPos();
    ctx.probe_field("case.history", whos);
}

// ---- [SECTION] the lifecycle dialog ------------------------------------------------------------
void draw_dialog(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    if (c.dialog == CaseDialog::None) return;
    const char* popup = "##case_dialog";
    if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetMainViewport()->Size.x - font * 2, font * 30), 0));
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(popup, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) return;
    bool close = false;
    if (c.dialog == CaseDialog::Discard) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(ctx.tr("case.discard.question"));
        ImGui::PopTextWrapPos();
        if (ImGui::Button(ctx.tr("case.discard.save"))) {
            if (save(ctx)) c.form_open = false;
            close = true;
        }
        ctx.probe("dlg.case.save");
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("case.discard.drop"))) c.form_open = false, close = true;
        ctx.probe("dlg.case.drop");
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("common.cancel")) || (ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsWindowAppearing())) close = true;
    } else {
        const CaseAction a = c.action;
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.15f);
        ImGui::TextUnformatted(ctx.tr(label_key(a)));
        ImGui::PopFont();
        ctx.probe("dlg.case.title");
        const bool needs_text = a != CaseAction::Close && a != CaseAction::Forward;
        if (a == CaseAction::Forward) {
            ImGui::TextUnformatted(ctx.tr("case.field.department"));
            for (int d = 1; d < static_cast<int>(Department::Count); ++d) {
                // Wrap the choices onto a new line when the next one would not fit.
                const float item_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                                     ImGui::CalcTextSize(ctx.tr(label_key(static_cast<Department>(d)))).x;
                if (d > 1) {
                    ImGui::SameLine();
                    if (ImGui::GetContentRegionAvail().x < item_w) ImGui::NewLine();
                }
                ImGui::RadioButton(ctx.tr(label_key(static_cast<Department>(d))), &c.dialog_department, d);
                ctx.probe((std::string("dlg.case.dept.") + name_of(static_cast<Department>(d))).c_str());
            }
            if (c.dialog_department == static_cast<int>(Department::Other)) {
                ImGui::InputTextWithHint("##other", ctx.tr("case.dialog.other_hint"), &c.dialog_other);
                ctx.probe_field("dlg.case.other", c.dialog_other);
            }
            ImGui::TextUnformatted(ctx.tr("case.field.handler"));
            if (c.dialog_focus) ImGui::SetKeyboardFocusHere(), c.dialog_focus = false;
            ImGui::InputText("##person", &c.dialog_person);
            ctx.probe_field("dlg.case.person", c.dialog_person);
            help_text(ctx.tr("case.dialog.forward_help"));
        }
        if (needs_text) {
            const char* prompt = a == CaseAction::Answer ? tr_key("case.dialog.answer") : a == CaseAction::ReturnSolution ? tr_key("case.dialog.solution")
                               : a == CaseAction::Reply ? tr_key("case.dialog.reply") : a == CaseAction::Review ? tr_key("case.dialog.review")
                               : a == CaseAction::FollowUp ? tr_key("case.dialog.follow_up") : tr_key("case.dialog.reopen");
            ImGui::TextUnformatted(ctx.tr(prompt));
            if (c.dialog_focus) ImGui::SetKeyboardFocusHere(), c.dialog_focus = false;
            ImGui::InputTextMultiline("##text", &c.dialog_text, ImVec2(font * 26, font * 6));
            ctx.probe_field("dlg.case.text", c.dialog_text);
        }
        if (a == CaseAction::ReturnSolution) {
            ImGui::TextUnformatted(ctx.tr("case.field.drafter"));
            ImGui::InputText("##drafter", &c.dialog_person);
            ctx.probe_field("dlg.case.person", c.dialog_person);
        }
        if (a == CaseAction::Close) {
            ImGui::PushTextWrapPos(font * 26);
            ImGui::TextUnformatted(ctx.tr("case.dialog.close"));
            ImGui::PopTextWrapPos();
        }
        if (ImGui::Button(ctx.tr("case.dialog.confirm"))) {
            {
                const std::string id = c.open_id;
                const uint64_t rev = c.base_rev;
                std::string follow_id;
                CaseStep step;
                switch (a) {
                    case CaseAction::Answer: step = AnswerCase{id, rev, c.dialog_text}; break;
                    case CaseAction::Forward:
                        step = ForwardCase{id, rev, static_cast<Department>(c.dialog_department), c.dialog_other, c.dialog_person};
                        break;
                    case CaseAction::ReturnSolution: step = RecordSolution{id, rev, c.dialog_text, c.dialog_person}; break;
                    case CaseAction::Reply: step = ReplyToCustomer{id, rev, c.dialog_text}; break;
                    case CaseAction::FollowUp:
                        follow_id = new_record_id('c', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
                        step = OpenFollowUp{id, rev, follow_id, c.dialog_text};
                        break;
                    case CaseAction::Review: step = ReviewCase{id, rev, c.dialog_text}; break;
                    case CaseAction::Close: step = CloseCase{id, rev}; break;
                    default: step = ReopenCase{id, rev, c.dialog_text}; break;
                }
                const ApplyResult r = run_step(ctx, std::move(step));
                ctx.report(r);
                if (r.ok) {
                    ctx.toast(ctx.trf("case.done", {{"action", ctx.tr(label_key(a))}}));
                    open_case(ctx, follow_id.empty() ? id : follow_id);
                    close = true;
                }
            }
        }
        ctx.probe("dlg.case.confirm");
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("common.cancel")) || (ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsWindowAppearing())) close = true;
        ctx.probe("dlg.case.cancel");
    }
    if (close) {
        c.dialog = CaseDialog::None;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void leave_form(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    if (unsaved(ctx.state, ctx.ui.cases)) c.dialog = CaseDialog::Discard;
    else c.form_open = false;
}

// Alt+↑/↓: the previous or next case of the current list, saving first.
void step_case(const ViewContext& ctx, int delta) {
    CasesUi& c = ctx.ui.cases;
    if (c.creating || c.rows.empty() || !save(ctx)) return;
    const int next = std::clamp(c.selected + delta, 0, static_cast<int>(c.rows.size()) - 1);
    if (next == c.selected) return;
    c.selected = next;
    c.scroll_to_selected = true;
    open_case(ctx, ctx.state.cases.row(c.rows[static_cast<size_t>(next)]).id);
}

// A resolved case becomes a draft knowledge-base article (the seeds: frequent questions
// should become FAQ entries).
void draw_to_article(const ViewContext& ctx, const Case& stored) {
    if (stored.solution.empty() && stored.result.empty() && stored.acceptance.empty()) return;
    if (stored.description.empty() || ctx.ui.read_only) return;
    if (ImGui::SmallButton(ctx.tr("case.to_article"))) {
        const std::string id = new_record_id('f', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
        const ApplyResult r = ctx.dispatch(DraftArticleFromCase{stored.id, id});
        if (r.ok) {
            ctx.toast(ctx.tr("case.to_article_done"));
            open_article(ctx, id);
        } else {
            ctx.report(r);
        }
    }
    ctx.probe("case.to_article");
}

}  // namespace



void insert_into_case(const ViewContext& ctx, const std::string& text) {
    CasesUi& c = ctx.ui.cases;
    if (!c.form_open) return;
    const bool description = ctx.ui.text_cursor_field == "case.description";
    std::string& field = description ? c.edit.description.text : c.edit.acceptance.text;
    const bool here = description || ctx.ui.text_cursor_field == "case.acceptance";
    const size_t at = here ? std::min(field.size(), static_cast<size_t>(std::max(0, ctx.ui.text_cursor))) : field.size();
    field.insert(at, text);
    ctx.ui.text_cursor_field = description ? "case.description" : "case.acceptance";
    ctx.ui.text_cursor = static_cast<int>(at + text.size());
    ctx.ui.section = Section::Cases;
    ctx.toast(ctx.tr(description ? "tpl.inserted_description" : "tpl.inserted_acceptance"));
}

// ---- [SECTION] the form ---------------------------------------------------------------------------
void draw_case_form(const ViewContext& ctx) {
    CasesUi& c = ctx.ui.cases;
    Case stored_buf;
    const Case* stored = c.creating ? nullptr : stored_case(ctx, stored_buf);
    if (!c.creating && !stored) {  // deleted meanwhile (an import)
        c.form_open = false;
        return;
    }
    // Changed elsewhere since the form loaded it (another desk, through the team database).
    if (const Record* now = c.creating ? nullptr : ctx.state.records.find(kCaseType, c.open_id); now && now->rev != c.base_rev) {
        if (!unsaved(ctx.state, c)) {  // nothing typed: show the new version
            c.edit = *stored;
            c.loaded = *stored;
            c.base_rev = now->rev;
            c.changed_elsewhere = false;
        } else {
            c.changed_elsewhere = true;  // typed: kept; saving merges
        }
    } else {
        c.changed_elsewhere = false;
    }
    const float font = ImGui::GetFontSize();
    const bool popup = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup);
    // Esc in a field: Dear ImGui would revert what was typed since the field was entered.
    // Here Esc only leaves the field, keeping the text (nothing typed is lost); a second Esc
    // leaves the form, asking first when something is unsaved.
    bool esc_used = false;
    if (!popup && ImGui::GetActiveID() != 0 && ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        ImGui::ClearActiveID();
        c.editing_field.clear();
        esc_used = true;
    }
    if (!popup) {
        if (ImGui::Shortcut(ImGuiMod_Ctrl | ImGuiKey_S, ImGuiInputFlags_RouteGlobal)) save(ctx);
        // A route of our own: with the keyboard navigation cursor showing, a plain key check
        // loses Esc to ImGui (it hides the cursor); an active text field still takes it first.
        if (ImGui::Shortcut(ImGuiKey_Escape, ImGuiInputFlags_RouteGlobal) && !esc_used) leave_form(ctx);
        if (ImGui::Shortcut(ImGuiMod_Alt | ImGuiKey_DownArrow, ImGuiInputFlags_RouteGlobal)) step_case(ctx, 1);
        if (ImGui::Shortcut(ImGuiMod_Alt | ImGuiKey_UpArrow, ImGuiInputFlags_RouteGlobal)) step_case(ctx, -1);
    }
    Case& e = c.edit;

    // ---- header: back, form number, status, save, call
    if (ImGui::Button(ctx.tr("case.back"))) leave_form(ctx);
    ctx.probe("case.back");
    ImGui::SameLine();
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.4f);
    ImGui::TextUnformatted(c.creating ? ctx.tr("case.new_title") : stored->form_no.c_str());
    ImGui::PopFont();
    ctx.probe("case.form_no");
    if (stored) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(theme::kAccent, "%s", ctx.tr(label_key(stored->status)));
        ctx.probe("case.status");
        if (stored->priority == CasePriority::MajorComplaint) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kErrorText, "%s", ctx.tr("case.priority.major_complaint"));
        }
    }
    const bool dirty = unsaved(ctx.state, ctx.ui.cases, stored);
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx.ui.read_only);
    if (ImGui::Button(ctx.tr(c.creating ? "case.create" : "case.save"))) save(ctx);
    ctx.probe("case.save");
    ImGui::EndDisabled();
    if (dirty && !c.creating) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kWarnText, "%s", ctx.tr("case.unsaved"));
    }
    if (c.call_active) {
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("call.end"))) end_call(ctx);
        ctx.probe("call.end");
    } else if (stored && !ctx.ui.read_only) {
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("call.outbound"))) start_outbound_call(ctx);
        ctx.probe("call.outbound");
    }
    if (c.changed_elsewhere) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarnText);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(ctx.tr("case.changed_elsewhere"));
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ctx.probe("case.changed_elsewhere");
    }

    // ---- two columns: the form and the panel
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool wide = avail > font * 44.0f;
    const float panel_w = wide ? std::min(font * 17.0f, avail * 0.34f) : 0.0f;
    auto draw_panel = [&] {
        if (stored) {
            draw_clocks(ctx, *stored);
            draw_actions(ctx, *stored);
            draw_completeness(ctx, *stored);
            draw_case_suggestions(ctx, c.edit.description.text, c.open_id);
            draw_to_article(ctx, *stored);
            draw_script_runner(ctx, c.open_id);
            draw_case_callbacks(ctx, c.open_id);
            draw_links(ctx, *stored);
            draw_case_contacts(ctx, c.open_id);
            draw_history(ctx, c.open_id);
        } else {
            section_heading(ctx, tr_key("case.panel.new"));
            help_text(ctx.tr("case.new_help"));
            draw_case_suggestions(ctx, c.edit.description.text, std::string());
        }
    };
    ImGui::BeginChild("##form", ImVec2(wide ? avail - panel_w - font * 0.8f : 0, 0), ImGuiChildFlags_None);
    if (!wide && stored) {  // narrow window: clocks and actions first, the history last
        draw_clocks(ctx, *stored);
        draw_actions(ctx, *stored);
        draw_completeness(ctx, *stored);
    }
    const std::vector<FieldIssue> checks = check_case_fields(e);
    float label_w = font * 5.0f;
    for (const char* key : {tr_key("case.field.customer_name"), tr_key("case.form.salutation"), tr_key("case.form.mobile"),
                            tr_key("case.form.telephone"), tr_key("case.form.district"), tr_key("case.form.company"),
                            tr_key("case.form.address"), tr_key("case.form.category"), tr_key("case.form.kind"),
                            tr_key("case.form.channel"), tr_key("case.form.priority"), tr_key("case.field.order_no")})
        label_w = std::max(label_w, ImGui::CalcTextSize(ctx.tr(key)).x + font);
    label_w += ImGui::GetCursorPosX();
    const float field_w = std::min(ImGui::GetContentRegionAvail().x - label_w, font * 18.0f);

    section_heading(ctx, tr_key("case.section.customer"));
    text_field(ctx, tr_key("case.form.mobile"), "case.mobile", e.customer.mobile, label_w, field_w, "138 1234 5678", true);
    advice(ctx, checks, "customer.mobile", label_w);
    text_field(ctx, tr_key("case.form.telephone"), "case.telephone", e.customer.telephone, label_w, field_w, "010-62345678", true);
    advice(ctx, checks, "customer.telephone", label_w);
    // The caller's earlier cases, found by phone number.
    const std::string phone = !e.customer.mobile.empty() ? e.customer.mobile : e.customer.telephone;
    if (phone_digits(phone).size() >= 7) {
        if (c.earlier_version != ctx.state.version || c.earlier_phone != phone) {
            c.earlier = ctx.state.cases.by_phone(phone);
            c.earlier.erase(std::remove_if(c.earlier.begin(), c.earlier.end(), [&](uint32_t i) { return ctx.state.cases.row(i).id == c.open_id; }),
                            c.earlier.end());
            c.earlier_version = ctx.state.version;
            c.earlier_phone = phone;
        }
        const std::vector<uint32_t>& earlier = c.earlier;
        if (!earlier.empty()) {
            ImGui::SetCursorPosX(label_w);
            ImGui::TextColored(theme::kAccent, "%s", ctx.trf("case.earlier", {{"n", std::to_string(earlier.size())}}).c_str());
            ctx.probe("case.earlier");
            for (size_t k = 0; k < std::min<size_t>(5, earlier.size()); ++k) {
                const CaseRow& r = ctx.state.cases.row(earlier[k]);
                ImGui::SetCursorPosX(label_w);
                ImGui::PushID(static_cast<int>(k));
                const std::string label = r.form_no + " · " + format_time(ctx, r.created_ms, true) + " · " + ctx.tr(label_key(r.kind)) + " · " + ctx.tr(label_key(r.status));
                if (ImGui::SmallButton(label.c_str()) && save(ctx)) open_case(ctx, r.id);
                ImGui::PopID();
            }
        }
    }
    text_field(ctx, tr_key("case.field.customer_name"), "case.name", e.customer.name, label_w, field_w);
    text_field(ctx, tr_key("case.form.salutation"), "case.salutation", e.customer.salutation, label_w, font * 6.0f);
    // Mouse shortcuts only: Tab goes straight on to the next field.
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
    for (const char* key : {tr_key("case.salutation.mr"), tr_key("case.salutation.ms")}) {
        ImGui::SameLine();
        if (ImGui::SmallButton(ctx.tr(key))) e.customer.salutation = ctx.tr(key);
    }
    ImGui::PopItemFlag();
    text_field(ctx, tr_key("case.form.company"), "case.company", e.customer.company, label_w, field_w);
    text_field(ctx, tr_key("case.form.district"), "case.district", e.customer.district, label_w, field_w);
    text_field(ctx, tr_key("case.form.address"), "case.address", e.customer.address, label_w, ImGui::GetContentRegionAvail().x - label_w + ImGui::GetCursorPosX());

    section_heading(ctx, tr_key("case.section.problem"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("case.form.category"));
    ImGui::SameLine(label_w);
    for (int i = 0; i < static_cast<int>(CaseCategory::Count); ++i) {
        if (i) ImGui::SameLine();
        int v = static_cast<int>(e.category);
        // One tab stop for the group (the chosen one); ←/→ change the category there.
        ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, v != i);
        if (ImGui::RadioButton(ctx.tr(label_key(static_cast<CaseCategory>(i))), &v, i)) e.category = static_cast<CaseCategory>(v);
        if (ImGui::IsItemFocused()) {
            if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) e.category = static_cast<CaseCategory>((i + 1) % static_cast<int>(CaseCategory::Count));
            if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) e.category = static_cast<CaseCategory>((i + 3) % static_cast<int>(CaseCategory::Count));
        }
        ImGui::PopItemFlag();
        ctx.probe((std::string("case.category.") + name_of(static_cast<CaseCategory>(i))).c_str());
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("case.form.kind"));
    ImGui::SameLine(label_w);
    enum_combo(ctx, "case.kind", e.kind, field_w);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("case.form.channel"));
    ImGui::SameLine(label_w);
    enum_combo(ctx, "case.channel", e.channel, field_w);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("case.form.priority"));
    ImGui::SameLine(label_w);
    enum_combo(ctx, "case.priority", e.priority, field_w);
    advice(ctx, checks, "priority", label_w);
    text_field(ctx, tr_key("case.field.order_no"), "case.order_no", e.order_no, label_w, field_w);
    advice(ctx, checks, "order_no", label_w);

    text_section(ctx, tr_key("case.field.description"), "case.description", &e.description.text, e.description, tr_key("case.field.recorder"), font * 5.0f);
    advice(ctx, checks, "description", 0);
    text_section(ctx, tr_key("case.field.acceptance"), "case.acceptance", &e.acceptance.text, e.acceptance, tr_key("case.field.recorder"), font * 3.5f);
    if (stored) {
        if (stored->department != Department::None) {
            section_heading(ctx, tr_key("case.section.routing"));
            const std::string dept = stored->department == Department::Other ? stored->department_other : ctx.tr(label_key(stored->department));
            ImGui::TextUnformatted(ctx.trf("case.routing", {{"department", dept}, {"handler", stored->handler.empty() ? "—" : stored->handler}}).c_str());
            ctx.probe("case.routing");
        }
        text_section(ctx, tr_key("case.field.solution"), "case.solution", nullptr, stored->solution, tr_key("case.field.drafter"), 0);
        text_section(ctx, tr_key("case.field.result"), "case.result", nullptr, stored->result, tr_key("case.field.result_handler"), 0);
        text_section(ctx, tr_key("case.field.review"), "case.review", nullptr, stored->review, tr_key("case.field.reviewer"), 0);
    }
    if (!wide && stored) {
        draw_links(ctx, *stored);
        draw_case_contacts(ctx, c.open_id);
        draw_history(ctx, c.open_id);
    }
    ImGui::Dummy(ImVec2(0, font));
    ImGui::EndChild();

    if (wide) {
        ImGui::SameLine(0, font * 0.8f);
        ImGui::BeginChild("##panel", ImVec2(panel_w, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_AlwaysUseWindowPadding);
        draw_panel();
        ImGui::EndChild();
    }
    draw_dialog(ctx);
}

bool case_form_unsaved(const ViewContext& ctx) { return ctx.ui.cases.form_open && unsaved(ctx.state, ctx.ui.cases); }

bool editing_in_progress(const ViewContext& ctx) { return editing_in_progress(ctx.state, ctx.ui); }

bool editing_in_progress(const AppState& state, const UiState& u) {
    if (u.cases.form_open && unsaved(state, u.cases)) return true;
    if (u.faq.editing || u.templates.editing || u.templates.script_editing || u.surveys.builder_editing) return true;
    const SurveysUi& s = u.surveys;
    const bool answered = std::any_of(s.draft.answers.begin(), s.draft.answers.end(), [](const SurveyAnswer& a) { return a.answered(); });
    if (s.kiosk_open || answered || !s.result.empty() || !s.note.empty()) return true;  // a customer on the line or at the screen
    const ReportsUi& r = u.reports;
    return r.log_text != r.log_base || !r.log_unsaved.empty();
}


}  // namespace kefu
