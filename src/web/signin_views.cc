#include "web/signin_views.h"

#include "app/auth.h"
#include "app/signin/accounts.h"
#include "app/signin/second_factor.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/totp.h"
#include "web/qr_image.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;

restinio::request_handling_status_t Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                            const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

// The enrolment-only session from the cookie, as a WebRequest whose CSRF
// token is that session's.
std::optional<app::Principal> EnrolmentSession(app::App& app, const Req& req, WebRequest* w) {
  auto creds = http::FindCredentials(req);
  if (!creds.from_cookie || creds.token.empty()) return std::nullopt;
  auto p = app::AuthenticateEnrolment(app, creds.token);
  if (!p.ok()) return std::nullopt;
  w->csrf = p->session.csrf;
  return *p;
}

restinio::request_handling_status_t EnrolPage(app::App& app, const Req& req, const WebRequest& w,
                                              const app::Principal& p, restinio::http_status_line_t st, bool wrong) {
  auto secret = app::signin::PendingSecret(app, p);
  if (!secret.ok()) return Message(req, w, restinio::status_conflict(), "totp_already_enrolled");
  std::string uri = OtpauthUri("Sabt", p.user.username, *secret);
  auto qr = QrPngDataUri(uri, 4);
  mstch::map d{{"secret", Base32(*secret)}, {"uri", uri}, {"wrong", wrong}, {"username", p.user.username}};
  if (qr.ok()) d["qr"] = *qr;
  // The secret is shown on this page only; the page is never cached (no-store).
  return http::SendHtml(req, std::move(st), RenderPage("totp_enrol", w.Page("totp_enrol_title"), d), w.set_cookies);
}

restinio::request_handling_status_t AccountPage(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                                const std::string& error_key, bool changed) {
  mstch::map d{{"changed", changed}};
  if (!error_key.empty()) d["error"] = http::T(w.lang, error_key);
  return http::SendHtml(req, std::move(st), RenderPage("account", w.Page("acct_title"), d), w.set_cookies);
}

restinio::request_handling_status_t AdminPage(app::App& app, const Req& req, const WebRequest& w,
                                              const std::string& notice_key) {
  auto locked = app::signin::LockedAccounts(app, *w.who);
  auto factors = app::signin::SecondFactorStates(app, *w.who);
  if (!locked.ok() || !factors.ok()) return Message(req, w, restinio::status_internal_server_error(), "err_internal");
  const int64_t now = app.clock().NowMillis();
  mstch::array rows;
  for (const auto& a : *locked)
    rows.push_back(mstch::map{{"id", a.user.id}, {"username", a.user.username}, {"name", a.user.display_name},
                              {"department", a.user.department},
                              {"role", http::T(w.lang, "role_" + a.user.role)},
                              {"until", FormatLocal(a.guard.locked_until_ms)},
                              {"minutes", std::to_string((a.guard.locked_until_ms - now + 59999) / 60000)}});
  mstch::array fa;
  for (const auto& f : *factors)
    fa.push_back(mstch::map{{"id", f.user.id}, {"username", f.user.username}, {"name", f.user.display_name},
                            {"department", f.user.department}, {"role", http::T(w.lang, "role_" + f.user.role)},
                            {"enrolled", f.enrolled}});
  mstch::map d{{"locked", rows}, {"no_locked", rows.empty()}, {"factors", fa}};
  if (!notice_key.empty()) d["notice"] = http::T(w.lang, notice_key);
  return http::SendHtml(req, restinio::status_ok(), RenderPage("signin_admin", w.Page("sa_title"), d), w.set_cookies);
}

}  // namespace

void AddSigninRoutes(http::Router& router, app::App& app) {
  // Enrolment of the second factor: only with an enrolment-only session.
  router.http_get("/account/totp", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    auto p = EnrolmentSession(app, req, &w);
    if (!p) return http::Redirect(req, w.who ? "/account" : "/login", w.set_cookies);
    return EnrolPage(app, req, w, *p, restinio::status_ok(), false);
  });

  router.http_post("/account/totp", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    auto p = EnrolmentSession(app, req, &w);
    if (!p) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    auto codes = app::signin::ConfirmEnrolment(app, *p, (*form)["code"]);
    if (!codes.ok()) {
      if (codes.status().code() == Code::kInvalid)
        return EnrolPage(app, req, w, *p, restinio::status_unprocessable_entity(), true);
      return Message(req, w, restinio::status_conflict(), "totp_already_enrolled");
    }
    // Now a full session: show the recovery codes once, inside the normal layout.
    auto full = app::Authenticate(app, http::FindCredentials(req).token);
    if (full.ok()) w.who = *full;
    mstch::array list;
    for (const auto& c : *codes) list.push_back(mstch::map{{"code", c}});
    mstch::map d{{"codes", list}};
    std::vector<std::string> cookies = w.set_cookies;
    cookies.push_back(http::MakeCookie("sabt_session", http::FindCredentials(req).token, app.config().secure_cookies,
                                       app.config().session_ttl_minutes * 60));
    return http::SendHtml(req, restinio::status_ok(), RenderPage("totp_recovery", w.Page("totp_recovery_title"), d),
                          cookies);
  });

  router.http_get("/account", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return AccountPage(req, w, restinio::status_ok(), "", http::ParseQuery(req)["changed"] == "1");
  });

  router.http_post("/account/password", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    if ((*form)["new_password"] != (*form)["new_password_again"])
      return AccountPage(req, w, restinio::status_unprocessable_entity(), "err_password_mismatch", false);
    Status st = app::signin::ChangePassword(app, *w.who, (*form)["current_password"], (*form)["new_password"],
                                            http::ClientAddress(req));
    if (st.code() == Code::kUnauthenticated)
      return AccountPage(req, w, restinio::status_forbidden(), "err_wrong_current_password", false);
    if (st.code() == Code::kInvalid)
      return AccountPage(req, w, restinio::status_unprocessable_entity(), "err_password_policy", false);
    if (!st.ok()) return Message(req, w, restinio::status_internal_server_error(), "err_internal");
    return http::Redirect(req, "/account?changed=1", w.set_cookies);
  });

  router.http_post("/account/sign-out-everywhere", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    Status st = app::signin::SignOutEverywhere(app, *w.who);
    if (!st.ok()) return Message(req, w, restinio::status_internal_server_error(), "err_internal");
    return http::Redirect(req, "/login", {http::MakeCookie("sabt_session", "", app.config().secure_cookies, 0)});
  });

  // Administrators: locked accounts and second factors of their subtree.
  router.http_get("/admin/sign-in", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kManageUsers))
      return Message(req, w, restinio::status_forbidden(), "err_denied");
    std::string done = http::ParseQuery(req)["done"];
    return AdminPage(app, req, w, done == "unlocked" ? "sa_unlocked" : done == "reset" ? "sa_reset_done" : "");
  });

  auto admin_post = [&app](const Req& req, const std::string& user_id, bool unlock) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kManageUsers))
      return Message(req, w, restinio::status_forbidden(), "err_denied");
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    Status st = unlock ? app::signin::Unlock(app, *w.who, user_id)
                       : app::signin::ResetSecondFactor(app, *w.who, user_id);
    if (st.code() == Code::kNotFound) return Message(req, w, restinio::status_not_found(), "err_not_found");
    if (st.code() == Code::kConflict) return Message(req, w, restinio::status_conflict(), "sa_not_locked");
    if (!st.ok()) return Message(req, w, restinio::status_internal_server_error(), "err_internal");
    return http::Redirect(req, unlock ? "/admin/sign-in?done=unlocked" : "/admin/sign-in?done=reset", w.set_cookies);
  };
  router.http_post("/admin/sign-in/:id/unlock", [admin_post](const Req& req, auto params) {
    return admin_post(req, std::string(params["id"]), true);
  });
  router.http_post("/admin/sign-in/:id/reset-totp", [admin_post](const Req& req, auto params) {
    return admin_post(req, std::string(params["id"]), false);
  });
}

}  // namespace sabt::web
