// GET /verify: the public receipt check page (docs/verification.md §4). It
// works without JavaScript (the server checks its own data); with it,
// /static/verify.js repeats every check in the browser.
#include "web/verify_page.h"

#include "app/receipts.h"
#include "http/i18n.h"
#include "util/rate_limiter.h"
#include "web/web_session.h"

namespace sabt::web {

void AddVerifyRoutes(http::Router& router, app::App& app) {
  static RateLimiter limiter(/*per minute*/ 20, /*burst*/ 20);
  router.http_get("/verify", [&app](const http::Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    auto q = http::ParseQuery(req);
    mstch::map d{{"number", q["number"]}, {"code", q["code"]}, {"leaf", q["leaf"]}};
    if (!q["number"].empty() || !q["code"].empty()) {
      d["checked"] = true;
      if (!limiter.Allow(http::ClientAddress(req), app.clock().NowMillis())) {
        d["state"] = std::string("fail");
        d["headline"] = http::T(w.lang, "err_rate_limited");
        return http::SendHtml(req, restinio::status_too_many_requests(),
                              RenderPage("verify", w.Page("verify_title"), d), w.set_cookies);
      }
      auto r = app::CheckReceiptHere(app, q["number"], q["code"], q["leaf"]);
      d["state"] = std::string(r.ok ? "ok" : "fail");
      std::string headline = http::T(w.lang, r.ok ? "verify_ok" : "verify_fail");
      auto sub = [&](const std::string& key, const std::string& val) {
        size_t at = headline.find(key);
        if (at != std::string::npos) headline.replace(at, key.size(), val);
      };
      sub("{origin}", r.origin);
      sub("{size}", std::to_string(r.size));
      sub("{time}", r.checkpoint_time.substr(0, 19) + " UTC");
      d["headline"] = headline;
      if (r.ok) d["status"] = http::T(w.lang, "status_" + r.status);
      mstch::array steps;
      for (const auto& [ok, text] : r.steps)
        steps.push_back(mstch::map{{"class", std::string(ok ? "ok" : "fail")}, {"text", std::string(ok ? "✓ " : "✗ ") + text}});
      d["steps"] = steps;
    }
    return http::SendHtml(req, restinio::status_ok(), RenderPage("verify", w.Page("verify_title"), d), w.set_cookies);
  });
}

}  // namespace sabt::web
