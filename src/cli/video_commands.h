// sabt video setup (docs/video.md §1). Registered by cli/commands.cc.
#pragma once
#include <CLI/CLI.hpp>

namespace sabt::cli {

void RegisterVideoCommands(CLI::App& app);

}  // namespace sabt::cli
