// Node configuration from a TOML file (`sabt serve --config FILE`); flags
// given on the command line override the file. Example: docs/sabt.example.toml.
#pragma once
#include <string>

#include "app/app.h"

namespace sabt::cli {

// Fills cfg from the file; unknown keys are an error (a typo must not pass
// silently).
Status LoadConfigFile(const std::string& path, app::NodeConfig* cfg);

}  // namespace sabt::cli
