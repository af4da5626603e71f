// GET /verify: the public receipt check page (docs/verification.md §4). It
// works without JavaScript (the server checks its own data, bound to what the
// receipt printed: index, leaf hash, key fingerprint); with it,
// /static/verify.js repeats every check in the browser. The answer is said in
// plain words; hashes and fingerprints are folded away below it.
#include "web/verify_page.h"

#include "app/receipts.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/rate_limiter.h"
#include "util/text.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

void Replace(std::string* s, const std::string& key, const std::string& val) {
  size_t at = s->find(key);
  if (at != std::string::npos) s->replace(at, key.size(), val);
}

// "3 December 2026" / "3 декабря 2026" / "3 декабри 2026", and "11:53", in
// Dushanbe time.
std::pair<std::string, std::string> DateAndTime(const std::string& lang, uint64_t seconds) {
  std::string local = FormatLocal(static_cast<int64_t>(seconds) * 1000);  // "YYYY-MM-DD HH:MM"
  int month = std::stoi(local.substr(5, 2));
  int day = std::stoi(local.substr(8, 2));
  std::string date = std::to_string(day) + " " + http::T(lang, "month_gen_" + std::to_string(month)) + " " +
                     local.substr(0, 4);
  return {date, local.substr(11, 5)};
}

std::string Headline(const std::string& lang, const app::ReceiptCheck& r) {
  if (!r.ok) {
    for (const auto& s : r.steps)
      if (!s.ok) return http::T(lang, "verify_fail_" + s.id);
    return http::T(lang, "verify_fail");
  }
  std::string text = http::T(lang, "verify_recorded");
  Replace(&text, "{number}", r.number);
  if (r.signed_time) {
    auto [date, time] = DateAndTime(lang, *r.signed_time);
    std::string signed_text = http::T(lang, r.witnesses.empty() ? "verify_signed_at" : "verify_signed_cosigned");
    Replace(&signed_text, "{date}", date);
    Replace(&signed_text, "{time}", time);
    if (!r.witnesses.empty()) Replace(&signed_text, "{witness}", r.witnesses.front().label);
    text += " " + signed_text;
  } else {
    text += " " + http::T(lang, "verify_signed_no_time");
  }
  return text;
}

}  // namespace

void AddVerifyRoutes(http::Router& router, app::App& app) {
  static RateLimiter limiter(/*per minute*/ 20, /*burst*/ 20);
  router.http_get("/verify", [&app](const http::Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    auto q = http::ParseQuery(req);
    mstch::map d{{"number", q["number"]}, {"code", q["code"]}, {"leaf", q["leaf"]}, {"index", q["i"]},
                 {"key_pin", q["k"]}};
    mstch::array months;
    for (int m = 1; m <= 12; ++m) months.push_back(http::T(w.lang, "month_gen_" + std::to_string(m)));
    d["months"] = months;
    if (!q["number"].empty() || !q["code"].empty()) {
      d["checked"] = true;
      if (!limiter.Allow(http::ClientAddress(req), app.clock().NowMillis())) {
        d["state"] = std::string("fail");
        d["headline"] = http::T(w.lang, "err_rate_limited");
        return http::SendHtml(req, restinio::status_too_many_requests(),
                              RenderPage("verify", w.Page("verify_title"), d), w.set_cookies);
      }
      ReceiptClaim claim;
      claim.number = q["number"];
      claim.leaf_hex = q["leaf"];
      claim.key_fingerprint = q["k"];
      int64_t index = -1;
      if (!q["i"].empty() && !ParseInt64(q["i"], &index)) index = -2;  // never matches: a spoiled index fails
      claim.index = index;
      auto r = app::CheckReceiptHere(app, q["code"], claim);
      d["state"] = std::string(r.ok ? "ok" : "fail");
      d["headline"] = Headline(w.lang, r);
      if (r.ok) d["status"] = http::T(w.lang, (r.kind == "crime_report" ? "status_crime_" : "status_") + r.status);
      mstch::array steps;
      for (const auto& s : r.steps)
        steps.push_back(mstch::map{{"class", std::string(s.ok ? "ok" : "fail")},
                                   {"text", std::string(s.ok ? "✓ " : "✗ ") + http::T(w.lang, "verify_step_" + s.id)},
                                   {"detail", s.detail}});
      d["steps"] = steps;
      if (!r.key_fingerprint.empty()) d["fingerprint"] = FormatFingerprint(r.key_fingerprint);
      if (!r.origin.empty()) d["origin"] = r.origin + " / " + std::to_string(r.size);
    }
    return http::SendHtml(req, restinio::status_ok(), RenderPage("verify", w.Page("verify_title"), d), w.set_cookies);
  });
}

}  // namespace sabt::web
