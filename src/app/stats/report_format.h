// Statistics (issue 15): a report result as JSON and CSV (docs/statistics.md
// §4). XLSX and PDF are in export_xlsx.h / export_pdf.h.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "app/stats/report_eval.h"

namespace sabt::app::stats {

nlohmann::json ReportJson(const ReportResult& r);
// UTF-8 with a BOM; suppressed cells are "<k".
std::string ReportCsv(const ReportResult& r);
// The text of a cell as the exports show it ("12", "<3").
std::string CellText(const ReportResult& r, const Cell& c);
// The text of a change ("+20.0 %", "−5.0 %", "" when none).
std::string ChangeText(const Cell& c);
nlohmann::json ReportListJson(const std::vector<ReportDef>& defs, const std::string& lang);

}  // namespace sabt::app::stats
