// sabt video setup (docs/video.md §1) and verify-recordings (§5a). Registered
// by cli/commands.cc.
#pragma once
#include <CLI/CLI.hpp>

namespace sabt::cli {

void RegisterVideoCommands(CLI::App& app);
// sabt video verify-recordings (docs/video.md §5a), under `video`.
void RegisterVideoRecordingsCommand(CLI::App& video);

}  // namespace sabt::cli
