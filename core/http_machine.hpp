// What the team's request-and-answer state machines share (core/team_join, team_account,
// team_session): a queue of HTTP requests the app runs (web/team_link.cpp; native tests answer
// them), one request awaited at a time, and an end: Done, or Failed with the reason in words.
// `State` is the machine's own enum, with Done and Failed among its values.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/replicator.hpp"
#include "core/result.hpp"

namespace kefu {

template <class State>
class HttpMachine {
public:
    std::vector<HttpRequest> take_requests() { return std::exchange(requests_, {}); }
    State state() const { return state_; }
    bool done() const { return state_ == State::Done; }
    bool failed() const { return state_ == State::Failed; }
    const CommandError& error() const { return error_; }

protected:
    explicit HttpMachine(State first) : state_(first) {}
    // Queues a request (relative to the database, or to the server's root with `at_root`) and
    // awaits its answer.
    HttpRequest& queue(const char* method, std::string path, std::string body, bool at_root) {
        HttpRequest& r = queue_request(requests_, next_id_, method, std::move(path), std::move(body));
        r.at_root = at_root;
        pending_ = r.id;
        return r;
    }
    void fail(const char* key, std::string detail = {}) {
        state_ = State::Failed;
        error_ = {key, std::move(detail)};
    }
    // The answer awaited (anything else, or anything after the end, is dropped). False: ignore
    // it. An answer that is no answer, a server error or "too many sign-ins" ends the machine
    // here, in transport_error()'s words.
    bool take_answer(const HttpResponse& r) {
        if (r.id != pending_ || done() || failed()) return false;
        pending_ = 0;
        if (r.status <= 0 || r.status >= 500 || r.status == 429) {
            const CommandError e = transport_error(r.status);
            fail(e.key.c_str(), e.detail);
            return false;
        }
        return true;
    }

    State state_;
    CommandError error_;

private:
    uint64_t next_id_ = 1, pending_ = 0;
    std::vector<HttpRequest> requests_;
};

}  // namespace kefu
