#include "api/queue_api.h"

#include "api/api_common.h"
#include "api/submission_oversight_api.h"

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
    in.citizen_crime_signs = Field(body, "citizen_crime_signs");
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
      // The citizen gets the queue reference and the check code only (the id
      // stays internal).
      http::SendJson(req, restinio::status_created(),
                     {{"reference", (*o.reply)["reference"]},
                      {"check_code", (*o.reply)["check_code"]},
                      {"received_at", (*o.reply)["received_at"]}});
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
    // An empty body is an acceptance without an answer (a 422 naming the field).
    auto body = req->body().empty() ? std::optional<nlohmann::json>(nlohmann::json::object()) : JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    // A boolean is taken as the answer too.
    std::string signs = Field(*body, "crime_signs");
    if (body->contains("crime_signs") && (*body)["crime_signs"].is_boolean())
      signs = (*body)["crime_signs"].get<bool>() ? "yes" : "no";
    return DecisionReply(req, app::AcceptSubmission(app, *p, std::string(params["id"]), signs), restinio::status_created());
  });

  router.http_post("/api/v1/queue/:id/reject", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    return DecisionReply(req,
                 app::RejectSubmission(app, *p, std::string(params["id"]), Field(*body, "ground"), Field(*body, "reason")),
                 restinio::status_ok());
  });

  AddSubmissionOversightRoutes(router, app);
}

}  // namespace sabt::api
