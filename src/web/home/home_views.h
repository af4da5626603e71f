// The start pages (src/app/home/start_page.h): "/" is the citizen's public
// start page when nobody is signed in, and the signed-in role's own start
// page otherwise. Also the HTML error pages for unknown addresses and
// failures outside the JSON API.
#pragma once
#include <string>

#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddHomeRoutes(http::Router& router, app::App& app);

// Paths that belong to machines (JSON API, sync, log, Open311, witness):
// errors there stay JSON.
bool IsMachinePath(std::string_view path);
// 404 for an unknown address: an HTML page in the user's language with a
// way forward, or JSON {"error":"not_found"} on machine paths.
restinio::request_handling_status_t NotFoundResponse(app::App& app, const http::Req& req);
// 500 with a correlation id, as HTML or JSON likewise.
restinio::request_handling_status_t InternalErrorResponse(app::App& app, const http::Req& req,
                                                          const std::string& correlation_id);

}  // namespace sabt::web
