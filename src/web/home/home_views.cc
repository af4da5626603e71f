#include "web/home/home_views.h"

#include "app/home/start_page.h"
#include "domain/appeal.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "web/stats/stats_views.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;

std::string DaysLate(int64_t due_day, int64_t today) { return due_day > 0 && today > due_day ? std::to_string(today - due_day) : ""; }

restinio::request_handling_status_t PublicStart(app::App& app, const Req& req, const WebRequest& w) {
  auto pub = app::BuildPublicStart(app, w.lang);
  mstch::array cats, districts;
  if (pub.ok()) {
    for (const auto& c : pub->categories) {
      std::string days = http::T(w.lang, c.working_days ? "home_working_days" : "home_days");
      size_t at = days.find("{n}");
      if (at != std::string::npos) days.replace(at, 3, std::to_string(c.days));
      cats.push_back(mstch::map{{"name", c.name}, {"days", days}});
    }
    for (const auto& d : pub->districts)
      districts.push_back(mstch::map{{"name", d.name}, {"address", d.address}, {"phone", domain::DisplayPhone(d.phone)}, {"phone_href", d.phone},
                                     {"has_contact", !d.address.empty() || !d.phone.empty()}});
  }
  mstch::map data{{"categories", cats}, {"districts", districts}, {"has_districts", !districts.empty()}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("home_public", w.Page("home_public_title"), data),
                        w.set_cookies);
}

restinio::request_handling_status_t RoleStart(app::App& app, const Req& req, const WebRequest& w) {
  // An analyst's start page is the statistics home (issue 15).
  if (w.who->role == domain::Role::kAnalyst) return StatsHome(app, req, w);
  // The conference room's account lands on its meetings (docs/video.md §2).
  if (w.who->role == domain::Role::kVideoRoom) return http::Redirect(req, "/video", w.set_cookies);
  auto page = app::BuildStartPage(app, *w.who);
  if (!page.ok()) {
    mstch::map d{{"message", http::T(w.lang, "err_internal")}};
    return http::SendHtml(req, restinio::status_internal_server_error(), RenderPage("error", w.Page("err_internal"), d),
                          w.set_cookies);
  }
  mstch::array cards;
  for (const auto& c : page->cards) {
    mstch::map m{{"id", c.id},
                 {"link", c.link},
                 {"title", http::T(w.lang, "home_card_" + c.id)},
                 {"hint", http::T(w.lang, "home_hint_" + c.id)},
                 {"alert", c.alert}};
    if (c.count >= 0) m["count"] = std::to_string(c.count);
    cards.push_back(m);
  }
  mstch::array tables;
  for (const auto& t : page->tables) {
    mstch::array rows;
    for (const auto& g : t.rows)
      rows.push_back(mstch::map{{"name", !g.name.empty() ? g.name : !g.key.empty() ? g.key : http::T(w.lang, "home_unassigned")},
                                {"count", std::to_string(g.count)}});
    tables.push_back(mstch::map{{"id", t.id}, {"title", http::T(w.lang, "home_table_" + t.id)},
                                {"col", http::T(w.lang, "home_col_" + t.id)}, {"rows", rows},
                                {"empty", t.rows.empty()}});
  }
  const int64_t today = app.clock().NowMillis() / 86400000;
  mstch::array mine;
  for (const auto& a : page->my_open) {
    std::string late = DaysLate(a.due_day, today);
    mine.push_back(mstch::map{{"id", a.id},
                              {"number", a.number},
                              {"status", http::T(w.lang, "status_" + a.status)},
                              {"due", a.due_day > 0 ? FormatDay(a.due_day) : std::string("—")},
                              {"late", late},
                              {"overdue", !late.empty()}});
  }
  // Reform programme (issue 17): overdue activities and decisions of this user.
  mstch::array prog_due;
  for (const auto& p : page->programme_due)
    prog_due.push_back(mstch::map{{"kind", http::T(w.lang, "home_prog_due_" + p.kind)},
                                  {"title", p.title},
                                  {"link", p.link},
                                  {"due", p.due},
                                  {"late", std::to_string(p.days_late)}});
  std::string role(domain::RoleId(w.who->role));
  std::string greeting = http::T(w.lang, "home_greeting");
  size_t at = greeting.find("{name}");
  if (at != std::string::npos) greeting.replace(at, 6, w.who->user.display_name);
  mstch::map data{{"greeting", greeting},
                  {"role_intro", http::T(w.lang, "home_intro_" + role)},
                  {"cards", cards},
                  {"tables", tables},
                  {"mine", mine},
                  {"has_mine", !mine.empty()},
                  {"prog_due", prog_due},
                  {"has_prog_due", !prog_due.empty()},
                  {"shows_mine", w.who->role == domain::Role::kDeskOfficer || w.who->role == domain::Role::kMobileOfficer}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("home_start", w.Page("home_title"), data), w.set_cookies);
}

restinio::request_handling_status_t HtmlError(app::App& app, const Req& req, restinio::http_status_line_t st,
                                              const std::string& key, const std::string& correlation_id) {
  WebRequest w = LoadWebRequest(app, req);
  mstch::map d{{"message", http::T(w.lang, key)}, {"correlation_id", correlation_id},
               {"signed_in", w.who.has_value()}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

}  // namespace

bool IsMachinePath(std::string_view path) {
  for (std::string_view p : {"/api/", "/sync/", "/log/", "/open311/", "/witness/", "/health"})
    if (path.substr(0, p.size()) == p) return true;
  return false;
}

restinio::request_handling_status_t NotFoundResponse(app::App& app, const Req& req) {
  if (IsMachinePath(req->header().path()))
    return http::SendJson(req, restinio::status_not_found(), {{"error", "not_found"}});
  return HtmlError(app, req, restinio::status_not_found(), "err_page_not_found", "");
}

restinio::request_handling_status_t InternalErrorResponse(app::App& app, const Req& req, const std::string& id) {
  if (IsMachinePath(req->header().path()))
    return http::SendJson(req, restinio::status_internal_server_error(), {{"error", "internal"}, {"correlation_id", id}});
  return HtmlError(app, req, restinio::status_internal_server_error(), "err_internal", id);
}

void AddHomeRoutes(http::Router& router, app::App& app) {
  router.http_get("/", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    return w.who ? RoleStart(app, req, w) : PublicStart(app, req, w);
  });
}

}  // namespace sabt::web
