// The public log endpoints (docs/verification.md): /log/key,
// /log/checkpoint, proofs, entry headers, the public receipt check, and the
// witness add-checkpoint call when this node witnesses other logs.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddLogRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
