// Kiosk mode (kiosk_view.cpp): transient state and entry points.
#pragma once
#include <cstddef>
#include <string>

#include "web/view.hpp"

namespace kefu {

// Kiosk mode (kiosk_view.cpp): what the customer at the screen is doing.
enum class KioskScreen { Home, Faq, Request, Thanks, Exit };
struct KioskUi {
    bool active = false;
    KioskScreen screen = KioskScreen::Home;
    std::string search, article;                // FAQ: the query, the article open
    size_t listed = 0;                          // FAQ entries on screen (for tests)
    std::string name, phone, description;       // the request being written
    int category = 1;                           // CaseCategory (服务 by default)
    std::string error;
    std::string exit_id, exit_pin;              // leaving: an administrator's 工号 and PIN
    bool verifying = false;
    bool focus = false;
    bool scroll_top = false;
    double thanks_at_ms = 0;
};

// Kiosk mode: the signed-in agent's session ends and the customer screen takes the window.
void enter_kiosk(const ViewContext& ctx);
void draw_kiosk(const ViewContext& ctx);

}  // namespace kefu
