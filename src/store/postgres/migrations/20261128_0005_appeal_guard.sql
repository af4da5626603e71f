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

-- The application role's privileges on this migration's tables come from
-- sabt_grant_app(), defined once in 20261128_0009_grants_and_purge.sql.
