#include "web/programme/report_views.h"

#include "domain/deadline.h"
#include "util/clock.h"
#include "web/error_pages.h"
#include "web/programme/report_download.h"
#include "web/web_session.h"

namespace sabt::web {

std::string CurrentQuarterLabel(app::App& app) {
  const std::string day = FormatDay(domain::LocalDay(app.clock().NowMillis()));  // YYYY-MM-DD
  const int month = std::stoi(day.substr(5, 2));
  return day.substr(0, 4) + "-Q" + std::to_string((month - 1) / 3 + 1);
}

void AddProgrammeReportRoutes(http::Router& router, app::App& app) {
  router.http_get("/programme/report", [&app](const http::Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto file = programme::MakeReportFile(app, *w.who, http::ParseQuery(req));
    if (!file.ok() && file.status().code() == Code::kInvalid)
      return ErrorPage(req, w, restinio::status_bad_request(), "err_" + file.status().message());
    if (!file.ok()) return FailurePage(req, w, file.status());
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, file->content_type)
        .append_header("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"")
        .set_body(std::move(file->bytes))
        .done();
  });
}

}  // namespace sabt::web
