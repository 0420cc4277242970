// Platform: what the views may ask of the browser, and nothing more.
// The only implementation is in web_backend.cpp (the one file that includes Emscripten);
// views receive a Platform& and never call Emscripten themselves.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kefu {

struct PickedFile {
    std::string name;
    std::vector<uint8_t> bytes;
    std::string error;  // non-empty: the browser could not read the file
};

class Platform {
public:
    virtual ~Platform() = default;

    // Copies text to the system clipboard (navigator.clipboard, with a fallback).
    virtual void copy_to_clipboard(const std::string& text) = 0;
    // Offers bytes to the user as a downloaded file.
    virtual void download_file(const std::string& file_name, const std::string& mime,
                               const std::vector<uint8_t>& bytes) = 0;
    // Opens the browser's file picker; `on_picked` runs later with the chosen file.
    // `accept` is an HTML accept list such as ".json,application/json".
    virtual void pick_file(const std::string& accept, std::function<void(PickedFile)> on_picked) = 0;
    // Asks the browser to persist the storage folder (IDBFS syncfs) soon; the result comes
    // back through App::on_sync_done. Cheap to call after every change: requests coalesce.
    virtual void request_sync() = 0;
    // Milliseconds since the Unix epoch (wall clock) and the local UTC offset in minutes.
    virtual double now_ms() const = 0;
    virtual int utc_offset_minutes() const = 0;
    // A new version of the app is installed and waiting: activate it and reload the page.
    virtual void apply_update() {}
    // PBKDF2-SHA256 of `pin` through the browser's WebCrypto (slow on purpose). An empty
    // `salt` asks for a new random one (16 bytes). `done` runs later with base64 salt and hash,
    // or an error text.
    struct DerivedPin {
        std::string salt, hash, error;
    };
    virtual void derive_pin(const std::string& pin, const std::string& salt, uint32_t iterations,
                            std::function<void(DerivedPin)> done) {
        (void)pin, (void)salt, (void)iterations;
        done(DerivedPin{{}, {}, "WebCrypto unavailable"});
    }
    // The agent signed in in this tab (sessionStorage: survives a reload, not closing the tab).
    virtual std::string session_agent() const { return {}; }
    virtual void set_session_agent(const std::string& agent_id) { (void)agent_id; }
    // Kiosk mode on: the page refuses reload keys and keeps the browser's back button in place.
    virtual void set_kiosk(bool on) { (void)on; }
    // Drafts (web/drafts.hpp), kept per agent in this data space: what was kept for `agent`
    // when the page started ("" none), read without waiting; a write (an empty text removes
    // the draft) returns at once and reaches IndexedDB a moment later.
    virtual std::string read_draft(const std::string& agent) const { (void)agent; return {}; }
    virtual void write_draft(const std::string& agent, const std::string& text) { (void)agent, (void)text; }
    // Something unsaved is on screen: closing or reloading the tab asks first (beforeunload).
    virtual void set_leave_guard(bool on) { (void)on; }
    // An HTTP request to the team database (fetch, JSON, Basic authentication when `user` is
    // given). `done` runs later with the status (0: no answer: offline, refused, timed out
    // after `timeout_ms`, or aborted) and the body. http_abort_all() ends every open request
    // (their `done` still runs, with status 0).
    struct HttpCall {
        std::string method, url, body, user, password;
        int timeout_ms = 30'000;
    };
    virtual void http_request(const HttpCall& call, std::function<void(int status, std::string body)> done) {
        (void)call;
        done(0, "");
    }
    virtual void http_abort_all() {}
    // `n` random characters from an alphabet without look-alikes (crypto.getRandomValues).
    virtual std::string random_text(size_t n) { return std::string(n, 'x'); }
};

}  // namespace kefu
