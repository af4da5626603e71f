// Plumbing shared by the pages (src/web) and the JSON API (src/api): request
// parsing (cookies, forms, query), the security headers every response
// carries, and the one place where a Status becomes an HTTP status.
#pragma once
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <restinio/all.hpp>

#include "app/auth.h"
#include "http/router.h"
#include "util/status.h"

namespace sabt::http {

using Req = restinio::request_handle_t;
using Params = restinio::router::route_params_t;
// Routes: http/router.h (exact paths from a table, the rest matched with
// PCRE2 in the order they were added).

// Limits. A body over kMaxBody is refused before parsing.
constexpr size_t kMaxBody = 1 << 20;
// File uploads (POST …/appeals/{id}/attachments): a 20 MiB file plus the
// multipart envelope. The handler then refuses a file over 20 MiB clearly.
constexpr size_t kMaxUploadBody = (size_t{20} << 20) + (size_t{256} << 10);
size_t BodyLimit(const Req& req);

std::map<std::string, std::string> ParseCookies(const Req& req);
// application/x-www-form-urlencoded → fields (last value wins). Invalid
// UTF-8 in any value makes the whole form invalid.
std::optional<std::map<std::string, std::string>> ParseForm(std::string_view body);
std::map<std::string, std::string> ParseQuery(const Req& req);
std::string Header(const Req& req, std::string_view name);
std::string ClientAddress(const Req& req);

// Constant-time comparison for secrets (CSRF tokens, codes).
bool SecretEquals(std::string_view a, std::string_view b);

// Starts a response with the security headers (CSP, nosniff,
// frame-ancestors 'none', Referrer-Policy, no-store).
restinio::response_builder_t<restinio::restinio_controlled_output_t> Respond(const Req& req,
                                                                             restinio::http_status_line_t status);

restinio::request_handling_status_t SendJson(const Req& req, restinio::http_status_line_t status,
                                             const nlohmann::json& body);
restinio::request_handling_status_t SendHtml(const Req& req, restinio::http_status_line_t status,
                                             const std::string& html,
                                             const std::vector<std::string>& set_cookies = {});
restinio::request_handling_status_t Redirect(const Req& req, const std::string& location,
                                             const std::vector<std::string>& set_cookies = {});

// Status → HTTP status line.
restinio::http_status_line_t HttpStatusFor(const Status& st);

// "name=value; Path=/; HttpOnly; SameSite=Strict[; Secure][; Max-Age=…]"
std::string MakeCookie(const std::string& name, const std::string& value, bool secure, int max_age_s = -1,
                       bool http_only = true);

// The session token from the cookie "sabt_session" or "Authorization: Bearer".
struct Credentials {
  std::string token;
  bool from_cookie = false;
};
Credentials FindCredentials(const Req& req);

}  // namespace sabt::http
