// Statistics (issue 15): the reading interface of the counters, for reports
// and for other capabilities (docs/statistics.md §1.6). Stable: names and
// signatures here change only with the document.
//
// Counters are stored per department; every function sums over the subtree
// of `root` (the department and everything under it). A name ending in ".*"
// sums every counter whose name starts with the part before the "*".
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/department.h"
#include "store/stat_rows.h"
#include "store/store.h"

namespace sabt::app::stats {

struct MonthRange {
  int from = 0, to = 0;  // YYYYMM, inclusive
};

// Months from..to inclusive, in order (202611, 202612, 202701, ...).
std::vector<int> MonthsOf(MonthRange range);
// The same months one year before.
MonthRange YearBefore(MonthRange range);

// One snapshot: a read transaction and the department tree.
class CounterReader {
 public:
  CounterReader(store::ReadTx& tx, const domain::DepartmentTree& tree) : tx_(tx), tree_(tree) {}

  Result<int64_t> Sum(std::string_view name, std::string_view root, MonthRange range);
  Result<std::vector<std::pair<int, int64_t>>> MonthSeries(std::string_view name, std::string_view root,
                                                           MonthRange range);
  // Per counter name (for ".*": the full names found) over the period.
  Result<std::map<std::string, int64_t>> ByName(std::string_view name, std::string_view root, MonthRange range);
  // Per department of the subtree (each department alone, not rolled up).
  Result<std::map<std::string, int64_t>> ByDepartment(std::string_view name, std::string_view root,
                                                      MonthRange range);
  // Days: the sum over days [from_day, to_day] (Dushanbe days since epoch).
  Result<int64_t> SumDays(std::string_view name, std::string_view root, int64_t from_day, int64_t to_day);
  Result<std::map<std::string, int64_t>> ByDepartmentDays(std::string_view name, std::string_view root,
                                                          int64_t from_day, int64_t to_day);
  // The stored rows themselves (per department and period) over the
  // subtree: days when `days`, else months.
  Result<std::vector<store::StatRow>> Raw(std::string_view name, std::string_view root, bool days, int64_t from,
                                          int64_t to);

 private:
  store::ReadTx& tx_;
  const domain::DepartmentTree& tree_;
};

// Convenience for one figure: opens a read transaction and builds the tree.
Result<int64_t> Sum(store::Store& store, std::string_view name, std::string_view root, MonthRange range);
Result<std::vector<std::pair<int, int64_t>>> MonthSeries(store::Store& store, std::string_view name,
                                                         std::string_view root, MonthRange range);

}  // namespace sabt::app::stats
