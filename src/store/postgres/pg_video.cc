#include "store/postgres/pg_video.h"

namespace sabt::store::postgres {
namespace {

#define MEETING_SELECT                                                                                   \
  "SELECT id, kind, title, unit, organiser, starts_at, profile, room, invited_users, invited_departments, " \
  "link_kind, link_id, scheduled_at, started_at, ended_at, ended_by, recorded FROM video_meetings "

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kVideoStatements[] = {
    {"video_meetings", MEETING_SELECT "ORDER BY starts_at DESC, id LIMIT $1::bigint"},
    {"video_meeting", MEETING_SELECT "WHERE id = $1::text"},
    {"video_meeting_by_room", MEETING_SELECT "WHERE room = $1::bigint"},
    {"video_attendance",
     "SELECT meeting_id, participant, user_id, joined_at, left_at, seconds FROM video_attendance "
     "WHERE meeting_id = $1::text ORDER BY joined_at, participant"},
    {"put_video_meeting",
     "INSERT INTO video_meetings(id, kind, title, unit, organiser, starts_at, profile, room, invited_users, "
     "invited_departments, link_kind, link_id, scheduled_at, started_at, ended_at, ended_by, recorded) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint, $9, $10, $11, $12, $13, $14, $15, $16, $17::bigint) "
     "ON CONFLICT (id) DO UPDATE SET title = excluded.title, started_at = excluded.started_at, "
     "ended_at = excluded.ended_at, ended_by = excluded.ended_by"},
    {"put_video_attendance",
     "INSERT INTO video_attendance(meeting_id, participant, user_id, joined_at, left_at, seconds) "
     "VALUES ($1, $2, $3, $4, $5, $6::bigint) ON CONFLICT (meeting_id, participant) DO UPDATE SET "
     "left_at = excluded.left_at, seconds = excluded.seconds"},
    {"clear_video_attendance", "DELETE FROM video_attendance"},
    {"clear_video_meetings", "DELETE FROM video_meetings"},
    {"rows_video_meetings",
     "SELECT json_build_array(id, kind, title, unit, organiser, starts_at, profile, room, invited_users, "
     "invited_departments, link_kind, link_id, scheduled_at, started_at, ended_at, ended_by, recorded)::text "
     "FROM video_meetings ORDER BY id"},
    {"rows_video_attendance",
     "SELECT json_build_array(meeting_id || '/' || participant, user_id, joined_at, left_at, seconds)::text "
     "FROM video_attendance ORDER BY meeting_id, participant"},
};

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }
int64_t I64(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

VideoMeetingRow ReadMeeting(const pqxx::row& r) {
  VideoMeetingRow m;
  m.id = Text(r[0]);
  m.kind = Text(r[1]);
  m.title = Text(r[2]);
  m.unit = Text(r[3]);
  m.organiser = Text(r[4]);
  m.starts_at = Text(r[5]);
  m.profile = Text(r[6]);
  m.room = I64(r[7]);
  m.invited_users = Text(r[8]);
  m.invited_departments = Text(r[9]);
  m.link_kind = Text(r[10]);
  m.link_id = Text(r[11]);
  m.scheduled_at = Text(r[12]);
  m.started_at = Text(r[13]);
  m.ended_at = Text(r[14]);
  m.ended_by = Text(r[15]);
  m.recorded = I64(r[16]) != 0;
  return m;
}

std::optional<VideoMeetingRow> One(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return ReadMeeting(r[0]);
}

}  // namespace

void PrepareVideo(pqxx::connection& c) {
  for (const auto& s : kVideoStatements) c.prepare(s.name, s.sql);
}

std::vector<VideoMeetingRow> PgVideoMeetings(pqxx::transaction_base& tx, int64_t limit) {
  std::vector<VideoMeetingRow> out;
  for (const auto& r : tx.exec_prepared("video_meetings", limit)) out.push_back(ReadMeeting(r));
  return out;
}

std::optional<VideoMeetingRow> PgVideoMeeting(pqxx::transaction_base& tx, std::string_view id) {
  return One(tx.exec_prepared("video_meeting", std::string(id)));
}

std::optional<VideoMeetingRow> PgVideoMeetingByRoom(pqxx::transaction_base& tx, int64_t room) {
  return One(tx.exec_prepared("video_meeting_by_room", room));
}

std::vector<VideoAttendanceRow> PgVideoAttendance(pqxx::transaction_base& tx, std::string_view meeting_id) {
  std::vector<VideoAttendanceRow> out;
  for (const auto& r : tx.exec_prepared("video_attendance", std::string(meeting_id))) {
    VideoAttendanceRow a;
    a.meeting_id = Text(r[0]);
    a.participant = Text(r[1]);
    a.user_id = Text(r[2]);
    a.joined_at = Text(r[3]);
    a.left_at = Text(r[4]);
    a.seconds = I64(r[5]);
    out.push_back(std::move(a));
  }
  return out;
}

void PgPutVideoMeeting(pqxx::transaction_base& tx, const VideoMeetingRow& m) {
  tx.exec_prepared0("put_video_meeting", m.id, m.kind, m.title, m.unit, m.organiser, m.starts_at, m.profile, m.room,
                    m.invited_users, m.invited_departments, m.link_kind, m.link_id, m.scheduled_at, m.started_at,
                    m.ended_at, m.ended_by, static_cast<int64_t>(m.recorded ? 1 : 0));
}

void PgPutVideoAttendance(pqxx::transaction_base& tx, const VideoAttendanceRow& a) {
  tx.exec_prepared0("put_video_attendance", a.meeting_id, a.participant, a.user_id, a.joined_at, a.left_at,
                    a.seconds);
}

void PgClearVideo(pqxx::transaction_base& tx) {
  for (const char* s : {"clear_video_attendance", "clear_video_meetings"}) tx.exec_prepared0(s);
}

}  // namespace sabt::store::postgres
