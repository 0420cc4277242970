// The settings section (settings_view.cpp): the station's own edit buffers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "web/view.hpp"

namespace kefu {

// Edit buffers, committed when the field is left; the phrase list being edited (loaded from
// the store until changed).
struct SettingsUi {
    std::string station_name_edit;
    bool station_name_editing = false;
    std::string company_name_edit;
    bool company_name_editing = false;
    std::vector<Phrase> phrases_edit;
    bool phrases_dirty = false;
    bool phrases_focus_new = false;  // a row was just added: scroll to it, type into it
    uint64_t phrases_loaded_version = ~0ull;
};

void draw_settings(const ViewContext& ctx);

}  // namespace kefu
