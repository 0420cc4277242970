// Kiosk mode (自助终端): a locked-down full screen for customers: browse and search the
// published FAQ, answer the satisfaction survey, leave a request (a new case with channel
// kiosk). Nothing recorded is readable here, not even the request just sent; commands run as
// the kiosk actor, which the core allows nothing else. Inactivity returns to the start screen
// with every field cleared; leaving needs an administrator's PIN.
#include <algorithm>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace kefu {

uint32_t random_salt();  // case_form_view.cpp

namespace {

constexpr double kKioskIdleMs = 90'000;
constexpr size_t kMaxRequestChars = 1000;

void clear_kiosk(KioskUi& k) {
    k.screen = KioskScreen::Home;
    k.search.clear();
    k.article.clear();
    k.name.clear();
    k.phone.clear();
    k.description.clear();
    k.category = 1;
    k.error.clear();
    k.exit_id.clear();
    wipe_secret(k.exit_pin);
    k.scroll_top = true;
}

bool big_button(const char* label, const ImVec2& size, bool primary = false) {
    if (primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.114f, 0.306f, 0.847f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    const bool pressed = ImGui::Button(label, size);
    if (primary) ImGui::PopStyleColor(3);
    return pressed;
}

void title(const char* text, float scale = 1.8f) {
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * scale);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
}

void draw_home(const ViewContext& ctx, float w) {
    KioskUi& k = ctx.ui.kiosk;
    const float font = ImGui::GetFontSize();
    title(ctx.tr("kiosk.home.title"), 2.2f);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("kiosk.home.sub"));
    ImGui::Dummy(ImVec2(0, font * 1.5f));
    const float gap = font;
    const float tile_w = (w - gap * 2) / 3.0f, tile_h = font * 7.0f;
    struct Tile {
        const char* key;
        const char* sub;
        const char* probe;
        KioskScreen to;
    };
    const Tile tiles[] = {{tr_key("kiosk.tile.faq"), tr_key("kiosk.tile.faq.sub"), "kiosk.tile.faq", KioskScreen::Faq},
                          {tr_key("kiosk.tile.survey"), tr_key("kiosk.tile.survey.sub"), "kiosk.tile.survey", KioskScreen::Home},
                          {tr_key("kiosk.tile.request"), tr_key("kiosk.tile.request.sub"), "kiosk.tile.request", KioskScreen::Request}};
    for (size_t i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine(0, gap);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::InvisibleButton("##tile", ImVec2(tile_w, tile_h))) {
            if (i == 1) {
                ctx.ui.surveys.kiosk_open = true;  // the self-service survey (surveys_view.cpp)
                ctx.ui.surveys.kiosk_step = -1;
                ctx.ui.surveys.kiosk_last_input_ms = ctx.platform.now_ms();
            } else {
                k.screen = tiles[i].to;
                k.focus = true;
            }
        }
        ctx.probe(tiles[i].probe);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const bool hovered = ImGui::IsItemHovered();
        dl->AddRectFilled(p, ImVec2(p.x + tile_w, p.y + tile_h), hovered ? IM_COL32(219, 234, 254, 255) : IM_COL32(255, 255, 255, 255), font * 0.6f);
        dl->AddRect(p, ImVec2(p.x + tile_w, p.y + tile_h), IM_COL32(191, 219, 254, 255), font * 0.6f, 0, 2.0f);
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.6f);
        dl->AddText(ImVec2(p.x + font * 1.2f, p.y + font * 1.4f), ImGui::GetColorU32(theme::kAccent), ctx.tr(tiles[i].key));
        ImGui::PopFont();
        dl->AddText(nullptr, 0.0f, ImVec2(p.x + font * 1.2f, p.y + font * 4.0f), ImGui::GetColorU32(theme::kMutedText), ctx.tr(tiles[i].sub),
                    nullptr, tile_w - font * 2.4f);
        ImGui::PopID();
    }
}

void draw_faq(const ViewContext& ctx, float w) {
    KioskUi& k = ctx.ui.kiosk;
    const float font = ImGui::GetFontSize();
    if (!k.article.empty()) {
        Article a;
        if (!find_article(ctx.state, k.article, a) || a.status != ArticleStatus::Published) {
            k.article.clear();
            return;
        }
        if (big_button(ctx.tr("kiosk.back_to_list"), ImVec2(font * 8.0f, font * 2.4f))) k.article.clear();
        ctx.probe("kiosk.faq.back");
        ImGui::Dummy(ImVec2(0, font * 0.5f));
        title(a.question.c_str(), 1.5f);
        ImGui::Separator();
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.2f);
        draw_article_answer(a.answer, {}, w);
        ImGui::PopFont();
        ctx.probe("kiosk.faq.article");
        return;
    }
    title(ctx.tr("kiosk.tile.faq"));
    if (k.focus) ImGui::SetKeyboardFocusHere();
    k.focus = false;
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    ImGui::SetNextItemWidth(w);
    ImGui::InputTextWithHint("##kiosk_search", ctx.tr("kiosk.faq.hint"), &k.search);
    ctx.probe_field("kiosk.faq.search", k.search);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, font * 0.5f));
    // Published articles only, in the station's language: best matches, or all by category.
    SearchFilter filter;
    filter.statuses = 1u << static_cast<unsigned>(ArticleStatus::Published);
    filter.language = ctx.state.settings.language == Language::En ? "en" : "zh-CN";
    std::vector<std::string> ids;
    if (k.search.find_first_not_of(" \t") != std::string::npos) {
        for (const SearchHit& h : ctx.state.faq.search(k.search, filter, 12)) ids.push_back(h.id);
    } else {
        std::vector<Article> all = all_articles(ctx.state);
        std::sort(all.begin(), all.end(), [](const Article& a, const Article& b) {
            return a.category != b.category ? a.category < b.category : a.question < b.question;
        });
        for (const Article& a : all)
            if (a.status == ArticleStatus::Published && a.language == filter.language && ids.size() < 40) ids.push_back(a.id);
    }
    if (ids.empty()) ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("kiosk.faq.none"));
    k.listed = ids.size();
    for (size_t i = 0; i < ids.size(); ++i) {
        Article a;
        if (!find_article(ctx.state, ids[i], a)) continue;
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.25f);
        if (ImGui::Selectable(a.question.c_str(), false, 0, ImVec2(w, font * 2.6f))) {
            k.article = a.id;
            k.scroll_top = true;
        }
        ImGui::PopFont();
        if (i == 0) ctx.probe("kiosk.faq.first");
        ImGui::PopID();
    }
}

void submit_request(const ViewContext& ctx) {
    KioskUi& k = ctx.ui.kiosk;
    {  // what the customer must give is checked in the core (check_kiosk_request)
        CreateCase c;
        c.id = new_record_id('c', static_cast<int64_t>(ctx.platform.now_ms()), random_salt());
        c.category = static_cast<CaseCategory>(std::clamp(k.category, 0, static_cast<int>(CaseCategory::Count) - 1));
        c.kind = CaseKind::Consultation;
        c.channel = CaseChannel::Kiosk;
        c.customer.name = k.name;
        c.customer.mobile = k.phone;
        c.description = k.description;
        const ApplyResult r = ctx.dispatch(c);
        if (!r.ok) {
            k.error = ctx.trf(r.error.key, {{"detail", r.error.detail}});
            return;
        }
        // Nothing of the request stays on screen: the thank-you page only.
        clear_kiosk(k);
        k.screen = KioskScreen::Thanks;
        k.thanks_at_ms = ctx.platform.now_ms();
    }
}

void draw_request(const ViewContext& ctx, float w) {
    KioskUi& k = ctx.ui.kiosk;
    const float font = ImGui::GetFontSize();
    title(ctx.tr("kiosk.tile.request"));
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("kiosk.req.sub"));
    ImGui::Dummy(ImVec2(0, font * 0.5f));
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.25f);
    auto label = [&](const char* key) { ImGui::TextUnformatted(ctx.tr(key)); };
    if (k.focus) ImGui::SetKeyboardFocusHere();
    k.focus = false;
    label("kiosk.req.name");
    ImGui::SetNextItemWidth(w * 0.5f);
    ImGui::InputTextWithHint("##kname", ctx.tr("kiosk.req.name.hint"), &k.name);
    if (ImGui::IsItemEdited()) k.error.clear();
    ctx.probe_field("kiosk.req.name", k.name);
    label("kiosk.req.phone");
    ImGui::SetNextItemWidth(w * 0.5f);
    ImGui::InputTextWithHint("##kphone", ctx.tr("kiosk.req.phone.hint"), &k.phone, ImGuiInputTextFlags_CharsDecimal);
    if (ImGui::IsItemEdited()) k.error.clear();
    ctx.probe_field("kiosk.req.phone", k.phone);
    label("kiosk.req.category");
    for (int i = 0; i < static_cast<int>(CaseCategory::Count); ++i) {
        if (i) ImGui::SameLine();
        const bool on = k.category == i;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, theme::kAccent), ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(ctx.tr(label_key(static_cast<CaseCategory>(i))), ImVec2(font * 5.0f, font * 2.2f))) k.category = i;
        if (on) ImGui::PopStyleColor(2);
        ctx.probe((std::string("kiosk.req.category.") + std::to_string(i)).c_str());
    }
    label("kiosk.req.description");
    ImGui::InputTextMultiline("##kdesc", &k.description, ImVec2(w, font * 6.0f));
    if (ImGui::IsItemEdited()) k.error.clear();
    ctx.probe_field("kiosk.req.description", k.description);
    if (k.description.size() > kMaxRequestChars * 3) k.description.resize(kMaxRequestChars * 3);
    ImGui::PopFont();
    if (!k.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
        ImGui::TextUnformatted(k.error.c_str());
        ImGui::PopStyleColor();
        ctx.probe("kiosk.req.error");
        ctx.ui.field_values["kiosk.req.error"] = k.error;
    }
    ImGui::Dummy(ImVec2(0, font * 0.5f));
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    if (big_button(ctx.tr("kiosk.req.submit"), ImVec2(font * 10.0f, font * 2.6f), true)) submit_request(ctx);
    ImGui::PopFont();
    ctx.probe("kiosk.req.submit");
    help_text(ctx.tr("kiosk.req.privacy"));
}

void draw_thanks(const ViewContext& ctx) {
    KioskUi& k = ctx.ui.kiosk;
    title(ctx.tr("kiosk.req.thanks"), 2.2f);
    ImGui::TextColored(theme::kMutedText, "%s", ctx.tr("kiosk.req.thanks_sub"));
    ctx.probe("kiosk.thanks");
    constexpr double kThanksMs = 8'000;
    if (ctx.platform.now_ms() - k.thanks_at_ms > kThanksMs) clear_kiosk(k);
    else ctx.wake_in(kThanksMs - (ctx.platform.now_ms() - k.thanks_at_ms) + 20);
}

void leave_kiosk(const ViewContext& ctx) {
    KioskUi& k = ctx.ui.kiosk;
    const AgentProfile* p = nullptr;
    for (const AgentProfile& a : ctx.state.agents)
        if (a.id == k.exit_id) p = &a;
    const ApplyResult may = may_leave_kiosk(ctx.state, k.exit_id, static_cast<int64_t>(ctx.platform.now_ms()));
    if (!may.ok) k.error = ctx.trf(may.error.key, {{"detail", may.error.detail}});
    else if (!valid_pin(k.exit_pin)) k.error = ctx.tr("auth.err.pin_format");
    else {
        k.error.clear();
        k.verifying = true;
        const ViewContext copy = ctx;
        const std::string id = p->id;
        ctx.platform.derive_pin(k.exit_pin, p->pin.salt, p->pin.iterations, [copy, id](Platform::DerivedPin d) {
            KioskUi& kk = copy.ui.kiosk;
            kk.verifying = false;
            if (d.hash.empty()) {
                kk.error = copy.trf("auth.err.crypto", {{"detail", d.error}});
                return;
            }
            const ApplyResult r = copy.dispatch(SignIn{id, d.hash, /*leaving_kiosk=*/true});
            if (!r.ok) {
                kk.error = copy.trf(r.error.key, {{"detail", r.error.detail}});
                return;
            }
            kk.active = false;
            clear_kiosk(kk);
            sign_in_as(copy, id);
        });
    }
    wipe_secret(k.exit_pin);
}

void draw_exit(const ViewContext& ctx, float w) {
    KioskUi& k = ctx.ui.kiosk;
    const float font = ImGui::GetFontSize();
    title(ctx.tr("kiosk.exit.title"), 1.5f);
    help_text(ctx.tr("kiosk.exit.help"));
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.25f);
    if (k.focus) ImGui::SetKeyboardFocusHere();
    k.focus = false;
    ImGui::TextUnformatted(ctx.tr("auth.field.id"));
    ImGui::SetNextItemWidth(std::min(w, font * 16.0f));
    ImGui::InputText("##exit_id", &k.exit_id);
    ctx.probe_field("kiosk.exit.id", k.exit_id);
    ImGui::TextUnformatted(ctx.tr("auth.field.pin"));
    ImGui::SetNextItemWidth(std::min(w, font * 16.0f));
    const bool enter = ImGui::InputText("##exit_pin", &k.exit_pin,
                                        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    ctx.probe("kiosk.exit.pin");
    if (k.exit_pin.size() > kMaxPinDigits) k.exit_pin.resize(kMaxPinDigits);
    ImGui::PopFont();
    if (!k.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kErrorText);
        ImGui::TextUnformatted(k.error.c_str());
        ImGui::PopStyleColor();
        ctx.ui.field_values["kiosk.exit.error"] = k.error;
    }
    if ((big_button(ctx.tr(k.verifying ? "auth.verifying" : "kiosk.exit.submit"), ImVec2(font * 10.0f, font * 2.4f), true) || enter) &&
        !k.verifying)
        leave_kiosk(ctx);
    ctx.probe("kiosk.exit.submit");
}

}  // namespace

void enter_kiosk(const ViewContext& ctx) {
    KioskUi& k = ctx.ui.kiosk;
    AgentProfile me;
    if (signed_in_agent(ctx, me)) ctx.dispatch(LogAccess{AccessEvent::SignOut, me.id, "kiosk"});
    // The agent's unsaved work waits in their draft; nothing of it stays behind the kiosk.
    flush_draft(ctx);
    reset_work_ui(ctx.ui);
    clear_kiosk(k);
    k.active = true;
    ctx.ui.auth.last_input_ms = ctx.platform.now_ms();
    AuthUi& a = ctx.ui.auth;
    a.state = AuthState::SignedOut;
    a.agent.clear();
    ctx.ui.surveys.kiosk_open = false;
    ctx.platform.set_session_agent(kKioskActor);  // a reload stays in the kiosk
    ctx.platform.set_kiosk(true);
}

void draw_kiosk(const ViewContext& ctx) {
    KioskUi& k = ctx.ui.kiosk;
    const double now = ctx.platform.now_ms();
    // Inactivity: back to the start with every field cleared.
    if (now - ctx.ui.auth.last_input_ms > kKioskIdleMs && (k.screen != KioskScreen::Home || !k.search.empty())) clear_kiosk(k);
    ctx.wake_in(std::max(50.0, ctx.ui.auth.last_input_ms + kKioskIdleMs - now + 20));
    if (ctx.ui.surveys.kiosk_open) {
        draw_self_service_survey(ctx);
        return;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.973f, 0.980f, 0.988f, 1.0f));
    ImGui::Begin("##kiosk", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    ctx.probe("kiosk.screen");
    // Top bar: the company, "home", and a discreet way out for the administrator.
    const std::string& company = ctx.state.settings.company_name;
    ImGui::SetCursorPos(ImVec2(font * 1.5f, font * 1.0f));
    ImGui::PushFont(nullptr, ImGui::GetStyle().FontSizeBase * 1.3f);
    ImGui::TextUnformatted(company.empty() ? ctx.tr("kiosk.brand") : company.c_str());
    ImGui::PopFont();
    if (k.screen != KioskScreen::Home) {
        ImGui::SameLine(vp->Size.x - font * 16.0f);
        if (big_button(ctx.tr("kiosk.home"), ImVec2(font * 7.0f, font * 2.4f))) clear_kiosk(k);
        ctx.probe("kiosk.home");
    }
    ImGui::SetCursorPos(ImVec2(vp->Size.x - font * 7.0f, font * 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMutedText);
    if (ImGui::Button(ctx.tr("kiosk.admin"), ImVec2(font * 5.5f, font * 2.4f))) {
        clear_kiosk(k);
        k.screen = KioskScreen::Exit;
        k.focus = true;
    }
    ImGui::PopStyleColor(2);
    ctx.probe("kiosk.admin");

    const float margin = std::max(font * 2.0f, (vp->Size.x - font * 52.0f) * 0.5f);
    const float w = vp->Size.x - margin * 2;
    ImGui::SetCursorPos(ImVec2(margin, font * 5.0f));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("##kiosk_body", ImVec2(w, vp->Size.y - font * 6.0f));
    ImGui::PopStyleColor();
    if (k.scroll_top) ImGui::SetScrollY(0);
    k.scroll_top = false;
    const float inner = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    switch (k.screen) {
        case KioskScreen::Home: draw_home(ctx, inner); break;
        case KioskScreen::Faq: draw_faq(ctx, inner); break;
        case KioskScreen::Request: draw_request(ctx, inner); break;
        case KioskScreen::Thanks: draw_thanks(ctx); break;
        case KioskScreen::Exit: draw_exit(ctx, inner); break;
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace kefu
