// The HTML pages: sign-in, the appeal list, the intake form and the receipt.
// They work without JavaScript; forms POST and then redirect. Every POST
// checks the CSRF token before anything else.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
