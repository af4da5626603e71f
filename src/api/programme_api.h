// JSON routes of the reform programme and the equipment register
// (docs/api.md "Reform programme", docs/programme.md).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddProgrammeRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
