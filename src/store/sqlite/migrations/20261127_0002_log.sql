-- Signed checkpoints of this node's journal, and what this node (as a
-- witness) last cosigned for other logs. See docs/verification.md.

CREATE TABLE checkpoints (
  size INTEGER PRIMARY KEY,
  root BLOB NOT NULL,
  note TEXT NOT NULL,      -- the signed note, with any witness cosignatures
  at   TEXT NOT NULL
);

CREATE TABLE witness_state (
  origin TEXT PRIMARY KEY,
  size   INTEGER NOT NULL,
  root   BLOB NOT NULL,
  note   TEXT NOT NULL,    -- the checkpoint last cosigned
  at     TEXT NOT NULL
);
