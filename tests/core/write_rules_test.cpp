// The team database's rule table (core/write_rules): every record type the team shares has
// its row, the station's own settings none; the JSON the design document gets says the same.
// Whether the rows agree with the command tables is tested on a real server with the cases
// tools/rules.cpp writes (tests/e2e/rules.test.mjs).
#include <doctest/doctest.h>

#include "core/agents.hpp"
#include "core/callback.hpp"
#include "core/case.hpp"
#include "core/case_commands.hpp"
#include "core/contact.hpp"
#include "core/faq.hpp"
#include "core/settings.hpp"
#include "core/survey.hpp"
#include "core/team_doc.hpp"
#include "core/templates.hpp"
#include "core/work_log.hpp"
#include "core/write_rules.hpp"

using namespace kefu;

TEST_CASE("write rules: one row per record type the team shares, none for a station's own settings") {
    const char* shared[] = {kAgentType, kAccessType, kCallbackType, kCaseType, kConfigType, kContactType, kArticleType,
                            kArticleStatsType, kSurveyType, kResponseType, kTemplateType, kTemplateStatsType, kScriptType,
                            kScriptRunType, kWorkLogType};
    for (const char* t : shared) {
        CAPTURE(t);
        CHECK(team_replicates(t));
        REQUIRE(write_rule(t) != nullptr);
        CHECK(write_rule(t)->create.has_value());  // someone may write it
    }
    CHECK(write_rules().size() == std::size(shared));
    CHECK(!team_replicates(kSettingsType));
    CHECK(write_rule(kSettingsType) == nullptr);

    // The review is a lead's; configuration an administrator's; the access log is written once.
    const TypeRule* c = write_rule(kCaseType);
    REQUIRE(c);
    CHECK(*c->change == Role::Agent);
    CHECK(*c->remove == Role::Lead);
    REQUIRE(c->fields.size() == 2);
    CHECK(c->fields[0].field == "review");
    CHECK(c->fields[0].role == Role::Lead);
    CHECK(*write_rule(kConfigType)->change == Role::Admin);
    CHECK(!write_rule(kAccessType)->change.has_value());
    CHECK(!write_rule(kAccessType)->remove.has_value());
    CHECK(write_rule(kAgentType)->own->fields == std::vector<std::string>{"name", "pin"});

    const nlohmann::json j = write_rules_json();
    CHECK(j["format"] == "kefu.write-rules");
    CHECK(j["types"].size() == std::size(shared));
    CHECK(j["types"]["case"]["fields"][1] == nlohmann::json({{"field", "status"}, {"value", "reviewed"}, {"role", "lead"}}));
    CHECK(j["types"]["access"]["change"].is_null());
    CHECK(j["types"]["template"]["own"]["when"] == nlohmann::json({{"field", "scope"}, {"value", "personal"}}));
}
