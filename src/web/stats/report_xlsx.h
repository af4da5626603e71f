// Statistics (issue 15): a report as an XLSX workbook (libxlsxwriter): one
// sheet, a title line, a header line, then one line per row with each
// column's value, the year before and the change in per cent as numbers.
// Suppressed cells are the text "<k". Thread-safe (one workbook per call).
#pragma once
#include <string>

#include "app/stats/report_eval.h"

namespace sabt::web::stats {

Result<std::string> RenderReportXlsx(const app::stats::ReportResult& r);

}  // namespace sabt::web::stats
