#include "web/programme/report_download.h"

#include "app/programme/quarterly_report.h"
#include "web/programme/report_pdf.h"
#include "web/programme/report_xlsx.h"

namespace sabt::web::programme {
namespace {

std::string Get(const std::map<std::string, std::string>& q, const char* k, const char* fallback) {
  auto it = q.find(k);
  return it == q.end() || it->second.empty() ? std::string(fallback) : it->second;
}

}  // namespace

Result<ReportFile> MakeReportFile(app::App& app, const app::Principal& who,
                                  const std::map<std::string, std::string>& query) {
  app::programme::QuarterlyReportRequest req;
  req.quarter = Get(query, "quarter", "");
  req.lang = Get(query, "lang", "tg");
  req.department = Get(query, "department", "");
  const std::string format = Get(query, "format", "pdf");
  if (format != "pdf" && format != "xlsx") return Status::Invalid("prr_format");
  auto report = app::programme::BuildQuarterlyReport(app, who, req);
  if (!report.ok()) return report.status();
  auto bytes = format == "pdf" ? RenderQuarterlyReportPdf(*report) : RenderQuarterlyReportXlsx(*report);
  if (!bytes.ok()) return bytes.status();
  ReportFile f;
  f.bytes = std::move(*bytes);
  f.content_type =
      format == "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  f.file_name = "programme-report_" + report->department + "_" + report->quarter.Label() + "_" + req.lang + "." + format;
  return f;
}

}  // namespace sabt::web::programme
