// JSON API of persons and search (issue 16; docs/api.md "Persons and search",
// docs/persons-and-search.md §5-§6).
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::api {

void AddPersonSearchRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
