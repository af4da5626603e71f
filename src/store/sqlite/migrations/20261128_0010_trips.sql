-- Trip log of a mobile station (docs/journal-format.md §4.4). No entry
-- indexes: a field node and its parent project identical rows.
CREATE TABLE trips (
  id TEXT PRIMARY KEY,
  unit TEXT NOT NULL,
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  ended_at TEXT NOT NULL DEFAULT '',
  ended_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trips_unit ON trips(unit, ended_at);
CREATE TABLE trip_stops (
  id TEXT PRIMARY KEY,
  trip_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  place TEXT NOT NULL,
  district TEXT NOT NULL DEFAULT '',
  lat TEXT NOT NULL DEFAULT '',
  lon TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trip_stops_trip ON trip_stops(trip_id);
CREATE TABLE trip_appeals (
  appeal_id TEXT PRIMARY KEY,
  trip_id TEXT NOT NULL,
  stop_id TEXT NOT NULL
);
CREATE INDEX trip_appeals_stop ON trip_appeals(stop_id);
CREATE INDEX trip_appeals_trip ON trip_appeals(trip_id);
