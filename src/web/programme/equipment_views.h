// Pages of the equipment register (docs/programme.md §1, §4): the register,
// an item with its history and links, a handover act and its PDF, and the
// coordinator's forms.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddEquipmentRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
