// The quarterly programme report over the JSON API (docs/programme.md §5):
// GET /api/v1/programme/report?quarter=&lang=&format=&department= answers
// the PDF or XLSX file. Registered before the programme's generic
// /api/v1/programme/:kind route.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddProgrammeReportRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
