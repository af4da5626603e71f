-- The life of an appeal: assignment, deadline, answer, closing.
ALTER TABLE appeals ADD COLUMN assigned_to TEXT NOT NULL DEFAULT '';
ALTER TABLE appeals ADD COLUMN due_day INTEGER NOT NULL DEFAULT 0;   -- days since epoch, Dushanbe calendar
ALTER TABLE appeals ADD COLUMN extended INTEGER NOT NULL DEFAULT 0;  -- days added by extensions
ALTER TABLE appeals ADD COLUMN answer TEXT NOT NULL DEFAULT '';
ALTER TABLE appeals ADD COLUMN closed_at TEXT NOT NULL DEFAULT '';
CREATE INDEX appeals_due ON appeals(status, due_day);
CREATE INDEX appeals_assigned ON appeals(assigned_to);
