-- Online submissions under oversight (docs/journal-format.md §4.5): the
-- rejection ground, the keyword guard's flag, the citizen's own answer on
-- crime signs, the time by which it should be accepted, the citizen's check
-- code, and how many times a rejection was annulled.
ALTER TABLE submissions ADD COLUMN ground TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN keyword_flag INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN citizen_crime_signs TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN accept_due TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN check_code TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN annulled INTEGER NOT NULL DEFAULT 0;
CREATE INDEX submissions_watch ON submissions(department, status, accept_due);
-- Rows received before this migration are due 24 hours after receipt, as a
-- replay of their entries gives (docs/journal-format.md §4.5).
UPDATE submissions SET accept_due = strftime('%Y-%m-%dT%H:%M:%fZ', received_at, '+24 hours') WHERE accept_due = '';
