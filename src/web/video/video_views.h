// Pages of the video link (docs/video.md): /video (meetings and the
// scheduling form), /video/{id} (the room), POST /video/{id}/join (the join
// grant as JSON), POST /video/{id}/end, and POST /video/janus-events (Janus's
// event handler: loopback and HTTP Basic only).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddVideoRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
