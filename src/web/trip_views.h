// Pages of the trip log (docs/sync-protocol.md §12): /trips (the list, and on
// a field node the forms to start and end trips and stops) and /trips/{id}.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddTripRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
