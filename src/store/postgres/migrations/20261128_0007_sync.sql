-- Sync between a field node and its parent (docs/sync-protocol.md).
-- Mirrors src/store/sqlite/migrations/20261128_0007_sync.sql.

CREATE TABLE sync_records (
  kind  TEXT COLLATE "C" NOT NULL,
  key   TEXT COLLATE "C" NOT NULL,
  value TEXT NOT NULL,   -- canonical JSON
  PRIMARY KEY (kind, key)
);

CREATE TABLE sync_local (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL
);

-- The application role's privileges on this migration's tables come from
-- sabt_grant_app(), defined once in 20261128_0009_grants_and_purge.sql.
