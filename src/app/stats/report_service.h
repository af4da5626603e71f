// Statistics (issue 15): the use cases behind the API and the pages — which
// reports a user may see, and one report run for a user, with scope and
// small-cell suppression applied (docs/statistics.md §3).
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "app/stats/report_eval.h"

namespace sabt::app::stats {

// Roles that see statistics (deny by default): analyst, head, prosecutor,
// auditor, admin.
bool MaySeeStatistics(domain::Role role);
// Roles whose exports are always "for people outside the department".
bool AlwaysExternal(domain::Role role);

Result<std::vector<ReportDef>> ListReports(App& app, const Principal& who);

struct ReportRequest {
  std::string id;
  std::string from, to;       // "YYYY-MM"; "" = this month (to), = to (from)
  std::string department;     // "" = the caller's
  std::string lang = "tg";
  bool external = false;      // audience=external
};

// Unknown report or department outside the caller's scope: NotFound; bad
// months: Invalid; role without statistics: Denied.
Result<ReportResult> RunReport(App& app, const Principal& who, const ReportRequest& req);

// The setting `stats_suppress_below` (default 3).
int64_t SuppressBelow(App& app);

}  // namespace sabt::app::stats
