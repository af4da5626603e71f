#include "app/video/video_config.h"

#include <set>
#include <sstream>
#include <toml.hpp>

namespace sabt::app::video {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

VideoConfig& Installed() {
  static VideoConfig c;
  return c;
}

}  // namespace

void InstallVideoConfig(VideoConfig c) { Installed() = std::move(c); }
const VideoConfig& NodeVideoConfig() { return Installed(); }

Result<std::string> VideoConfigPathOf(const std::string& node_config_path) {
  try {
    const auto data = toml::parse(node_config_path);
    return toml::find_or<std::string>(toml::find(data, "node"), "video_config", "");
  } catch (const std::exception& e) {
    return Status::Invalid("cannot read config " + node_config_path + ": " + e.what());
  }
}

Result<VideoConfig> LoadVideoConfig(const std::string& path) {
  static const std::set<std::string> kKnown = {
      "janus_ws_url",   "janus_admin_url", "admin_secret",     "token_secret",     "room_admin_key",
      "room_secret_key", "event_password", "turn_urls",        "turn_secret",      "token_ttl_seconds",
      "turn_ttl_seconds", "low_bitrate_bps", "recordings_dir"};
  try {
    const auto data = toml::parse(path);
    const auto& v = toml::find(data, "video");
    for (const auto& [k, val] : v.as_table())
      if (!kKnown.count(k)) return Status::Invalid(path + ": unknown key video." + k);
    VideoConfig c;
    c.janus_ws_url = toml::find_or<std::string>(v, "janus_ws_url", "");
    c.janus_admin_url = toml::find_or<std::string>(v, "janus_admin_url", "");
    c.admin_secret = toml::find_or<std::string>(v, "admin_secret", "");
    c.token_secret = toml::find_or<std::string>(v, "token_secret", "");
    c.room_admin_key = toml::find_or<std::string>(v, "room_admin_key", "");
    c.room_secret_key = toml::find_or<std::string>(v, "room_secret_key", "");
    c.event_password = toml::find_or<std::string>(v, "event_password", "");
    c.turn_secret = toml::find_or<std::string>(v, "turn_secret", "");
    if (v.contains("turn_urls")) c.turn_urls = toml::find<std::vector<std::string>>(v, "turn_urls");
    c.token_ttl_seconds = toml::find_or<std::int64_t>(v, "token_ttl_seconds", c.token_ttl_seconds);
    c.turn_ttl_seconds = toml::find_or<std::int64_t>(v, "turn_ttl_seconds", c.turn_ttl_seconds);
    c.low_bitrate_bps = toml::find_or<std::int64_t>(v, "low_bitrate_bps", c.low_bitrate_bps);
    c.recordings_dir = toml::find_or<std::string>(v, "recordings_dir", "");
    if (!c.recordings_dir.empty() && c.recordings_dir.front() != '/')
      return Status::Invalid(path + ": recordings_dir must be an absolute path");
    for (const auto* s : {&c.janus_ws_url, &c.janus_admin_url, &c.admin_secret, &c.token_secret, &c.room_admin_key,
                          &c.room_secret_key, &c.event_password})
      if (s->empty()) return Status::Invalid(path + ": a [video] URL or secret is missing");
    if (!c.turn_urls.empty() && c.turn_secret.empty()) return Status::Invalid(path + ": turn_urls without turn_secret");
    if (c.token_ttl_seconds < 10 || c.token_ttl_seconds > 3600)
      return Status::Invalid(path + ": token_ttl_seconds must be 10..3600");
    if (c.turn_ttl_seconds < 60 || c.turn_ttl_seconds > 86400)
      return Status::Invalid(path + ": turn_ttl_seconds must be 60..86400");
    if (c.low_bitrate_bps < 32000) return Status::Invalid(path + ": low_bitrate_bps below 32000");
    return c;
  } catch (const std::exception& e) {
    return Status::Invalid("cannot read video config " + path + ": " + e.what());
  }
}

std::string VideoConfigToml(const VideoConfig& c) {
  std::ostringstream o;
  o << "# Written by `sabt video setup` (docs/video.md §1). Keep it secret: mode 0600.\n"
    << "[video]\n"
    << "janus_ws_url = " << Quote(c.janus_ws_url) << "\n"
    << "janus_admin_url = " << Quote(c.janus_admin_url) << "\n"
    << "admin_secret = " << Quote(c.admin_secret) << "\n"
    << "token_secret = " << Quote(c.token_secret) << "\n"
    << "room_admin_key = " << Quote(c.room_admin_key) << "\n"
    << "room_secret_key = " << Quote(c.room_secret_key) << "\n"
    << "event_password = " << Quote(c.event_password) << "\n"
    << "turn_urls = [";
  for (size_t i = 0; i < c.turn_urls.size(); ++i) o << (i ? ", " : "") << Quote(c.turn_urls[i]);
  o << "]\n"
    << "turn_secret = " << Quote(c.turn_secret) << "\n"
    << "token_ttl_seconds = " << c.token_ttl_seconds << "\n"
    << "turn_ttl_seconds = " << c.turn_ttl_seconds << "\n"
    << "low_bitrate_bps = " << c.low_bitrate_bps << "\n";
  if (!c.recordings_dir.empty()) o << "recordings_dir = " << Quote(c.recordings_dir) << "\n";
  return o.str();
}

}  // namespace sabt::app::video
