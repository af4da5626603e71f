// Sync endpoints (docs/sync-protocol.md, docs/api.md "Sync"): the
// node-to-node calls under /sync/v1 (authorised by an enrolment code or the
// device signature) and the admin/status calls under /api/v1/sync (Bearer).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddSyncRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
