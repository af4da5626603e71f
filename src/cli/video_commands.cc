// sabt video setup (docs/video.md §1): Janus and coturn configurations for
// this node, and the sabt-video.toml that `sabt serve --video-config` reads.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/video/setup_files.h"
#include "cli/commands.h"
#include "cli/video_commands.h"

namespace sabt::cli {
namespace {

Status WriteFile(const std::filesystem::path& path, const std::string& text, std::filesystem::perms mode) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Status::Io("cannot create " + path.parent_path().string() + ": " + ec.message());
  std::string tmp = path.string() + ".tmp";
  {
    // Created with no access for others before the secret is written.
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Io("cannot write " + tmp);
    std::filesystem::permissions(tmp, mode, ec);
    out << text;
    out.flush();
    if (!out) return Status::Io("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::Io("cannot rename " + tmp + ": " + ec.message());
  return Status::Ok();
}

int Setup(app::video::SetupOptions o, bool new_secrets) {
  std::error_code ec;
  o.dir = std::filesystem::absolute(o.dir, ec).lexically_normal().string();
  if (!o.dir.empty() && o.dir.back() == '/') o.dir.pop_back();
  if (!o.recordings_dir.empty()) {
    o.recordings_dir = std::filesystem::absolute(o.recordings_dir, ec).lexically_normal().string();
    if (o.recordings_dir.size() > 1 && o.recordings_dir.back() == '/') o.recordings_dir.pop_back();
  }
  app::video::VideoConfig c;
  std::string existing = o.dir + "/sabt-video.toml";
  bool kept = false;
  if (!new_secrets && std::filesystem::exists(existing)) {
    auto old = app::video::LoadVideoConfig(existing);
    if (!old.ok()) {
      std::cerr << "sabt video setup: " << old.status().ToString()
                << " (give --new-secrets to replace it)\n";
      return 2;
    }
    c = *old;
    kept = true;
  } else {
    app::video::FillSecrets(&c);
  }
  app::video::FillUrls(o, &c);
  for (const auto& [rel, text] : app::video::SetupFiles(o, c)) {
    bool script = rel.size() > 3 && rel.compare(rel.size() - 3, 3, ".sh") == 0;
    auto mode = script ? std::filesystem::perms::owner_all : (std::filesystem::perms::owner_read |
                                                              std::filesystem::perms::owner_write);
    Status st = WriteFile(std::filesystem::path(o.dir) / rel, text, mode);
    if (!st.ok()) {
      std::cerr << "sabt video setup: " << st.ToString() << "\n";
      return 1;
    }
  }
  // Janus writes the recordings of recorded meetings here (docs/video.md §5a).
  std::filesystem::create_directories(c.recordings_dir, ec);
  if (!ec)
    std::filesystem::permissions(c.recordings_dir, std::filesystem::perms::owner_all |
                                                       std::filesystem::perms::group_read |
                                                       std::filesystem::perms::group_exec, ec);
  if (ec) {
    std::cerr << "sabt video setup: cannot create " << c.recordings_dir << ": " << ec.message() << "\n";
    return 1;
  }
  std::cout << "Video configuration written to " << o.dir << (kept ? " (secrets kept)" : " (new secrets)") << "\n"
            << "  Janus:  " << o.dir << "/run-janus.sh   (WebSocket " << c.janus_ws_url << ", admin API "
            << c.janus_admin_url << ")\n"
            << "  coturn: " << o.dir << "/run-coturn.sh  (" << c.turn_urls.front() << ")\n"
            << "  Sabt:   sabt serve --video-config " << o.dir << "/sabt-video.toml\n";
  return 0;
}

}  // namespace

void RegisterVideoCommands(CLI::App& cli) {
  struct Args {
    app::video::SetupOptions o;
    bool new_secrets = false;
  };
  auto args = std::make_shared<Args>();
  auto* video = cli.add_subcommand("video", "Video link on Janus and coturn (docs/video.md)");
  video->require_subcommand(1);
  auto* setup = video->add_subcommand(
      "setup", "Write Janus and coturn configurations for this node, and sabt-video.toml for `sabt serve`");
  setup->add_option("--dir", args->o.dir, "Directory to write into (created)")->required();
  setup->add_option("--bind", args->o.bind, "Address every Janus and coturn listener binds to")->capture_default_str();
  setup->add_option("--public-host", args->o.public_host,
                    "Host or address browsers use to reach Janus and coturn (default: --bind)");
  setup->add_option("--janus-ws-port", args->o.janus_ws_port, "Janus WebSocket port")->capture_default_str();
  setup->add_option("--janus-admin-port", args->o.janus_admin_port, "Janus admin API port (loopback only)")
      ->capture_default_str();
  setup->add_option("--turn-port", args->o.turn_port, "coturn listening port")->capture_default_str();
  setup->add_option("--rtp-ports", args->o.rtp_ports, "Janus RTP/RTCP UDP port range")->capture_default_str();
  setup->add_option("--relay-ports", args->o.relay_ports, "coturn relay UDP port range")->capture_default_str();
  setup->add_option("--sabt-url", args->o.sabt_url, "This Sabt node on loopback, for Janus's events")
      ->capture_default_str();
  setup->add_option("--janus-lib", args->o.janus_lib, "Janus module directory (Debian's by default)")
      ->capture_default_str();
  setup->add_option("--recordings-dir", args->o.recordings_dir,
                    "Where Janus writes the recordings of recorded meetings (default DIR/recordings)");
  setup->add_flag("--new-secrets", args->new_secrets, "Replace the secrets of an existing sabt-video.toml");
  setup->callback([args] { SetExitCode(Setup(args->o, args->new_secrets)); });
  RegisterVideoRecordingsCommand(*video);
}

}  // namespace sabt::cli
