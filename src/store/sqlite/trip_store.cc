#include "store/sqlite/trip_store.h"

#include <nlohmann/json.hpp>

namespace sabt::store::sqlite {
namespace {

#define TRIP_SELECT                                                                                  \
  "SELECT t.id, t.unit, t.started_at, t.started_by, t.note, t.ended_at, t.ended_by, "                \
  "(SELECT count(*) FROM trip_stops s WHERE s.trip_id = t.id), "                                    \
  "(SELECT count(*) FROM trip_appeals a WHERE a.trip_id = t.id) FROM trips t "

TripRow ReadTrip(SQLite::Statement& q) {
  TripRow t;
  t.id = q.getColumn(0).getString();
  t.unit = q.getColumn(1).getString();
  t.started_at = q.getColumn(2).getString();
  t.started_by = q.getColumn(3).getString();
  t.note = q.getColumn(4).getString();
  t.ended_at = q.getColumn(5).getString();
  t.ended_by = q.getColumn(6).getString();
  t.stops = q.getColumn(7).getInt64();
  t.appeals = q.getColumn(8).getInt64();
  return t;
}

Result<std::optional<TripRow>> OneTrip(Conn& c, const char* sql, std::string_view key) {
  return Guard("trip", [&]() -> Result<std::optional<TripRow>> {
    auto& q = c.Prep(sql);
    q.bind(1, std::string(key));
    if (!q.executeStep()) return std::optional<TripRow>();
    return std::optional<TripRow>(ReadTrip(q));
  });
}

}  // namespace

Result<std::vector<TripRow>> TripsQ(Conn& c, const std::vector<std::string>& units, int64_t limit) {
  return Guard("trips", [&]() -> Result<std::vector<TripRow>> {
    auto& q = c.Prep(TRIP_SELECT "WHERE t.unit IN (SELECT value FROM json_each(?1)) "
                                 "ORDER BY t.started_at DESC, t.id LIMIT ?2");
    q.bind(1, nlohmann::json(units).dump());
    q.bind(2, limit);
    std::vector<TripRow> out;
    while (q.executeStep()) out.push_back(ReadTrip(q));
    return out;
  });
}

Result<std::optional<TripRow>> TripQ(Conn& c, std::string_view id) {
  return OneTrip(c, TRIP_SELECT "WHERE t.id = ?", id);
}

Result<std::optional<TripRow>> OpenTripQ(Conn& c, std::string_view unit) {
  return OneTrip(c, TRIP_SELECT "WHERE t.unit = ? AND t.ended_at = '' ORDER BY t.started_at DESC, t.id LIMIT 1",
                 unit);
}

Result<std::vector<TripStopRow>> TripStopsQ(Conn& c, std::string_view trip_id) {
  return Guard("trip stops", [&]() -> Result<std::vector<TripStopRow>> {
    auto& q = c.Prep(
        "SELECT s.id, s.trip_id, s.unit, s.place, s.district, s.lat, s.lon, s.started_at, s.ended_at, "
        "(SELECT count(*) FROM trip_appeals a WHERE a.stop_id = s.id) FROM trip_stops s WHERE s.trip_id = ? "
        "ORDER BY s.started_at, s.id");
    q.bind(1, std::string(trip_id));
    std::vector<TripStopRow> out;
    while (q.executeStep()) {
      TripStopRow s;
      s.id = q.getColumn(0).getString();
      s.trip_id = q.getColumn(1).getString();
      s.unit = q.getColumn(2).getString();
      s.place = q.getColumn(3).getString();
      s.district = q.getColumn(4).getString();
      s.lat = q.getColumn(5).getString();
      s.lon = q.getColumn(6).getString();
      s.started_at = q.getColumn(7).getString();
      s.ended_at = q.getColumn(8).getString();
      s.appeals = q.getColumn(9).getInt64();
      out.push_back(std::move(s));
    }
    return out;
  });
}

Result<std::vector<TripAppealRow>> TripAppealsQ(Conn& c, std::string_view trip_id) {
  return Guard("trip appeals", [&]() -> Result<std::vector<TripAppealRow>> {
    auto& q = c.Prep(
        "SELECT a.appeal_id, a.trip_id, a.stop_id, coalesce(p.number, '') FROM trip_appeals a "
        "LEFT JOIN appeals p ON p.id = a.appeal_id WHERE a.trip_id = ? ORDER BY a.stop_id, p.year, p.n, a.appeal_id");
    q.bind(1, std::string(trip_id));
    std::vector<TripAppealRow> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString()});
    return out;
  });
}

Status PutTripQ(Conn& c, const TripRow& t) {
  return Guard("put trip", [&] {
    auto& q = c.Prep(
        "INSERT INTO trips(id, unit, started_at, started_by, note, ended_at, ended_by) VALUES (?,?,?,?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET note = excluded.note, ended_at = excluded.ended_at, "
        "ended_by = excluded.ended_by");
    q.bind(1, t.id);
    q.bind(2, t.unit);
    q.bind(3, t.started_at);
    q.bind(4, t.started_by);
    q.bind(5, t.note);
    q.bind(6, t.ended_at);
    q.bind(7, t.ended_by);
    q.exec();
    return Status::Ok();
  });
}

Status PutTripStopQ(Conn& c, const TripStopRow& s) {
  return Guard("put trip stop", [&] {
    auto& q = c.Prep(
        "INSERT INTO trip_stops(id, trip_id, unit, place, district, lat, lon, started_at, ended_at) "
        "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET ended_at = excluded.ended_at");
    q.bind(1, s.id);
    q.bind(2, s.trip_id);
    q.bind(3, s.unit);
    q.bind(4, s.place);
    q.bind(5, s.district);
    q.bind(6, s.lat);
    q.bind(7, s.lon);
    q.bind(8, s.started_at);
    q.bind(9, s.ended_at);
    q.exec();
    return Status::Ok();
  });
}

Status InsertTripAppealQ(Conn& c, const TripAppealRow& a) {
  return Guard("trip appeal", [&] {
    auto& q = c.Prep("INSERT INTO trip_appeals(appeal_id, trip_id, stop_id) VALUES (?,?,?)");
    q.bind(1, a.appeal_id);
    q.bind(2, a.trip_id);
    q.bind(3, a.stop_id);
    q.exec();
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
