// What sync makes visible to people (docs/sync-protocol.md §4a): an appeal's
// conflict with a laptop, and, for heads and prosecutors, the open conflicts
// and device alerts of the units in their scope.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"

namespace sabt::app {

// The open conflict of an appeal the caller may already read, if any.
Result<std::optional<nlohmann::json>> AppealSyncConflict(App& app, const std::string& appeal_id);

// The "time doubtful" flag of an appeal (docs/sync-protocol.md §11), if any.
Result<std::optional<nlohmann::json>> AppealClockDoubt(App& app, const std::string& appeal_id);

// {conflicts: [...], time_doubtful: [...], alerts: [...]} of the departments in the user's subtree;
// heads and prosecutors only (kDenied otherwise). No personal data.
Result<nlohmann::json> SyncOversight(App& app, const Principal& who);

}  // namespace sabt::app
