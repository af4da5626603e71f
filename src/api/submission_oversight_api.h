// JSON API of the oversight of the online queue (docs/api.md): the list
// (GET /api/v1/oversight/submissions), one submission with a reason
// (GET /api/v1/oversight/submissions/{id}?reason=), the prosecutor's
// annulment of a rejection (POST …/{id}/annul), and the citizen's check
// (GET /api/v1/public/submission?reference=&code=, no sign-in, rate-limited).
#pragma once
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/submissions.h"
#include "http/common.h"
#include "store/rows.h"

namespace sabt::api {

// A submission as the API shows it (personal fields as the row has them).
nlohmann::json SubmissionJson(const store::SubmissionRow& s);

// Problems → 422 with the fields, a failure → its status, else `ok`.
restinio::request_handling_status_t DecisionReply(const http::Req& req, const app::DecisionOutcome& o,
                                                  restinio::http_status_line_t ok);

void AddSubmissionOversightRoutes(http::Router& router, app::App& app);

}  // namespace sabt::api
