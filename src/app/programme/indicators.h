// Indicators of the programme (docs/programme.md §3): definitions are data
// (`indicator.defined`), values are computed from the statistics counters
// (docs/statistics.md) whenever they are read, never typed in.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/programme/programme_common.h"

namespace sabt::app::programme {

// A counter name a formula may use: a well-formed name of one of the counter
// families of docs/statistics.md §1.3 (appeal., submission., crime., case.,
// trip.), or distinct(prefix.*) of one.
bool KnownCounter(const std::string& name);

// DefineIndicator with KnownCounter.
Outcome SaveIndicator(App& app, const Principal& who, const nlohmann::json& in);

}  // namespace sabt::app::programme
