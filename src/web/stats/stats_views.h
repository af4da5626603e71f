// Statistics pages (issue 15, docs/statistics.md): the statistics home at
// /stats (an analyst's start page), one page per report at /stats/{id},
// and the downloads at /stats/{id}/export. Charts are SVG drawn here on the
// server, each with its data table.
#pragma once
#include "app/app.h"
#include "http/common.h"
#include "web/web_session.h"

namespace sabt::web {

void AddStatsRoutes(http::Router& router, app::App& app);

// The statistics home for a signed-in user (also served at "/" for analysts).
restinio::request_handling_status_t StatsHome(app::App& app, const http::Req& req, const WebRequest& w);

}  // namespace sabt::web
