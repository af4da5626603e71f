#include "api/programme_report_api.h"

#include "api/api_common.h"
#include "http/i18n.h"
#include "web/programme/report_download.h"

namespace sabt::api {

void AddProgrammeReportRoutes(http::Router& router, app::App& app) {
  router.http_get("/api/v1/programme/report", [&app](const http::Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto file = web::programme::MakeReportFile(app, *p, http::ParseQuery(req));
    if (!file.ok() && file.status().code() == Code::kInvalid) {
      const std::string key = file.status().message();
      return http::SendJson(req, restinio::status_bad_request(),
                            {{"error", "invalid"}, {"code", key}, {"message", http::T(Lang(req), "err_" + key)}});
    }
    if (!file.ok()) return Error(req, file.status());
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, file->content_type)
        .append_header("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"")
        .set_body(std::move(file->bytes))
        .done();
  });
}

}  // namespace sabt::api
