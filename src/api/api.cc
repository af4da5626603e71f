#include "api/api.h"

#include "api/api_common.h"

#include "api/appeal_extra_api.h"
#include "app/sync_flags.h"
#include "app/appeal_lists.h"
#include "api/crime_api.h"
#include "api/trip_api.h"
#include "api/stats_api.h"
#include "api/programme_api.h"
#include "api/programme_report_api.h"
#include "app/appeal_steps.h"
#include "app/crime.h"
#include "app/appeals.h"
#include "app/auth.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/sha256.h"

namespace sabt::api {
namespace {

using http::Req;

std::string Field(const nlohmann::json& j, const char* k) {
  auto it = j.find(k);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

nlohmann::json AppealJson(const store::AppealRow& a, bool with_personal) {
  nlohmann::json j = {{"id", a.id},
                      {"number", a.number},
                      {"department", a.department},
                      {"channel", a.channel},
                      {"category", a.category},
                      {"status", a.status},
                      {"received_at", a.received_at},
                      {"registered_at", a.registered_at},
                      {"registered_by", a.registered_by},
                      {"officer_name", a.officer_name},
                      {"entry_index", a.entry_idx},
                      {"assigned_to", a.assigned_to},
                      {"due_date", a.due_day > 0 ? FormatDay(a.due_day) : std::string()},
                      {"extended_days", a.extended},
                      {"closed_at", a.closed_at}};
  if (with_personal) {
    j["applicant_name"] = a.applicant_name;
    j["person_id"] = a.person_id;
    j["summary"] = a.summary;
    j["verification_code"] = a.verification_code;
    j["answer"] = a.answer;
  }
  return j;
}

nlohmann::json Names(const std::string& tg, const std::string& ru, const std::string& en) {
  return {{"tg", tg}, {"ru", ru}, {"en", en}};
}

}  // namespace

void AddRoutes(http::Router& router, app::App& app) {
  AddCrimeRoutes(router, app);
  AddTripRoutes(router, app);
  AddStatsRoutes(router, app);  // statistics (issue 15)
  // Quarterly programme report (issue 17, docs/programme.md §5): before the
  // programme's /api/v1/programme/:kind route, which would take "report".
  AddProgrammeReportRoutes(router, app);
  AddProgrammeRoutes(router, app);  // reform programme and equipment (issue 17)
  // POST /api/v1/login: api/signin_api.cc (throttle, lockout, TOTP).
  router.http_post("/api/v1/logout", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    Status st = app::Logout(app, http::FindCredentials(req).token);
    if (!st.ok()) return Error(req, st);
    return http::SendJson(req, restinio::status_ok(), nlohmann::json::object());
  });

  router.http_post("/api/v1/appeals", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    domain::AppealInput in;
    const auto& ap = body->contains("applicant") && (*body)["applicant"].is_object() ? (*body)["applicant"] : *body;
    in.surname = Field(ap, "surname");
    in.given_name = Field(ap, "given_name");
    in.patronymic = Field(ap, "patronymic");
    in.birth_date = Field(ap, "birth_date");
    in.address = Field(ap, "address");
    in.phone = Field(ap, "phone");
    in.id_document = Field(ap, "id_document");
    in.channel = Field(*body, "channel");
    in.category = Field(*body, "category");
    in.summary = Field(*body, "summary");
    in.received_at = Field(*body, "received_at");
    // The classification may be sent as a boolean or as "yes"/"no".
    if (auto it = body->find("crime_signs"); it != body->end())
      in.crime_signs = it->is_boolean() ? (it->get<bool>() ? "yes" : "no") : Field(*body, "crime_signs");
    std::string lang = Lang(req);
    app::RegisterAppeal(app, *p, in, [req, lang](app::RegisterOutcome o) {
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
      http::SendJson(req, restinio::status_created(), *o.reply);
    });
    return restinio::request_accepted();
  });

  router.http_get("/api/v1/appeals/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto a = app::GetAppeal(app, *p, std::string(params["id"]), q["reason"]);
    if (!a.ok()) {
      if (a.status().message() == "reason_required")
        return http::SendJson(req, restinio::status_forbidden(),
                              {{"error", "reason_required"}, {"message", http::T(Lang(req), "err_reason_required")}});
      return Error(req, a.status());
    }
    nlohmann::json j = AppealJson(*a, true);
    nlohmann::json steps = nlohmann::json::array(), history = nlohmann::json::array();
    for (auto st : app::StepsFor(app, *p, *a)) steps.push_back(std::string(domain::AppealStepId(st)));
    auto h = app::AppealHistory(app, a->id);
    if (h.ok())
      for (const auto& l : *h)
        history.push_back({{"index", l.index}, {"at", l.at}, {"kind", l.kind}, {"actor", l.actor_name}, {"detail", l.detail}});
    j["available_steps"] = steps;
    j["history"] = history;
    nlohmann::json reports = nlohmann::json::array();
    for (const auto& r : app::ReportsOfAppeal(app, a->id)) reports.push_back({{"id", r.id}, {"number", r.number}});
    j["crime_reports"] = reports;
    auto conflict = app::AppealSyncConflict(app, a->id);  // sync-protocol §4a
    if (conflict.ok() && conflict->has_value()) j["conflict"] = **conflict;
    return http::SendJson(req, restinio::status_ok(), j);
  });

  router.http_post("/api/v1/appeals/:id/steps", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    app::StepInput in{Field(*body, "step"), Field(*body, "officer"), Field(*body, "text"),
                      Field(*body, "agency"), Field(*body, "ground"), ""};
    if (body->contains("days")) in.days = (*body)["days"].is_number_integer() ? std::to_string((*body)["days"].get<int64_t>()) : Field(*body, "days");
    auto o = app::TakeStep(app, *p, std::string(params["id"]), in);
    std::string lang = Lang(req);
    if (!o.problems.empty()) {
      nlohmann::json errs = nlohmann::json::array();
      for (const auto& pr : o.problems)
        errs.push_back({{"field", pr.field}, {"code", pr.code}, {"message", http::T(lang, "err_" + pr.code)}});
      return http::SendJson(req, restinio::status_unprocessable_entity(), {{"error", "invalid"}, {"errors", errs}});
    }
    if (!o.reply.ok()) return Error(req, o.reply.status());
    return http::SendJson(req, restinio::status_ok(), *o.reply);
  });

  router.http_get("/api/v1/appeals", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    // Filters as on the /appeals page (docs/api.md); ?counts=1 adds the count tables.
    auto list = app::ListAppealsFiltered(app, *p, app::ParseListRequest(q), q["counts"] == "1");
    if (!list.ok()) return Error(req, list.status());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : list->page.rows) items.push_back(AppealJson(a, !list->names_hidden));
    nlohmann::json out = {{"items", items},
                          {"page", list->page_no},
                          {"page_size", list->page_size},
                          {"pages", list->pages},
                          {"total", list->page.total}};
    if (q["counts"] == "1") out["counts"] = CountsJson(*list);
    return http::SendJson(req, restinio::status_ok(), out);
  });

  router.http_get("/api/v1/health", [&app](const Req& req, auto) {
    auto [size, root] = app.writer().Head();
    bool read_only = app.store().ReadOnly();
    if (read_only) {
      // A standby's journal grows by replication, not through this writer.
      auto tx = app.store().Read();
      if (!tx.ok()) return Error(req, tx.status());
      auto head = (*tx)->LatestTreeHead();
      if (!head.ok()) return Error(req, head.status());
      size = head->size;
      root = head->root;
    }
    nlohmann::json health = {{"status", "ok"},
                             {"read_only", read_only},
                             {"role", app.config().role},
                             {"origin", app.config().origin},
                             {"backend", std::string(app.store().Backend())},
                             {"journal_size", size},
                             {"root", HashHex(root)}};
    // Witness push state (docs/verification.md §5, "Restarts").
    if (app.witness_pusher()) health["witness"] = app.witness_pusher()->StatusJson();
    return http::SendJson(req, restinio::status_ok(), health);
  });

  router.http_get("/api/v1/reference", [&app](const Req& req, auto) {
    auto snap = app.catalog().Get();
    nlohmann::json depts = nlohmann::json::array(), cats = nlohmann::json::array(), chans = nlohmann::json::array(),
                   roles = nlohmann::json::array();
    for (const auto& [d, depth] : snap->tree.Ordered()) {
      depts.push_back({{"code", d->code},
                       {"parent", d->parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(d->parent)},
                       {"kind", std::string(domain::DepartmentKindId(d->kind))},
                       {"name", Names(d->name_tg, d->name_ru, d->name_en)}});
      if (d->closed()) depts.back()["closed"] = true;  // deptclose: takes nothing new
    }
    for (const auto& c : snap->categories) {
      nlohmann::json item = {{"code", c.code}, {"name", Names(c.name_tg, c.name_ru, c.name_en)}};
      auto extra = nlohmann::json::parse(c.extra, nullptr, false);
      if (extra.is_object())
        for (auto& [k, v] : extra.items()) item[k] = v;
      cats.push_back(item);
    }
    for (const auto& c : snap->channels) chans.push_back({{"code", c.code}, {"name", Names(c.name_tg, c.name_ru, c.name_en)}});
    for (auto r : domain::AllRoles()) {
      std::string id(domain::RoleId(r));
      roles.push_back({{"code", id},
                       {"name", Names(http::T("tg", "role_" + id), http::T("ru", "role_" + id), http::T("en", "role_" + id))}});
    }
    return http::SendJson(req, restinio::status_ok(),
                          {{"departments", depts}, {"appeal_categories", cats}, {"channels", chans}, {"roles", roles}});
  });
}

}  // namespace sabt::api
