-- Statistics counters (issue 15, docs/statistics.md §1.5): projections of the
-- journal, kept per department by day and by month. A row whose value comes
-- back to 0 is deleted, so the rows equal a recount exactly.
CREATE TABLE stat_days (
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  day BIGINT NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (name, department, day)
);
CREATE TABLE stat_months (
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  month BIGINT NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (name, department, month)
);
