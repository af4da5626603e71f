#include "api/crime_api.h"

#include "api/api_common.h"

#include "app/appeal_steps.h"
#include "app/crime.h"
#include "app/crime_classifier.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/text.h"

namespace sabt::api {
namespace {

using http::Req;

// Flattens a JSON body into string fields; nested objects become "a.b".
app::StepFields Fields(const nlohmann::json& j, const std::string& prefix = "") {
  app::StepFields f;
  for (const auto& [k, v] : j.items()) {
    if (v.is_object()) {
      auto sub = Fields(v, prefix + k + ".");
      f.insert(sub.begin(), sub.end());
    } else if (v.is_string()) {
      f[prefix + k] = v.get<std::string>();
    } else if (v.is_number() || v.is_boolean()) {
      f[prefix + k] = v.dump();
    }
  }
  return f;
}

restinio::request_handling_status_t Reply(const Req& req, const app::CrimeOutcome& o, restinio::http_status_line_t ok) {
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

nlohmann::json WithDetail(app::App& app, const app::Principal& who, const store::CrimeRecordRow& r) {
  nlohmann::json j = app::CrimeJson(app, r, true);
  // The reporter's receipt code is for the staff who print it, never for oversight (docs/api.md).
  if (domain::IsOversight(who.role)) j.erase("verification_code");
  nlohmann::json steps = nlohmann::json::array(), history = nlohmann::json::array();
  for (const auto& s : r.kind == "report" ? app::ReportStepsFor(app, who, r) : app::CaseStepsFor(app, who, r))
    steps.push_back(s);
  auto h = app::AppealHistory(app, r.id);  // any record's journal entries, oldest first
  if (h.ok())
    for (const auto& l : *h)
      history.push_back({{"index", l.index}, {"at", l.at}, {"kind", l.kind}, {"actor", l.actor_name}, {"detail", l.detail}});
  j["available_steps"] = steps;
  j["history"] = history;
  return j;
}

nlohmann::json Items(app::App& app, const app::Principal& who, const std::vector<store::CrimeRecordRow>& rows) {
  nlohmann::json items = nlohmann::json::array();
  bool personal = !domain::IsOversight(who.role);
  for (const auto& r : rows) items.push_back(app::CrimeJson(app, r, personal));
  return items;
}

}  // namespace

void AddCrimeRoutes(http::Router& router, app::App& app) {
  router.http_get("/api/v1/classifier", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    int64_t version = 0;
    auto q = http::ParseQuery(req);
    try {
      if (!q["version"].empty()) version = std::stoll(q["version"]);
    } catch (const std::exception&) {
      return Error(req, Status::Invalid("version must be an integer"));
    }
    auto c = app::LoadClassifier(app, version);
    if (!c.ok()) return Error(req, c.status());
    if (version > 0 && c->articles.empty()) return Error(req, Status::NotFound("no such classifier version"));
    nlohmann::json arts = nlohmann::json::array();
    for (const auto& a : c->articles)
      arts.push_back({{"article", a.article},
                      {"part", a.part},
                      {"severity", a.severity},
                      {"sample", a.sample},
                      {"title", {{"tg", a.title_tg}, {"ru", a.title_ru}, {"en", a.title_en}}}});
    return http::SendJson(req, restinio::status_ok(), {{"version", c->version}, {"sample", c->sample}, {"articles", arts}});
  });

  router.http_post("/api/v1/classifier", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    if (!domain::Allows(p->role, domain::Action::kManageClassifier))
      return Error(req, Status::Denied("only an administrator imports the classifier"));
    auto body = JsonBody(req);
    if (!body || !body->contains("csv") || !(*body)["csv"].is_string())
      return Error(req, Status::Invalid("body must be {\"csv\": \"…\"}"));
    auto r = app::ImportClassifier(app, (*body)["csv"].get<std::string>(), p->user.id);
    if (!r.problems.empty()) {
      nlohmann::json errs = nlohmann::json::array();
      for (const auto& lp : r.problems) errs.push_back({{"line", lp.line}, {"message", lp.message}});
      return http::SendJson(req, restinio::status_unprocessable_entity(), {{"error", "invalid"}, {"errors", errs}});
    }
    if (!r.reply.ok()) return Error(req, r.reply.status());
    return http::SendJson(req, restinio::status_created(), *r.reply);
  });

  router.http_post("/api/v1/crime/reports", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    auto f = Fields(*body);
    domain::CrimeReportInput in;
    in.source = f["source"];
    in.reporter = {f["reporter.surname"], f["reporter.given_name"], f["reporter.patronymic"], f["reporter.birth_date"],
                   f["reporter.address"], f["reporter.phone"],      f["reporter.id_document"]};
    in.event_at = f["event_at"];
    in.received_at = f["received_at"];
    in.place_address = f.count("place.address") ? f["place.address"] : f["place"];
    in.lat = f["place.lat"];
    in.lon = f["place.lon"];
    in.account = f["account"];
    in.article = f["article"];
    in.part = f["part"];
    return Reply(req, app::RegisterCrimeReport(app, *p, in), restinio::status_created());
  });

  // Lists are pages, newest first: ?before=<next_before of the previous page>&limit=1..500 (docs/api.md).
  for (const char* kind : {"report", "case"}) {
    std::string k(kind);
    router.http_get(k == "report" ? "/api/v1/crime/reports" : "/api/v1/crime/cases", [&app, k](const Req& req, auto) {
      auto p = Auth(app, req);
      if (!p) return restinio::request_accepted();
      auto q = http::ParseQuery(req);
      int64_t before = 0, limit = app::kCrimePageSize;
      if (!q["before"].empty() && !ParseInt64(q["before"], &before))
        return Error(req, Status::Invalid("before must be an integer"));
      if (!q["limit"].empty() && !ParseInt64(q["limit"], &limit))
        return Error(req, Status::Invalid("limit must be an integer"));
      auto page = app::ListCrime(app, *p, k, k == "report" ? q["list"] : "all", before, limit);
      if (!page.ok()) return Error(req, page.status());
      nlohmann::json next = page->next_before > 0 ? nlohmann::json(page->next_before) : nlohmann::json();
      return http::SendJson(req, restinio::status_ok(), {{"items", Items(app, *p, page->rows)}, {"next_before", next}});
    });
  }

  for (const char* kind : {"report", "case"}) {
    std::string k(kind);
    std::string base = k == "report" ? "/api/v1/crime/reports/:id" : "/api/v1/crime/cases/:id";
    router.http_get(base, [&app, k](const Req& req, auto params) {
      auto p = Auth(app, req);
      if (!p) return restinio::request_accepted();
      auto r = app::GetCrimeRecord(app, *p, std::string(params["id"]), k, http::ParseQuery(req)["reason"]);
      if (!r.ok()) return Error(req, r.status());
      return http::SendJson(req, restinio::status_ok(), WithDetail(app, *p, *r));
    });
    router.http_post(base + "/steps", [&app, k](const Req& req, auto params) {
      auto p = Auth(app, req);
      if (!p) return restinio::request_accepted();
      auto body = JsonBody(req);
      if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
      std::string id(params["id"]);
      auto o = k == "report" ? app::TakeReportStep(app, *p, id, Fields(*body)) : app::TakeCaseStep(app, *p, id, Fields(*body));
      return Reply(req, o, restinio::status_ok());
    });
  }

  router.http_get("/api/v1/crime/oversight", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto lists = app::CrimeOversight(app, *p);
    if (!lists.ok()) return Error(req, lists.status());
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, rows] : *lists) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& r : rows) items.push_back(app::CrimeJson(app, r, false));
      out[name] = items;
    }
    return http::SendJson(req, restinio::status_ok(), out);
  });
}

}  // namespace sabt::api
