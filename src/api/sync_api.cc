#include "api/sync_api.h"

#include "api/api_common.h"

#include "app/auth.h"
#include "app/sync_child.h"
#include "app/sync_flags.h"
#include "app/sync_parent.h"
#include "util/rate_limiter.h"
#include "util/zstd.h"

namespace sabt::api {
namespace {

using http::Req;

restinio::http_status_line_t StatusLine(int code) {
  return restinio::http_status_line_t(restinio::http_status_code_t{static_cast<uint16_t>(code)},
                                      code == 200 ? "OK" : "Refused");
}

// Answers of /sync/v1/* are read by nodes, never by a browser: only the
// headers HTTP needs (docs/sync-protocol.md §8), which saves ~350 bytes per
// answer on a 2G link.
restinio::request_handling_status_t SendLean(const Req& req, int status, const char* type, std::string body) {
  return req->create_response(StatusLine(status))
      .append_header(restinio::http_field::content_type, type)
      .append_header(restinio::http_field::cache_control, "no-store")
      .set_body(std::move(body))
      .done();
}

restinio::request_handling_status_t Send(const Req& req, const app::SyncAnswer& a) {
  if (a.zstd) return SendLean(req, a.http_status, "application/zstd", ZstdCompress(a.body.dump(), 19));
  return SendLean(req, a.http_status, "application/json",
                  a.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

nlohmann::json Body(const Req& req) {
  auto j = nlohmann::json::parse(req->body(), nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

void AddSyncRoutes(http::Router& router, app::App& app) {
  static RateLimiter enroll_limiter(10, 10);

  router.http_post("/sync/v1/enroll", [&app](const Req& req, auto) {
    if (!enroll_limiter.Allow(http::ClientAddress(req), app.clock().NowMillis()))
      return http::SendJson(req, restinio::status_too_many_requests(), {{"error", "rate_limited"}});
    return Send(req, app::RedeemEnrolment(app, std::string(req->body())));
  });
  router.http_post("/sync/v1/push", [&app](const Req& req, auto) {
    return Send(req, app::AcceptBatch(app, req->body()));
  });
  router.http_post("/sync/v1/attachments", [&app](const Req& req, auto) {
    auto q = http::ParseQuery(req);
    return Send(req, app::AcceptAttachment(app, q["origin"], q["sha256"], http::Header(req, "x-sabt-note"),
                                           std::string(req->body())));
  });
  // Stateless challenges (docs/sync-protocol.md §7), and at most 600 a minute
  // per client address (a district office behind one address may serve many
  // laptops; a stranger gets at most that many HMACs, never stored state).
  static RateLimiter challenge_limiter(600, 600);
  router.http_post("/sync/v1/challenge", [&app](const Req& req, auto) {
    if (!challenge_limiter.Allow(http::ClientAddress(req), app.clock().NowMillis()))
      return http::SendJson(req, restinio::status_too_many_requests(), {{"error", "rate_limited"}});
    return SendLean(req, 200, "text/plain", app::NewPullChallenge(app) + "\n");
  });
  router.http_post("/sync/v1/pull", [&app](const Req& req, auto) {
    return Send(req, app::AnswerPull(app, std::string(req->body())));
  });

  router.http_post("/api/v1/sync/enrolments", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto b = Body(req);
    auto r = app::CreateEnrolment(app, *p, b.value("department", std::string()), /*districts=*/true);
    if (!r.ok()) return Error(req, r.status());
    return http::SendJson(req, restinio::status_created(), *r);
  });
  router.http_get("/api/v1/sync/devices", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto r = app::ListDevices(app, *p);
    if (!r.ok()) return Error(req, r.status());
    return http::SendJson(req, restinio::status_ok(), *r);
  });
  router.http_post("/api/v1/sync/devices/:origin/revoke", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto b = Body(req);
    Status st = app::RevokeDevice(app, *p, std::string(params["origin"]), b.value("reason", std::string()));
    if (!st.ok()) return Error(req, st);
    return http::SendJson(req, restinio::status_ok(), {{"revoked", std::string(params["origin"])}});
  });
  // Open conflicts and device alerts of the head's or prosecutor's scope (§4a).
  router.http_get("/api/v1/oversight/sync", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto r = app::SyncOversight(app, *p);
    if (!r.ok()) return Error(req, r.status());
    return http::SendJson(req, restinio::status_ok(), *r);
  });
  router.http_get("/api/v1/sync/status", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto r = app::SyncStatus(app);
    if (!r.ok()) return Error(req, r.status());
    return http::SendJson(req, restinio::status_ok(), *r);
  });
  router.http_post("/api/v1/sync/now", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto* svc = app::SyncService::Current();
    if (!svc) return http::SendJson(req, restinio::status_conflict(), {{"error", "conflict"}, {"message", "this node does not sync to a parent"}});
    svc->Wake();
    return http::SendJson(req, restinio::status_accepted(), {{"woken", true}});
  });
}

}  // namespace sabt::api
