// Statistics (issue 15): a report as a one-page A4 landscape PDF (cairo and
// pango, as the receipts are): title, department, period and the period it
// is compared with, then the table; each cell shows the value and the change
// against the year before. Rows that do not fit are left out and the page
// says so. Thread-safe (one surface per call).
#pragma once
#include <string>

#include "app/stats/report_eval.h"

namespace sabt::web::stats {

Result<std::string> RenderReportPdf(const app::stats::ReportResult& r);

}  // namespace sabt::web::stats
