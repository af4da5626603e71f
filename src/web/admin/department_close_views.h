// Closing a department in the browser (docs/api.md "Closing a department"):
// a confirmation page that names what still blocks the closing, then the
// closing form (reason, successor), CSRF-checked.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddDepartmentCloseRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
