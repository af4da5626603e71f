-- Sign-in protection (issue 13 item 7; docs/security.md "Sign-in and sessions").
-- Operational state, like sessions: not projected from the journal, kept by `sabt rebuild`.
ALTER TABLE sessions ADD COLUMN last_seen_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE login_guard (
  user_id TEXT PRIMARY KEY,
  failures INTEGER NOT NULL DEFAULT 0,
  last_failure_ms INTEGER NOT NULL DEFAULT 0,
  locked_until_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE totp_credentials (
  user_id TEXT PRIMARY KEY,
  secret_hex TEXT NOT NULL,
  confirmed INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  last_step INTEGER NOT NULL DEFAULT 0,
  recovery_hashes TEXT NOT NULL DEFAULT ''
);
