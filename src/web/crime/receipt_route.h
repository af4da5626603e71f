// The reporter's receipt of a crime report (docs/api.md "The reporter's
// receipt"): GET /crime/reports/{id}/receipt.pdf, the appeal receipt's layout
// with a crime report's labels.
#pragma once
#include "app/app.h"
#include "http/common.h"

namespace sabt::web {

void AddCrimeReceiptRoute(http::Router& router, app::App& app);

}  // namespace sabt::web
