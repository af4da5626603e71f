// Statistics (issue 15): an administrator adds or replaces a report
// definition without a new build (docs/statistics.md §2.1). The definition
// is validated, then journaled as `stats.report_defined` (subject = its id).
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/app.h"

namespace sabt::app::stats {

Result<nlohmann::json> ImportReportDef(App& app, std::string_view json_text, const std::string& actor);

}  // namespace sabt::app::stats
