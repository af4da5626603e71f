// Sabt → Janus admin API (docs/video.md §3): videoroom requests sent as
// "message_plugin" with the admin_secret, over HTTP to 127.0.0.1. Blocking,
// one request per call, 5 s deadline. Thread-safe (no shared state).
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "app/video/video_config.h"
#include "util/status.h"

namespace sabt::app::video {

class JanusAdmin {
 public:
  explicit JanusAdmin(const VideoConfig& cfg) : cfg_(cfg) {}

  // Creates the room (secret derived from room_secret_key, signed tokens,
  // an allow-list, bitrate cap). Recorded into rec_dir when it is not empty,
  // otherwise not recorded; recording locked to the room secret either way.
  // A room already there is OK.
  Status EnsureRoom(int64_t room, const std::string& description, int64_t bitrate_bps,
                    const std::string& rec_dir = "");
  // Stops recording every publisher of the room; Janus closes the recording
  // files before it answers. A room already gone is OK.
  Status StopRecording(int64_t room);
  // Adds a token to the room's allow-list.
  Status AllowToken(int64_t room, const std::string& token);
  // Removes a participant from the room.
  Status Kick(int64_t room, const std::string& participant);
  // Destroys the room; a room already gone is OK.
  Status DestroyRoom(int64_t room);

 private:
  // The videoroom's answer ("response"), or kUnavailable when Janus cannot
  // be reached, kInternal on an admin API error.
  Result<nlohmann::json> Videoroom(nlohmann::json request);
  const VideoConfig& cfg_;
};

}  // namespace sabt::app::video
