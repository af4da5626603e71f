#include "web/sync_views.h"

#include <map>
#include <mutex>

#include "app/sync_child.h"
#include "app/sync_parent.h"
#include "domain/department.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/random.h"
#include "util/text.h"
#include "web/qr_image.h"
#include "web/sync_banner.h"
#include "web/sync_flag_views.h"
#include "web/web_session.h"
#include "util/json_str.h"

namespace sabt::web {
namespace {

using http::Req;

// A new enrolment code is shown exactly once: the POST that creates it
// redirects (303) to GET /admin/devices?shown=<token>, and that GET takes the
// code out of this in-memory map. Reloading the page neither shows the code
// again (it is gone) nor makes a new one (no POST is repeated). Only the
// session that created it can take it (bound to its CSRF token), and an
// untaken code is dropped after 10 minutes; the database never holds the
// code, only its hash (sync.enrolment_created).
struct Shown {
  nlohmann::json enrolment;
  std::string session_csrf;
  int64_t expires_ms = 0;
};
std::mutex g_shown_mu;
std::map<std::string, Shown> g_shown;
constexpr int64_t kShownTtlMs = 10 * 60 * 1000;

std::string KeepShown(const nlohmann::json& enrolment, const std::string& csrf, int64_t now) {
  std::string token = RandomToken(18);
  std::lock_guard<std::mutex> lock(g_shown_mu);
  for (auto it = g_shown.begin(); it != g_shown.end();) it = it->second.expires_ms < now ? g_shown.erase(it) : ++it;
  g_shown[token] = Shown{enrolment, csrf, now + kShownTtlMs};
  return token;
}

std::optional<nlohmann::json> TakeShown(const std::string& token, const std::string& csrf, int64_t now) {
  if (token.empty()) return std::nullopt;
  std::lock_guard<std::mutex> lock(g_shown_mu);
  auto it = g_shown.find(token);
  if (it == g_shown.end() || !http::SecretEquals(it->second.session_csrf, csrf)) return std::nullopt;
  std::optional<nlohmann::json> out;
  if (it->second.expires_ms >= now) out = it->second.enrolment;
  g_shown.erase(it);
  return out;
}

std::string TimeOrDash(const std::string& rfc3339) { return rfc3339.empty() ? "—" : DisplayTime(rfc3339); }

restinio::request_handling_status_t Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                            const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

std::string ParentUrl(const app::App& app) {
  return app.config().public_url.empty() ? "http://" + app.config().listen : app.config().public_url;
}

// The devices page; `extra` carries the code just created or an error.
restinio::request_handling_status_t DevicesPage(const Req& req, const WebRequest& w, app::App& app,
                                                restinio::http_status_line_t st, mstch::map extra,
                                                const std::string& chosen = "") {
  auto list = app::ListDevices(app, *w.who);
  if (!list.ok()) {
    if (list.status().code() == Code::kDenied) return Message(req, w, restinio::status_forbidden(), "err_denied");
    return Message(req, w, restinio::status_internal_server_error(), "err_internal");
  }
  auto snap = app.catalog().Get();
  auto dept_name = [&](const std::string& code) {
    const auto* d = snap->tree.Find(code);
    return d ? d->Name(w.lang) + " (" + code + ")" : code;
  };
  mstch::array departments;
  for (const auto& [dep, depth] : snap->tree.Ordered()) {
    (void)depth;
    if (dep->kind != domain::DepartmentKind::kMobile || dep->closed() ||
        !snap->tree.InScope(w.who->user.department, dep->code))
      continue;
    departments.push_back(mstch::map{{"code", dep->code}, {"name", dept_name(dep->code)}, {"selected", dep->code == chosen}});
  }
  int64_t now = app.clock().NowMillis();
  mstch::array enrolments;
  for (const auto& e : (*list)["enrolments"]) {
    std::string state = "pending";
    auto exp = ParseRfc3339(JsonStr(e, "expires_at"));
    if (!JsonStr(e, "used_at").empty()) state = "used";
    else if (!exp.ok() || *exp <= now) state = "expired";
    enrolments.push_back(mstch::map{{"origin", JsonStr(e, "origin")},
                                    {"department", dept_name(JsonStr(e, "department"))},
                                    {"series", JsonStr(e, "series")},
                                    {"created_at", TimeOrDash(JsonStr(e, "created_at"))},
                                    {"expires_at", TimeOrDash(JsonStr(e, "expires_at"))},
                                    {"used_at", TimeOrDash(JsonStr(e, "used_at"))},
                                    {"state", state},
                                    {"state_text", http::T(w.lang, "dev_state_" + state)}});
  }
  mstch::array devices;
  for (const auto& d : (*list)["devices"]) {
    bool revoked = JsonStr(d, "status") == "revoked";
    int64_t skew = d.value("skew_ms", int64_t{0});
    devices.push_back(mstch::map{{"origin", JsonStr(d, "origin")},
                                 {"department", dept_name(JsonStr(d, "department"))},
                                 {"series", JsonStr(d, "series")},
                                 {"enrolled_at", TimeOrDash(JsonStr(d, "enrolled_at"))},
                                 {"last_push_at", TimeOrDash(JsonStr(d, "last_push_at"))},
                                 {"acked_seq", std::to_string(d.value("acked_seq", int64_t{0}))},
                                 {"skew", std::to_string(skew / 1000) + " s"},
                                 {"skew_flagged", d.value("skew_flagged", false)},
                                 {"forks", std::to_string(d.value("forks", 0))},
                                 {"revoked", revoked},
                                 {"state", std::string(revoked ? "revoked" : "active")},
                                 {"state_text", http::T(w.lang, revoked ? "dev_state_revoked" : "dev_state_active")},
                                 {"revoked_at", TimeOrDash(JsonStr(d, "revoked_at"))}});
  }
  mstch::map d{{"departments", departments},
               {"enrolments", enrolments},
               {"devices", devices},
               {"no_enrolments", enrolments.empty()},
               {"no_devices", devices.empty()},
               {"sync_alerts", AlertRows((*list)["alerts"], w.lang)},
               {"sync_alerts_empty", (*list)["alerts"].empty()}};
  for (auto& [k, v] : extra) d[k] = v;
  return http::SendHtml(req, std::move(st), RenderPage("devices", w.Page("devices_title"), d), w.set_cookies);
}

mstch::map ErrorExtra(const WebRequest& w, const std::string& key) {
  return mstch::map{{"error", http::T(w.lang, key)}};
}

}  // namespace

void AddSyncRoutes(http::Router& router, app::App& app) {
  router.http_get("/admin/devices", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    mstch::map extra;
    auto shown = TakeShown(http::ParseQuery(req)["shown"], w.csrf, app.clock().NowMillis());
    if (shown) {
      std::string code = JsonStr(*shown, "code");
      auto qr = QrPngDataUri(code, 8);
      extra = mstch::map{{"shown", true},
                         {"code", code},
                         {"qr", qr.ok() ? *qr : std::string()},
                         {"code_origin", JsonStr(*shown, "origin")},
                         {"code_series", JsonStr(*shown, "series")},
                         {"code_department", JsonStr(*shown, "department")},
                         {"code_expires", TimeOrDash(JsonStr(*shown, "expires_at"))},
                         {"command", "sabt enroll --parent " + ParentUrl(app) + " --code " + code}};
    }
    return DevicesPage(req, w, app, restinio::status_ok(), extra);
  });

  router.http_post("/admin/devices", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    std::string department = (*form)["department"];
    auto r = app::CreateEnrolment(app, *w.who, department);
    if (!r.ok()) {
      switch (r.status().code()) {
        case Code::kDenied: return Message(req, w, restinio::status_forbidden(), "err_denied");
        case Code::kInvalid:
          return DevicesPage(req, w, app, restinio::status_unprocessable_entity(), ErrorExtra(w, "dev_err_department"),
                             department);
        case Code::kConflict:
          return DevicesPage(req, w, app, restinio::status_conflict(), ErrorExtra(w, "dev_err_active"), department);
        default: return Message(req, w, restinio::status_internal_server_error(), "err_internal");
      }
    }
    std::string token = KeepShown(*r, w.csrf, app.clock().NowMillis());
    return http::Redirect(req, "/admin/devices?shown=" + token, w.set_cookies);
  });

  router.http_post("/admin/devices/:origin/revoke", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    if (!domain::Allows(w.who->role, domain::Action::kManageDepartments))
      return Message(req, w, restinio::status_forbidden(), "err_denied");
    std::string origin(params["origin"]);
    std::string reason = CleanField((*form)["reason"]);
    if (reason.empty()) {
      mstch::map extra = ErrorExtra(w, "dev_err_reason");
      extra["error_origin"] = origin;
      return DevicesPage(req, w, app, restinio::status_unprocessable_entity(), extra);
    }
    Status st = app::RevokeDevice(app, *w.who, origin, reason);
    switch (st.code()) {
      case Code::kOk: return http::Redirect(req, "/admin/devices", w.set_cookies);
      case Code::kDenied: return Message(req, w, restinio::status_forbidden(), "err_denied");
      case Code::kNotFound: return Message(req, w, restinio::status_not_found(), "err_not_found");
      case Code::kConflict:
        return DevicesPage(req, w, app, restinio::status_conflict(), ErrorExtra(w, "dev_err_revoked"));
      default: return Message(req, w, restinio::status_internal_server_error(), "err_internal");
    }
  });

  router.http_post("/sync/now", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    auto* svc = app::SyncService::Current();
    if ((app.config().role != "field" && app.config().role != "district") || !svc) return Message(req, w, restinio::status_conflict(), "sync_err_not_field");
    svc->Wake();
    return http::Redirect(req, SafeBack((*form)["back"]), w.set_cookies);
  });

  router.http_get("/sync/state", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who)
      return http::SendJson(req, restinio::status_unauthorized(), {{"error", "unauthenticated"}, {"message", "sign in first"}});
    auto banner = LoadSyncBanner(app, w.lang);
    if (!banner)
      return http::SendJson(req, restinio::status_not_found(),
                            {{"error", "not_found"}, {"message", "this node does not sync to a parent"}});
    return http::SendJson(req, restinio::status_ok(), BannerJson(*banner));
  });
}

}  // namespace sabt::web
