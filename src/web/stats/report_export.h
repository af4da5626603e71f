// Statistics (issue 15): a report sent as a file — CSV, XLSX or PDF
// (docs/statistics.md §4) — with its content type and file name.
#pragma once
#include <string>

#include "app/stats/report_eval.h"
#include "http/common.h"

namespace sabt::web::stats {

bool KnownFormat(const std::string& format);  // json, csv, xlsx, pdf
// The bytes of the export in `format` (csv, xlsx, pdf).
Result<std::string> ExportBytes(const app::stats::ReportResult& r, const std::string& format);
restinio::request_handling_status_t SendExport(const http::Req& req, const app::stats::ReportResult& r,
                                               const std::string& format);

}  // namespace sabt::web::stats
