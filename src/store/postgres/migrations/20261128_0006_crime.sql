-- Crime register (issue #4). Mirrors src/store/sqlite/migrations/20261128_0006_crime.sql.
CREATE TABLE classifier_articles (
  version BIGINT NOT NULL,
  article TEXT COLLATE "C" NOT NULL,
  part TEXT COLLATE "C" NOT NULL,
  severity TEXT NOT NULL,
  title_tg TEXT NOT NULL,
  title_ru TEXT NOT NULL,
  title_en TEXT NOT NULL,
  sample INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (version, article, part)
);
CREATE TABLE crime_records (
  id TEXT COLLATE "C" PRIMARY KEY,
  kind TEXT NOT NULL,
  number TEXT COLLATE "C" NOT NULL UNIQUE,
  series TEXT COLLATE "C" NOT NULL,
  year BIGINT NOT NULL,
  n BIGINT NOT NULL,
  department TEXT COLLATE "C" NOT NULL,
  status TEXT NOT NULL,
  due_day BIGINT NOT NULL DEFAULT 0,
  target TEXT COLLATE "C" NOT NULL DEFAULT '',
  appeal_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  person_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  flags TEXT NOT NULL DEFAULT '',
  entry_idx BIGINT NOT NULL,
  doc TEXT NOT NULL,
  UNIQUE (series, year, n)
);
CREATE INDEX crime_records_scope ON crime_records(kind, department, status, due_day);
CREATE INDEX crime_records_target ON crime_records(target);
CREATE INDEX crime_records_appeal ON crime_records(appeal_id);

-- Grants: every table that is not append-only is a projection (or
-- operational state) the application edits. Listing them from the catalogue
-- keeps tables added by other migrations covered.
CREATE OR REPLACE FUNCTION sabt_grant_app(app_role TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t TEXT;
BEGIN
  -- Append-only tables: read and insert, never update, delete or truncate.
  EXECUTE format('REVOKE ALL ON journal, payloads, merkle_nodes, tree_heads FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON journal, payloads, merkle_nodes, tree_heads TO %I', app_role);
  EXECUTE format('REVOKE ALL ON checkpoints, witness_state FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON checkpoints, witness_state TO %I', app_role);
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
             AND tablename NOT IN ('journal', 'payloads', 'merkle_nodes', 'tree_heads', 'checkpoints',
                                   'witness_state', 'schema_migrations') LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', t, app_role);
  END LOOP;
  EXECUTE format('GRANT SELECT ON schema_migrations TO %I', app_role);
END
$$;
REVOKE ALL ON FUNCTION sabt_grant_app(TEXT) FROM PUBLIC;
