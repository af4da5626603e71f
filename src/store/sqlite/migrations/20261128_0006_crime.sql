-- Crime register (issue #4): the versioned classifier of Criminal Code
-- articles, and crime reports and criminal cases (one row each; the columns
-- are what lists filter on, the rest of the record is the JSON `doc`).
CREATE TABLE classifier_articles (
  version INTEGER NOT NULL,
  article TEXT NOT NULL,
  part TEXT NOT NULL,
  severity TEXT NOT NULL,
  title_tg TEXT NOT NULL,
  title_ru TEXT NOT NULL,
  title_en TEXT NOT NULL,
  sample INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (version, article, part)
);
CREATE TABLE crime_records (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                -- report | case
  number TEXT NOT NULL UNIQUE,
  series TEXT NOT NULL,
  year INTEGER NOT NULL,
  n INTEGER NOT NULL,
  department TEXT NOT NULL,
  status TEXT NOT NULL,
  due_day INTEGER NOT NULL DEFAULT 0,
  target TEXT NOT NULL DEFAULT '',
  appeal_id TEXT NOT NULL DEFAULT '',
  person_id TEXT NOT NULL DEFAULT '',
  flags TEXT NOT NULL DEFAULT '',
  entry_idx INTEGER NOT NULL,
  doc TEXT NOT NULL,
  UNIQUE (series, year, n)
);
CREATE INDEX crime_records_scope ON crime_records(kind, department, status, due_day);
CREATE INDEX crime_records_target ON crime_records(target);
CREATE INDEX crime_records_appeal ON crime_records(appeal_id);
