-- Trip log of a mobile station (docs/journal-format.md §4.4). No entry
-- indexes: a field node and its parent project identical rows.
CREATE TABLE trips (
  id TEXT COLLATE "C" PRIMARY KEY,
  unit TEXT COLLATE "C" NOT NULL,
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  ended_at TEXT NOT NULL DEFAULT '',
  ended_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trips_unit ON trips(unit, ended_at);
CREATE TABLE trip_stops (
  id TEXT COLLATE "C" PRIMARY KEY,
  trip_id TEXT COLLATE "C" NOT NULL,
  unit TEXT COLLATE "C" NOT NULL,
  place TEXT NOT NULL,
  district TEXT NOT NULL DEFAULT '',
  lat TEXT NOT NULL DEFAULT '',
  lon TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trip_stops_trip ON trip_stops(trip_id);
CREATE TABLE trip_appeals (
  appeal_id TEXT COLLATE "C" PRIMARY KEY,
  trip_id TEXT COLLATE "C" NOT NULL,
  stop_id TEXT COLLATE "C" NOT NULL
);
CREATE INDEX trip_appeals_stop ON trip_appeals(stop_id);
CREATE INDEX trip_appeals_trip ON trip_appeals(trip_id);

-- The application role's privileges on these tables come from
-- sabt_grant_app() (20261128_0009_grants_and_purge.sql), run after all migrations.
