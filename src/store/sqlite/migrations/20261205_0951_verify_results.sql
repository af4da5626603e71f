-- Signed results of `sabt verify` (docs/journal-format.md §6.2): the next
-- `sabt verify --since-checkpoint` starts from the newest. Append-only; not a
-- projection.
CREATE TABLE verify_results (
  id   INTEGER PRIMARY KEY,
  note TEXT NOT NULL
);
