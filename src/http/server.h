// `sabt serve`: the HTTP server (RESTinio on a thread pool) with the pages
// and the JSON API. Blocks until SIGINT/SIGTERM.
#pragma once
#include "app/app.h"

namespace sabt::http {

Status Serve(app::App& app);

}  // namespace sabt::http
