// Pages for citizens, without sign-in: the online appeal form
// (/public/appeal) and the status page (/status). Both are rate-limited per
// client address (app/public_limits.h).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddPublicRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
