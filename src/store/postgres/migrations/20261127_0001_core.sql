-- Core schema for PostgreSQL: the same tables and columns as
-- src/store/sqlite/migrations/20261127_0001_core.sql, so that `sabt verify`
-- compares a PostgreSQL node row for row with its SQLite replay.
-- Forward-only: never edit a migration that has shipped; add a new file.
--
-- Runs as the OWNER role (see docs/operations.md, "PostgreSQL roles"). The
-- application role gets its privileges from sabt_grant_app(), which the
-- migration runner calls after the last migration.
--
-- Key and ordering columns use COLLATE "C" so that ORDER BY is byte order,
-- exactly as in SQLite, whatever the database's default collation.

CREATE TABLE journal (
  idx       BIGINT PRIMARY KEY,                -- leaf index, 0-based
  origin    TEXT COLLATE "C" NOT NULL,
  seq       BIGINT NOT NULL,
  kind      TEXT COLLATE "C" NOT NULL,
  subject   TEXT COLLATE "C" NOT NULL,
  at        TEXT COLLATE "C" NOT NULL,
  entry     BYTEA NOT NULL,                    -- canonical JSON bytes
  leaf_hash BYTEA NOT NULL,
  UNIQUE (origin, seq)
);
CREATE INDEX journal_subject ON journal(subject);

CREATE TABLE payloads (
  idx  BIGINT PRIMARY KEY REFERENCES journal(idx),
  salt BYTEA NOT NULL,
  body BYTEA NOT NULL
);

CREATE TABLE merkle_nodes (
  level BIGINT NOT NULL,
  idx   BIGINT NOT NULL,
  hash  BYTEA  NOT NULL,
  PRIMARY KEY (level, idx)
);

CREATE TABLE tree_heads (
  size BIGINT PRIMARY KEY,
  root BYTEA NOT NULL,
  at   TEXT  NOT NULL
);

-- The journal is append-only: the database refuses edits and deletions even
-- from the owner. The application role has no UPDATE/DELETE/TRUNCATE
-- privilege on it in the first place (sabt_grant_app below).
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'journal is append-only';
END
$$;
CREATE TRIGGER journal_no_update BEFORE UPDATE OR DELETE ON journal
  FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
  FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();

-- Projections ---------------------------------------------------------------

CREATE TABLE departments (
  code    TEXT COLLATE "C" PRIMARY KEY,
  parent  TEXT COLLATE "C",
  kind    TEXT NOT NULL,
  name_tg TEXT NOT NULL,
  name_ru TEXT NOT NULL,
  name_en TEXT NOT NULL
);

CREATE TABLE reference_items (
  list     TEXT COLLATE "C" NOT NULL,
  code     TEXT COLLATE "C" NOT NULL,
  name_tg  TEXT NOT NULL,
  name_ru  TEXT NOT NULL,
  name_en  TEXT NOT NULL,
  extra    TEXT NOT NULL DEFAULT '{}',
  position BIGINT NOT NULL,
  PRIMARY KEY (list, code)
);

CREATE TABLE users (
  id            TEXT COLLATE "C" PRIMARY KEY,
  username      TEXT COLLATE "C" NOT NULL UNIQUE,
  role          TEXT NOT NULL,
  department    TEXT COLLATE "C" NOT NULL REFERENCES departments(code),
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE persons (
  id          TEXT COLLATE "C" PRIMARY KEY,
  surname     TEXT NOT NULL,
  given_name  TEXT NOT NULL,
  patronymic  TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  address     TEXT NOT NULL,
  phone       TEXT NOT NULL,
  id_document TEXT COLLATE "C" NOT NULL,
  search_key  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX persons_document ON persons(id_document);
CREATE INDEX persons_search ON persons(search_key);

CREATE TABLE appeals (
  id                TEXT COLLATE "C" PRIMARY KEY,
  number            TEXT COLLATE "C" NOT NULL UNIQUE,
  series            TEXT COLLATE "C" NOT NULL,
  year              BIGINT NOT NULL,
  n                 BIGINT NOT NULL,
  department        TEXT COLLATE "C" NOT NULL,
  channel           TEXT NOT NULL,
  category          TEXT NOT NULL,
  status            TEXT NOT NULL,
  received_at       TEXT COLLATE "C" NOT NULL,
  registered_at     TEXT NOT NULL,
  registered_by     TEXT COLLATE "C" NOT NULL,
  person_id         TEXT COLLATE "C" NOT NULL,
  summary           TEXT NOT NULL,
  verification_code TEXT NOT NULL,
  entry_idx         BIGINT NOT NULL,
  UNIQUE (series, year, n)
);
CREATE INDEX appeals_department_received ON appeals(department, received_at DESC);
CREATE INDEX appeals_received ON appeals(received_at DESC);

CREATE TABLE series_counters (
  series TEXT COLLATE "C" NOT NULL,
  year   BIGINT NOT NULL,
  n      BIGINT NOT NULL,
  PRIMARY KEY (series, year)
);

-- Operational state (not journaled) ------------------------------------------

CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  user_id    TEXT NOT NULL,
  csrf       TEXT NOT NULL,
  lang       TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);

-- Least privilege -------------------------------------------------------------
-- Grants the application role what it needs and nothing more. The runner
-- calls it (as the owner) after every migration run with the role name of
-- the application connection; %I quotes the name as an identifier. A later
-- migration that adds a table replaces this function (CREATE OR REPLACE).
CREATE FUNCTION sabt_grant_app(app_role TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Append-only tables: read and insert, never update, delete or truncate.
  EXECUTE format('REVOKE ALL ON journal, payloads, merkle_nodes, tree_heads FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON journal, payloads, merkle_nodes, tree_heads TO %I', app_role);
  -- Projections and sessions: rebuilt and edited by the application.
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON departments, reference_items, users, persons, '
                 'appeals, series_counters, sessions TO %I', app_role);
  EXECUTE format('GRANT SELECT ON schema_migrations TO %I', app_role);
END
$$;
REVOKE ALL ON FUNCTION sabt_grant_app(TEXT) FROM PUBLIC;
