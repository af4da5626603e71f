#include "api/queue_api.h"

#include "api/api_common.h"

#include "app/auth.h"
#include "app/public_limits.h"
#include "app/submissions.h"
#include "http/i18n.h"

namespace sabt::api {
namespace {

using http::Req;

std::string Field(const nlohmann::json& j, const char* k) {
  auto it = j.find(k);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

nlohmann::json SubmissionJson(const store::SubmissionRow& s) {
  return {{"id", s.id},
          {"reference", s.reference},
          {"department", s.department},
          {"category", s.category},
          {"status", s.status},
          {"received_at", s.received_at},
          {"entry_index", s.entry_idx},
          {"applicant",
           {{"surname", s.surname},
            {"given_name", s.given_name},
            {"patronymic", s.patronymic},
            {"birth_date", s.birth_date},
            {"address", s.address},
            {"phone", s.phone},
            {"id_document", s.id_document}}},
          {"summary", s.summary},
          {"decided_at", s.decided_at},
          {"decided_by", s.decided_by},
          {"appeal_id", s.appeal_id},
          {"appeal_number", s.appeal_number},
          {"reason", s.reason}};
}

}  // namespace

void AddQueueRoutes(http::Router& router, app::App& app) {
  router.http_post("/api/v1/public/appeals", [&app](const Req& req, auto) {
    if (!app::AllowPublicSubmit(app, http::ClientAddress(req)))
      return http::SendJson(req, restinio::status_too_many_requests(), {{"error", "rate_limited"}});
    if (req->body().size() > http::kMaxBody) return Error(req, Status::Invalid("body too large"));
    auto body = nlohmann::json::parse(req->body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) return Error(req, Status::Invalid("body must be a JSON object"));
    const auto& ap = body.contains("applicant") && body["applicant"].is_object() ? body["applicant"] : body;
    app::OnlineInput in;
    in.appeal = {Field(ap, "surname"), Field(ap, "given_name"), Field(ap, "patronymic"), Field(ap, "birth_date"),
                 Field(ap, "address"), Field(ap, "phone"),      Field(ap, "id_document"), "online",
                 Field(body, "category"), Field(body, "summary"), "", "no"};
    in.district = Field(body, "district");
    std::string lang = Lang(req);
    app::SubmitOnline(app, in, [req, lang](app::SubmitOutcome o) {
      if (!o.problems.empty()) {
        nlohmann::json errs = nlohmann::json::array();
        for (const auto& pr : o.problems)
          errs.push_back({{"field", pr.field}, {"code", pr.code}, {"message", http::T(lang, "err_" + pr.code)}});
        http::SendJson(req, restinio::status_unprocessable_entity(), {{"error", "invalid"}, {"errors", errs}});
        return;
      }
      if (!o.reply.ok()) {
        Error(req, o.reply.status());
        return;
      }
      // The citizen gets the queue reference only (the id stays internal).
      http::SendJson(req, restinio::status_created(),
                     {{"reference", (*o.reply)["reference"]}, {"received_at", (*o.reply)["received_at"]}});
    });
    return restinio::request_accepted();
  });

  router.http_get("/api/v1/queue", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto rows = app::ListQueue(app, *p, q.count("status") ? q["status"] : std::string("queued"));
    if (!rows.ok()) return Error(req, rows.status());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& s : *rows) items.push_back(SubmissionJson(s));
    return http::SendJson(req, restinio::status_ok(), {{"items", items}});
  });

  router.http_get("/api/v1/queue/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto s = app::GetSubmission(app, *p, std::string(params["id"]));
    if (!s.ok()) return Error(req, s.status());
    return http::SendJson(req, restinio::status_ok(), SubmissionJson(*s));
  });

  router.http_post("/api/v1/queue/:id/accept", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto r = app::AcceptSubmission(app, *p, std::string(params["id"]));
    if (!r.ok()) return Error(req, r.status());
    return http::SendJson(req, restinio::status_created(), *r);
  });

  router.http_post("/api/v1/queue/:id/reject", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = nlohmann::json::parse(req->body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) return Error(req, Status::Invalid("body must be a JSON object"));
    auto r = app::RejectSubmission(app, *p, std::string(params["id"]), Field(body, "reason"));
    if (!r.ok()) {
      if (r.status().code() == Code::kInvalid)
        return http::SendJson(req, restinio::status_unprocessable_entity(),
                              {{"error", "invalid"},
                               {"errors", {{{"field", "reason"}, {"code", "reason_required"},
                                            {"message", http::T(Lang(req), "err_reason_required")}}}}});
      return Error(req, r.status());
    }
    return http::SendJson(req, restinio::status_ok(), *r);
  });
}

}  // namespace sabt::api
