-- Online submissions under oversight (docs/journal-format.md §4.5): the
-- rejection ground, the keyword guard's flag, the citizen's own answer on
-- crime signs, the time by which it should be accepted, the citizen's check
-- code, and how many times a rejection was annulled. Rows written before
-- this migration get them on `sabt rebuild`.
ALTER TABLE submissions ADD COLUMN ground TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN keyword_flag BIGINT NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN citizen_crime_signs TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN accept_due TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN check_code TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN annulled BIGINT NOT NULL DEFAULT 0;
CREATE INDEX submissions_watch ON submissions(department, status, accept_due);
