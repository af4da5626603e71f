// Pages of the oversight of the online queue (docs/security.md, "Separation
// of duties and online submissions"): /oversight/submissions (the list, no
// personal data), …/{id}/open (with a journaled reason), …/{id}/annul (the
// prosecutor), and the citizen's check /public/appeal/check (no sign-in,
// rate-limited like /status).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddSubmissionOversightRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
