// Reports (报表): the dashboard — the seeds' KPIs for a period and scope, each against its
// target (green when met, red when missed) with its definition; a click lists the records
// behind the number; the open backlog by age, deadline breaches per rule and the
// satisfaction trend as charts. Every number comes from core/reports.
#include <algorithm>
#include <iterator>
#include <cmath>
#include <cstdio>

#include "core/agents.hpp"
#include "core/civil_date.hpp"
#include "core/contact.hpp"
#include "core/report_export.hpp"
#include "core/working_set.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

namespace {

const ImVec4 kBorder(0.886f, 0.910f, 0.941f, 1.0f);
// The periods the dashboard and the reports offer, in the order of their list.
constexpr Period kOffered[] = {Period::Today,     Period::ThisWeek, Period::ThisMonth, Period::LastMonth, Period::Last30Days,
                               Period::ThisYear,  Period::LastWeek, Period::Yesterday, Period::Custom};
constexpr int64_t kMaxSpanDays = 20 * 366;  // a custom period of up to 20 years

std::string format_value(const ViewContext& ctx, const KpiValue& k) {
    if (!k.has) return "—";
    char buf[32];
    switch (k.kpi) {
        case Kpi::Satisfaction: std::snprintf(buf, sizeof buf, "%.1f", k.value); return ctx.trf("report.unit.points", {{"v", buf}});
        case Kpi::CallDuration: std::snprintf(buf, sizeof buf, "%.1f", k.value); return ctx.trf("report.unit.minutes", {{"v", buf}});
        case Kpi::Breaches:
        case Kpi::Backlog: std::snprintf(buf, sizeof buf, "%.0f", k.value); return ctx.trf("report.unit.cases", {{"v", buf}});
        default: std::snprintf(buf, sizeof buf, "%.1f%%", k.value); return buf;
    }
}

std::string target_text(const ViewContext& ctx, const KpiValue& k, const KpiReport& r) {
    char buf[48];
    switch (k.kpi) {
        case Kpi::Satisfaction: return ctx.tr("report.target.satisfaction");
        case Kpi::CallDuration:
            return ctx.trf("report.target.calls", {{"over3", std::to_string(r.calls_over_target)}, {"over5", std::to_string(r.calls_over_limit)},
                                                   {"n", std::to_string(r.calls)}});
        case Kpi::Breaches: return ctx.trf("report.target.breaches", {{"n", std::to_string(k.denominator)}});
        case Kpi::Backlog: return ctx.trf("report.target.backlog", {{"n", std::to_string(k.numerator)}});
        case Kpi::FirstContact:
            return ctx.trf("report.target.ratio_only", {{"num", std::to_string(k.numerator)}, {"den", std::to_string(k.denominator)}});
        default:
            std::snprintf(buf, sizeof buf, "%.0f%%", k.target);
            return ctx.trf("report.target.rate", {{"target", buf}, {"num", std::to_string(k.numerator)}, {"den", std::to_string(k.denominator)}});
    }
}

void refresh(const ViewContext& ctx, const ReportScope& scope, int64_t now) {
    ReportsUi& r = ctx.ui.reports;
    const std::string key = std::to_string(scope.from_day) + "/" + std::to_string(scope.to_day) + "/" + scope.agent + "/" + scope.team + "/" +
                            std::to_string(scope.category) + "/" + std::to_string(scope.department) + "/" + std::to_string(now / kMsPerMinute);
    // Choosing another card lists its records; the figures stay as computed.
    const bool figures = r.cached_version != ctx.state.version || r.cached_key != key;
    if (!figures && r.drill_of == r.selected) return;
    r.drill_of = r.selected;
    r.drill = r.selected >= 0 ? kpi_drilldown(ctx.state, scope, static_cast<Kpi>(r.selected), now) : std::vector<DrillRow>{};
    if (!figures) return;
    r.cached_version = ctx.state.version;
    r.cached_key = key;
    r.report = compute_kpis(ctx.state, scope, now);
    ScoreFilter f = score_filter(scope);
    f.from_day = scope.to_day - 29;  // the trend: the last 30 days of the period
    r.trend = ctx.state.responses.grouped(f, ScoreGroup::Day);
    CaseQuery overdue;
    overdue.open_only = true;
    overdue.sla_states = 1u << static_cast<unsigned>(SlaState::Breached);
    r.overdue = ctx.state.cases.query(overdue, now).size();
    r.callbacks_due = due_callbacks(ctx.state, now).size();
}

void kpi_card(const ViewContext& ctx, const KpiValue& k, const KpiReport& rep, float width) {
    ReportsUi& r = ctx.ui.reports;
    const float font = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    // Tall enough for the definition wrapped on two lines (three in a narrow window).
    const std::string def = ctx.tr(definition_key(k.kpi));
    const float def_h = rich_text({RichSpan{def}}, width - font * 1.4f, false);
    const ImVec2 size(width, font * 5.0f + def_h);
    ImGui::PushID(static_cast<int>(k.kpi));
    // Drawn first, the button last: the button is the item the row's layout continues from.
    const bool selected = r.selected == static_cast<int>(k.kpi);
    const bool hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(p, ImVec2(p.x + size.x, p.y + size.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(hovered ? ImVec4(0.973f, 0.980f, 0.996f, 1) : theme::kCardBg), 6.0f);
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(selected ? theme::kAccent : kBorder), 6.0f, 0, selected ? 2.0f : 1.0f);
    const bool has_target = !std::isnan(k.target) && k.has;
    const ImVec4 colour = !has_target ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : k.ok() ? theme::kOkText : theme::kErrorText;
    const float pad = font * 0.7f;
    dl->AddText(ImVec2(p.x + pad, p.y + pad * 0.6f), ImGui::GetColorU32(theme::kMutedText), ctx.tr(label_key(k.kpi)));
    if (has_target) {
        const char* mark = ctx.tr(k.ok() ? "report.ok" : "report.missed");
        const float w = ImGui::CalcTextSize(mark).x;
        dl->AddText(ImVec2(p.x + size.x - w - pad, p.y + pad * 0.6f), ImGui::GetColorU32(colour), mark);
    }
    const std::string value = format_value(ctx, k);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.7f);
    dl->AddText(ImVec2(p.x + pad, p.y + font * 1.5f), ImGui::GetColorU32(colour), value.c_str());
    ImGui::PopFont();
    const std::string target = target_text(ctx, k, rep);
    dl->AddText(ImVec2(p.x + pad, p.y + font * 3.5f), ImGui::GetColorU32(theme::kMutedText), target.c_str());
    // The definition, wrapped inside the card by the Chinese line-breaking rules.
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + font * 4.7f));
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
    rich_text({RichSpan{def}}, size.x - pad * 2);
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(p);
    if (ImGui::InvisibleButton("##card", size)) r.selected = selected ? -1 : static_cast<int>(k.kpi);
    ctx.probe((std::string("report.kpi.") + name_of(k.kpi)).c_str());
    ImGui::PopID();
}

void draw_drill(const ViewContext& ctx) {
    ReportsUi& r = ctx.ui.reports;
    const float font = ImGui::GetFontSize();
    if (r.selected < 0) return;
    const Kpi kpi = static_cast<Kpi>(r.selected);
    section_heading(ctx, tr_key("report.drill"));
    size_t misses = 0;
    for (const DrillRow& d : r.drill) misses += !d.hit;
    ImGui::TextColored(theme::kMutedText, "%s",
                       ctx.trf("report.drill_count", {{"kpi", ctx.tr(label_key(kpi))}, {"n", std::to_string(r.drill.size())},
                                                      {"miss", std::to_string(misses)}})
                           .c_str());
    ctx.probe("report.drill_count");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##drill", 4, flags, ImVec2(0, std::min(font * 16.0f, font * 1.7f * static_cast<float>(r.drill.size() + 1) + font)))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, font * 1.5f);
    ImGui::TableSetupColumn(ctx.tr(kpi == Kpi::CallDuration ? "callback.col.time" : "callback.col.case"), ImGuiTableColumnFlags_WidthFixed, font * 9.0f);
    ImGui::TableSetupColumn(ctx.tr("report.col.customer"), ImGuiTableColumnFlags_WidthFixed, font * 8.0f);
    ImGui::TableSetupColumn(ctx.tr("report.col.detail"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(r.drill.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const DrillRow& d = r.drill[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::PushID(i);
            ImGui::TableNextColumn();
            ImGui::TextColored(d.hit ? theme::kOkText : theme::kErrorText, "%s", d.hit ? "√" : "×");  // both in the GB2312 font
            if (kpi == Kpi::CallDuration) {
                const Record* rec = ctx.state.records.find(kContactType, d.id);
                if (!rec) {
                    ImGui::PopID();
                    continue;
                }
                const Contact c = contact_from_record(*rec);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_time(ctx, c.started_ms, true).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.customer.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted((format_span(ctx, c.duration_ms()) + "  " + c.question).c_str());
            } else {
                const CaseRow* row = ctx.state.cases.find(d.id);
                ImGui::TableNextColumn();
                if (row && ImGui::SmallButton(row->form_no.c_str())) open_case(ctx, d.id);
                if (i == 0) ctx.probe("report.drill0");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row ? row->customer.c_str() : "");
                ImGui::TableNextColumn();
                if (row) ImGui::TextUnformatted((std::string(ctx.tr(label_key(row->status))) + " · " + ctx.tr(label_key(row->kind))).c_str());
            }
            ImGui::PopID();
        }
    ImGui::EndTable();
}

// The period and scope bar shared by the dashboard and the reports.
ReportScope draw_scope_bar(const ViewContext& ctx, int64_t today) {
    ReportsUi& r = ctx.ui.reports;
    const float font = ImGui::GetFontSize();
    ReportScope scope;
    period_combo(ctx, "report.period", r.period, kOffered, std::size(kOffered));
    ImGui::SameLine();
    if (r.period == Period::Custom) {
        // From–to as typed; a date that does not parse, or a reversed or too long span,
        // is marked and the last good period stays in use.
        if (!r.custom_from) r.custom_from = today - 29, r.custom_to = today;
        if (r.custom_from_text.empty()) r.custom_from_text = format_ymd(civil_from_days(r.custom_from));
        if (r.custom_to_text.empty()) r.custom_to_text = format_ymd(civil_from_days(r.custom_to));
        CivilDate a{}, b{};
        const bool ok_a = parse_ymd(r.custom_from_text, a), ok_b = parse_ymd(r.custom_to_text, b);
        const int64_t from = ok_a ? days_from_civil(a) : 0, to = ok_b ? days_from_civil(b) : 0;
        const bool valid = ok_a && ok_b && from <= to && to - from <= kMaxSpanDays;
        if (valid) r.custom_from = from, r.custom_to = to;
        auto date_field = [&](const char* id, std::string& text, bool ok) {
            ImGui::SetNextItemWidth(font * 6.5f);
            if (!ok) ImGui::PushStyleColor(ImGuiCol_FrameBg, theme::kErrorBg);
            ImGui::InputText(id, &text);
            if (!ok) ImGui::PopStyleColor();
            ctx.probe_field(id + 2, text);
        };
        date_field("##report.from", r.custom_from_text, ok_a && valid);
        ImGui::SameLine();
        ImGui::TextUnformatted("–");
        ImGui::SameLine();
        date_field("##report.to", r.custom_to_text, ok_b && valid);
        if (!valid) {
            ImGui::SameLine();
            ImGui::TextColored(theme::kErrorText, "%s", ctx.tr(ok_a && ok_b && from <= to ? "report.period.too_long" : "report.period.invalid"));
        }
        scope.from_day = r.custom_from;
        scope.to_day = r.custom_to;
    } else {
        period_days(r.period, today, scope.from_day, scope.to_day);
        ImGui::TextColored(theme::kMutedText, "%s", period_text(scope).c_str());
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 8.0f);
    if (ImGui::BeginCombo("##agent", r.agent.empty() ? ctx.tr("survey.all_agents") : r.agent.c_str(), ImGuiComboFlags_HeightLarge)) {
        // A filter first: a team of a thousand agents does not fit a list.
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##agent_filter", ctx.tr("report.agent_filter"), &r.agent_filter);
        if (ImGui::Selectable(ctx.tr("survey.all_agents"), r.agent.empty())) r.agent.clear();
        std::vector<std::string> agents;
        for (const std::string& a : ctx.state.cases.agents())
            if (r.agent_filter.empty() || fold_for_search(a).find(fold_for_search(r.agent_filter)) != std::string::npos) agents.push_back(a);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(agents.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const std::string& a = agents[static_cast<size_t>(i)];
                if (ImGui::Selectable(a.c_str(), r.agent == a)) r.agent = a;
            }
        ImGui::EndCombo();
    }
    ctx.probe("report.agent");
    // Teams (班组) of the agent profiles, when there are any.
    std::vector<std::string> teams;
    for (const AgentProfile& a : all_agents(ctx.state.records))
        if (!a.team.empty() && std::find(teams.begin(), teams.end(), a.team) == teams.end()) teams.push_back(a.team);
    if (!teams.empty() || !r.team.empty()) {
        std::sort(teams.begin(), teams.end());
        ImGui::SameLine();
        ImGui::SetNextItemWidth(font * 7.0f);
        if (ImGui::BeginCombo("##team", r.team.empty() ? ctx.tr("report.all_teams") : r.team.c_str())) {
            if (ImGui::Selectable(ctx.tr("report.all_teams"), r.team.empty())) r.team.clear();
            for (const std::string& t : teams)
                if (ImGui::Selectable(t.c_str(), r.team == t)) r.team = t;
            ImGui::EndCombo();
        }
        ctx.probe("report.team");
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 7.0f);
    if (ImGui::BeginCombo("##category", r.category < 0 ? ctx.tr("survey.all_categories") : ctx.tr(label_key(static_cast<CaseCategory>(r.category))))) {
        if (ImGui::Selectable(ctx.tr("survey.all_categories"), r.category < 0)) r.category = -1;
        for (int i = 0; i < static_cast<int>(CaseCategory::Count); ++i)
            if (ImGui::Selectable(ctx.tr(label_key(static_cast<CaseCategory>(i))), r.category == i)) r.category = i;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 7.0f);
    if (ImGui::BeginCombo("##department", r.department < 0 ? ctx.tr("report.all_departments") : ctx.tr(label_key(static_cast<Department>(r.department))))) {
        if (ImGui::Selectable(ctx.tr("report.all_departments"), r.department < 0)) r.department = -1;
        for (int i = 1; i < static_cast<int>(Department::Count); ++i)
            if (ImGui::Selectable(ctx.tr(label_key(static_cast<Department>(i))), r.department == i)) r.department = i;
        ImGui::EndCombo();
    }
    // A station keeping a working set holds only part of an older period: it says so.
    if (const Settings& st = ctx.state.settings; st.in_team() && st.team_keep_days != kKeepEverything) {
        const int64_t cutoff_day = ctx.state.calendar.local_day(working_set_cutoff_ms(static_cast<int64_t>(ctx.platform.now_ms()), st.team_keep_days));
        if (scope.from_day < cutoff_day) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarnText);
            rich_text({{ctx.trf("report.working_set", {{"n", std::to_string(st.team_keep_days)}, {"date", format_ymd(civil_from_days(cutoff_day))}})}},
                      ImGui::GetContentRegionAvail().x);
            ImGui::PopStyleColor();
            ctx.probe("report.working_set");
        }
    }
    scope.agent = r.agent;
    set_team(scope, ctx.state.records, r.team);
    scope.category = r.category;
    scope.department = r.department;
    return scope;
}

void draw_named_reports(const ViewContext& ctx, const ReportScope& scope, int64_t now) {
    ReportsUi& r = ctx.ui.reports;
    const float font = ImGui::GetFontSize();
    const std::string key = std::to_string(r.kind) + "/" + std::to_string(scope.from_day) + "/" + std::to_string(scope.to_day) + "/" + scope.agent + "/" + scope.team + "/" +
                            std::to_string(scope.category) + "/" + std::to_string(scope.department) + "/" + std::to_string(ctx.state.version) + "/" +
                            std::to_string(now / kMsPerMinute) + "/" + language_tag(ctx.tr_.language());
    if (r.doc_key != key) {
        const double t0 = ctx.platform.now_ms();
        r.doc = build_report(ctx.state, static_cast<ReportKind>(r.kind), scope, now, ctx.tr_);
        r.doc_ms = ctx.platform.now_ms() - t0;
        r.doc_key = key;
    }
    // The reports, one per line, on the left; the one chosen on the right.
    ImGui::BeginChild("##kinds", ImVec2(font * 11.0f, 0), ImGuiChildFlags_Borders);
    for (int k = 0; k < static_cast<int>(ReportKind::Count); ++k) {
        if (ImGui::Selectable(ctx.tr(label_key(static_cast<ReportKind>(k))), r.kind == k, ImGuiSelectableFlags_None, ImVec2(0, font * 1.8f)) &&
            r.kind != k) {
            r.kind = k;
            r.doc_scroll_top = true;
        }
        ctx.probe((std::string("report.kind.") + name_of(static_cast<ReportKind>(k))).c_str());
    }
    ImGui::Dummy(ImVec2(0, font * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
    rich_text({RichSpan{ctx.tr(r.kind == static_cast<int>(ReportKind::DailyComplaints) ? "report.kind_hint.daily" : "report.kind_hint")}},
              ImGui::GetContentRegionAvail().x);
    ImGui::PopStyleColor();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const std::string stem = "kefu-" + r.doc.kind + "-" + (scope.from_day == scope.to_day || r.kind == static_cast<int>(ReportKind::DailyComplaints)
                                                                ? format_ymd(civil_from_days(scope.to_day))
                                                                : format_ymd(civil_from_days(scope.from_day)) + "-" + format_ymd(civil_from_days(scope.to_day)));
    if (ImGui::Button(ctx.tr("report.export_html"))) download_doc(ctx, r.doc, stem, "html");
    ctx.probe("rdoc.export_html");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("report.export_csv"))) download_doc(ctx, r.doc, stem, "csv");
    ctx.probe("rdoc.export_csv");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("report.export_json"))) download_doc(ctx, r.doc, stem, "json");
    ctx.probe("rdoc.export_json");
    ImGui::SameLine();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.trf("report.doc.built_in", {{"ms", std::to_string(static_cast<int>(r.doc_ms + 0.5))}}).c_str());
    if (r.doc_scroll_top) ImGui::SetNextWindowScroll(ImVec2(0, 0));  // another report starts at its top
    r.doc_scroll_top = false;
    ImGui::BeginChild("##doc", ImVec2(0, 0), ImGuiChildFlags_Borders);
    draw_report_doc(ctx, r.doc);
    ImGui::EndChild();
    ImGui::EndGroup();
}

void draw_dashboard(const ViewContext& ctx, const ReportScope& scope, int64_t now) {
    ReportsUi& r = ctx.ui.reports;
    const float font = ImGui::GetFontSize();
    refresh(ctx, scope, now);
    // ---- export what is shown
    const std::string stem = "kefu-report-" + format_ymd(civil_from_days(scope.from_day)) + "-" + format_ymd(civil_from_days(scope.to_day));
    if (ImGui::Button(ctx.tr("report.export_csv")))
        offer_file(ctx, stem + ".csv", "text/csv;charset=utf-8", to_csv(kpi_table(r.report, [&](std::string_view k) { return std::string(ctx.tr(k)); })));
    ctx.probe("report.export_csv");
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("report.export_json"))) offer_file(ctx, stem + ".json", "application/json", kpi_report_json(r.report, scope));
    ctx.probe("report.export_json");

    ImGui::BeginChild("##dashboard", ImVec2(0, 0), ImGuiChildFlags_None);
    // ---- the KPI cards, three or four to a row
    const float avail = ImGui::GetContentRegionAvail().x - font * 0.5f;
    const int per_row = avail > font * 60.0f ? 4 : 3;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float card_w = (avail - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    for (size_t i = 0; i < r.report.kpis.size(); ++i) {
        if (i % static_cast<size_t>(per_row) != 0) ImGui::SameLine();
        kpi_card(ctx, r.report.kpis[i], r.report, card_w);
    }
    draw_drill(ctx);

    // ---- what needs action now: cases past a deadline, callbacks due
    section_heading(ctx, tr_key("report.action"));
    {
        CaseQuery q;
        q.open_only = true;
        q.sla_states = 1u << static_cast<unsigned>(SlaState::Breached);
        const size_t overdue = r.overdue;
        if (ImGui::Button(ctx.trf("report.action.overdue", {{"n", std::to_string(overdue)}}).c_str())) {
            CasesUi& c = ctx.ui.cases;
            c.query = q;
            c.query.sort = CaseSort::Sla;
            c.form_open = false;
            ctx.ui.section = Section::Cases;
        }
        ctx.probe("report.action.overdue");
        ImGui::SameLine();
        const size_t due = r.callbacks_due;
        if (ImGui::Button(ctx.trf("report.action.callbacks", {{"n", std::to_string(due)}}).c_str())) {
            ctx.ui.surveys.tab = SurveysTab::Callbacks;
            ctx.ui.section = Section::Surveys;
        }
        ctx.probe("report.action.callbacks");
    }

    // ---- charts: backlog by age, breaches per rule, the satisfaction trend
    const float half = (avail - gap) * 0.5f;
    ImGui::BeginGroup();
    section_heading(ctx, tr_key("report.backlog_by_age"));
    ChartSpec backlog;
    backlog.integer = true;
    backlog.labels = {ctx.tr("report.age.0"), ctx.tr("report.age.1"), ctx.tr("report.age.2"), ctx.tr("report.age.3")};
    ChartSeries open{ctx.tr("report.kpi.backlog"), {}, ImGui::GetColorU32(theme::kAccent)};
    for (int64_t n : r.report.backlog_by_age) open.values.push_back(static_cast<double>(n));
    backlog.series.push_back(open);
    bar_chart(ctx, "report.backlog_chart", backlog, ImVec2(half, font * 10.0f));
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    section_heading(ctx, tr_key("report.breaches_by_rule"));
    if (r.report.breaches_by_rule.empty()) {
        ImGui::TextColored(theme::kOkText, "%s", ctx.tr("report.no_breaches"));
    } else {
        ChartSpec breaches;
        breaches.integer = true;
        ChartSeries series{ctx.tr("report.kpi.breaches"), {}, ImGui::GetColorU32(theme::kErrorText)};
        for (const auto& [id, n] : r.report.breaches_by_rule) {
            std::string name = id;
            for (const SlaRule& rule : ctx.state.sla_rules)
                if (rule.id == id) name = rule_name(ctx, rule);
            breaches.labels.push_back(name);
            series.values.push_back(static_cast<double>(n));
        }
        breaches.series.push_back(series);
        bar_chart(ctx, "report.breach_chart", breaches, ImVec2(half, font * 10.0f));
    }
    ImGui::EndGroup();
    section_heading(ctx, tr_key("report.trend30"));
    if (r.trend.empty()) {
        ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("survey.no_data"));
    } else {
        ChartSpec line;
        line.target = kSatisfactionTarget;
        line.target_label = ctx.tr("survey.target95");
        ChartSeries score{ctx.tr("survey.kpi.score"), {}, ImGui::GetColorU32(theme::kAccent)};
        for (const auto& [day, sc] : r.trend) {
            line.labels.push_back(day.substr(5));
            score.values.push_back(sc.has_score() ? sc.score() : NAN);
        }
        line.series.push_back(score);
        line_chart(ctx, "report.trend", line, ImVec2(avail, font * 10.0f));
    }
    ImGui::EndChild();
}

}  // namespace

void draw_reports(const ViewContext& ctx) {
    ReportsUi& r = ctx.ui.reports;
    const float font = ImGui::GetFontSize();
    const int64_t now = static_cast<int64_t>(ctx.platform.now_ms());
    const int64_t today = ctx.state.calendar.local_day(now);
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.5f);
    ImGui::TextUnformatted(ctx.tr("nav.reports"));
    ImGui::PopFont();
    ctx.probe("section.title");
    ImGui::SameLine(0, font * 1.5f);
    if (tab_button(ctx, tr_key("report.tab_dashboard"), r.tab == ReportsTab::Dashboard, "report.tab_dashboard")) r.tab = ReportsTab::Dashboard;
    ImGui::SameLine();
    if (tab_button(ctx, tr_key("report.tab_reports"), r.tab == ReportsTab::Reports, "report.tab_reports")) r.tab = ReportsTab::Reports;
    ImGui::SameLine();
    if (tab_button(ctx, tr_key("report.tab_log"), r.tab == ReportsTab::WorkLog, "report.tab_log")) r.tab = ReportsTab::WorkLog;
    ImGui::SameLine(0, font);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr(r.tab == ReportsTab::Dashboard ? "report.hint" : r.tab == ReportsTab::Reports ? "report.hint_reports" : "report.hint_log"));
    if (r.tab == ReportsTab::WorkLog) {
        draw_work_log(ctx);
        return;
    }
    const ReportScope scope = draw_scope_bar(ctx, today);
    if (r.tab == ReportsTab::Reports) draw_named_reports(ctx, scope, now);
    else draw_dashboard(ctx, scope, now);
}

// window.kefu.state().reports (the automation bridge, app.cpp).
nlohmann::json reports_snapshot(const SnapshotContext& snap) {
    const ReportsUi& r = snap.ui.reports;
    nlohmann::json kpis = nlohmann::json::object();
    for (const KpiValue& k : r.report.kpis) kpis[name_of(k.kpi)] = k.has ? nlohmann::json(k.value) : nlohmann::json();
    nlohmann::json kpi_parts = nlohmann::json::object();
    for (const KpiValue& k : r.report.kpis) kpi_parts[name_of(k.kpi)] = {k.numerator, k.denominator};
    nlohmann::json tables = nlohmann::json::array();
    for (const DocSection& sec : r.doc.sections)
        for (const DocTable& t : sec.tables) tables.push_back({{"title", t.title}, {"rows", t.rows.size()}, {"first", t.rows.empty() ? nlohmann::json() : nlohmann::json(t.rows[0])}});
    return nlohmann::json{{"tab", name_of(r.tab)}, {"period", name_of(r.period)}, {"kpis", kpis}, {"kpi_parts", kpi_parts}, {"selected", r.selected},
                          {"drill", r.drill.size()},
                          {"drill_misses", std::count_if(r.drill.begin(), r.drill.end(), [](const DrillRow& d) { return !d.hit; })},
                          {"kind", r.kind}, {"doc", {{"kind", r.doc.kind}, {"title", r.doc.title}, {"period", r.doc.period}, {"tables", tables}}},
                          {"doc_ms", r.doc_ms},
                          {"log", {{"rev", r.log_rev}, {"dirty", r.log_text != r.log_base}, {"text", r.log_text}}}};
}

const char* name_of(ReportsTab t) {
    static const char* const kNames[] = {"dashboard", "reports", "work_log"};
    static_assert(std::size(kNames) == static_cast<size_t>(ReportsTab::Count), "one name per tab");
    return t < ReportsTab::Count ? kNames[static_cast<size_t>(t)] : "?";
}

}  // namespace kefu
