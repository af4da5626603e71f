-- Signed checkpoints of this node's journal, and what this node (as a
-- witness) last cosigned for other logs. See docs/verification.md.
-- Mirrors src/store/sqlite/migrations/20261127_0002_log.sql.

CREATE TABLE checkpoints (
  size BIGINT PRIMARY KEY,
  root BYTEA NOT NULL,
  note TEXT  NOT NULL,     -- the signed note, with any witness cosignatures
  at   TEXT  NOT NULL
);

CREATE TABLE witness_state (
  origin TEXT COLLATE "C" PRIMARY KEY,
  size   BIGINT NOT NULL,
  root   BYTEA  NOT NULL,
  note   TEXT   NOT NULL,  -- the checkpoint last cosigned
  at     TEXT   NOT NULL
);

-- The application role: checkpoints gain cosignatures (UPDATE of the note)
-- but are never deleted; the witness state is replaced in place.
CREATE OR REPLACE FUNCTION sabt_grant_app(app_role TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Append-only tables: read and insert, never update, delete or truncate.
  EXECUTE format('REVOKE ALL ON journal, payloads, merkle_nodes, tree_heads FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON journal, payloads, merkle_nodes, tree_heads TO %I', app_role);
  EXECUTE format('REVOKE ALL ON checkpoints, witness_state FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON checkpoints, witness_state TO %I', app_role);
  -- Projections and sessions: rebuilt and edited by the application.
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON departments, reference_items, users, persons, '
                 'appeals, series_counters, sessions TO %I', app_role);
  EXECUTE format('GRANT SELECT ON schema_migrations TO %I', app_role);
END
$$;
REVOKE ALL ON FUNCTION sabt_grant_app(TEXT) FROM PUBLIC;
