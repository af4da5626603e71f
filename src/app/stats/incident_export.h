// Statistics (issue 15): the structured export for the prosecutor's office
// and the state statistics body (docs/statistics.md §5, schema
// docs/stats-export.schema.json): one object per crime report registered in
// the period in the caller's scope, in NIBRS-like segments without names.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"

namespace sabt::app::stats {

// from/to "YYYY-MM" ("" = this month); department "" = the caller's. Same
// roles and scope as the reports (NotFound outside the subtree).
Result<nlohmann::json> BuildIncidentExport(App& app, const Principal& who, const std::string& from,
                                           const std::string& to, const std::string& department);

// The schema the export follows (compiled in from docs/).
Result<nlohmann::json> IncidentSchema();

}  // namespace sabt::app::stats
