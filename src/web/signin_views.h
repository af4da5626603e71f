// Pages of sign-in protection (docs/security.md "Sign-in and sessions"):
// enrolment of the TOTP second factor (/account/totp), the user's account
// page (password change, sign out everywhere) and the administrator's page
// of locked accounts and second factors (/admin/sign-in).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddSigninRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
