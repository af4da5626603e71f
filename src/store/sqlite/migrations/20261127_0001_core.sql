-- Core schema: journal, Merkle nodes, tree heads, and the first projections.
-- Forward-only: never edit a migration that has shipped; add a new file.

CREATE TABLE journal (
  idx       INTEGER PRIMARY KEY,          -- leaf index, 0-based
  origin    TEXT    NOT NULL,
  seq       INTEGER NOT NULL,
  kind      TEXT    NOT NULL,
  subject   TEXT    NOT NULL,
  at        TEXT    NOT NULL,
  entry     BLOB    NOT NULL,             -- canonical JSON bytes
  leaf_hash BLOB    NOT NULL,
  UNIQUE (origin, seq)
);
CREATE INDEX journal_subject ON journal(subject);

CREATE TABLE payloads (
  idx  INTEGER PRIMARY KEY REFERENCES journal(idx),
  salt BLOB NOT NULL,
  body BLOB NOT NULL
);

CREATE TABLE merkle_nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE tree_heads (
  size INTEGER PRIMARY KEY,
  root BLOB NOT NULL,
  at   TEXT NOT NULL
);

-- The journal is append-only: the database refuses edits and deletions.
-- (A hand edit with the sqlite3 CLI can drop these triggers; `sabt verify`
-- is what detects tampering, the triggers only stop accidents.)
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

-- Projections ---------------------------------------------------------------

CREATE TABLE departments (
  code    TEXT PRIMARY KEY,
  parent  TEXT,
  kind    TEXT NOT NULL,
  name_tg TEXT NOT NULL,
  name_ru TEXT NOT NULL,
  name_en TEXT NOT NULL
);

CREATE TABLE reference_items (
  list     TEXT NOT NULL,
  code     TEXT NOT NULL,
  name_tg  TEXT NOT NULL,
  name_ru  TEXT NOT NULL,
  name_en  TEXT NOT NULL,
  extra    TEXT NOT NULL DEFAULT '{}',
  position INTEGER NOT NULL,
  PRIMARY KEY (list, code)
);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL,
  department    TEXT NOT NULL REFERENCES departments(code),
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE persons (
  id          TEXT PRIMARY KEY,
  surname     TEXT NOT NULL,
  given_name  TEXT NOT NULL,
  patronymic  TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  address     TEXT NOT NULL,
  phone       TEXT NOT NULL,
  id_document TEXT NOT NULL,
  search_key  TEXT NOT NULL
);
CREATE INDEX persons_document ON persons(id_document);
CREATE INDEX persons_search ON persons(search_key);

CREATE TABLE appeals (
  id                TEXT PRIMARY KEY,
  number            TEXT NOT NULL UNIQUE,
  series            TEXT NOT NULL,
  year              INTEGER NOT NULL,
  n                 INTEGER NOT NULL,
  department        TEXT NOT NULL,
  channel           TEXT NOT NULL,
  category          TEXT NOT NULL,
  status            TEXT NOT NULL,
  received_at       TEXT NOT NULL,
  registered_at     TEXT NOT NULL,
  registered_by     TEXT NOT NULL,
  person_id         TEXT NOT NULL,
  summary           TEXT NOT NULL,
  verification_code TEXT NOT NULL,
  entry_idx         INTEGER NOT NULL,
  UNIQUE (series, year, n)
);
CREATE INDEX appeals_department_received ON appeals(department, received_at DESC);
CREATE INDEX appeals_received ON appeals(received_at DESC);

CREATE TABLE series_counters (
  series TEXT NOT NULL,
  year   INTEGER NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (series, year)
);

-- Operational state (not journaled) ------------------------------------------

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  csrf       TEXT NOT NULL,
  lang       TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
);
