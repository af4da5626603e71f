#include "api/log_api.h"

#include <charconv>

#include "api/api_common.h"
#include "app/auth.h"
#include "app/log.h"
#include "app/log_entries.h"
#include "domain/role.h"
#include "app/public_limits.h"
#include "app/receipts.h"
#include "app/witness.h"
#include "util/rate_limiter.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::api {
namespace {

using http::Req;

restinio::request_handling_status_t Text(const Req& req, restinio::http_status_line_t st, const std::string& body,
                                         const char* type = "text/plain; charset=utf-8") {
  return http::Respond(req, std::move(st))
      .append_header(restinio::http_field::content_type, type)
      .append_header("Access-Control-Allow-Origin", "*")
      .set_body(body)
      .done();
}

restinio::request_handling_status_t Bad(const Req& req, const std::string& msg) {
  return http::SendJson(req, restinio::status_bad_request(), {{"error", "bad_request"}, {"message", msg}});
}

nlohmann::json HexList(const std::vector<Hash>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& h : v) a.push_back(HashHex(h));
  return a;
}

}  // namespace

void AddLogRoutes(http::Router& router, app::App& app) {
  router.http_get("/log/key", [&app](const Req& req, auto) {
    if (!app.key()) return http::SendJson(req, restinio::status_not_found(), {{"error", "not_found"}});
    return Text(req, restinio::status_ok(), app.key()->VerifierKey() + "\n");
  });

  router.http_get("/log/checkpoint", [&app](const Req& req, auto) {
    auto tx = app.store().Read();
    if (!tx.ok()) return http::SendJson(req, restinio::status_internal_server_error(), {{"error", "internal"}});
    auto c = (*tx)->LatestCheckpoint();
    if (!c.ok() || !c->has_value()) return http::SendJson(req, restinio::status_not_found(), {{"error", "not_found"}});
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, "text/plain; charset=utf-8")
        .append_header("Access-Control-Allow-Origin", "*")
        .append_header("Sabt-Checkpoint-Time", (*c)->at)
        .set_body((*c)->note)
        .done();
  });

  router.http_get(R"(/log/checkpoint/:size(\d+))", [&app](const Req& req, auto params) {
    int64_t size = 0;
    if (!ParseInt64(std::string(params["size"]), &size)) return Bad(req, "size must be a number");
    auto tx = app.store().Read();
    if (!tx.ok()) return http::SendJson(req, restinio::status_internal_server_error(), {{"error", "internal"}});
    auto c = (*tx)->CheckpointAt(size);
    if (!c.ok() || !c->has_value()) return http::SendJson(req, restinio::status_not_found(), {{"error", "not_found"}});
    return Text(req, restinio::status_ok(), (*c)->note);
  });

  router.http_get("/log/proof/inclusion", [&app](const Req& req, auto) {
    auto q = http::ParseQuery(req);
    int64_t index = 0, size = 0;
    if (!ParseInt64(q["index"], &index) || !ParseInt64(q["size"], &size)) return Bad(req, "index and size must be numbers");
    auto tx = app.store().Read();
    if (!tx.ok()) return http::SendJson(req, restinio::status_internal_server_error(), {{"error", "internal"}});
    auto proof = app::InclusionProofAt(**tx, index, size, &app.merkle_cache());
    if (!proof.ok()) return Bad(req, proof.status().message());
    auto e = (*tx)->Entry(index);
    nlohmann::json body = {{"index", index}, {"size", size}, {"hashes", HexList(*proof)}};
    if (e.ok() && e->has_value()) body["leaf_hash"] = HashHex((*e)->leaf_hash);
    return http::SendJson(req, restinio::status_ok(), body);
  });

  router.http_get("/log/proof/consistency", [&app](const Req& req, auto) {
    auto q = http::ParseQuery(req);
    int64_t from = 0, to = 0;
    if (!ParseInt64(q["from"], &from) || !ParseInt64(q["to"], &to)) return Bad(req, "from and to must be numbers");
    auto proof = app::ConsistencyProofAt(app, from, to);
    if (!proof.ok()) return Bad(req, proof.status().message());
    return http::SendJson(req, restinio::status_ok(), {{"from", from}, {"to", to}, {"hashes", HexList(*proof)}});
  });

  router.http_get(R"(/log/entry/:index(\d+))", [&app](const Req& req, auto params) {
    int64_t index = 0;
    if (!ParseInt64(std::string(params["index"]), &index)) return Bad(req, "index must be a number");
    auto tx = app.store().Read();
    if (!tx.ok()) return http::SendJson(req, restinio::status_internal_server_error(), {{"error", "internal"}});
    auto e = (*tx)->Entry(index);
    if (!e.ok() || !e->has_value()) return http::SendJson(req, restinio::status_not_found(), {{"error", "not_found"}});
    tx->reset();
    // The whole header only for an auditor with a reason (journaled); anyone
    // else gets what a proof needs (docs/verification.md §3). No payload
    // ever leaves here.
    auto q = http::ParseQuery(req);
    auto c = http::FindCredentials(req);
    if (!q["reason"].empty() && !c.token.empty() && !c.from_cookie) {
      auto who = app::Authenticate(app, c.token);
      if (who.ok() && domain::Allows(who->role, domain::Action::kReadEntryHeaders)) {
        auto full = app::AuditorEntryJson(app, *who, index, q["reason"]);
        if (full.ok()) return http::SendJson(req, restinio::status_ok(), *full);
        if (full.status().message() != "reason_required") return Error(req, full.status());
      }
    }
    return http::SendJson(req, restinio::status_ok(), app::PublicEntryJson(**e));
  });

  // The witnesses given out of band (--witness-key): /verify checks their
  // cosignatures on the checkpoint (docs/verification.md §5).
  router.http_get("/log/witnesses", [&app](const Req& req, auto) {
    return http::SendJson(req, restinio::status_ok(), app::WitnessesJson(app::ConfiguredWitnesses(app.config())));
  });

  router.http_get("/api/v1/public/receipt", [&app](const Req& req, auto) {
    if (!app::AllowPublicLookup(app, http::ClientAddress(req)))
      return http::SendJson(req, restinio::status_too_many_requests(), {{"error", "rate_limited"}});
    auto q = http::ParseQuery(req);
    auto r = app::LookupReceipt(app, q["number"], q["code"]);
    if (!r.ok()) return http::SendJson(req, restinio::status_not_found(), {{"error", "not_found"}});
    return http::SendJson(req, restinio::status_ok(), app::ReceiptJson(*r));
  });

  // Public status: status, dates, department, response deadline; never a
  // name or any text. Shares the receipt check's rate limit.
  router.http_get("/api/v1/public/status", [&app](const Req& req, auto) {
    if (!app::AllowPublicLookup(app, http::ClientAddress(req)))
      return http::SendJson(req, restinio::status_too_many_requests(), {{"error", "rate_limited"}});
    auto q = http::ParseQuery(req);
    auto r = app::LookupReceipt(app, q["number"], q["code"], /*with_entry=*/false);
    if (!r.ok()) return http::SendJson(req, restinio::status_not_found(), {{"error", "not_found"}});
    return http::SendJson(req, restinio::status_ok(),
                          {{"number", r->number}, {"kind", r->kind}, {"status", r->status}, {"received_at", r->received_at},
                           {"department", r->department}, {"response_due", r->response_due},
                           {"closed_at", r->closed_at}});
  });

  router.http_post("/witness/add-checkpoint", [&app](const Req& req, auto) {
    auto r = app::WitnessAddCheckpoint(app, std::string(req->body()));
    return http::Respond(req, restinio::http_status_line_t(restinio::http_status_code_t{static_cast<uint16_t>(r.http_status)},
                                                             std::string(r.http_status == 200 ? "OK" : "Refused")))
        .append_header(restinio::http_field::content_type, r.content_type)
        .set_body(r.body)
        .done();
  });
}

}  // namespace sabt::api
