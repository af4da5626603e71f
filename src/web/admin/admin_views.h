// Administration pages (src/app/admin/user_admin.h): /admin/users and
// /admin/departments. Admin only, scoped to the admin's subtree; every form
// carries the CSRF token and every act is journaled with the admin as actor.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddAdminRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
