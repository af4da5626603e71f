#include "web/trip_views.h"

#include "app/trips.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;
using Form = std::map<std::string, std::string>;

restinio::request_handling_status_t Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                            const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

restinio::request_handling_status_t Failure(const Req& req, const WebRequest& w, const Status& st) {
  switch (st.code()) {
    case Code::kNotFound: return Message(req, w, restinio::status_not_found(), "err_not_found");
    case Code::kDenied: return Message(req, w, restinio::status_forbidden(), "err_denied");
    default:
      if (store::IsReadOnlyRefusal(st)) return Message(req, w, restinio::status_service_unavailable(), "err_read_only");
      return Message(req, w, restinio::status_internal_server_error(), "err_internal");
  }
}

std::string Time(const std::string& rfc3339) {
  if (rfc3339.empty()) return {};
  auto ms = ParseRfc3339(rfc3339);
  return ms.ok() ? FormatLocal(*ms) : rfc3339;
}

std::string UnitName(app::App& app, const std::string& code, const std::string& lang) {
  const auto* d = app.catalog().Get()->tree.Find(code);
  return d ? d->Name(lang) : code;
}

// The list page; `values` and `problems` are those of a failed stop or trip form.
restinio::request_handling_status_t ListPage(app::App& app, const Req& req, const WebRequest& w,
                                             restinio::http_status_line_t st, const Form& values,
                                             const domain::Problems& problems) {
  auto trips = app::ListTrips(app, *w.who);
  if (!trips.ok()) return Failure(req, w, trips.status());
  mstch::array rows;
  for (const auto& t : *trips)
    rows.push_back(mstch::map{{"id", t.id},
                              {"unit", UnitName(app, t.unit, w.lang)},
                              {"started_at", Time(t.started_at)},
                              {"ended_at", Time(t.ended_at)},
                              {"open", t.ended_at.empty()},
                              {"stops", std::to_string(t.stops)},
                              {"appeals", std::to_string(t.appeals)}});
  mstch::map d{{"rows", rows}, {"empty", rows.empty()}};
  if (app::CanRecordTrips(app, *w.who)) {
    d["recorder"] = true;
    auto cur = app::CurrentTripOf(app, *w.who);
    if (!cur.ok()) return Failure(req, w, cur.status());
    if (cur->trip) {
      d["open_trip"] = mstch::map{{"id", cur->trip->id}, {"started_at", Time(cur->trip->started_at)}};
      if (cur->stop)
        d["open_stop"] = mstch::map{{"id", cur->stop->id}, {"trip_id", cur->trip->id}, {"place", cur->stop->place},
                                    {"started_at", Time(cur->stop->started_at)}};
      else
        d["no_stop"] = true;
    } else {
      d["no_trip"] = true;
    }
    mstch::array places;
    for (const auto& it : app::PlaceSuggestions(app, w.who->user.department))
      places.push_back(mstch::map{{"name", w.lang == "ru" ? it.name_ru : w.lang == "en" ? it.name_en : it.name_tg}});
    d["places"] = places;
  }
  for (const char* f : {"note", "place", "district", "lat", "lon"}) {
    auto it = values.find(f);
    d[std::string("v_") + f] = it == values.end() ? std::string() : it->second;
  }
  mstch::array errors;
  for (const auto& p : problems) {
    std::string msg = http::T(w.lang, "trip_field_" + p.field) + ": " + http::T(w.lang, "err_" + p.code);
    errors.push_back(mstch::map{{"field", p.field}, {"message", msg}});
  }
  d["has_errors"] = !problems.empty();
  d["errors"] = errors;
  return http::SendHtml(req, std::move(st), RenderPage("trips", w.Page("trip_title"), d), w.set_cookies);
}

// Runs a trip write from a form: CSRF first, then the outcome as a redirect,
// the list with problems, or a message.
template <typename F>
restinio::request_handling_status_t Write(app::App& app, const Req& req, F&& run) {
  WebRequest w = LoadWebRequest(app, req);
  if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
  auto form = http::ParseForm(req->body());
  if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
  app::TripOutcome o = run(*w.who, *form);
  if (!o.problems.empty()) return ListPage(app, req, w, restinio::status_unprocessable_entity(), *form, o.problems);
  if (!o.conflict.empty()) return Message(req, w, restinio::status_conflict(), "err_" + o.conflict);
  if (!o.reply.ok()) return Failure(req, w, o.reply.status());
  return http::Redirect(req, "/trips", w.set_cookies);
}

}  // namespace

void AddTripRoutes(http::Router& router, app::App& app) {
  router.http_get("/trips", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return ListPage(app, req, w, restinio::status_ok(), {}, {});
  });

  router.http_get("/trips/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto t = app::GetTrip(app, *w.who, std::string(params["id"]));
    if (!t.ok()) return Failure(req, w, t.status());
    mstch::array stops;
    int64_t total = 0;
    for (const auto& s : t->stops) {
      mstch::array appeals;
      for (const auto& a : t->appeals)
        if (a.stop_id == s.id) appeals.push_back(mstch::map{{"id", a.appeal_id}, {"number", a.number}});
      total += s.appeals;
      stops.push_back(mstch::map{{"id", s.id},
                                 {"place", s.place},
                                 {"district", s.district},
                                 {"coords", s.lat.empty() ? std::string() : s.lat + ", " + s.lon},
                                 {"started_at", Time(s.started_at)},
                                 {"ended_at", Time(s.ended_at)},
                                 {"count", std::to_string(s.appeals)},
                                 {"appeals", appeals}});
    }
    mstch::map d{{"id", t->trip.id},
                 {"unit", UnitName(app, t->trip.unit, w.lang)},
                 {"started_at", Time(t->trip.started_at)},
                 {"ended_at", Time(t->trip.ended_at)},
                 {"note", t->trip.note},
                 {"stops", stops},
                 {"no_stops", stops.empty()},
                 {"total", std::to_string(total)}};
    return http::SendHtml(req, restinio::status_ok(), RenderPage("trip", w.Page("trip_title"), d), w.set_cookies);
  });

  router.http_post("/trips", [&app](const Req& req, auto) {
    return Write(app, req, [&](const app::Principal& who, Form& f) { return app::StartTrip(app, who, f["note"]); });
  });

  router.http_post("/trips/:id/stops", [&app](const Req& req, auto params) {
    std::string id(params["id"]);
    return Write(app, req, [&](const app::Principal& who, Form& f) {
      return app::StartStop(app, who, id, {f["place"], f["district"], f["lat"], f["lon"]});
    });
  });

  router.http_post("/trips/:id/stops/:stop/end", [&app](const Req& req, auto params) {
    std::string id(params["id"]), stop(params["stop"]);
    return Write(app, req, [&](const app::Principal& who, Form&) { return app::EndStop(app, who, id, stop); });
  });

  router.http_post("/trips/:id/end", [&app](const Req& req, auto params) {
    std::string id(params["id"]);
    return Write(app, req, [&](const app::Principal& who, Form&) { return app::EndTrip(app, who, id); });
  });
}

}  // namespace sabt::web
