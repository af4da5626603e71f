// PostgreSQL statements of the video link (docs/video.md §5). The read and
// write transactions forward to these inside their Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/video_tx.h"

namespace sabt::store::postgres {

void PrepareVideo(pqxx::connection& c);

std::vector<VideoMeetingRow> PgVideoMeetings(pqxx::transaction_base& tx, int64_t limit);
std::optional<VideoMeetingRow> PgVideoMeeting(pqxx::transaction_base& tx, std::string_view id);
std::optional<VideoMeetingRow> PgVideoMeetingByRoom(pqxx::transaction_base& tx, int64_t room);
std::vector<VideoAttendanceRow> PgVideoAttendance(pqxx::transaction_base& tx, std::string_view meeting_id);
void PgPutVideoMeeting(pqxx::transaction_base& tx, const VideoMeetingRow& m);
void PgPutVideoAttendance(pqxx::transaction_base& tx, const VideoAttendanceRow& a);
void PgClearVideo(pqxx::transaction_base& tx);

}  // namespace sabt::store::postgres
