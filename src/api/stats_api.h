// Statistics JSON API under /api/v1/stats (issue 15, docs/statistics.md §4).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddStatsRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
