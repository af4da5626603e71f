-- Reform programme and equipment register (docs/programme.md §1).
-- Projection of the programme.*, indicator.* and equipment.* entries: one
-- JSON document per record, by (kind, id).
CREATE TABLE programme_records (
  kind  TEXT NOT NULL,
  id    TEXT NOT NULL,
  value TEXT NOT NULL,   -- canonical JSON
  PRIMARY KEY (kind, id)
);
