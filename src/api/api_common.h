// What every JSON API handler shares: the caller's language and the one
// mapping of a Status to an HTTP answer (docs/api.md "Errors").
#pragma once
#include <optional>
#include <string>

#include "app/app.h"
#include "app/auth.h"
#include "http/common.h"
#include "util/status.h"

namespace sabt::api {

// ?lang= when valid, else the Accept-Language header, else Tajik.
std::string Lang(const http::Req& req);

// read-only node → 503 read_only; a missing oversight reason → 403
// reason_required; otherwise the status's code, with internal details
// never shown to the client.
restinio::request_handling_status_t Error(const http::Req& req, const Status& st);

// Resolves the Bearer token (never the session cookie: the JSON API takes no
// cookies, so no CSRF); on failure sends 401 and returns nullopt.
std::optional<app::Principal> Auth(app::App& app, const http::Req& req);

// The request body as a JSON object; nullopt when too large, not JSON, or not an object.
std::optional<nlohmann::json> JsonBody(const http::Req& req);

}  // namespace sabt::api
