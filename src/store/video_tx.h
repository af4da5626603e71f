// The video link's queries (docs/video.md §5), kept off the shared ReadTx /
// WriteTx interface: both backends' transactions also implement VideoReads
// (read and write transactions) and VideoWrites (write transactions only),
// and callers reach them with VideoReadsOf / VideoWritesOf. A backend without
// them answers kUnavailable.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "store/video_rows.h"

namespace sabt::store {

class VideoReads {
 public:
  virtual ~VideoReads() = default;
  // Meetings newest start first, at most `limit`.
  virtual Result<std::vector<VideoMeetingRow>> VideoMeetings(int64_t limit) = 0;
  virtual Result<std::optional<VideoMeetingRow>> VideoMeeting(std::string_view id) = 0;
  virtual Result<std::optional<VideoMeetingRow>> VideoMeetingByRoom(int64_t room) = 0;
  // Attendance of a meeting in join order.
  virtual Result<std::vector<VideoAttendanceRow>> VideoAttendance(std::string_view meeting_id) = 0;
};

class VideoWrites {
 public:
  virtual ~VideoWrites() = default;
  // Insert or replace a meeting / an attendance (meeting, participant).
  virtual Status PutVideoMeeting(const VideoMeetingRow& m) = 0;
  virtual Status PutVideoAttendance(const VideoAttendanceRow& a) = 0;
};

// The video queries of a transaction, or kUnavailable.
Result<VideoReads*> VideoReadsOf(ReadTx& tx);
Result<VideoWrites*> VideoWritesOf(WriteTx& tx);

}  // namespace sabt::store
