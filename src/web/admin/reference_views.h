// Reference lists, the classifier and deadline settings in the browser
// (app/admin/reference_admin.h, app/admin/deadline_settings.h):
// /admin/reference (upload → preview → apply) and /admin/deadlines. National
// admin only; every form carries the CSRF token.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddReferenceRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
