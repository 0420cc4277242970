// Demo station data (issue "Modes"): a realistic, deterministic call centre for visitors —
// agents of every role, Chinese customers, cases in every state over the last weeks, survey
// answers and callbacks. Everything goes through apply(), so the demo obeys the same rules
// as real work. The same seed and clock give the same records (stable screenshots).
#pragma once
#include <cstdint>

#include "core/app_state.hpp"

namespace kefu {

// The demo accounts all use this PIN (shown on the demo banner); its PBKDF2 hash is stored
// like any other (computed once with the same parameters, see demo_data.cpp).
constexpr const char* kDemoPin = "8888";
constexpr const char* kDemoLeadId = "D200";   // the account a demo starts signed in as
constexpr const char* kDemoAdminId = "D900";

// The demo accounts' PIN hash (public: imports into the real station refuse it).
const PinHash& demo_pin_hash();

struct DemoOptions {
    uint64_t seed = 20261124;
    int64_t now_ms = 0;  // "today" of the demo
    int cases = 240;
    int days = 45;       // spread over this many days before now
};

// Fills `state` (no records yet; the built-in surveys and templates loaded) with the demo.
// Fails with the first refused command (which would be a bug in the generator).
ApplyResult generate_demo(AppState& state, const DemoOptions& options);

}  // namespace kefu
