#include "web/pages.h"

#include "app/appeals.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/embedded.h"
#include "web/admin/admin_views.h"
#include "web/admin/reference_views.h"
#include "web/audit/journal_views.h"
#include "web/appeal_extra_views.h"
#include "web/appeal_views.h"
#include "web/public_pages.h"
#include "web/signin_views.h"
#include "web/queue_views.h"
#include "web/reply_letter.h"
#include "web/sync_views.h"
#include "web/crime_views.h"
#include "web/home/home_views.h"
#include "web/programme/equipment_views.h"
#include "web/programme/programme_views.h"
#include "web/programme/report_views.h"
#include "web/trip_views.h"
#include "web/stats/stats_views.h"
#include "web/persons/search_views.h"
#include "web/verify_page.h"
#include "web/video/video_views.h"
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

// Throttled (429) or locked (423): the reason, and how long to wait, in words.
restinio::request_handling_status_t LoginRefused(const Req& req, const WebRequest& w, const app::LoginOutcome& o,
                                                 const std::string& username) {
  bool locked = o.result == app::LoginResult::kLocked;
  std::string minutes = std::to_string((o.retry_after_s + 59) / 60);
  std::string msg = locked ? http::T(w.lang, "err_signin_locked") : http::T(w.lang, "err_signin_throttled");
  msg += " " + http::T(w.lang, locked ? "signin_wait_minutes" : "signin_wait_seconds") + " " +
         (locked ? minutes : std::to_string(o.retry_after_s));
  mstch::map d{{"username", username}, {"refused", true}, {"reason", std::string(locked ? "locked" : "throttled")},
               {"message", msg}};
  std::vector<std::string> cookies = w.set_cookies;
  auto res = http::Respond(req, locked ? restinio::status_locked() : restinio::status_too_many_requests());
  for (const auto& c : cookies) res.append_header(restinio::http_field::set_cookie, c);
  return res.append_header(restinio::http_field::content_type, "text/html; charset=utf-8")
      .append_header(restinio::http_field::retry_after, std::to_string(o.retry_after_s))
      .set_body(RenderPage("login", w.Page("login_title"), d))
      .done();
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
    app::LoginRequest in{username, (*form)["password"], (*form)["totp"], http::ClientAddress(req), w.lang, true};
    auto s = app::Login(app, in);
    if (!s.ok()) {
      if (store::IsReadOnlyRefusal(s.status()))
        return ErrorPage(req, w, restinio::status_service_unavailable(), "err_read_only");
      return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
    }
    switch (s->result) {
      case app::LoginResult::kBadCredentials:
        return LoginPage(req, w, restinio::status_unauthorized(), username, true);
      case app::LoginResult::kThrottled:
      case app::LoginResult::kLocked:
        return LoginRefused(req, w, *s, username);
      case app::LoginResult::kMustEnrol:
        // An enrolment-only session: it opens /account/totp and nothing else.
        return http::Redirect(req, "/account/totp",
                              {http::MakeCookie("sabt_session", s->session.token, app.config().secure_cookies, 600),
                               http::MakeCookie("sabt_pre", "", app.config().secure_cookies, 0)});
      case app::LoginResult::kSignedIn: break;
    }
    int max_age = app.config().session_ttl_minutes * 60;
    // Every role lands on its own start page (web/home).
    return http::Redirect(req, "/",
                          {http::MakeCookie("sabt_session", s->session.token, app.config().secure_cookies, max_age),
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
  // Administration and auditor viewer (issue 14): reference lists, classifier,
  // deadlines, the journal and access-log viewer.
  AddReferenceRoutes(router, app);
  AddAuditRoutes(router, app);
  AddSigninRoutes(router, app);  // account, enrolment, locked accounts (issue 13 item 7)
  AddAppealRoutes(router, app);
  AddAppealExtraRoutes(router, app);
  AddCrimeRoutes(router, app);
  AddVerifyRoutes(router, app);
  AddPublicRoutes(router, app);
  AddQueueRoutes(router, app);
  AddReplyRoutes(router, app);
  AddSyncRoutes(router, app);
  AddTripRoutes(router, app);
  AddVideoRoutes(router, app);  // video link (docs/video.md)
  AddStatsRoutes(router, app);  // statistics (issue 15)
  // Reform programme and equipment register (issue 17).
  AddProgrammeRoutes(router, app);
  AddProgrammeReportRoutes(router, app);  // quarterly report (docs/programme.md §5)
  AddEquipmentRoutes(router, app);
  AddPersonSearchRoutes(router, app);  // persons and search (issue 16)
}

}  // namespace sabt::web
