-- The life of an appeal: assignment, deadline, answer, closing.
-- Mirrors src/store/sqlite/migrations/20261127_0003_appeal_life.sql.
ALTER TABLE appeals ADD COLUMN assigned_to TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE appeals ADD COLUMN due_day BIGINT NOT NULL DEFAULT 0;   -- days since epoch, Dushanbe calendar
ALTER TABLE appeals ADD COLUMN extended BIGINT NOT NULL DEFAULT 0;  -- days added by extensions
ALTER TABLE appeals ADD COLUMN answer TEXT NOT NULL DEFAULT '';
ALTER TABLE appeals ADD COLUMN closed_at TEXT NOT NULL DEFAULT '';
CREATE INDEX appeals_due ON appeals(status, due_day);
CREATE INDEX appeals_assigned ON appeals(assigned_to);
