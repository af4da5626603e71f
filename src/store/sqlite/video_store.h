// SQLite queries of the video link (docs/video.md §5). The read and write
// transactions forward to these.
#pragma once
#include "store/sqlite/conn.h"
#include "store/video_tx.h"

namespace sabt::store::sqlite {

Result<std::vector<VideoMeetingRow>> VideoMeetingsQ(Conn& c, int64_t limit);
Result<std::optional<VideoMeetingRow>> VideoMeetingQ(Conn& c, std::string_view id);
Result<std::optional<VideoMeetingRow>> VideoMeetingByRoomQ(Conn& c, int64_t room);
Result<std::vector<VideoAttendanceRow>> VideoAttendanceQ(Conn& c, std::string_view meeting_id);
Status PutVideoMeetingQ(Conn& c, const VideoMeetingRow& m);
Status PutVideoAttendanceQ(Conn& c, const VideoAttendanceRow& a);

}  // namespace sabt::store::sqlite
