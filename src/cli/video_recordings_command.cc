// sabt video verify-recordings (docs/video.md §5a): the files of recorded
// meetings against the SHA-256 the journal holds for them.
#include <iostream>

#include "app/video/recordings.h"
#include "app/video/video_config.h"
#include "cli/commands.h"
#include "cli/video_commands.h"

namespace sabt::cli {
namespace {

struct VerifyArgs {
  std::string db = DefaultDb();
  std::string video_config;
  std::string recordings_dir;
  std::string meeting;
};

int VerifyRecordingsMain(const VerifyArgs& a) {
  std::string dir = a.recordings_dir;
  if (dir.empty()) {
    auto c = app::video::LoadVideoConfig(a.video_config);
    if (!c.ok()) {
      std::cerr << "sabt video verify-recordings: " << c.status().ToString() << "\n";
      return 2;
    }
    dir = c->recordings_dir;
  }
  if (dir.empty()) {
    std::cerr << "sabt video verify-recordings: no recordings_dir in " << a.video_config << "\n";
    return 2;
  }
  auto node = OpenNode(a.db);
  if (!node.ok()) return 2;
  auto checks = app::video::VerifyRecordings(**node, dir, a.meeting);
  if (!checks.ok()) {
    std::cerr << "sabt video verify-recordings: " << checks.status().ToString() << "\n";
    return 2;
  }
  int bad = 0;
  for (const auto& c : *checks) {
    if (c.verdict != "ok") ++bad;
    std::cout << c.verdict << "  " << c.meeting << "/" << c.file << (c.detail.empty() ? "" : "  (" + c.detail + ")")
              << "\n";
  }
  std::cout << checks->size() << " file(s), " << bad << " not matching the journal\n";
  return bad == 0 ? 0 : 1;
}

}  // namespace

void RegisterVideoRecordingsCommand(CLI::App& video) {
  auto args = std::make_shared<VerifyArgs>();
  auto* v = video.add_subcommand(
      "verify-recordings",
      "Check that the recordings of recorded meetings still match the SHA-256 in the journal; exit 1 if any "
      "file is missing, changed or not journaled (docs/video.md §5a)");
  v->add_option("--db", args->db, "Database URL")->capture_default_str();
  auto* cfg = v->add_option("--video-config", args->video_config, "sabt-video.toml (gives recordings_dir)");
  auto* dir = v->add_option("--recordings-dir", args->recordings_dir,
                            "The recordings directory, instead of --video-config (e.g. an archive copy)");
  cfg->excludes(dir);
  dir->excludes(cfg);
  v->add_option("--meeting", args->meeting, "Only this meeting (UUID)");
  v->callback([args, v] {
    if (args->video_config.empty() && args->recordings_dir.empty()) {
      std::cerr << "sabt video verify-recordings: give --video-config or --recordings-dir\n" << v->help();
      return SetExitCode(2);
    }
    SetExitCode(VerifyRecordingsMain(*args));
  });
}

}  // namespace sabt::cli
