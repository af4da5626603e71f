// (Named *_views.cc: it is part of the HTTP library.)
#include "web/stats/report_export.h"

#include "app/stats/report_format.h"
#include "web/stats/report_pdf.h"
#include "web/stats/report_xlsx.h"

namespace sabt::web::stats {

bool KnownFormat(const std::string& format) {
  return format == "json" || format == "csv" || format == "xlsx" || format == "pdf";
}

Result<std::string> ExportBytes(const app::stats::ReportResult& r, const std::string& format) {
  if (format == "csv") return app::stats::ReportCsv(r);
  if (format == "xlsx") return RenderReportXlsx(r);
  if (format == "pdf") return RenderReportPdf(r);
  return Status::Invalid("unknown format");
}

restinio::request_handling_status_t SendExport(const http::Req& req, const app::stats::ReportResult& r,
                                               const std::string& format) {
  auto bytes = ExportBytes(r, format);
  if (!bytes.ok()) {
    return http::SendJson(req, http::HttpStatusFor(bytes.status()),
                          {{"error", "internal"}, {"message", "export failed"}});
  }
  const char* type = format == "csv"    ? "text/csv; charset=utf-8"
                     : format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                        : "application/pdf";
  std::string name = r.def.id + "_" + r.department + "_" + app::stats::FormatMonth(r.range.from) + "_" +
                     app::stats::FormatMonth(r.range.to) + "." + format;
  return http::Respond(req, restinio::status_ok())
      .append_header(restinio::http_field::content_type, type)
      .append_header("Content-Disposition", "attachment; filename=\"" + name + "\"")
      .set_body(std::move(*bytes))
      .done();
}

}  // namespace sabt::web::stats
