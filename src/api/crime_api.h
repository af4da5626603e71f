// The crime register's JSON API under /api/v1 (docs/api.md, "Crime register").
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddCrimeRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
