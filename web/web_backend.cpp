// web_backend.cpp — the one file that includes Emscripten (the JS half is shell/glue.js).
//
// Implements:
//  [x] WebGL2 context on #canvas, rendered by imgui_impl_opengl3
//  [x] Input from glue.js: pointer, wheel, keys (by KeyboardEvent.code), text, focus,
//      resize and devicePixelRatio (crisp text: fonts rasterise at the framebuffer scale)
//  [x] IME: ImGui's IME data (caret position, wants text) drives glue.js's text agent
//  [x] Clipboard: ImGui get/set through glue.js (paste event text, copy event + navigator.clipboard)
//  [x] Files: download bytes, pick a file, receive a dropped file
//  [x] Idle rendering: frames run on demand; kefu_frame() returns ms until the next needed frame
//  [x] Fonts: the built-in font until glue.js delivers the CJK font bytes (or reports failure)
//  [x] Automation bridge: state JSON and widget rectangles for the read-only window.kefu
//
// Index: [SECTION] JS imports · [SECTION] platform · [SECTION] keys · [SECTION] exports
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"
#include "web/app.hpp"
#include "web/theme.hpp"

static_assert(IMGUI_VERSION_NUM >= 19200, "Kefu needs Dear ImGui 1.92+ (dynamic font atlas)");

// ---- [SECTION] JS imports (implemented by shell/glue.js through Module.kefuGlue) ----------
EM_JS(void, js_request_frame, (), { Module.kefuGlue.wake(); });
EM_JS(void, js_request_background_frame, (), { Module.kefuGlue.wakeSoon(); });
EM_JS(void, js_set_ime, (int want_text, float x, float y, float line_h),
      { Module.kefuGlue.setIme(want_text !== 0, x, y, line_h); });
EM_JS(void, js_write_clipboard, (const char* text), { Module.kefuGlue.writeClipboard(UTF8ToString(text)); });
EM_JS(void, js_download, (const char* name, const char* mime, const uint8_t* data, int len), {
    Module.kefuGlue.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + len));
});
EM_JS(void, js_pick_file, (int request_id, const char* accept),
      { Module.kefuGlue.pickFile(request_id, UTF8ToString(accept)); });
EM_JS(double, js_now_ms, (), { return Date.now(); });
EM_JS(void, js_request_sync, (), { Module.kefuGlue.requestSync(); });
EM_JS(void, js_apply_update, (), { Module.kefuGlue.applyUpdate(); });
EM_JS(int, js_utc_offset_minutes, (), { return -new Date().getTimezoneOffset(); });
EM_JS(void, js_derive_pin, (int request_id, const char* pin, const char* salt, double iterations), {
    Module.kefuGlue.derivePin(request_id, UTF8ToString(pin), UTF8ToString(salt), iterations);
});
EM_JS(char*, js_session_agent, (), { return allocateUTF8(Module.kefuGlue.sessionAgent()); });
EM_JS(void, js_set_session_agent, (const char* id), { Module.kefuGlue.setSessionAgent(UTF8ToString(id)); });
EM_JS(void, js_set_kiosk, (int on), { Module.kefuGlue.setKiosk(on !== 0); });
EM_JS(char*, js_read_draft, (const char* agent), { return allocateUTF8(Module.kefuGlue.readDraft(UTF8ToString(agent))); });
EM_JS(void, js_write_draft, (const char* agent, const char* text),
      { Module.kefuGlue.writeDraft(UTF8ToString(agent), UTF8ToString(text)); });
EM_JS(void, js_set_leave_guard, (int on), { Module.kefuGlue.setLeaveGuard(on !== 0); });
EM_JS(void, js_http, (int request_id, const char* method, const char* url, const char* body, const char* user, const char* password, int timeout_ms), {
    Module.kefuGlue.http(request_id, UTF8ToString(method), UTF8ToString(url), UTF8ToString(body), UTF8ToString(user),
                         UTF8ToString(password), timeout_ms);
});
EM_JS(void, js_http_abort_all, (), { Module.kefuGlue.httpAbortAll(); });
EM_JS(char*, js_random_text, (int n), { return allocateUTF8(Module.kefuGlue.randomText(n)); });


namespace kefu {
namespace {

// ---- [SECTION] platform -----------------------------------------------------------------
class WebPlatform final : public Platform {
public:
    void copy_to_clipboard(const std::string& text) override { js_write_clipboard(text.c_str()); }
    void download_file(const std::string& file_name, const std::string& mime, const std::vector<uint8_t>& bytes) override {
        js_download(file_name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
    }
    void pick_file(const std::string& accept, std::function<void(PickedFile)> on_picked) override {
        const int id = next_request_++;
        pending_[id] = std::move(on_picked);
        js_pick_file(id, accept.c_str());
    }
    void request_sync() override { js_request_sync(); }
    void apply_update() override { js_apply_update(); }
    double now_ms() const override { return js_now_ms(); }
    int utc_offset_minutes() const override { return js_utc_offset_minutes(); }

    void derive_pin(const std::string& pin, const std::string& salt, uint32_t iterations, std::function<void(DerivedPin)> done) override {
        const int id = next_request_++;
        derivations_[id] = std::move(done);
        js_derive_pin(id, pin.c_str(), salt.c_str(), static_cast<double>(iterations));
    }
    bool deliver_pin(int id, DerivedPin d) {
        auto it = derivations_.find(id);
        if (it == derivations_.end()) return false;
        auto callback = std::move(it->second);
        derivations_.erase(it);
        callback(std::move(d));
        return true;
    }
    std::string session_agent() const override {
        char* v = js_session_agent();
        std::string out = v ? v : "";
        free(v);
        return out;
    }
    void set_session_agent(const std::string& agent_id) override { js_set_session_agent(agent_id.c_str()); }
    void set_kiosk(bool on) override { js_set_kiosk(on ? 1 : 0); }
    std::string read_draft(const std::string& agent) const override {
        char* v = js_read_draft(agent.c_str());
        std::string out = v ? v : "";
        free(v);
        return out;
    }
    void write_draft(const std::string& agent, const std::string& text) override { js_write_draft(agent.c_str(), text.c_str()); }
    void set_leave_guard(bool on) override { js_set_leave_guard(on ? 1 : 0); }
    void http_request(const HttpCall& call, std::function<void(int, std::string)> done) override {
        const int id = next_request_++;
        http_[id] = std::move(done);
        js_http(id, call.method.c_str(), call.url.c_str(), call.body.c_str(), call.user.c_str(), call.password.c_str(), call.timeout_ms);
    }
    void http_abort_all() override { js_http_abort_all(); }
    std::string random_text(size_t n) override {
        char* v = js_random_text(static_cast<int>(n));
        std::string out = v ? v : "";
        free(v);
        return out;
    }
    bool deliver_http(int id, int status, std::string body) {
        auto it = http_.find(id);
        if (it == http_.end()) return false;
        auto callback = std::move(it->second);
        http_.erase(it);
        callback(status, std::move(body));
        return true;
    }

    // Delivers a picked file; id 0 is a file dropped on the window.
    bool deliver(int id, PickedFile file) {
        auto it = pending_.find(id);
        if (it == pending_.end()) return false;
        auto callback = std::move(it->second);
        pending_.erase(it);
        callback(std::move(file));
        return true;
    }

private:
    int next_request_ = 1;
    std::map<int, std::function<void(PickedFile)>> pending_;
    std::map<int, std::function<void(DerivedPin)>> derivations_;
    std::map<int, std::function<void(int, std::string)>> http_;
};

struct Backend {
    WebPlatform platform;
    std::unique_ptr<App> app;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
    float css_w = 800, css_h = 600, dpr = 1;
    double last_frame_ms = 0;
    int pending_frames = 0;  // frames still owed after input, so ImGui settles (hover, auto-size)
    long frame_count = 0;
    float applied_scale = 0;
    std::string clipboard;
    std::string state_json;  // keeps the buffer returned to JS alive
    std::string rect_json;
};
Backend* g = nullptr;

void owe_frames() {
    g->pending_frames = 3;
    js_request_frame();
}
// Something changed in the background (network, storage): drawn soon, not at once (glue.js
// draws such changes at most twice a second).
void owe_background_frames() {
    g->pending_frames = 3;
    js_request_background_frame();
}

const char* get_clipboard(ImGuiContext*) { return g->clipboard.c_str(); }
void set_clipboard(ImGuiContext*, const char* text) {
    g->clipboard = text ? text : "";
    js_write_clipboard(g->clipboard.c_str());
}

void set_ime_data(ImGuiContext*, ImGuiViewport*, ImGuiPlatformImeData* data) {
    js_set_ime(data->WantTextInput || data->WantVisible, data->InputPos.x, data->InputPos.y, data->InputLineHeight);
}

// ---- [SECTION] keys ------------------------------------------------------------------------
struct KeyName {
    const char* code;
    ImGuiKey key;
};
constexpr KeyName kKeys[] = {
    {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
    {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
    {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End}, {"Insert", ImGuiKey_Insert},
    {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace}, {"Space", ImGuiKey_Space},
    {"Enter", ImGuiKey_Enter}, {"Escape", ImGuiKey_Escape}, {"NumpadEnter", ImGuiKey_KeypadEnter},
    {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl}, {"ShiftLeft", ImGuiKey_LeftShift},
    {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt}, {"AltRight", ImGuiKey_RightAlt},
    {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper}, {"Minus", ImGuiKey_Minus},
    {"Equal", ImGuiKey_Equal}, {"NumpadAdd", ImGuiKey_KeypadAdd}, {"NumpadSubtract", ImGuiKey_KeypadSubtract},
    {"Comma", ImGuiKey_Comma}, {"Period", ImGuiKey_Period}, {"Slash", ImGuiKey_Slash}, {"Semicolon", ImGuiKey_Semicolon},
    {"F1", ImGuiKey_F1}, {"F2", ImGuiKey_F2}, {"F3", ImGuiKey_F3}, {"F5", ImGuiKey_F5}, {"F12", ImGuiKey_F12},
};

ImGuiKey key_from_code(std::string_view code) {
    if (code.size() == 4 && code.substr(0, 3) == "Key" && code[3] >= 'A' && code[3] <= 'Z')
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    if (code.size() == 6 && code.substr(0, 5) == "Digit" && code[5] >= '0' && code[5] <= '9')
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    for (const KeyName& k : kKeys)
        if (code == k.code) return k.key;
    return ImGuiKey_None;
}

void add_mods(ImGuiIO& io, int mods) {
    io.AddKeyEvent(ImGuiMod_Ctrl, (mods & 1) != 0);
    io.AddKeyEvent(ImGuiMod_Shift, (mods & 2) != 0);
    io.AddKeyEvent(ImGuiMod_Alt, (mods & 4) != 0);
    io.AddKeyEvent(ImGuiMod_Super, (mods & 8) != 0);
}

void apply_scale_if_changed() {
    const float scale = g->app->ui_scale();
    if (scale == g->applied_scale) return;
    theme::apply_style(scale);
    g->applied_scale = scale;
}

}  // namespace
}  // namespace kefu

// ---- [SECTION] exports (called by shell/glue.js) ------------------------------------------
using kefu::g;

extern "C" {

// Creates the GL context, ImGui and the app. Returns 0 on success, else a reason code:
// 1 = no WebGL2 context.
// storage_ok: glue.js mounted IDBFS at /data and loaded it from IndexedDB.
EMSCRIPTEN_KEEPALIVE int kefu_start(const char* browser_languages_csv, int is_mac, float css_w, float css_h, float dpr,
                                    int storage_ok, const char* url_mode) {
    g = new kefu::Backend();
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = false;
    attrs.antialias = false;
    attrs.depth = false;
    attrs.stencil = false;
    attrs.preserveDrawingBuffer = true;  // frames are rare: the canvas must keep the last one readable
    g->gl = emscripten_webgl_create_context("#canvas", &attrs);
    if (g->gl <= 0) return 1;
    emscripten_webgl_make_context_current(g->gl);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is code, not a file
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would cost a frame every 0.5 s
    io.ConfigMacOSXBehaviors = is_mac != 0;
    io.BackendPlatformName = "kefu_web";
    ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
    pio.Platform_GetClipboardTextFn = kefu::get_clipboard;
    pio.Platform_SetClipboardTextFn = kefu::set_clipboard;
    pio.Platform_SetImeDataFn = kefu::set_ime_data;
    ImGui_ImplOpenGL3_Init("#version 300 es");
    io.Fonts->AddFontDefault();

    std::vector<std::string> langs;
    std::string csv = browser_languages_csv ? browser_languages_csv : "";
    for (size_t start = 0; start <= csv.size();) {
        const size_t comma = std::min(csv.find(',', start), csv.size());
        if (comma > start) langs.push_back(csv.substr(start, comma - start));
        start = comma + 1;
    }
    g->app = std::make_unique<kefu::App>(g->platform);
    const std::string mode = url_mode ? url_mode : "";
    g->app->init(langs, mode == "demo" ? "/demo/kefu" : "/data/kefu", storage_ok != 0, mode);  // glue.js mounts the same space
    g->css_w = css_w;
    g->css_h = css_h;
    g->dpr = dpr;
    g->app->set_display(css_w, css_h, dpr);
    g->last_frame_ms = emscripten_get_now();
    kefu::owe_frames();
    return 0;
}

EMSCRIPTEN_KEEPALIVE void kefu_resize(float css_w, float css_h, float dpr) {
    g->css_w = css_w;
    g->css_h = css_h;
    g->dpr = dpr;
    g->app->set_display(css_w, css_h, dpr);
    kefu::owe_frames();
}

EMSCRIPTEN_KEEPALIVE void kefu_mouse_move(float x, float y) {
    g->app->note_input();
    ImGui::GetIO().AddMousePosEvent(x, y);
    kefu::owe_frames();
}
EMSCRIPTEN_KEEPALIVE void kefu_mouse_button(int button, int down) {
    g->app->note_input();
    if (button >= 0 && button < ImGuiMouseButton_COUNT) ImGui::GetIO().AddMouseButtonEvent(button, down != 0);
    kefu::owe_frames();
}
EMSCRIPTEN_KEEPALIVE void kefu_mouse_leave() {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    kefu::owe_frames();
}
EMSCRIPTEN_KEEPALIVE void kefu_wheel(float dx, float dy, int mods) {
    g->app->note_input();
    ImGuiIO& io = ImGui::GetIO();
    kefu::add_mods(io, mods);
    io.AddMouseWheelEvent(dx, dy);
    kefu::owe_frames();
}
EMSCRIPTEN_KEEPALIVE void kefu_key(const char* code, int down, int mods) {
    g->app->note_input();
    ImGuiIO& io = ImGui::GetIO();
    kefu::add_mods(io, mods);
    const ImGuiKey key = kefu::key_from_code(code);
    if (key != ImGuiKey_None) io.AddKeyEvent(key, down != 0);
    kefu::owe_frames();
}
EMSCRIPTEN_KEEPALIVE void kefu_text(const char* utf8) {
    g->app->note_input();
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    kefu::owe_frames();
}
EMSCRIPTEN_KEEPALIVE void kefu_focus(int focused) {
    ImGui::GetIO().AddFocusEvent(focused != 0);
    kefu::owe_frames();
}
// A paste event's text: becomes ImGui's clipboard, then Ctrl+V (Cmd+V) pastes it.
EMSCRIPTEN_KEEPALIVE void kefu_paste(const char* utf8) {
    g->app->note_input();
    g->clipboard = utf8 ? utf8 : "";
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiKey mod = io.ConfigMacOSXBehaviors ? ImGuiMod_Super : ImGuiMod_Ctrl;
    io.AddKeyEvent(mod, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(mod, false);
    kefu::owe_frames();
}

// The page is being hidden or closed: unsaved work is written to its draft now.
EMSCRIPTEN_KEEPALIVE void kefu_flush_draft() {
    if (g && g->app) g->app->flush_draft();
}

// Runs one frame. Returns 0 (another frame now), N > 0 (ms until the next needed frame) or -1.
EMSCRIPTEN_KEEPALIVE double kefu_frame() {
    ImGuiIO& io = ImGui::GetIO();
    const double now = emscripten_get_now();
    io.DeltaTime = static_cast<float>(std::max(0.001, (now - g->last_frame_ms) / 1000.0));
    g->last_frame_ms = now;
    io.DisplaySize = ImVec2(g->css_w, g->css_h);
    io.DisplayFramebufferScale = ImVec2(g->dpr, g->dpr);
    kefu::apply_scale_if_changed();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    g->app->frame();
    ImGui::Render();

    const int fb_w = static_cast<int>(g->css_w * g->dpr + 0.5f), fb_h = static_cast<int>(g->css_h * g->dpr + 0.5f);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.973f, 0.980f, 0.988f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++g->frame_count;

    // Keep going while ImGui still has queued input (it trickles down+up over frames).
    if (ImGui::GetCurrentContext()->InputEventsQueue.Size > 0) g->pending_frames = std::max(g->pending_frames, 1);
    if (g->pending_frames > 0) {
        --g->pending_frames;
        return 0;
    }
    return g->app->next_wake_ms();
}

// Font bytes from glue.js (malloc'ed; the atlas takes ownership and frees them).
EMSCRIPTEN_KEEPALIVE int kefu_font_data(uint8_t* data, int len, const char* name) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = true;
    std::snprintf(cfg.Name, sizeof cfg.Name, "%s", name);
    ImFont* font = ImGui::GetIO().Fonts->AddFontFromMemoryTTF(data, len, 0.0f, &cfg);
    if (!font) {
        g->app->on_font_failed();
        kefu::owe_frames();
        return 0;
    }
    // A character the font has no glyph for (CJK Extension B, emoji: no colour glyphs here)
    // draws as a white square, the usual "tofu", not as "?", which reads like a typing
    // mistake in a name. Set before anything is baked at a size, so every size uses it.
    if (font->IsGlyphInFont(0x25A1)) font->FallbackChar = 0x25A1;
    ImGui::GetIO().FontDefault = font;
    g->app->on_font_ready(name);
    kefu::owe_frames();
    return 1;
}
// The rest of the CJK font (every character the first one lacks: 喆, 堃, 昇 …), fetched after
// the first frame: merged into the UI font, whose glyphs baked so far are dropped, so that a
// character shown as tofu until now is drawn from the new source on the next frame.
EMSCRIPTEN_KEEPALIVE int kefu_font_more(uint8_t* data, int len, const char* name) {
    ImGuiIO& io = ImGui::GetIO();
    ImFont* font = io.FontDefault;
    if (!font) {  // the first font failed: nothing to merge into
        std::free(data);
        return 0;
    }
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = true;
    cfg.MergeMode = true;
    cfg.DstFont = font;
    std::snprintf(cfg.Name, sizeof cfg.Name, "%s", name);
    const bool ok = io.Fonts->AddFontFromMemoryTTF(data, len, 0.0f, &cfg) != nullptr;
    if (ok) ImFontAtlasFontDiscardBakes(io.Fonts, font, 0);
    g->app->on_font_more(ok);
    kefu::owe_frames();
    return ok ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void kefu_font_more_failed() {
    g->app->on_font_more(false);
    kefu::owe_frames();
}
// glue.js replaced a lone surrogate in text on its way in (callStr): say so.
EMSCRIPTEN_KEEPALIVE void kefu_text_repaired() {
    g->app->on_text_repaired();
    kefu::owe_frames();
}
// A draft could not be written (a full quota, storage refused) or can be again.
EMSCRIPTEN_KEEPALIVE void kefu_draft_result(int ok, const char* error) {
    g->app->on_draft_result(ok != 0, error ? error : "");
    kefu::owe_frames();
}
EMSCRIPTEN_KEEPALIVE void kefu_font_failed() {
    g->app->on_font_failed();
    kefu::owe_frames();
}

// A file the user picked (request_id > 0) or dropped (request_id == 0). Takes ownership of data.
EMSCRIPTEN_KEEPALIVE void kefu_file(int request_id, const char* name, uint8_t* data, int len, const char* error) {
    kefu::PickedFile file;
    file.name = name ? name : "";
    if (data && len > 0) file.bytes.assign(data, data + len);
    std::free(data);
    file.error = error ? error : "";
    if (request_id == 0)
        g->app->on_file_dropped(std::move(file));
    else
        g->platform.deliver(request_id, std::move(file));
    kefu::owe_frames();
}

// glue.js finished persisting /data to IndexedDB (all requested syncs done), or failed.
EMSCRIPTEN_KEEPALIVE void kefu_sync_done(int ok, const char* error) {
    g->app->on_sync_done(ok != 0, error ? error : "");
    kefu::owe_background_frames();
}

// navigator.storage.estimate() and persisted(), for Settings.
EMSCRIPTEN_KEEPALIVE void kefu_storage_info(double used, double quota, int persisted) {
    g->app->on_storage_info(used, quota, persisted != 0);
    kefu::owe_background_frames();
}
// The service worker installed a new version of the app, waiting for a reload.
// WebCrypto finished a PIN derivation (hash empty: it failed, `error` says why).
EMSCRIPTEN_KEEPALIVE void kefu_pin_derived(int request_id, const char* salt, const char* hash, const char* error) {
    g->platform.deliver_pin(request_id, {salt ? salt : "", hash ? hash : "", error ? error : ""});
    kefu::owe_frames();
}
// A team database request finished (status 0: no answer). Takes ownership of body.
EMSCRIPTEN_KEEPALIVE void kefu_http_done(int request_id, int status, char* body, int length) {
    std::string text = body && length > 0 ? std::string(body, static_cast<size_t>(length)) : std::string();
    std::free(body);
    const uint64_t before = g->app->team_signature();
    g->platform.deliver_http(request_id, status, std::move(text));
    if (g->app->team_signature() == before) return;
    if (g->app->team_paging()) kefu::owe_background_frames();  // a first sync: a few frames a second
    else kefu::owe_frames();  // a change from another desk: drawn at once
}
EMSCRIPTEN_KEEPALIVE void kefu_update_ready() {
    g->app->set_update_ready();
    kefu::owe_frames();
}
// Another tab is (or becomes) the writer: refuse every change from now on.
EMSCRIPTEN_KEEPALIVE void kefu_set_read_only(int read_only) {
    g->app->set_read_only(read_only != 0);
    kefu::owe_frames();
}

EMSCRIPTEN_KEEPALIVE const char* kefu_state_json() {
    g->state_json = g->app->state_json();
    return g->state_json.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* kefu_widget_rect(const char* id) {
    g->rect_json = g->app->probe_json(id ? id : "");
    return g->rect_json.c_str();
}
EMSCRIPTEN_KEEPALIVE double kefu_frame_count() { return static_cast<double>(g->frame_count); }

}  // extern "C"
