// Appeal pages: list (/appeals), intake form (/appeals/new, POST /appeals),
// the appeal with its receipt (/appeals/{id}), and the reason form that
// oversight roles fill before they see personal data.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddAppealRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
