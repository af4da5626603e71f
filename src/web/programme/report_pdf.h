// The quarterly programme report (docs/programme.md §5) as an A4 landscape
// PDF on as many pages as it needs (cairo and pango through
// src/web/pdf_draw.h): title, quarter, department, then the activities,
// decisions, indicators against targets, handover acts of the quarter and
// the equipment by unit, with headings and words in the report's language.
// Thread-safe: one surface per call.
#pragma once
#include <string>

#include "app/programme/quarterly_report.h"

namespace sabt::web::programme {

Result<std::string> RenderQuarterlyReportPdf(const app::programme::QuarterlyReport& r);

// A figure for a report cell: "—" without a value, else at most one decimal.
std::string ReportFigure(const std::optional<double>& v);

}  // namespace sabt::web::programme
