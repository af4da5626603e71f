-- Reform programme and equipment register (docs/programme.md §1).
-- Projection of the programme.*, indicator.* and equipment.* entries: one
-- JSON document per record, by (kind, id).
CREATE TABLE programme_records (
  kind  TEXT COLLATE "C" NOT NULL,
  id    TEXT COLLATE "C" NOT NULL,
  value TEXT NOT NULL,   -- canonical JSON
  PRIMARY KEY (kind, id)
);
-- The application role's privileges come from sabt_grant_app(), run after all migrations.
