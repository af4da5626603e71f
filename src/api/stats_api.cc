#include "api/stats_api.h"

#include "api/api_common.h"
#include "app/stats/incident_export.h"
#include "app/stats/report_format.h"
#include "app/stats/report_service.h"
#include "web/stats/report_export.h"

namespace sabt::api {
namespace {

using http::Req;

}  // namespace

void AddStatsRoutes(http::Router& router, app::App& app) {
  router.http_get("/api/v1/stats/reports", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto defs = app::stats::ListReports(app, *p);
    if (!defs.ok()) return Error(req, defs.status());
    return http::SendJson(req, restinio::status_ok(), app::stats::ReportListJson(*defs, Lang(req)));
  });

  // The structured export (docs/statistics.md §5).
  router.http_get("/api/v1/stats/export", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto doc = app::stats::BuildIncidentExport(app, *p, q["from"], q["to"], q["department"]);
    if (!doc.ok()) return Error(req, doc.status());
    return http::SendJson(req, restinio::status_ok(), *doc);
  });

  router.http_get("/api/v1/stats/reports/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    app::stats::ReportRequest r;
    r.id = std::string(params["id"]);
    r.from = q["from"];
    r.to = q["to"];
    r.department = q["department"];
    r.lang = Lang(req);
    if (q["audience"] == "external") r.external = true;
    else if (!q["audience"].empty() && q["audience"] != "internal")
      return Error(req, Status::Invalid("audience: internal or external"));
    std::string format = q["format"].empty() ? "json" : q["format"];
    if (!web::stats::KnownFormat(format)) return Error(req, Status::Invalid("format: json, csv, xlsx or pdf"));
    auto result = app::stats::RunReport(app, *p, r);
    if (!result.ok()) return Error(req, result.status());
    if (format == "json") return http::SendJson(req, restinio::status_ok(), app::stats::ReportJson(*result));
    return web::stats::SendExport(req, *result, format);
  });
}

}  // namespace sabt::api
