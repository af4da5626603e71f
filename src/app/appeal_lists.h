// The appeal list with filters (status, overdue / due soon, category,
// channel, series, officer, department, received date range), its count
// tables by officer and by department, and the CSV export of the same list.
// Filtering happens in SQL (store::AppealFilter); scope and role are checked
// here as for ListAppeals.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "store/rows.h"

namespace sabt::app {

// What the caller asked for, as typed (kept for the form and the links).
struct AppealListRequest {
  std::string status, category, channel, series, officer /* username */, department;
  std::string from, to;  // received_at dates YYYY-MM-DD, Dushanbe calendar, both inclusive
  std::string due;       // "" | "soon" | "overdue"
  bool extended = false;
  int64_t page = 1, page_size = 25;

  // The filter parameters as query pairs (no page), in a fixed order.
  std::vector<std::pair<std::string, std::string>> QueryPairs() const;
};
// Reads the request from query parameters; unknown parameters are ignored.
AppealListRequest ParseListRequest(const std::map<std::string, std::string>& q);

struct FilteredAppealList {
  AppealListRequest req;
  store::AppealPage page;
  int64_t page_no = 1, page_size = 25, pages = 1;
  bool names_hidden = false;
  std::vector<store::GroupCount> by_officer, by_department;  // when asked for
  int64_t due_soon_days = 3;
};

// kInvalid ("bad filter: …") for a malformed date, unknown officer or a
// department outside the caller's scope.
Result<FilteredAppealList> ListAppealsFiltered(App& app, const Principal& who, const AppealListRequest& req,
                                               bool with_counts);

// Every row of the filtered list (all pages) as CSV, UTF-8 with a BOM so
// Excel reads Cyrillic. `tr` translates a message key (status_*, col_*).
// Oversight roles get no applicant column, as in the list.
Result<std::string> ExportAppealsCsv(App& app, const Principal& who, const AppealListRequest& req,
                                     const std::string& lang, const std::function<std::string(const std::string&)>& tr);

}  // namespace sabt::app
