// The auditor's journal and access-log viewer (app/audit/journal_viewer.h):
// GET /audit/journal shows the filter form; POST /audit/journal (CSRF) shows
// one page, journaled with the auditor's reason. The reason travels in the
// form body, never in a URL.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddAuditRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
