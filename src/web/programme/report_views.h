// The quarterly programme report on the pages (docs/programme.md §5):
// GET /programme/report?quarter=&lang=&format=&department= sends the file;
// the form that asks for it is on /programme.
#pragma once
#include <string>

#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddProgrammeReportRoutes(http::Router& router, app::App& app);

// "YYYY-Qn" of the node's current Dushanbe day, the form's default.
std::string CurrentQuarterLabel(app::App& app);

}  // namespace sabt::web
