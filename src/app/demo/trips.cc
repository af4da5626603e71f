// Demo trips of the mobile unit DSH-SNO-M1, with stops at jamoats of its
// district. Trips are recorded on the unit's laptop and reach the parent by
// sync; the demo node has no laptop, so the same entries (journal-format
// §4.4) are written here through the writer, in the order a laptop writes
// them, and projected like synced ones.
#include "app/demo/fill.h"
#include "app/trips.h"
#include "util/random.h"

namespace sabt::app {
namespace {

journal::NewEntry TripEntry(const std::string& kind, const std::string& subject, const std::string& actor, int64_t at,
                            nlohmann::json data) {
  journal::NewEntry e;
  e.kind = kind;
  e.subject = subject;
  e.actor = actor;
  e.at_ms = at;
  e.data = std::move(data);
  return e;
}

}  // namespace

Status FillDemoTrips(App& app, DemoRng& rng) {
  const std::string unit = "DSH-SNO-M1";
  if (!app.catalog().Get()->tree.Find(unit)) return Status::Ok();
  auto mobile = DemoPrincipal(app, "mobile");
  if (!mobile.ok()) return mobile.status();
  // The jamoats and mahallas of the unit's own district.
  std::vector<store::ReferenceItem> places;
  for (auto& p : PlaceSuggestions(app, unit))
    if (p.extra.find("\"DSH-SNO\"") != std::string::npos) places.push_back(std::move(p));
  if (places.empty()) return Status::Ok();
  const auto* district = app.catalog().Get()->tree.Find("DSH-SNO");
  const std::string district_name = district ? district->name_tg : std::string();
  const std::string actor = mobile->user.id;
  for (int trip = 0; trip < 2; ++trip) {
    std::string trip_id = NewUuid(), note = trip == 0 ? "[ДЕМО] Мошини УАЗ, 2 корманд" : "[ДЕМО] Мошини Нива, 3 корманд";
    std::vector<std::pair<std::string, std::string>> stops;  // id, place
    for (size_t i = 0; i < 2 + static_cast<size_t>(trip); ++i)
      stops.emplace_back(NewUuid(), rng.Pick(places).name_tg);
    auto r = app.writer().Run([&, trip_id, note, stops, district_name](WriteContext& ctx) -> Result<nlohmann::json> {
      auto t = TripEntry("trip.started", trip_id, actor, ctx.now_ms(), {{"unit", unit}});
      t.payload = nlohmann::json{{"note", note}};
      auto ap = ctx.Record(std::move(t));
      if (!ap.ok()) return ap.status();
      for (const auto& [stop_id, place] : stops) {
        for (const char* kind : {"trip.stop_started", "trip.stop_ended"}) {
          nlohmann::json d = {{"trip", trip_id}, {"unit", unit}};
          if (std::string(kind) == "trip.stop_started") {
            d["place"] = place;
            d["district"] = district_name;
          }
          auto s = ctx.Record(TripEntry(kind, stop_id, actor, ctx.now_ms(), d));
          if (!s.ok()) return s.status();
        }
      }
      auto end = ctx.Record(TripEntry("trip.ended", trip_id, actor, ctx.now_ms(), {{"unit", unit}}));
      if (!end.ok()) return end.status();
      return nlohmann::json::object();
    });
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

}  // namespace sabt::app
