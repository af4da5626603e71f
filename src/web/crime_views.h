// Pages of the crime register (issue #4) under /crime.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddCrimeRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
