// The trip log's JSON API under /api/v1/trips (docs/api.md, "Trips").
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddTripRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
