// JSON API of sign-in (docs/api.md, docs/security.md "Sign-in and sessions"):
// login under the same throttle, lockout and TOTP rules as the pages,
// sign-out everywhere, password change.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddSigninRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
