#include "web/stats/stats_views.h"

#include "app/stats/report_format.h"
#include "app/stats/report_service.h"
#include "domain/deadline.h"
#include "domain/stats/contributions.h"
#include "http/client.h"
#include "http/i18n.h"
#include "web/stats/report_export.h"
#include "web/stats/svg_chart.h"
#include "web/error_pages.h"

namespace sabt::web {
namespace {

using http::Req;
namespace st = app::stats;

constexpr const char* kHomeReport = "appeals-by-district";

std::string Enc(const std::string& s) { return http::UrlEncode(s); }

// The request of a page or download from its query; an empty period is the
// year so far.
st::ReportRequest FromQuery(app::App& app, const WebRequest& w, const std::string& id,
                            std::map<std::string, std::string>& q) {
  st::ReportRequest r;
  r.id = id;
  r.lang = w.lang;
  r.department = q["department"];
  r.from = q["from"];
  r.to = q["to"];
  if (r.from.empty() && r.to.empty()) {
    int month = static_cast<int>(
        domain::stats::MonthOfDay(domain::LocalDay(app.clock().NowMillis())));
    r.to = st::FormatMonth(month);
    r.from = st::FormatMonth(month / 100 * 100 + 1);
  }
  r.external = q["audience"] == "external";
  return r;
}

// Quick periods: this month, this quarter, this year, last year.
mstch::array Periods(app::App& app, const WebRequest& w, const std::string& base, const std::string& dep) {
  int m = static_cast<int>(domain::stats::MonthOfDay(domain::LocalDay(app.clock().NowMillis())));
  int y = m / 100, mm = m % 100;
  int q0 = (mm - 1) / 3 * 3 + 1;
  struct P {
    const char* key;
    int from, to;
  } ps[] = {{"stats_period_month", m, m},
            {"stats_period_quarter", y * 100 + q0, y * 100 + q0 + 2},
            {"stats_period_year", y * 100 + 1, m},
            {"stats_period_last_year", (y - 1) * 100 + 1, (y - 1) * 100 + 12}};
  mstch::array out;
  for (const auto& p : ps)
    out.push_back(mstch::map{{"label", http::T(w.lang, p.key)},
                             {"href", base + "?from=" + st::FormatMonth(p.from) + "&to=" + st::FormatMonth(p.to) +
                                          "&department=" + Enc(dep)}});
  return out;
}

mstch::array DepartmentOptions(app::App& app, const WebRequest& w, const std::string& chosen) {
  mstch::array out;
  const auto& tree = app.catalog().Get()->tree;
  for (const auto& [d, depth] : tree.Ordered()) {
    if (!tree.InScope(w.who->user.department, d->code)) continue;
    if (d->kind == domain::DepartmentKind::kMobile) continue;
    out.push_back(mstch::map{{"code", d->code},
                             {"name", std::string(static_cast<size_t>(depth) * 2, ' ') + d->Name(w.lang)},
                             {"selected", d->code == chosen}});
  }
  return out;
}

mstch::map ReportData(app::App& app, const WebRequest& w, const st::ReportResult& r) {
  mstch::array cols;
  for (const auto& c : r.def.columns) cols.push_back(mstch::map{{"label", c.label.In(w.lang)}});
  mstch::array rows;
  size_t chart_col = 0;
  for (size_t i = 0; i < r.def.columns.size(); ++i)
    if (r.def.columns[i].id == r.def.chart_column) chart_col = i;
  std::vector<web::stats::Bar> bars;
  for (const auto& row : r.rows) {
    mstch::array cells;
    for (const auto& c : row.cells)
      cells.push_back(mstch::map{{"value", st::CellText(r, c)},
                                 {"before", c.before ? std::to_string(*c.before) : std::string("—")},
                                 {"change", st::ChangeText(c)}});
    rows.push_back(mstch::map{{"label", row.label}, {"total", row.total}, {"cells", cells}});
    if (!row.total) bars.push_back({row.label, row.cells[chart_col].value, row.cells[chart_col].suppressed});
  }
  std::string chart_label = r.def.columns[chart_col].label.In(w.lang);
  std::vector<web::stats::SeriesPoint> pts;
  mstch::array month_rows;
  for (const auto& p : r.months) {
    pts.push_back({st::FormatMonth(p.month), p.value, p.before});
    month_rows.push_back(mstch::map{{"month", st::FormatMonth(p.month)},
                                    {"value", std::to_string(p.value)},
                                    {"before", std::to_string(p.before)}});
  }
  std::vector<std::pair<std::string, std::vector<web::stats::SeriesPoint>>> panels;
  mstch::array district_rows;
  for (const auto& [label, series] : r.district_months) {
    std::vector<web::stats::SeriesPoint> sp;
    mstch::array vals;
    for (const auto& p : series) {
      sp.push_back({st::FormatMonth(p.month), p.value, p.before});
      vals.push_back(mstch::map{{"v", std::to_string(p.value)}});
    }
    panels.emplace_back(label, std::move(sp));
    district_rows.push_back(mstch::map{{"label", label}, {"values", vals}});
  }
  std::string now_label = http::T(w.lang, "stats_this_period");
  std::string before_label = http::T(w.lang, "stats_year_before");
  st::MonthRange before = st::YearBefore(r.range);
  std::string query = "from=" + st::FormatMonth(r.range.from) + "&to=" + st::FormatMonth(r.range.to) +
                      "&department=" + Enc(r.department);
  mstch::array exports;
  for (const char* f : {"csv", "xlsx", "pdf"})
    exports.push_back(mstch::map{{"format", std::string(f)},
                                 {"href", "/stats/" + r.def.id + "/export?format=" + f + "&" + query}});
  return mstch::map{
      {"id", r.def.id},
      {"title", r.def.title.In(w.lang)},
      {"department", r.department},
      {"department_label", r.department_label},
      {"from", st::FormatMonth(r.range.from)},
      {"to", st::FormatMonth(r.range.to)},
      {"compare_from", st::FormatMonth(before.from)},
      {"compare_to", st::FormatMonth(before.to)},
      {"columns", cols},
      {"rows", rows},
      {"chart_label", chart_label},
      {"bars_svg", web::stats::BarChart("chart-bars", r.def.title.In(w.lang) + ": " + chart_label, bars)},
      {"has_bars", r.def.by_department && !bars.empty()},
      {"lines_svg", web::stats::LineChart("chart-lines", chart_label, pts, now_label, before_label)},
      {"month_rows", month_rows},
      {"has_panels", !panels.empty()},
      {"panels_svg", web::stats::SmallMultiples("chart-districts", chart_label, panels)},
      {"district_rows", district_rows},
      {"month_heads", [&] {
         mstch::array a;
         for (const auto& p : r.months) a.push_back(mstch::map{{"m", st::FormatMonth(p.month)}});
         return a;
       }()},
      {"exports", exports},
      {"periods", Periods(app, w, "/stats/" + r.def.id, r.department)},
      {"departments", DepartmentOptions(app, w, r.department)},
      {"suppressed", r.suppressed_below.has_value()}};
}

// The shared mapping (web/error_pages.h), plus this page's own refusal.
restinio::request_handling_status_t Failure(const Req& req, const WebRequest& w, const Status& st) {
  if (st.code() == Code::kInvalid) return ErrorPage(req, w, restinio::status_unprocessable_entity(), "stats_err_period");
  return FailurePage(req, w, st);
}

restinio::request_handling_status_t ReportPage(app::App& app, const Req& req, const WebRequest& w,
                                               const std::string& id, bool home) {
  auto q = http::ParseQuery(req);
  auto defs = st::ListReports(app, *w.who);
  if (!defs.ok()) return Failure(req, w, defs.status());
  auto result = st::RunReport(app, *w.who, FromQuery(app, w, id, q));
  if (!result.ok()) return Failure(req, w, result.status());
  mstch::map data = ReportData(app, w, *result);
  mstch::array reports;
  for (const auto& d : *defs)
    reports.push_back(mstch::map{{"id", d.id}, {"title", d.title.In(w.lang)}, {"current", d.id == id}});
  data["reports"] = reports;
  data["home"] = home;
  return http::SendHtml(req, restinio::status_ok(),
                        RenderPage("stats_report", w.Page(home ? "stats_home_title" : "stats_report_page"), data),
                        w.set_cookies);
}

}  // namespace

restinio::request_handling_status_t StatsHome(app::App& app, const Req& req, const WebRequest& w) {
  return ReportPage(app, req, w, kHomeReport, true);
}

void AddStatsRoutes(http::Router& router, app::App& app) {
  router.http_get("/stats", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return StatsHome(app, req, w);
  });
  router.http_get("/stats/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return ReportPage(app, req, w, std::string(params["id"]), false);
  });
  router.http_get("/stats/:id/export", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto q = http::ParseQuery(req);
    std::string format = q["format"];
    if (format != "csv" && format != "xlsx" && format != "pdf")
      return ErrorPage(req, w, restinio::status_unprocessable_entity(), "stats_err_format");
    auto result = st::RunReport(app, *w.who, FromQuery(app, w, std::string(params["id"]), q));
    if (!result.ok()) return Failure(req, w, result.status());
    return web::stats::SendExport(req, *result, format);
  });
}

}  // namespace sabt::web
