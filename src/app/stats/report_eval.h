// Statistics (issue 15): a report definition evaluated over counters for a
// department subtree and a range of months, with the same months one year
// before (docs/statistics.md §2.3), and small-cell suppression (§3).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/stats/counter_reader.h"
#include "app/stats/report_def.h"

namespace sabt::app::stats {

struct Cell {
  int64_t value = 0;
  std::optional<int64_t> before;   // nullopt for figures of now (overdue())
  bool suppressed = false;          // value (and before) hidden: 0 < value < k
  std::optional<double> ChangePct() const;
};

struct ReportRow {
  std::string key, label;
  bool total = false;
  std::vector<Cell> cells;
};

struct MonthPoint {
  int month = 0;
  int64_t value = 0, before = 0;
};

struct ReportResult {
  ReportDef def;
  std::string department, department_label, lang;
  MonthRange range;
  std::vector<ReportRow> rows;
  // The chart column by month for the chosen department (and a year before).
  std::vector<MonthPoint> months;
  // Small multiples: the chart column by month for each district of the
  // chosen subtree (the pilot districts under the ministry).
  std::vector<std::pair<std::string, std::vector<MonthPoint>>> district_months;
  std::optional<int64_t> suppressed_below;
};

// today: the Dushanbe day "now" for overdue() terms.
Result<ReportResult> EvaluateReport(CounterReader& reader, const domain::DepartmentTree& tree, const ReportDef& def,
                                    const std::string& department, MonthRange range, int64_t today,
                                    const std::string& lang);

// Hides cells with 0 < value < k, and their comparison (§3).
void Suppress(ReportResult* r, int64_t k);

// "2026-03" ↔ 202603.
std::optional<int> ParseMonth(std::string_view s);
std::string FormatMonth(int month);

}  // namespace sabt::app::stats
