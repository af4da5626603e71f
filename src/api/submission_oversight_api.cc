#include "api/submission_oversight_api.h"

#include "api/api_common.h"
#include "app/public_limits.h"
#include "app/submission_oversight.h"
#include "http/i18n.h"

namespace sabt::api {

using http::Req;

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
          {"reason", s.reason},
          {"ground", s.ground},
          {"keyword_flag", s.keyword_flag},
          {"citizen_crime_signs", s.citizen_crime_signs},
          {"accept_due", s.accept_due},
          {"annulled", s.annulled}};
}

restinio::request_handling_status_t DecisionReply(const Req& req, const app::DecisionOutcome& o,
                                                  restinio::http_status_line_t ok) {
  if (!o.problems.empty()) {
    std::string lang = Lang(req);
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& p : o.problems)
      errs.push_back({{"field", p.field}, {"code", p.code}, {"message", http::T(lang, "err_" + p.code)}});
    return http::SendJson(req, restinio::status_unprocessable_entity(), {{"error", "invalid"}, {"errors", errs}});
  }
  if (!o.reply.ok()) return Error(req, o.reply.status());
  return http::SendJson(req, std::move(ok), *o.reply);
}

namespace {

// The list entry: no personal data, no reason text, no check code.
nlohmann::json WatchJson(const store::SubmissionRow& s, const std::string& now) {
  bool overdue = s.status == "queued" && !s.accept_due.empty() && s.accept_due < now;
  return {{"id", s.id},
          {"reference", s.reference},
          {"department", s.department},
          {"category", s.category},
          {"status", s.status},
          {"received_at", s.received_at},
          {"accept_due", s.accept_due},
          {"overdue", overdue},
          {"ground", s.ground},
          {"keyword_flag", s.keyword_flag},
          {"citizen_crime_signs", s.citizen_crime_signs},
          {"decided_at", s.decided_at},
          {"appeal_number", s.appeal_number},
          {"annulled", s.annulled}};
}

}  // namespace

void AddSubmissionOversightRoutes(http::Router& router, app::App& app) {
  router.http_get("/api/v1/oversight/submissions", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto list = app::ListSubmissionWatch(app, *p);
    if (!list.ok()) return Error(req, list.status());
    nlohmann::json items = nlohmann::json::array(), counts = nlohmann::json::array();
    for (const auto& s : list->rows) items.push_back(WatchJson(s, list->now));
    for (const auto& c : list->counts)
      counts.push_back(
          {{"department", c.department}, {"rejected", c.rejected}, {"overdue", c.overdue}, {"annulled", c.annulled}});
    return http::SendJson(req, restinio::status_ok(), {{"now", list->now}, {"items", items}, {"counts", counts}});
  });

  router.http_get("/api/v1/oversight/submissions/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto s = app::OpenWatchedSubmission(app, *p, std::string(params["id"]), http::ParseQuery(req)["reason"]);
    if (!s.ok()) return Error(req, s.status());
    return http::SendJson(req, restinio::status_ok(), SubmissionJson(*s));
  });

  router.http_post("/api/v1/oversight/submissions/:id/annul", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    std::string reason = body->contains("reason") && (*body)["reason"].is_string() ? (*body)["reason"].get<std::string>()
                                                                                    : std::string();
    return DecisionReply(req, app::AnnulRejection(app, *p, std::string(params["id"]), reason), restinio::status_ok());
  });

  // The citizen's check: the same 404 body for a wrong code, an unknown and a
  // malformed reference; nothing typed is echoed.
  router.http_get("/api/v1/public/submission", [&app](const Req& req, auto) {
    if (!app::AllowPublicLookup(app, http::ClientAddress(req)))
      return http::SendJson(req, restinio::status_too_many_requests(), {{"error", "rate_limited"}});
    auto q = http::ParseQuery(req);
    auto r = app::CheckSubmission(app, q["reference"], q["code"]);
    if (!r.ok()) {
      if (r.status().code() == Code::kNotFound)
        return http::SendJson(req, restinio::status_not_found(), {{"error", "not_found"}});
      return Error(req, r.status());
    }
    nlohmann::json j = {{"status", r->status}};
    if (r->status == "registered") {
      j["number"] = r->number;
      j["code"] = r->appeal_code;
    }
    if (r->status == "rejected") {
      j["ground"] = r->ground;
      auto snap = app.catalog().Get();
      j["ground_name"] = snap->ItemName(snap->submission_reject_grounds, r->ground, Lang(req));
    }
    return http::SendJson(req, restinio::status_ok(), j);
  });
}

}  // namespace sabt::api
