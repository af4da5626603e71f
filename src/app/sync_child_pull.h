// The child's side of the pull (docs/sync-protocol.md §7): the versions it
// holds, the signed request of protocol 2, and recording what changed.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "http/client.h"

namespace sabt::app {

// The section versions this node holds, to send with a pull (§7): the last
// received ones, and for `appeals` the version of its own current statuses.
Result<nlohmann::json> PullHave(App& app, const nlohmann::json& link);
// A protocol 2 pull request (§7.1) signed by the device key, with a new
// counter (kept in the link before it is sent).
Result<std::string> SignPull(App& app, const nlohmann::json& have);
// Records the sections of a pull answer that changed (one `sync.pulled`
// entry, or none) and keeps their versions in the link. `have` is what the
// request said it held.
Status RecordPulled(App& app, nlohmann::json answer, const nlohmann::json& have);
// After a 403 `replayed` (§7.1): raises the link's counter to the parent's
// highest; true when the request may be signed again and sent once more.
bool RaisePullCounter(App& app, const http::ClientResponse& r, const nlohmann::json& answer);
// The JSON of an answer of the parent, zstd or plain (§7.1); discarded when neither.
nlohmann::json AnswerJson(const http::ClientResponse& r);

}  // namespace sabt::app
