// The quarterly programme report (docs/programme.md §5) as an XLSX workbook
// (src/web/xlsx_book.h): one sheet per part — activities, decisions,
// indicators, handover acts of the quarter, equipment by unit — each with a
// title line, a header line and one line per record; figures are numbers.
// Headings and words in the report's language. Thread-safe.
#pragma once
#include <string>

#include "app/programme/quarterly_report.h"

namespace sabt::web::programme {

Result<std::string> RenderQuarterlyReportXlsx(const app::programme::QuarterlyReport& r);

}  // namespace sabt::web::programme
