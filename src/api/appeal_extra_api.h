// JSON API added for issue #3: the appeal list's CSV export, the
// concealment guard's oversight list, persons, and attachments.
#pragma once
#include "app/app.h"
#include "app/appeal_lists.h"
#include "http/common.h"

namespace sabt::api {

void AddAppealExtraRoutes(http::Router& router, app::App& app);

// The count tables of a filtered list as JSON (for GET /api/v1/appeals?counts=1).
nlohmann::json CountsJson(const app::FilteredAppealList& list);

}  // namespace sabt::api
