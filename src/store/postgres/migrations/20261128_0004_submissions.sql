-- Mirrors src/store/sqlite/migrations/20261128_0004_submissions.sql.
-- Online submissions: the queue of the public appeal form (journal kinds
-- submission.received / accepted / rejected). Personal fields are blanked
-- when the payload of submission.received is erased.
CREATE TABLE submissions (
  id            TEXT COLLATE "C" PRIMARY KEY,
  reference     TEXT NOT NULL UNIQUE,
  department    TEXT COLLATE "C" NOT NULL,
  category      TEXT NOT NULL,
  status        TEXT NOT NULL,             -- queued | accepted | rejected
  received_at   TEXT COLLATE "C" NOT NULL,
  entry_idx     BIGINT NOT NULL,
  surname       TEXT NOT NULL,
  given_name    TEXT NOT NULL,
  patronymic    TEXT NOT NULL,
  birth_date    TEXT NOT NULL,
  address       TEXT NOT NULL,
  phone         TEXT NOT NULL,
  id_document   TEXT NOT NULL,
  summary       TEXT NOT NULL,
  decided_at    TEXT NOT NULL DEFAULT '',
  decided_by    TEXT NOT NULL DEFAULT '',
  appeal_id     TEXT NOT NULL DEFAULT '',
  appeal_number TEXT NOT NULL DEFAULT '',
  reason        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submissions_queue ON submissions(department, status, received_at);

-- The application role's privileges on this migration's tables come from
-- sabt_grant_app(), defined once in 20261128_0009_grants_and_purge.sql.
