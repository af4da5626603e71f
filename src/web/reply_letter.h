// The reply letter of an answered appeal, for the page route
// (/appeals/{id}/reply.pdf) and the API (/api/v1/appeals/{id}/reply.pdf).
// Same rules as the receipt: scope (out of scope is "not found"), and
// oversight roles get no letter (they read through the audited page).
#pragma once
#include <string>

#include "app/app.h"
#include "app/auth.h"
#include "http/common.h"

namespace sabt::web {

// kNotFound when the appeal is missing, out of scope or not answered (yet);
// kDenied for roles that may not read appeals and for oversight roles.
Result<std::string> ReplyLetterPdf(app::App& app, const app::Principal& who, const std::string& appeal_id);

void AddReplyRoutes(http::Router& router, app::App& app);

}  // namespace sabt::web
