#include "store/postgres/pg_trips.h"

#include <nlohmann/json.hpp>

namespace sabt::store::postgres {
namespace {

#define TRIP_SELECT                                                                                  \
  "SELECT t.id, t.unit, t.started_at, t.started_by, t.note, t.ended_at, t.ended_by, "                \
  "(SELECT count(*) FROM trip_stops s WHERE s.trip_id = t.id), "                                    \
  "(SELECT count(*) FROM trip_appeals a WHERE a.trip_id = t.id) FROM trips t "

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kTripStatements[] = {
    {"trips",
     TRIP_SELECT "WHERE t.unit IN (SELECT jsonb_array_elements_text($1::text::jsonb)) "
                 "ORDER BY t.started_at DESC, t.id LIMIT $2::bigint"},
    {"trip", TRIP_SELECT "WHERE t.id = $1::text"},
    {"open_trip", TRIP_SELECT "WHERE t.unit = $1::text AND t.ended_at = '' ORDER BY t.started_at DESC, t.id LIMIT 1"},
    {"trip_stops",
     "SELECT s.id, s.trip_id, s.unit, s.place, s.district, s.lat, s.lon, s.started_at, s.ended_at, "
     "(SELECT count(*) FROM trip_appeals a WHERE a.stop_id = s.id) FROM trip_stops s WHERE s.trip_id = $1::text "
     "ORDER BY s.started_at, s.id"},
    {"trip_appeals",
     "SELECT a.appeal_id, a.trip_id, a.stop_id, coalesce(p.number, '') FROM trip_appeals a "
     "LEFT JOIN appeals p ON p.id = a.appeal_id WHERE a.trip_id = $1::text "
     "ORDER BY a.stop_id, p.year, p.n, a.appeal_id"},
    {"put_trip",
     "INSERT INTO trips(id, unit, started_at, started_by, note, ended_at, ended_by) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET note = excluded.note, "
     "ended_at = excluded.ended_at, ended_by = excluded.ended_by"},
    {"put_trip_stop",
     "INSERT INTO trip_stops(id, trip_id, unit, place, district, lat, lon, started_at, ended_at) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET ended_at = excluded.ended_at"},
    {"insert_trip_appeal", "INSERT INTO trip_appeals(appeal_id, trip_id, stop_id) VALUES ($1, $2, $3)"},
    {"clear_trip_appeals", "DELETE FROM trip_appeals"},
    {"clear_trip_stops", "DELETE FROM trip_stops"},
    {"clear_trips", "DELETE FROM trips"},
    {"rows_trips",
     "SELECT json_build_array(id, unit, started_at, started_by, note, ended_at, ended_by)::text FROM trips "
     "ORDER BY id"},
    {"rows_trip_stops",
     "SELECT json_build_array(id, trip_id, unit, place, district, lat, lon, started_at, ended_at)::text "
     "FROM trip_stops ORDER BY id"},
    {"rows_trip_appeals",
     "SELECT json_build_array(appeal_id, trip_id, stop_id)::text FROM trip_appeals ORDER BY appeal_id"},
};

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }
int64_t I64(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

TripRow ReadTrip(const pqxx::row& r) {
  TripRow t;
  t.id = Text(r[0]);
  t.unit = Text(r[1]);
  t.started_at = Text(r[2]);
  t.started_by = Text(r[3]);
  t.note = Text(r[4]);
  t.ended_at = Text(r[5]);
  t.ended_by = Text(r[6]);
  t.stops = I64(r[7]);
  t.appeals = I64(r[8]);
  return t;
}

std::optional<TripRow> One(pqxx::result r) {
  if (r.empty()) return std::nullopt;
  return ReadTrip(r[0]);
}

}  // namespace

void PrepareTrips(pqxx::connection& c) {
  for (const auto& s : kTripStatements) c.prepare(s.name, s.sql);
}

std::vector<TripRow> PgTrips(pqxx::transaction_base& tx, const std::vector<std::string>& units, int64_t limit) {
  std::vector<TripRow> out;
  for (const auto& r : tx.exec_prepared("trips", nlohmann::json(units).dump(), limit)) out.push_back(ReadTrip(r));
  return out;
}

std::optional<TripRow> PgTrip(pqxx::transaction_base& tx, std::string_view id) {
  return One(tx.exec_prepared("trip", std::string(id)));
}

std::optional<TripRow> PgOpenTrip(pqxx::transaction_base& tx, std::string_view unit) {
  return One(tx.exec_prepared("open_trip", std::string(unit)));
}

std::vector<TripStopRow> PgTripStops(pqxx::transaction_base& tx, std::string_view trip_id) {
  std::vector<TripStopRow> out;
  for (const auto& r : tx.exec_prepared("trip_stops", std::string(trip_id))) {
    TripStopRow s;
    s.id = Text(r[0]);
    s.trip_id = Text(r[1]);
    s.unit = Text(r[2]);
    s.place = Text(r[3]);
    s.district = Text(r[4]);
    s.lat = Text(r[5]);
    s.lon = Text(r[6]);
    s.started_at = Text(r[7]);
    s.ended_at = Text(r[8]);
    s.appeals = I64(r[9]);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<TripAppealRow> PgTripAppeals(pqxx::transaction_base& tx, std::string_view trip_id) {
  std::vector<TripAppealRow> out;
  for (const auto& r : tx.exec_prepared("trip_appeals", std::string(trip_id)))
    out.push_back({Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3])});
  return out;
}

void PgPutTrip(pqxx::transaction_base& tx, const TripRow& t) {
  tx.exec_prepared0("put_trip", t.id, t.unit, t.started_at, t.started_by, t.note, t.ended_at, t.ended_by);
}

void PgPutTripStop(pqxx::transaction_base& tx, const TripStopRow& s) {
  tx.exec_prepared0("put_trip_stop", s.id, s.trip_id, s.unit, s.place, s.district, s.lat, s.lon, s.started_at,
                    s.ended_at);
}

void PgInsertTripAppeal(pqxx::transaction_base& tx, const TripAppealRow& a) {
  tx.exec_prepared0("insert_trip_appeal", a.appeal_id, a.trip_id, a.stop_id);
}

void PgClearTrips(pqxx::transaction_base& tx) {
  for (const char* s : {"clear_trip_appeals", "clear_trip_stops", "clear_trips"}) tx.exec_prepared0(s);
}

}  // namespace sabt::store::postgres
