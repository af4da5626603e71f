#include "api/signin_api.h"

#include "api/api_common.h"
#include "app/auth.h"
#include "app/signin/accounts.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/json_str.h"

namespace sabt::api {
namespace {

using http::Req;


restinio::request_handling_status_t Refuse(const Req& req, restinio::http_status_line_t st, const char* error,
                                           const std::string& message, int64_t retry_after_s) {
  return http::Respond(req, std::move(st))
      .append_header(restinio::http_field::content_type, "application/json")
      .append_header(restinio::http_field::retry_after, std::to_string(retry_after_s))
      .set_body(nlohmann::json{{"error", error}, {"message", message}, {"retry_after", retry_after_s}}.dump())
      .done();
}

}  // namespace

void AddSigninRoutes(http::Router& router, app::App& app) {
  router.http_post("/api/v1/login", [&app](const Req& req, auto) {
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    std::string lang = Lang(req);
    app::LoginRequest in{JsonStr(*body, "username"), JsonStr(*body, "password"), JsonStr(*body, "totp"),
                         http::ClientAddress(req), lang, false};
    auto s = app::Login(app, in);
    if (!s.ok()) return Error(req, s.status());
    switch (s->result) {
      case app::LoginResult::kSignedIn: break;
      case app::LoginResult::kMustEnrol:
        return http::SendJson(req, restinio::status_forbidden(),
                              {{"error", "totp_enrolment_required"}, {"message", http::T(lang, "err_totp_enrol_web")}});
      case app::LoginResult::kThrottled:
        return Refuse(req, restinio::status_too_many_requests(), "throttled", http::T(lang, "err_signin_throttled"),
                      s->retry_after_s);
      case app::LoginResult::kLocked:
        return Refuse(req, restinio::status_locked(), "locked", http::T(lang, "err_signin_locked"), s->retry_after_s);
      case app::LoginResult::kBadCredentials:
        return http::SendJson(req, restinio::status_unauthorized(),
                              {{"error", "bad_credentials"}, {"message", http::T(lang, "err_bad_credentials")}});
    }
    const auto& p = s->session.principal;
    return http::SendJson(req, restinio::status_ok(),
                          {{"token", s->session.token},
                           {"expires_at", FormatRfc3339Millis(p.session.expires_ms)},
                           {"idle_minutes", app.config().session_idle_minutes},
                           {"user", {{"username", p.user.username}, {"role", p.user.role},
                                     {"department", p.user.department}}}});
  });

  router.http_post("/api/v1/logout-everywhere", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    Status st = app::signin::SignOutEverywhere(app, *p);
    if (!st.ok()) return Error(req, st);
    return http::SendJson(req, restinio::status_ok(), nlohmann::json::object());
  });

  router.http_post("/api/v1/password", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    Status st = app::signin::ChangePassword(app, *p, JsonStr(*body, "current_password"), JsonStr(*body, "new_password"),
                                            http::ClientAddress(req));
    if (st.code() == Code::kUnauthenticated)
      return http::SendJson(req, restinio::status_forbidden(),
                            {{"error", "wrong_password"}, {"message", http::T(Lang(req), "err_wrong_current_password")}});
    if (!st.ok()) return Error(req, st);
    return http::SendJson(req, restinio::status_ok(), nlohmann::json::object());
  });
}

}  // namespace sabt::api
