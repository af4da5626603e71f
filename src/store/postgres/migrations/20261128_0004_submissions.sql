-- Mirrors src/store/sqlite/migrations/20261128_0004_submissions.sql.
-- Online submissions: the queue of the public appeal form (journal kinds
-- submission.received / accepted / rejected). Personal fields are blanked
-- when the payload of submission.received is erased.
CREATE TABLE submissions (
  id            TEXT COLLATE "C" PRIMARY KEY,
  reference     TEXT NOT NULL UNIQUE,
  department    TEXT COLLATE "C" NOT NULL,
  category      TEXT NOT NULL,
  status        TEXT NOT NULL,             -- queued | accepted | rejected
  received_at   TEXT COLLATE "C" NOT NULL,
  entry_idx     BIGINT NOT NULL,
  surname       TEXT NOT NULL,
  given_name    TEXT NOT NULL,
  patronymic    TEXT NOT NULL,
  birth_date    TEXT NOT NULL,
  address       TEXT NOT NULL,
  phone         TEXT NOT NULL,
  id_document   TEXT NOT NULL,
  summary       TEXT NOT NULL,
  decided_at    TEXT NOT NULL DEFAULT '',
  decided_by    TEXT NOT NULL DEFAULT '',
  appeal_id     TEXT NOT NULL DEFAULT '',
  appeal_number TEXT NOT NULL DEFAULT '',
  reason        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submissions_queue ON submissions(department, status, received_at);

-- The application role also edits submissions. Projection tables are every
-- table except the append-only journal tables, the checkpoint tables and
-- schema_migrations, so a later migration that adds a projection table and
-- replaces this function keeps the earlier ones granted.
CREATE OR REPLACE FUNCTION sabt_grant_app(app_role TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t TEXT;
BEGIN
  -- Append-only tables: read and insert, never update, delete or truncate.
  EXECUTE format('REVOKE ALL ON journal, payloads, merkle_nodes, tree_heads FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON journal, payloads, merkle_nodes, tree_heads TO %I', app_role);
  EXECUTE format('REVOKE ALL ON checkpoints, witness_state FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON checkpoints, witness_state TO %I', app_role);
  -- Projections and sessions: rebuilt and edited by the application.
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
             AND tablename NOT IN ('journal', 'payloads', 'merkle_nodes', 'tree_heads', 'checkpoints',
                                   'witness_state', 'schema_migrations') LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', t, app_role);
  END LOOP;
  EXECUTE format('GRANT SELECT ON schema_migrations TO %I', app_role);
END
$$;
REVOKE ALL ON FUNCTION sabt_grant_app(TEXT) FROM PUBLIC;
