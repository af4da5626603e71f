-- Sign-in protection (issue 13 item 7; docs/security.md "Sign-in and sessions").
-- Operational state, like sessions: not projected from the journal, kept by `sabt rebuild`.
-- The application role's privileges come from sabt_grant_app(), run after all migrations.
ALTER TABLE sessions ADD COLUMN last_seen_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE login_guard (
  user_id TEXT COLLATE "C" PRIMARY KEY,
  failures BIGINT NOT NULL DEFAULT 0,
  last_failure_ms BIGINT NOT NULL DEFAULT 0,
  locked_until_ms BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE totp_credentials (
  user_id TEXT COLLATE "C" PRIMARY KEY,
  secret_hex TEXT NOT NULL,
  confirmed BOOLEAN NOT NULL DEFAULT FALSE,
  created_ms BIGINT NOT NULL,
  last_step BIGINT NOT NULL DEFAULT 0,
  recovery_hashes TEXT NOT NULL DEFAULT ''
);
