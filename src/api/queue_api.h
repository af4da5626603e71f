// JSON API of the online channel (docs/api.md): the public submission
// (POST /api/v1/public/appeals, no sign-in, rate-limited) and the desk
// officers' queue (/api/v1/queue…, Bearer token).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddQueueRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
