#include "api/programme_api.h"

#include <map>

#include "api/api_common.h"
#include "app/programme/equipment.h"
#include "app/programme/indicators.h"
#include "app/programme/programme.h"
#include "http/i18n.h"

namespace sabt::api {
namespace {

using http::Req;
namespace prog = app::programme;

// The record kind of a list path segment.
const std::map<std::string, std::string>& Kinds() {
  static const std::map<std::string, std::string> k = {
      {"programmes", "programme"}, {"components", "component"}, {"activities", "activity"}, {"groups", "group"},
      {"meetings", "meeting"},     {"decisions", "decision"},   {"indicators", "indicator"}};
  return k;
}

restinio::request_handling_status_t Reply(const Req& req, const prog::Outcome& o) {
  std::string lang = Lang(req);
  if (!o.problems.empty()) {
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& p : o.problems)
      errs.push_back({{"field", p.field}, {"code", p.code}, {"message", http::T(lang, "err_" + p.code)}});
    return http::SendJson(req, restinio::status_unprocessable_entity(), {{"error", "invalid"}, {"errors", errs}});
  }
  if (!o.conflict.empty())
    return http::SendJson(req, restinio::status_conflict(),
                          {{"error", "conflict"}, {"code", o.conflict}, {"message", http::T(lang, "err_" + o.conflict)}});
  if (!o.reply.ok()) return Error(req, o.reply.status());
  return http::SendJson(req, restinio::status_created(), *o.reply);
}

template <typename F>
restinio::request_handling_status_t Post(app::App& app, const Req& req, F&& run) {
  auto p = Auth(app, req);
  if (!p) return restinio::request_accepted();
  auto body = JsonBody(req);
  if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
  return Reply(req, run(*p, *body));
}

nlohmann::json Items(const std::vector<nlohmann::json>& v) { return {{"items", v}}; }

}  // namespace

void AddProgrammeRoutes(http::Router& router, app::App& app) {
  // Lists and records of the programme (kReadProgramme).
  router.http_get("/api/v1/programme/:kind", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto k = Kinds().find(std::string(params["kind"]));
    if (k == Kinds().end()) return Error(req, Status::NotFound("no such list"));
    auto l = prog::ListRecords(app, *p, k->second);
    if (!l.ok()) return Error(req, l.status());
    return http::SendJson(req, restinio::status_ok(), Items(*l));
  });
  router.http_get("/api/v1/programme/:kind/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto k = Kinds().find(std::string(params["kind"]));
    if (k == Kinds().end()) return Error(req, Status::NotFound("no such list"));
    std::string id(params["id"]);
    auto r = prog::GetRecord(app, *p, k->second, id);
    if (!r.ok()) return Error(req, r.status());
    auto h = prog::RecordHistory(app, *p, id);
    if (!h.ok()) return Error(req, h.status());
    nlohmann::json out = *r;
    out["history"] = *h;
    return http::SendJson(req, restinio::status_ok(), out);
  });

  // Writes (kManageProgramme; follow-ups also the assignee).
  router.http_post("/api/v1/programme/programmes", [&app](const Req& req, auto) {
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) { return prog::SaveProgramme(app, w, b); });
  });
  router.http_post("/api/v1/programme/components", [&app](const Req& req, auto) {
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) { return prog::SaveComponent(app, w, b); });
  });
  router.http_post("/api/v1/programme/activities", [&app](const Req& req, auto) {
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) { return prog::SaveActivity(app, w, b); });
  });
  router.http_post("/api/v1/programme/activities/:id/status", [&app](const Req& req, auto params) {
    std::string id(params["id"]);
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) {
      return prog::ChangeActivityStatus(app, w, id, prog::In(b, "status"), prog::In(b, "reason"));
    });
  });
  // Evidence: the file as the raw body, its name in ?name=.
  router.http_post("/api/v1/programme/activities/:id/evidence", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    std::string name;
    const auto qp = restinio::parse_query(req->header().query());
    if (qp.has("name")) name = std::string(qp["name"]);
    return Reply(req, prog::AddEvidence(app, *p, std::string(params["id"]), name, std::string(req->body())));
  });
  router.http_post("/api/v1/programme/groups", [&app](const Req& req, auto) {
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) { return prog::SaveGroup(app, w, b); });
  });
  router.http_post("/api/v1/programme/meetings", [&app](const Req& req, auto) {
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) { return prog::HoldMeeting(app, w, b); });
  });
  router.http_post("/api/v1/programme/decisions", [&app](const Req& req, auto) {
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) { return prog::MakeDecision(app, w, b); });
  });
  router.http_post("/api/v1/programme/decisions/:id/:step", [&app](const Req& req, auto params) {
    std::string id(params["id"]), step(params["step"]);
    if (step != "follow-up" && step != "close") return Error(req, Status::NotFound("no such step"));
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) {
      return prog::FollowUpDecision(app, w, id, prog::In(b, "note"), step == "close");
    });
  });
  router.http_post("/api/v1/programme/indicators", [&app](const Req& req, auto) {
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) { return prog::SaveIndicator(app, w, b); });
  });

  // Equipment register (kReadEquipment / kManageEquipment, scoped by unit).
  router.http_get("/api/v1/equipment", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto l = prog::ListEquipment(app, *p, "equipment");
    if (!l.ok()) return Error(req, l.status());
    return http::SendJson(req, restinio::status_ok(), Items(*l));
  });
  router.http_get("/api/v1/equipment/acts", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto l = prog::ListEquipment(app, *p, "act");
    if (!l.ok()) return Error(req, l.status());
    return http::SendJson(req, restinio::status_ok(), Items(*l));
  });
  router.http_get("/api/v1/equipment/acts/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto r = prog::GetEquipment(app, *p, "act", std::string(params["id"]));
    if (!r.ok()) return Error(req, r.status());
    return http::SendJson(req, restinio::status_ok(), *r);
  });
  router.http_get("/api/v1/equipment/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    std::string id(params["id"]);
    auto r = prog::GetEquipment(app, *p, "equipment", id);
    if (!r.ok()) return Error(req, r.status());
    auto h = prog::RecordHistory(app, *p, id);
    if (!h.ok()) return Error(req, h.status());
    nlohmann::json out = *r;
    out["history"] = *h;
    if (out.contains("device")) out["device_state"] = prog::DeviceState(app, out["device"].get<std::string>());
    return http::SendJson(req, restinio::status_ok(), out);
  });
  router.http_post("/api/v1/equipment/acts", [&app](const Req& req, auto) {
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) { return prog::HandOver(app, w, b); });
  });
  router.http_post("/api/v1/equipment/:id/:step", [&app](const Req& req, auto params) {
    std::string id(params["id"]), step(params["step"]);
    return Post(app, req, [&](const app::Principal& w, const nlohmann::json& b) -> prog::Outcome {
      if (step == "transfer")
        return prog::TransferEquipment(app, w, id, prog::In(b, "to_unit"), prog::In(b, "custodian"),
                                       prog::In(b, "reason"));
      if (step == "link") return prog::LinkEquipment(app, w, id, prog::In(b, "device"), prog::In(b, "station"));
      if (step == "trips")
        return prog::LogVehicleTrip(app, w, id, prog::In(b, "trip"), prog::In(b, "odometer_start"),
                                    prog::In(b, "odometer_end"), prog::In(b, "fuel_litres"));
      if (step == "repair_started" || step == "repair_ended" || step == "written_off")
        return prog::EquipmentStep(app, w, id, step, prog::In(b, step == "repair_ended" ? "note" : "reason"));
      prog::Outcome o;
      o.reply = Status::NotFound("no such step");
      return o;
    });
  });
}

}  // namespace sabt::api
