// Who is at the station (auth_view.cpp, agents_view.cpp): transient state and entry points.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "web/view.hpp"

namespace kefu {

// Who is at the station (auth_view.cpp). The PIN never leaves the field it was typed in
// except to WebCrypto, and every buffer holding it is wiped after use.
enum class AuthState { FirstRun, SignedOut, Locked, SignedIn };
struct AgentEditUi {
    bool open = false;
    bool creating = false;
    AgentProfile agent;      // being edited (its pin is not used: a new PIN is typed)
    std::string pin, pin2;   // a new PIN; empty on an edit: keep the old one
    std::string error;
    bool focus = false;
};
struct AuthUi {
    AuthState state = AuthState::SignedOut;
    std::string agent;         // 工号 signed in (or whose screen is locked)
    int64_t locked_at_ms = 0;
    double last_input_ms = 0;  // the idle lock counts from here
    // The sign-in / first-run / unlock form.
    std::string id, name, pin, pin2;
    std::string error;
    bool verifying = false;  // WebCrypto is deriving
    uint64_t answered = 0;   // sign-in / unlock attempts answered so far (the e2e tests wait on it)
    bool focus = true;
    int64_t wait_ms = 0;     // the backoff left for the agent on the form (shown as a countdown)
    // Settings → agents: the profile being edited; the access log as last read.
    AgentEditUi edit;
    std::vector<AccessEntry> log;
    uint64_t log_version = ~0ull;
    // Status-bar menu → change one's own PIN.
    bool change_pin_open = false;
    std::string old_pin;
};

// Sign-in, first run and the lock screen cover the window while nobody is signed in (auth_view.cpp).
void draw_auth_screen(const ViewContext& ctx);
// Locks the screen (the session's agent stays; the PIN unlocks), logged with `why` ("idle"/"manual").
void lock_screen(const ViewContext& ctx, const char* why);
void draw_agent_menu(const ViewContext& ctx);       // the status bar's agent button and its menu
void draw_agent_settings(const ViewContext& ctx);   // Settings → agents, idle lock, access log
void draw_agent_dialog(const ViewContext& ctx);     // a new agent, an edit, or one's own PIN
// Clears everything an agent was working on from the screen (the records are untouched).
void reset_work_ui(UiState& ui);
// The agent `id` (whose PIN was just checked) is now at the station.
void sign_in_as(const ViewContext& ctx, const std::string& id);

}  // namespace kefu
