// The JSON API under /api/v1 (docs/api.md). Authentication is by Bearer
// token only: the API never honours the session cookie, so a cross-site form
// cannot drive it.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
