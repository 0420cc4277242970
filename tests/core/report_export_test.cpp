#include "core/report_export.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace kefu;

TEST_CASE("CSV: commas, quotes, newlines and Chinese are quoted as RFC 4180 says; formulas are defused") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("王丽，女士") == "王丽，女士");  // a full-width comma needs no quotes
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("他说\"好\"") == "\"他说\"\"好\"\"\"");
    CHECK(csv_field("第一行\n第二行") == "\"第一行\n第二行\"");
    CHECK(csv_field("x\r\ny") == "\"x\r\ny\"");
    CHECK(csv_field("=SUM(A1)") == "'=SUM(A1)");
    CHECK(csv_field("-5") == "'-5");
    CHECK(csv_field("") == "");
    const std::string csv = to_csv({{"指标", "数值"}, {"回访率", "66.7%"}, {"备注", "a,\"b\""}});
    CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);  // the BOM Excel needs
    CHECK(csv == "\xEF\xBB\xBF指标,数值\r\n回访率,66.7%\r\n备注,\"a,\"\"b\"\"\"\r\n");
}

TEST_CASE("the KPI table and JSON: every KPI, values, targets, no data as empty / null") {
    KpiReport r;
    r.kpis.resize(static_cast<size_t>(Kpi::Count));
    for (size_t i = 0; i < r.kpis.size(); ++i) r.kpis[i].kpi = static_cast<Kpi>(i);
    KpiValue& cb = r.kpis[static_cast<size_t>(Kpi::CallbackRate)];
    cb.has = true, cb.value = 200.0 / 3.0, cb.target = 60, cb.numerator = 2, cb.denominator = 3;
    const auto table = kpi_table(r, [](std::string_view k) { return std::string(k); });
    REQUIRE(table.size() == 1 + static_cast<size_t>(Kpi::Count));
    const auto& row = table[1 + static_cast<size_t>(Kpi::CallbackRate)];
    CHECK(row[0] == "report.kpi.callback_rate");
    CHECK(row[1] == "66.7%");
    CHECK(row[2] == "≥ 60%");
    CHECK(row[3] == "report.ok");
    CHECK(table[1][1].empty());  // on time: no data

    ReportScope scope;
    scope.from_day = 20'392;  // 2025-10-31
    scope.to_day = 20'416;
    const nlohmann::json doc = nlohmann::json::parse(kpi_report_json(r, scope));
    CHECK(doc["format"] == "kefu.report");
    CHECK(doc["from"] == "2025-10-31");
    CHECK(doc["kpis"].size() == static_cast<size_t>(Kpi::Count));
    CHECK(doc["kpis"][static_cast<size_t>(Kpi::CallbackRate)]["met"] == true);
    CHECK(doc["kpis"][0]["value"].is_null());
}
