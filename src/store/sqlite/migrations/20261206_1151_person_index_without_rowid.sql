-- Person search at scale (issue 16; docs/benchmarks.md "Person search at scale"):
-- person_masters and person_refs become WITHOUT ROWID tables, clustered on
-- their primary keys. A search looks up the master of every candidate row and
-- the refs of every master it answers: one b-tree descent each instead of two
-- (the key's index, then the rowid table), and no second copy of the key.
CREATE TABLE person_masters_clustered (
  person_id TEXT PRIMARY KEY,
  master_id TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO person_masters_clustered(person_id, master_id) SELECT person_id, master_id FROM person_masters;
DROP TABLE person_masters;
ALTER TABLE person_masters_clustered RENAME TO person_masters;
CREATE INDEX person_masters_master ON person_masters(master_id);

CREATE TABLE person_refs_clustered (
  person_id  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  number     TEXT NOT NULL,
  department TEXT NOT NULL,
  role       TEXT NOT NULL,
  at         TEXT NOT NULL,
  PRIMARY KEY (person_id, kind, record_id, role)
) WITHOUT ROWID;
INSERT INTO person_refs_clustered SELECT person_id, kind, record_id, number, department, role, at FROM person_refs;
DROP TABLE person_refs;
ALTER TABLE person_refs_clustered RENAME TO person_refs;
CREATE INDEX person_refs_record ON person_refs(record_id);
