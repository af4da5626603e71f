// Video link (docs/video.md): who may schedule, join and end a meeting, the
// formats of the Janus signed token and the TURN REST credential, and the
// room number and secret of a meeting. Pure: no I/O, no clock (times are
// passed in as Unix seconds).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/department.h"
#include "domain/problem.h"
#include "domain/role.h"

namespace sabt::domain::video {

// ---- Tokens and credentials (docs/video.md §3) ----

// Janus checks signed tokens twice, with different realms: the core (a
// session, attaching the plugin) wants realm "janus" and the plugin among the
// descriptors; the videoroom's join wants realm "janus.plugin.videoroom" and
// "room=<room>" among them.
// "<expiry>,janus,janus.plugin.videoroom:<base64 HMAC-SHA1>".
std::string MakeJanusSessionToken(std::string_view secret, int64_t expiry_s);
// "<expiry>,janus.plugin.videoroom,room=<room>,sabt=<user>:<base64 HMAC-SHA1>".
std::string MakeJanusRoomToken(std::string_view secret, int64_t expiry_s, int64_t room, std::string_view user);

struct JanusTokenClaims {
  int64_t expiry_s = 0;
  int64_t room = 0;
  std::string user;
};
// The claims of a room token this secret signed, or nullopt (bad format or
// MAC). Expiry is not checked here: Janus refused an expired token at the join.
std::optional<JanusTokenClaims> CheckJanusRoomToken(std::string_view secret, std::string_view token);

struct TurnCredential {
  std::string username;    // "<expiry>:<user>"
  std::string credential;  // base64 HMAC-SHA1(secret, username)
};
TurnCredential MakeTurnCredential(std::string_view secret, int64_t expiry_s, std::string_view user);

// The Janus room of a meeting: its UUID's first 13 hex digits as an integer
// (< 2^52, exact in JavaScript). 0 when the id is not a UUID.
int64_t RoomNumber(std::string_view meeting_id);
// Hex HMAC-SHA256(key, decimal room number).
std::string RoomSecret(std::string_view key, int64_t room);

// ---- Who may do what (docs/video.md §2) ----

struct MeetingAccess {
  std::string organiser;  // user id
  std::string unit;       // department the meeting belongs to
  std::vector<std::string> invited_users;        // user ids
  std::vector<std::string> invited_departments;  // codes; their subtrees are invited
};

bool MayScheduleMeeting(Role role);
// Who may schedule a meeting as recorded (docs/video.md §5a): a head, when
// the node has somewhere to keep recordings.
bool MayRecordMeeting(Role role, bool recordings_configured);
// The organiser, an invited user, or a user whose department lies under an
// invited department. Nobody else, whatever the role.
bool MayJoinMeeting(const MeetingAccess& m, std::string_view user_id, std::string_view user_department,
                    const DepartmentTree& tree);
// The organiser, or a head whose scope contains the meeting's unit.
bool MayEndMeeting(const MeetingAccess& m, std::string_view user_id, Role role, std::string_view user_department,
                   const DepartmentTree& tree);

// ---- The scheduling form ----

struct MeetingInput {
  std::string title;                             // as typed
  std::string starts_at;                         // datetime-local, Tajikistan time
  std::vector<std::string> invited_departments;  // codes as submitted
  std::vector<std::string> invited_usernames;    // as typed (resolved by the caller)
  std::string profile;                           // "normal" | "low"
};

struct ValidMeeting {
  std::string title;  // NFC, trimmed
  int64_t starts_at_ms = 0;
  std::vector<std::string> invited_departments;  // known codes, without repeats
  std::string profile;
};

// Title required (≤ 200 characters); start a valid date-time; every
// department known; at least one invitee (department or user); profile
// normal or low.
std::variant<ValidMeeting, Problems> ValidateMeeting(const MeetingInput& in, const DepartmentTree& tree);

}  // namespace sabt::domain::video
