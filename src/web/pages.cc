#include "web/pages.h"

#include "app/appeals.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/embedded.h"
#include "web/admin/admin_views.h"
#include "web/appeal_extra_views.h"
#include "web/appeal_views.h"
#include "web/public_pages.h"
#include "web/queue_views.h"
#include "web/reply_letter.h"
#include "web/sync_views.h"
#include "web/crime_views.h"
#include "web/home/home_views.h"
#include "web/trip_views.h"
#include "web/verify_page.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;

restinio::request_handling_status_t ErrorPage(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                              const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

std::string ContentType(const std::string& name) {
  auto ends = [&](const char* s) {
    std::string x(s);
    return name.size() >= x.size() && name.compare(name.size() - x.size(), x.size(), x) == 0;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  return "application/octet-stream";
}

restinio::request_handling_status_t LoginPage(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                              const std::string& username, bool failed) {
  mstch::map d{{"username", username}, {"failed", failed}};
  return http::SendHtml(req, std::move(st), RenderPage("login", w.Page("login_title"), d), w.set_cookies);
}

}  // namespace

void AddRoutes(http::Router& router, app::App& app) {
  router.http_get("/static/:file", [](const Req& req, auto params) {
    std::string name(params["file"]);
    auto f = embedded::Find("web/static/" + name);
    if (name.find("..") != std::string::npos || !f)
      return http::Respond(req, restinio::status_not_found()).set_body("not found").done();
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, ContentType(name))
        .set_body(std::string(*f))
        .done();
  });

  router.http_get("/lang", [&app](const Req& req, auto) {
    auto q = http::ParseQuery(req);
    std::string to = q["to"];
    std::vector<std::string> cookies;
    if (http::IsLanguage(to))
      cookies.push_back(http::MakeCookie("sabt_lang", to, app.config().secure_cookies, 365 * 24 * 3600));
    return http::Redirect(req, SafeBack(q["back"]), cookies);
  });

  router.http_get("/login", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (w.who) return http::Redirect(req, "/");
    return LoginPage(req, w, restinio::status_ok(), "", false);
  });

  router.http_post("/login", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    std::string username = (*form)["username"];
    auto s = app::Login(app, username, (*form)["password"], w.lang);
    if (!s.ok()) {
      if (s.status().code() == Code::kUnauthenticated)
        return LoginPage(req, w, restinio::status_unauthorized(), username, true);
      if (store::IsReadOnlyRefusal(s.status()))
        return ErrorPage(req, w, restinio::status_service_unavailable(), "err_read_only");
      return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
    }
    int max_age = app.config().session_ttl_minutes * 60;
    // Every role lands on its own start page (web/home).
    return http::Redirect(req, "/",
                          {http::MakeCookie("sabt_session", s->token, app.config().secure_cookies, max_age),
                           http::MakeCookie("sabt_pre", "", app.config().secure_cookies, 0)});
  });

  router.http_post("/logout", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    auto form = http::ParseForm(req->body());
    if (!w.who) return http::Redirect(req, "/login");
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    Status st = app::Logout(app, http::FindCredentials(req).token);
    if (!st.ok()) return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
    return http::Redirect(req, "/login", {http::MakeCookie("sabt_session", "", app.config().secure_cookies, 0)});
  });

  AddHomeRoutes(router, app);
  AddAdminRoutes(router, app);
  AddAppealRoutes(router, app);
  AddAppealExtraRoutes(router, app);
  AddCrimeRoutes(router, app);
  AddVerifyRoutes(router, app);
  AddPublicRoutes(router, app);
  AddQueueRoutes(router, app);
  AddReplyRoutes(router, app);
  AddSyncRoutes(router, app);
  AddTripRoutes(router, app);
}

}  // namespace sabt::web
