-- Concealment guard flags, attachments, and indexes for the filtered lists
-- and the person page. See docs/journal-format.md §4.1, §4.2.

CREATE TABLE appeal_flags (
  appeal_id    TEXT PRIMARY KEY,
  crime_signs  INTEGER NOT NULL,             -- 1: the officer classified "signs of a crime"
  keyword_flag INTEGER NOT NULL,             -- 1: the summary contained a crime keyword
  refer_due    TEXT NOT NULL DEFAULT '',     -- RFC 3339 UTC; '' unless crime_signs
  referred_at  TEXT NOT NULL DEFAULT ''      -- time of appeal.referred
);
CREATE INDEX appeal_flags_watch ON appeal_flags(crime_signs, keyword_flag);

-- File bytes by SHA-256 (not a projection: like payloads, it cannot be
-- rebuilt from the journal, which only commits to the hash).
CREATE TABLE attachments (
  sha256 TEXT PRIMARY KEY,
  mime   TEXT NOT NULL,
  size   INTEGER NOT NULL,
  data   BLOB NOT NULL
);

CREATE TABLE appeal_attachments (
  appeal_id TEXT NOT NULL,
  entry_idx INTEGER NOT NULL,
  sha256    TEXT NOT NULL,
  name      TEXT NOT NULL,
  mime      TEXT NOT NULL,
  size      INTEGER NOT NULL,
  added_at  TEXT NOT NULL,
  PRIMARY KEY (appeal_id, entry_idx)
);

CREATE INDEX appeals_person ON appeals(person_id);
CREATE INDEX appeals_category ON appeals(category);
