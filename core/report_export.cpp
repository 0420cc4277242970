#include "core/report_export.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"

namespace kefu {

std::string csv_field(std::string_view v) {
    std::string s(v);
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, "'");
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string to_csv(const std::vector<std::vector<std::string>>& rows) {
    std::string out = "\xEF\xBB\xBF";
    for (const std::vector<std::string>& row : rows) {
        for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
        out += "\r\n";
    }
    return out;
}

namespace {
std::string number(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
}  // namespace

namespace {
bool is_rate(Kpi k) { return k != Kpi::Satisfaction && k != Kpi::CallDuration && k != Kpi::Breaches && k != Kpi::Backlog; }
}  // namespace

std::string kpi_value_text(const KpiValue& k) {
    if (!k.has) return "";
    return number(k.value, k.kpi == Kpi::Breaches || k.kpi == Kpi::Backlog ? 0 : 1) + (is_rate(k.kpi) ? "%" : "");
}

std::string kpi_target_text(const KpiValue& k) {
    if (std::isnan(k.target)) return "";
    return (k.higher_is_better ? "≥ " : "≤ ") + number(k.target, 0) + (is_rate(k.kpi) ? "%" : "");
}

std::string kpi_met_text(const KpiValue& k, const TranslateFn& tr) {
    return std::isnan(k.target) || !k.has ? "" : tr(k.ok() ? "report.ok" : "report.missed");
}

std::vector<std::vector<std::string>> kpi_table(const KpiReport& r, const TranslateFn& tr) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({tr("report.csv.kpi"), tr("report.csv.value"), tr("report.csv.target"), tr("report.csv.met"), tr("report.csv.numerator"),
                    tr("report.csv.denominator"), tr("report.csv.definition")});
    for (const KpiValue& k : r.kpis)
        rows.push_back({tr(label_key(k.kpi)), kpi_value_text(k), kpi_target_text(k), kpi_met_text(k, tr), std::to_string(k.numerator),
                        std::to_string(k.denominator), tr(definition_key(k.kpi))});
    return rows;
}

std::string kpi_report_json(const KpiReport& r, const ReportScope& scope) {
    nlohmann::json kpis = nlohmann::json::array();
    for (const KpiValue& k : r.kpis) {
        nlohmann::json item = {{"kpi", name_of(k.kpi)}, {"numerator", k.numerator}, {"denominator", k.denominator}};
        item["value"] = k.has ? nlohmann::json(k.value) : nlohmann::json();
        item["target"] = std::isnan(k.target) ? nlohmann::json() : nlohmann::json(k.target);
        item["met"] = std::isnan(k.target) || !k.has ? nlohmann::json() : nlohmann::json(k.ok());
        kpis.push_back(std::move(item));
    }
    nlohmann::json rules = nlohmann::json::object();
    for (const auto& [id, n] : r.breaches_by_rule) rules[id] = n;
    const nlohmann::json doc = {
        {"format", "kefu.report"},
        {"version", 1},
        {"from", format_ymd(civil_from_days(scope.from_day))},
        {"to", format_ymd(civil_from_days(scope.to_day))},
        {"scope", {{"agent", scope.agent}, {"category", scope.category}, {"department", scope.department}}},
        {"kpis", kpis},
        {"calls", {{"count", r.calls}, {"over_3_min", r.calls_over_target}, {"over_5_min", r.calls_over_limit}}},
        {"breaches_by_rule", rules},
        {"backlog_by_age", r.backlog_by_age},
    };
    return doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kefu
