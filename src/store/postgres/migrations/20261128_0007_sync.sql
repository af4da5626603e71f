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

-- The application role's privileges: whatever the earlier migrations
-- granted, plus the sync tables. The previous function is kept under a new
-- name and called first, so this composes with other migrations.
ALTER FUNCTION sabt_grant_app(TEXT) RENAME TO sabt_grant_app_before_0007;
CREATE FUNCTION sabt_grant_app(app_role TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sabt_grant_app_before_0007(app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON sync_records, sync_local TO %I', app_role);
END
$$;
REVOKE ALL ON FUNCTION sabt_grant_app(TEXT) FROM PUBLIC;
REVOKE ALL ON FUNCTION sabt_grant_app_before_0007(TEXT) FROM PUBLIC;
