-- Closing a department (docs/api.md "Closing a department"): the projection of
-- department.closed. 0 / '' = open.
ALTER TABLE departments ADD COLUMN closed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE departments ADD COLUMN successor TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN close_reason TEXT NOT NULL DEFAULT '';
