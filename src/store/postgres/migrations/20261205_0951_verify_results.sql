-- Signed results of `sabt verify` (docs/journal-format.md §6.2): the next
-- `sabt verify --since-checkpoint` starts from the newest. Append-only; not a
-- projection.
CREATE TABLE verify_results (
  id   BIGINT PRIMARY KEY,  -- max(id) + 1 at insert (no sequence to grant)
  note TEXT NOT NULL
);

-- The application role's privileges on this table come from
-- sabt_grant_app() (20261128_0009_grants_and_purge.sql), run after all migrations.
