// Pages of the reform programme (docs/programme.md): the programme with its
// components and activities, an activity, a working group with its
// meetings, a decision, and the coordinator's forms. Indicators:
// indicator_views.h; equipment: equipment_views.h.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddProgrammeRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
