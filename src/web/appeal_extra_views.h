// Pages added for issue #3: the filtered appeal list and its CSV export,
// the concealment guard's oversight list, the person page, and attachments
// (upload on the appeal page, download).
#pragma once
#include <mstch/mstch.hpp>

#include "app/app.h"
#include "http/common.h"
#include "store/rows.h"
#include "web/web_session.h"

namespace sabt::web {

void AddAppealExtraRoutes(http::Router& router, app::App& app);

// GET /appeals: the list with filters, pages and count tables.
restinio::request_handling_status_t AppealListPage(app::App& app, const http::Req& req, const WebRequest& w);

// Adds to the appeal page's data: the person link, the files and the
// upload form, and the guard classification.
void AddAppealPageExtras(app::App& app, const WebRequest& w, const store::AppealRow& a, mstch::map& d);

}  // namespace sabt::web
