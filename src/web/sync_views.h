// Sync pages (docs/sync-protocol.md §2, §8). On a parent: /admin/devices
// (enrolment codes with their QR code, the devices, revocation). On a field
// node: POST /sync/now ("Sync now" in the banner) and GET /sync/state (the
// banner's polling endpoint).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddSyncRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
