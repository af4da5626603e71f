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

-- The application role's privileges on this migration's tables come from
-- sabt_grant_app(), defined once in 20261128_0009_grants_and_purge.sql.
