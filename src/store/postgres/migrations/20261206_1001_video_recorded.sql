-- Video recording (docs/video.md §5a): whether a meeting is recorded, from
-- video.meeting_scheduled's data.recorded. 0 = not recorded (the default).
ALTER TABLE video_meetings ADD COLUMN recorded BIGINT NOT NULL DEFAULT 0;
