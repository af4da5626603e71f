// The video link's settings (docs/video.md §1): where Janus and coturn are and
// the secrets Sabt shares with them. Written by `sabt video setup` into
// sabt-video.toml (mode 0600) and read by `sabt serve --video-config FILE`.
// Without a file, configured() is false and every video page says so.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace sabt::app::video {

struct VideoConfig {
  std::string janus_ws_url;     // for browsers, e.g. ws://127.0.0.1:8188
  std::string janus_admin_url;  // for Sabt only, e.g. http://127.0.0.1:7088/admin
  std::string admin_secret;     // Janus admin_secret
  std::string token_secret;     // Janus token_auth_secret
  std::string room_admin_key;   // videoroom admin_key
  std::string room_secret_key;  // room secrets are derived from it
  std::string event_password;   // HTTP Basic password of the event handler (user "janus")
  std::vector<std::string> turn_urls;
  std::string turn_secret;      // coturn static-auth-secret
  int64_t token_ttl_seconds = 120;
  int64_t turn_ttl_seconds = 3600;
  int64_t low_bitrate_bps = 128000;
  std::string recordings_dir;   // absolute; "" = no meeting may be recorded (docs/video.md §5a)

  bool configured() const { return !janus_ws_url.empty() && !janus_admin_url.empty(); }
};

// The node's video settings: installed once by `sabt serve` before it serves
// (one node per process), read by the video pages and use cases. Not
// configured until installed. Installing after threads read it is a race.
void InstallVideoConfig(VideoConfig c);
const VideoConfig& NodeVideoConfig();

// [node] video_config of a node configuration file ("" when absent).
Result<std::string> VideoConfigPathOf(const std::string& node_config_path);

// The [video] table of a TOML file. Unknown keys and missing secrets are
// errors (a typo must not leave a door open).
Result<VideoConfig> LoadVideoConfig(const std::string& path);
// The same file's text (what `sabt video setup` writes).
std::string VideoConfigToml(const VideoConfig& c);

}  // namespace sabt::app::video
