-- Sync between a field node and its parent (docs/sync-protocol.md).

-- Projection of the sync.* entries: JSON documents by (kind, key), e.g.
-- kind 'device' keyed by the child's origin, kind 'enrolment' keyed by the
-- hash of the one-time code.
CREATE TABLE sync_records (
  kind  TEXT NOT NULL,
  key   TEXT NOT NULL,
  value TEXT NOT NULL,   -- canonical JSON
  PRIMARY KEY (kind, key)
);

-- Operational state of this node's own link (a field node: parent URL,
-- origin, last acknowledgement). Not journaled: an acknowledgement is the
-- parent's fact, and journaling it would create a new entry to push.
CREATE TABLE sync_local (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
