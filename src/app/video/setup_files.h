// The configuration files `sabt video setup` writes (docs/video.md §1):
// Janus (core, videoroom, HTTP admin API, WebSocket, sample event handler)
// and coturn, all bound to the given address, with the secrets of `secrets`.
// Pure text generation; the CLI writes the files.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "app/video/video_config.h"

namespace sabt::app::video {

struct SetupOptions {
  std::string dir;                  // output directory (absolute)
  std::string bind = "127.0.0.1";   // every listener of Janus and coturn
  std::string public_host;          // what browsers use to reach Janus and coturn; default bind
  int janus_ws_port = 8188;
  int janus_admin_port = 7088;
  int turn_port = 3478;
  std::string rtp_ports = "20000-20999";
  std::string relay_ports = "49160-49359";
  std::string sabt_url = "http://127.0.0.1:8080";  // where Janus posts events (loopback)
  std::string janus_lib = "/usr/lib/x86_64-linux-gnu/janus";
  std::string recordings_dir;       // absolute; default dir + "/recordings" (docs/video.md §5a)
};

// Fresh random secrets for every field of the config that holds one.
void FillSecrets(VideoConfig* c);
// URLs and the recordings directory of the config from the options (secrets
// untouched).
void FillUrls(const SetupOptions& o, VideoConfig* c);

// (relative path, text) of every file to write, sabt-video.toml included.
std::vector<std::pair<std::string, std::string>> SetupFiles(const SetupOptions& o, const VideoConfig& c);

}  // namespace sabt::app::video
