#include "app/trip_projector.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

Status Corrupt(const EntryView& e, const std::string& what) {
  return Status::Corruption("entry " + std::to_string(e.idx) + ": " + what);
}

// The entry records what happened; the rules ran when it was written, so
// replay only checks that what it refers to exists.
Status ProjectTripEntry(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  if (e.kind == "trip.started") {
    store::TripRow t;
    t.id = e.subject;
    t.unit = JsonStr(e.data, "unit");
    t.started_at = e.at;
    t.started_by = e.actor;
    t.note = payload ? JsonStr(*payload, "note") : "";
    if (t.unit.empty()) return Corrupt(e, "trip without unit");
    return tx.PutTrip(t);
  }
  if (e.kind == "trip.ended") {
    auto t = tx.Trip(e.subject);
    if (!t.ok()) return t.status();
    if (!t->has_value()) return Corrupt(e, "end of a missing trip");
    store::TripRow row = **t;
    row.ended_at = e.at;
    row.ended_by = e.actor;
    return tx.PutTrip(row);
  }
  std::string trip_id = JsonStr(e.data, "trip");
  auto t = tx.Trip(trip_id);
  if (!t.ok()) return t.status();
  if (!t->has_value()) return Corrupt(e, "stop of a missing trip");
  if (e.kind == "trip.stop_started") {
    store::TripStopRow s;
    s.id = e.subject;
    s.trip_id = trip_id;
    s.unit = JsonStr(e.data, "unit");
    s.place = JsonStr(e.data, "place");
    s.district = JsonStr(e.data, "district");
    s.lat = JsonStr(e.data, "lat");
    s.lon = JsonStr(e.data, "lon");
    s.started_at = e.at;
    if (s.place.empty()) return Corrupt(e, "stop without place");
    return tx.PutTripStop(s);
  }
  // trip.stop_ended
  auto stops = tx.TripStops(trip_id);
  if (!stops.ok()) return stops.status();
  for (auto s : *stops) {
    if (s.id != e.subject) continue;
    s.ended_at = e.at;
    return tx.PutTripStop(s);
  }
  return Corrupt(e, "end of a missing stop");
}

}  // namespace

std::optional<Status> ProjectTrip(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  if (e.kind != "trip.started" && e.kind != "trip.stop_started" && e.kind != "trip.stop_ended" &&
      e.kind != "trip.ended")
    return std::nullopt;
  return ProjectTripEntry(tx, e, payload);
}

Status ProjectTripAppeal(store::WriteTx& tx, const EntryView& e) {
  std::string stop = JsonStr(e.data, "trip_stop");
  if (stop.empty()) return Status::Ok();
  store::TripAppealRow a;
  a.appeal_id = e.subject;
  a.trip_id = JsonStr(e.data, "trip");
  a.stop_id = stop;
  if (a.trip_id.empty()) return Corrupt(e, "appeal linked to a stop without its trip");
  return tx.InsertTripAppeal(a);
}

}  // namespace sabt::app
