-- Master person index and record search (issue 16; docs/persons-and-search.md).
-- All projections: filled by app/persons/index_projector.cc, replayed by rebuild.
CREATE TABLE person_masters (
  person_id TEXT PRIMARY KEY,
  master_id TEXT NOT NULL
);
CREATE INDEX person_masters_master ON person_masters(master_id);

CREATE TABLE person_keys (
  key       TEXT NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (key, person_id)
);
CREATE INDEX person_keys_person ON person_keys(person_id);

CREATE TABLE person_refs (
  person_id  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  number     TEXT NOT NULL,
  department TEXT NOT NULL,
  role       TEXT NOT NULL,
  at         TEXT NOT NULL,
  PRIMARY KEY (person_id, kind, record_id, role)
);
CREATE INDEX person_refs_record ON person_refs(record_id);

CREATE TABLE person_merges (
  entry_idx   BIGINT PRIMARY KEY,
  into_master TEXT NOT NULL,
  from_master TEXT NOT NULL,
  persons     TEXT NOT NULL,  -- JSON array of person row ids
  undone_idx  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX person_merges_into ON person_merges(into_master);

-- Full text over the folded bodies ('simple': no stemming, the folding is done
-- by Sabt with ICU before the text is stored).
CREATE TABLE record_texts (
  record_id  TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  number     TEXT NOT NULL,
  department TEXT NOT NULL,
  at         TEXT NOT NULL,
  body       TEXT NOT NULL,
  body_tsv   tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
);
CREATE INDEX record_texts_number ON record_texts(number);
CREATE INDEX record_texts_tsv ON record_texts USING gin(body_tsv);
