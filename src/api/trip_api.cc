#include "api/trip_api.h"

#include "api/api_common.h"
#include "app/trips.h"
#include "http/i18n.h"

namespace sabt::api {
namespace {

using http::Req;

// An empty body counts as {} (ending a stop or a trip needs no fields).
std::optional<nlohmann::json> TripBody(const Req& req) {
  if (req->body().empty()) return nlohmann::json::object();
  return JsonBody(req);
}

// Strings as they are; numbers (coordinates) as their JSON text.
std::string Field(const nlohmann::json& j, const char* k) {
  auto it = j.find(k);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

restinio::request_handling_status_t Reply(const Req& req, const app::TripOutcome& o,
                                          restinio::http_status_line_t ok) {
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
  return http::SendJson(req, std::move(ok), *o.reply);
}

nlohmann::json TripJson(const store::TripRow& t) {
  return {{"id", t.id},         {"unit", t.unit},         {"started_at", t.started_at}, {"ended_at", t.ended_at},
          {"note", t.note},     {"stops", t.stops},       {"appeals", t.appeals}};
}

nlohmann::json StopJson(const store::TripStopRow& s) {
  return {{"id", s.id},   {"place", s.place},           {"district", s.district},   {"lat", s.lat},
          {"lon", s.lon}, {"started_at", s.started_at}, {"ended_at", s.ended_at}, {"appeals", s.appeals}};
}

}  // namespace

void AddTripRoutes(http::Router& router, app::App& app) {
  router.http_get("/api/v1/trips", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto list = app::ListTrips(app, *p);
    if (!list.ok()) return Error(req, list.status());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& t : *list) items.push_back(TripJson(t));
    return http::SendJson(req, restinio::status_ok(), {{"items", items}});
  });

  router.http_get("/api/v1/trips/current", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto c = app::CurrentTripOf(app, *p);
    if (!c.ok()) return Error(req, c.status());
    return http::SendJson(req, restinio::status_ok(),
                          {{"trip", c->trip ? TripJson(*c->trip) : nlohmann::json(nullptr)},
                           {"stop", c->stop ? StopJson(*c->stop) : nlohmann::json(nullptr)}});
  });

  router.http_get("/api/v1/trips/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto d = app::GetTrip(app, *p, std::string(params["id"]));
    if (!d.ok()) return Error(req, d.status());
    nlohmann::json j = TripJson(d->trip), stops = nlohmann::json::array();
    for (const auto& s : d->stops) {
      nlohmann::json sj = StopJson(s), list = nlohmann::json::array();
      for (const auto& a : d->appeals)
        if (a.stop_id == s.id) list.push_back({{"id", a.appeal_id}, {"number", a.number}});
      sj["appeal_list"] = list;
      stops.push_back(sj);
    }
    j["stops"] = stops;
    return http::SendJson(req, restinio::status_ok(), j);
  });

  router.http_post("/api/v1/trips", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = TripBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    return Reply(req, app::StartTrip(app, *p, Field(*body, "note")), restinio::status_created());
  });

  router.http_post("/api/v1/trips/:id/stops", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = TripBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    domain::StopInput in{Field(*body, "place"), Field(*body, "district"), Field(*body, "lat"), Field(*body, "lon")};
    return Reply(req, app::StartStop(app, *p, std::string(params["id"]), in), restinio::status_created());
  });

  router.http_post("/api/v1/trips/:id/stops/:stop/end", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    return Reply(req, app::EndStop(app, *p, std::string(params["id"]), std::string(params["stop"])),
                 restinio::status_ok());
  });

  router.http_post("/api/v1/trips/:id/end", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    return Reply(req, app::EndTrip(app, *p, std::string(params["id"])), restinio::status_ok());
  });
}

}  // namespace sabt::api
