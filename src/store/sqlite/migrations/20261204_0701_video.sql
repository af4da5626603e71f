-- Video link (docs/video.md §5): projections of the video.* journal entries.
CREATE TABLE video_meetings (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL,
  organiser TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  profile TEXT NOT NULL DEFAULT 'normal',
  room BIGINT NOT NULL,
  invited_users TEXT NOT NULL DEFAULT '[]',
  invited_departments TEXT NOT NULL DEFAULT '[]',
  link_kind TEXT NOT NULL DEFAULT '',
  link_id TEXT NOT NULL DEFAULT '',
  scheduled_at TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT '',
  ended_at TEXT NOT NULL DEFAULT '',
  ended_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX video_meetings_room ON video_meetings(room);
CREATE INDEX video_meetings_start ON video_meetings(starts_at);
CREATE TABLE video_attendance (
  meeting_id TEXT NOT NULL,
  participant TEXT NOT NULL,
  user_id TEXT NOT NULL,
  joined_at TEXT NOT NULL,
  left_at TEXT NOT NULL DEFAULT '',
  seconds BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, participant)
);
