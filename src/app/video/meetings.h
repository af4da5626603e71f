// Meetings of the video link (docs/video.md §2, §3, §5): scheduling, the list
// and page of a meeting, the join grant (Janus token and TURN credential) and
// the end. Every function checks the role and invitation itself; a meeting
// the caller may not join is "not found". Needs a configured video server
// (NodeVideoConfig()) for Join and End; the rest works without one.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "domain/problem.h"
#include "domain/video.h"
#include "store/video_rows.h"

namespace sabt::app::video {

struct MeetingForm {
  std::string title, starts_at, usernames, profile;  // usernames: separated by commas or spaces
  std::vector<std::string> departments;
  bool recorded = false;  // docs/video.md §5a
};

struct ScheduleOutcome {
  domain::Problems problems;
  Result<nlohmann::json> reply = Status::Internal("not run");  // {"id"} after COMMIT
};

bool MaySchedule(const Principal& who);
// May schedule a recorded meeting on this node (a head, recordings_dir set).
bool MayRecord(const Principal& who);
ScheduleOutcome ScheduleMeeting(App& app, const Principal& who, const MeetingForm& form);

// Meetings the caller may join, newest start first (at most 200 looked at).
Result<std::vector<store::VideoMeetingRow>> ListMeetings(App& app, const Principal& who);

struct MeetingDetail {
  store::VideoMeetingRow meeting;
  std::vector<std::string> invited_users;        // display names
  std::vector<std::string> invited_departments;  // codes
  std::vector<store::VideoAttendanceRow> attendance;
  std::vector<std::string> attendance_names;     // display name per attendance row
  bool may_end = false;
};
Result<MeetingDetail> GetMeeting(App& app, const Principal& who, const std::string& id);

// The join grant, JSON for the room page: janus_url, room, token (session),
// room_token (the videoroom join), display,
// ice_servers, profile, bitrate_cap. kDenied/kNotFound without minting
// anything; kConflict "meeting_ended"; kUnavailable when Janus is down.
Result<nlohmann::json> JoinMeeting(App& app, const Principal& who, const std::string& id);

// Closes open attendances (video.left), appends video.meeting_ended, then
// destroys the Janus room; for a recorded meeting stops the recording first
// and journals the SHA-256 of every file after (docs/video.md §5a).
Status EndMeeting(App& app, const Principal& who, const std::string& id);

// The access facts of a stored meeting.
domain::video::MeetingAccess AccessOf(const store::VideoMeetingRow& m);

}  // namespace sabt::app::video
