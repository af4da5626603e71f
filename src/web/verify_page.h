#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddVerifyRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
