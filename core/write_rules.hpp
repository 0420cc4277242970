// Who may write which record (issue "Team security"): the rule table the team database's
// validation function enforces, record type by record type. `permitted()` decides command by
// command (each family's role table); this says the same thing in terms of the documents
// those commands write, because the server sees documents, never commands.
//
// The server reads the table as JSON (write_rules_json(), printed by tools/rules.cpp at build
// time into the design document, docs/team-security.md). tools/rules.cpp also runs commands
// of every family as agent, lead and administrator through apply_family() and writes each
// change as the document the push would send, with permitted()'s answer: the e2e test
// tests/e2e/rules.test.mjs runs those cases through the design document's function, so the
// table and the command tables cannot drift apart unnoticed.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/command.hpp"
#include "core/record.hpp"

namespace kefu {

// A field that needs more than the type's role: any change of it (`value` empty), or its
// becoming `value` (a case's status becoming "reviewed").
struct FieldRule {
    std::string field;
    std::string value;
    Role role = Role::Lead;
};

// A record that belongs to one agent, who may write it at `role` although the type needs
// more: the owner is the record's id (`owner_field` "id") or a data field; when `when_field` is
// set, that data field must hold `when_value` before and after (a template's "scope" is
// "personal"); `fields`, when not empty, are the only data fields the owner may change this
// way (an agent's own name and PIN, never their role).
struct OwnRule {
    std::string owner_field;
    std::string when_field, when_value;
    std::vector<std::string> fields;
    Role role = Role::Agent;
};

struct TypeRule {
    std::string type;
    std::optional<Role> create, change, remove;  // nullopt: nobody (an access-log entry never changes)
    std::vector<FieldRule> fields;
    std::optional<OwnRule> own;
};

// What a kiosk's account may write (a request from the 留言反馈 screen, a survey answer: the
// commands core/permissions lets the kiosk run): new records of `type` whose data `field`, when
// set, holds `value`, signed by the kiosk (kKioskActor); never a change, never anything else.
struct KioskRule {
    std::string type;
    std::string field, value;
};
const std::vector<KioskRule>& kiosk_rules();
// A record a kiosk sends to its drop-box: made by the kiosk, of a kind kiosk_rules() names.
bool kiosk_sends(const Record& r);

// Every record type the team database holds, by name. A type not in it is refused.
const std::vector<TypeRule>& write_rules();
const TypeRule* write_rule(const std::string& type);

// {"format": "kefu.write-rules", "version": 1, "types": {"case": {"create": "agent", …}},
//  "kiosk": {"actor": "~kiosk", "create": [{"type": "case", "field": "channel", "value": "kiosk"}, …]}}
nlohmann::json write_rules_json();

}  // namespace kefu
