-- Concealment guard flags, attachments, and indexes for the filtered lists
-- and the person page. Mirrors src/store/sqlite/migrations/20261128_0005_appeal_guard.sql.

CREATE TABLE appeal_flags (
  appeal_id    TEXT COLLATE "C" PRIMARY KEY,
  crime_signs  BIGINT NOT NULL,
  keyword_flag BIGINT NOT NULL,
  refer_due    TEXT COLLATE "C" NOT NULL DEFAULT '',
  referred_at  TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX appeal_flags_watch ON appeal_flags(crime_signs, keyword_flag);

CREATE TABLE attachments (
  sha256 TEXT COLLATE "C" PRIMARY KEY,
  mime   TEXT NOT NULL,
  size   BIGINT NOT NULL,
  data   BYTEA NOT NULL
);

CREATE TABLE appeal_attachments (
  appeal_id TEXT COLLATE "C" NOT NULL,
  entry_idx BIGINT NOT NULL,
  sha256    TEXT COLLATE "C" NOT NULL,
  name      TEXT NOT NULL,
  mime      TEXT NOT NULL,
  size      BIGINT NOT NULL,
  added_at  TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (appeal_id, entry_idx)
);

CREATE INDEX appeals_person ON appeals(person_id);
CREATE INDEX appeals_category ON appeals(category);

-- Privileges of the application role. Generic, so that a table added by any
-- migration (this one's, or a later one's) is covered: append-only tables
-- (the journal and its Merkle data, and the content-addressed attachment
-- bytes) are read and inserted only; checkpoints gain cosignatures; every
-- other table is a projection or operational state the application edits.
CREATE OR REPLACE FUNCTION sabt_grant_app(app_role TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t TEXT;
BEGIN
  EXECUTE format('REVOKE ALL ON journal, payloads, merkle_nodes, tree_heads, attachments FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON journal, payloads, merkle_nodes, tree_heads, attachments TO %I', app_role);
  EXECUTE format('REVOKE ALL ON checkpoints, witness_state FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON checkpoints, witness_state TO %I', app_role);
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
             AND tablename NOT IN ('journal', 'payloads', 'merkle_nodes', 'tree_heads', 'attachments', 'checkpoints',
                                   'witness_state', 'schema_migrations') LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', t, app_role);
  END LOOP;
  EXECUTE format('GRANT SELECT ON schema_migrations TO %I', app_role);
END
$$;
REVOKE ALL ON FUNCTION sabt_grant_app(TEXT) FROM PUBLIC;
