// The online queue for desk officers (/queue): submissions from the public
// form for departments in the officer's scope, with accept / reject.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddQueueRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
