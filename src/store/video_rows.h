// Rows of the video link's projections (docs/video.md §5): meetings and who
// attended them. Every field is a projection of a video.* journal entry.
#pragma once
#include <cstdint>
#include <string>

namespace sabt::store {

struct VideoMeetingRow {
  std::string id;            // meeting UUID (entry subject)
  std::string kind;          // "meeting"
  std::string title;         // from the payload ("" once erased)
  std::string unit;          // department code
  std::string organiser;     // user id
  std::string starts_at;     // RFC 3339
  std::string profile;       // "normal" | "low"
  int64_t room = 0;          // Janus room number
  std::string invited_users;        // JSON array of user ids
  std::string invited_departments;  // JSON array of codes
  std::string link_kind, link_id;   // optional linked record
  std::string scheduled_at;  // entry time
  std::string started_at;    // first join, "" before
  std::string ended_at, ended_by;
  bool recorded = false;     // docs/video.md §5a
};

struct VideoAttendanceRow {
  std::string meeting_id;
  std::string participant;  // Janus participant id (decimal)
  std::string user_id;
  std::string joined_at, left_at;  // RFC 3339; left_at "" while in the room
  int64_t seconds = 0;
};

}  // namespace sabt::store
