// Events from Janus's sample event handler (docs/video.md §4): joins and
// leaves of videoroom participants become video.joined / video.left entries.
// The caller (web/video) has already checked the loopback peer and the HTTP
// Basic credentials.
#pragma once
#include <nlohmann/json.hpp>

#include "app/app.h"

namespace sabt::app::video {

struct EventsOutcome {
  int joined = 0, left = 0, ignored = 0, refused = 0;  // refused: joins with a token Sabt did not sign (kicked)
};

// `body` is one event object or an array of them. OK only when every entry
// it implies is committed; Janus retries otherwise, and a repeat changes
// nothing.
Result<EventsOutcome> HandleJanusEvents(App& app, const nlohmann::json& body);

// True when `authorization` (the header's value) is HTTP Basic for user
// "janus" with the configured event password. Constant-time in the password.
bool JanusEventAuthOk(const std::string& authorization);

}  // namespace sabt::app::video
