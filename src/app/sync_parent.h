// The parent's side of sync (docs/sync-protocol.md): enrolments, devices,
// accepting pushed batches and answering pulls.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"

namespace sabt::app {

struct SyncAnswer {
  int http_status = 200;
  nlohmann::json body;
  bool zstd = false;  // sent as zstd JSON (a pull's answer, §7.1)
};

// Admin: a one-time enrolment code for a mobile-unit department (24 h).
// Answers {id, code, origin, department, expires_at}; the code is shown once.
// With districts, also for a district department: a district node under
// central (docs/sync-protocol.md §13; the API allows it, the page
// /admin/devices enrols laptops only).
Result<nlohmann::json> CreateEnrolment(App& app, const Principal& who, const std::string& department,
                                       bool districts = false);
// Admin: enrolments and devices known to this node.
Result<nlohmann::json> ListDevices(App& app, const Principal& who);
Status RevokeDevice(App& app, const Principal& who, const std::string& origin, const std::string& reason);

// Unauthenticated calls, authorised by the code or the device signature.
SyncAnswer RedeemEnrolment(App& app, const std::string& body);
SyncAnswer AcceptBatch(App& app, std::string_view compressed);
// A file referenced by an attachment entry, uploaded before its batch
// (docs/sync-protocol.md §3); note_b64 is base64 of the device-signed note.
SyncAnswer AcceptAttachment(App& app, const std::string& origin, const std::string& sha256,
                            const std::string& note_b64, std::string bytes);
std::string NewPullChallenge(App& app);
SyncAnswer AnswerPull(App& app, const std::string& body);

// Batch limits (docs/sync-protocol.md §3).
inline constexpr size_t kMaxBatchRaw = 16u << 20;

}  // namespace sabt::app
