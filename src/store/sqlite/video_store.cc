#include "store/sqlite/video_store.h"

namespace sabt::store::sqlite {
namespace {

#define MEETING_SELECT                                                                                   \
  "SELECT id, kind, title, unit, organiser, starts_at, profile, room, invited_users, invited_departments, " \
  "link_kind, link_id, scheduled_at, started_at, ended_at, ended_by, recorded FROM video_meetings "

VideoMeetingRow ReadMeeting(SQLite::Statement& q) {
  VideoMeetingRow m;
  m.id = q.getColumn(0).getString();
  m.kind = q.getColumn(1).getString();
  m.title = q.getColumn(2).getString();
  m.unit = q.getColumn(3).getString();
  m.organiser = q.getColumn(4).getString();
  m.starts_at = q.getColumn(5).getString();
  m.profile = q.getColumn(6).getString();
  m.room = q.getColumn(7).getInt64();
  m.invited_users = q.getColumn(8).getString();
  m.invited_departments = q.getColumn(9).getString();
  m.link_kind = q.getColumn(10).getString();
  m.link_id = q.getColumn(11).getString();
  m.scheduled_at = q.getColumn(12).getString();
  m.started_at = q.getColumn(13).getString();
  m.ended_at = q.getColumn(14).getString();
  m.ended_by = q.getColumn(15).getString();
  m.recorded = q.getColumn(16).getInt64() != 0;
  return m;
}

}  // namespace

Result<std::vector<VideoMeetingRow>> VideoMeetingsQ(Conn& c, int64_t limit) {
  return Guard("video meetings", [&]() -> Result<std::vector<VideoMeetingRow>> {
    auto& q = c.Prep(MEETING_SELECT "ORDER BY starts_at DESC, id LIMIT ?");
    q.bind(1, limit);
    std::vector<VideoMeetingRow> out;
    while (q.executeStep()) out.push_back(ReadMeeting(q));
    return out;
  });
}

Result<std::optional<VideoMeetingRow>> VideoMeetingQ(Conn& c, std::string_view id) {
  return Guard("video meeting", [&]() -> Result<std::optional<VideoMeetingRow>> {
    auto& q = c.Prep(MEETING_SELECT "WHERE id = ?");
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::optional<VideoMeetingRow>();
    return std::optional<VideoMeetingRow>(ReadMeeting(q));
  });
}

Result<std::optional<VideoMeetingRow>> VideoMeetingByRoomQ(Conn& c, int64_t room) {
  return Guard("video meeting by room", [&]() -> Result<std::optional<VideoMeetingRow>> {
    auto& q = c.Prep(MEETING_SELECT "WHERE room = ?");
    q.bind(1, room);
    if (!q.executeStep()) return std::optional<VideoMeetingRow>();
    return std::optional<VideoMeetingRow>(ReadMeeting(q));
  });
}

Result<std::vector<VideoAttendanceRow>> VideoAttendanceQ(Conn& c, std::string_view meeting_id) {
  return Guard("video attendance", [&]() -> Result<std::vector<VideoAttendanceRow>> {
    auto& q = c.Prep(
        "SELECT meeting_id, participant, user_id, joined_at, left_at, seconds FROM video_attendance "
        "WHERE meeting_id = ? ORDER BY joined_at, participant");
    q.bind(1, std::string(meeting_id));
    std::vector<VideoAttendanceRow> out;
    while (q.executeStep()) {
      VideoAttendanceRow a;
      a.meeting_id = q.getColumn(0).getString();
      a.participant = q.getColumn(1).getString();
      a.user_id = q.getColumn(2).getString();
      a.joined_at = q.getColumn(3).getString();
      a.left_at = q.getColumn(4).getString();
      a.seconds = q.getColumn(5).getInt64();
      out.push_back(std::move(a));
    }
    return out;
  });
}

Status PutVideoMeetingQ(Conn& c, const VideoMeetingRow& m) {
  return Guard("put video meeting", [&] {
    auto& q = c.Prep(
        "INSERT INTO video_meetings(id, kind, title, unit, organiser, starts_at, profile, room, invited_users, "
        "invited_departments, link_kind, link_id, scheduled_at, started_at, ended_at, ended_by, recorded) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title = excluded.title, "
        "started_at = excluded.started_at, ended_at = excluded.ended_at, ended_by = excluded.ended_by");
    q.bind(1, m.id);
    q.bind(2, m.kind);
    q.bind(3, m.title);
    q.bind(4, m.unit);
    q.bind(5, m.organiser);
    q.bind(6, m.starts_at);
    q.bind(7, m.profile);
    q.bind(8, m.room);
    q.bind(9, m.invited_users);
    q.bind(10, m.invited_departments);
    q.bind(11, m.link_kind);
    q.bind(12, m.link_id);
    q.bind(13, m.scheduled_at);
    q.bind(14, m.started_at);
    q.bind(15, m.ended_at);
    q.bind(16, m.ended_by);
    q.bind(17, static_cast<int64_t>(m.recorded ? 1 : 0));
    q.exec();
    return Status::Ok();
  });
}

Status PutVideoAttendanceQ(Conn& c, const VideoAttendanceRow& a) {
  return Guard("put video attendance", [&] {
    auto& q = c.Prep(
        "INSERT INTO video_attendance(meeting_id, participant, user_id, joined_at, left_at, seconds) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(meeting_id, participant) DO UPDATE SET left_at = excluded.left_at, "
        "seconds = excluded.seconds");
    q.bind(1, a.meeting_id);
    q.bind(2, a.participant);
    q.bind(3, a.user_id);
    q.bind(4, a.joined_at);
    q.bind(5, a.left_at);
    q.bind(6, a.seconds);
    q.exec();
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
