// Statistics (issue 15): report definitions as data (docs/statistics.md §2).
// Built-in definitions are data/stats/*.json compiled into the binary; an
// administrator adds or replaces one with `sabt stats import FILE`, which
// journals a `stats.report_defined` entry projected into sync_records kind
// "stats_report". Definitions are read from the snapshot a report uses.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/stats/expr.h"
#include "store/store.h"

namespace sabt::app::stats {

struct Label {
  std::string tg, ru, en;
  const std::string& In(std::string_view lang) const { return lang == "ru" ? ru : lang == "en" ? en : tg; }
};

struct ColumnDef {
  std::string id;
  Label label;
  std::string expr;
  std::vector<domain::stats::Term> terms;
};

struct RowItem {
  std::string key;
  Label label;
  std::vector<std::string> values;
};

struct ReportDef {
  std::string id;
  Label title;
  bool by_department = true;      // rows: children of the chosen department
  std::vector<RowItem> items;     // rows when !by_department
  bool total = true;              // a total row
  std::vector<ColumnDef> columns;
  std::string chart_column;       // a column id
  nlohmann::json source;          // the definition as given
};

// Checks and reads one definition; every problem is an Invalid status.
Result<ReportDef> ParseReportDef(const nlohmann::json& j);

// Built-in definitions, then journaled ones replacing or adding by id,
// ordered by id.
Result<std::vector<ReportDef>> LoadReportDefs(store::ReadTx& tx);

inline constexpr std::string_view kReportRecordKind = "stats_report";
inline constexpr std::string_view kReportEntryKind = "stats.report_defined";

}  // namespace sabt::app::stats
