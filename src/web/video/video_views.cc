#include "web/video/video_views.h"

#include <spdlog/spdlog.h>

#include "app/sync_child.h"
#include "app/video/calls.h"
#include "app/video/janus_events.h"
#include "app/video/meetings.h"
#include "app/video/video_config.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/text.h"
#include "web/web_session.h"
#include "web/error_pages.h"

namespace sabt::web {
namespace {

using http::Req;
using Form = std::map<std::string, std::string>;

// Every video page says so when this node has no video server. On a field
// node, calls go through the parent: the page links there and says whether
// the last sync round reached it.
// The shared mapping (web/error_pages.h), plus this page's own refusal.
restinio::request_handling_status_t Failure(const Req& req, const WebRequest& w, const Status& st) {
  if (st.code() == Code::kConflict) return ErrorPage(req, w, restinio::status_conflict(), "err_video_meeting_ended");
  return FailurePage(req, w, st);
}

restinio::request_handling_status_t NotConfigured(app::App& app, const Req& req, const WebRequest& w) {
  mstch::map d{{"not_configured", true}};
  if (app.config().role == "field") {
    auto link = app::ReadLink(app);
    std::string parent = app.config().parent_url;
    if (parent.empty() && link.ok()) parent = link->value("parent_url", std::string());
    // Up: a round has reached the parent and the last one did not fail.
    auto st = app::SyncStatus(app);
    std::string success = st.ok() ? st->value("last_success_at", std::string()) : std::string();
    bool down = !st.ok() || success.empty() || !st->value("last_error", std::string()).empty();
    if (!parent.empty())
      d["field"] = mstch::map{{"parent_video", parent + "/video"}, {"link_down", down}, {"link_up", !down},
                              {"last_success", DisplayTime(success)}};
  }
  return http::SendHtml(req, restinio::status_ok(), RenderPage("video_list", w.Page("video_title"), d),
                        w.set_cookies);
}

// The origin of the Janus WebSocket URL, for the page's connect-src.
std::string Origin(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t path = url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

std::string UnitName(app::App& app, const std::string& code, const std::string& lang) {
  const auto* d = app.catalog().Get()->tree.Find(code);
  return d ? d->Name(lang) : code;
}

// A call has no title: "Call from <unit>".
std::string TitleOf(app::App& app, const store::VideoMeetingRow& m, const std::string& lang) {
  if (m.kind != "call") return m.title;
  return http::T(lang, "video_call_from") + " " + UnitName(app, m.unit, lang);
}

restinio::request_handling_status_t ListPage(app::App& app, const Req& req, const WebRequest& w,
                                             restinio::http_status_line_t st, const Form& values,
                                             const domain::Problems& problems) {
  auto list = app::video::ListMeetings(app, *w.who);
  if (!list.ok()) return Failure(req, w, list.status());
  mstch::array rows;
  for (const auto& m : *list)
    rows.push_back(mstch::map{{"id", m.id},
                              {"title", TitleOf(app, m, w.lang)},
                              {"unit", UnitName(app, m.unit, w.lang)},
                              {"starts_at", DisplayTime(m.starts_at)},
                              {"low", m.profile == "low"},
                              {"recorded", m.recorded},
                              {"ended", !m.ended_at.empty()}});
  mstch::map d{{"rows", rows}, {"empty", rows.empty()}};
  auto incoming = app::video::IncomingCalls(app, *w.who);
  if (!incoming.ok()) return Failure(req, w, incoming.status());
  mstch::array calls;
  for (const auto& m : *incoming)
    calls.push_back(mstch::map{{"id", m.id}, {"title", TitleOf(app, m, w.lang)}, {"starts_at", DisplayTime(m.starts_at)}});
  d["calls"] = calls;
  d["has_calls"] = !calls.empty();
  d["caller"] = app::video::MayStartCall(app, *w.who);
  if (app::video::MaySchedule(*w.who)) {
    d["scheduler"] = true;
    mstch::array depts;
    for (const auto& [dep, depth] : app.catalog().Get()->tree.Ordered()) {
      if (dep->closed()) continue;  // a closed department is invited to nothing new
      std::string key = "dept:" + dep->code;
      depts.push_back(mstch::map{{"code", dep->code},
                                 {"name", dep->Name(w.lang)},
                                 {"indent", std::string(static_cast<size_t>(depth) * 2, ' ')},
                                 {"checked", values.count(key) > 0}});
    }
    d["departments"] = depts;
    d["recorder"] = app::video::MayRecord(*w.who);  // docs/video.md §5a
  }
  for (const char* f : {"title", "starts_at", "users", "record"}) {
    auto it = values.find(f);
    d[std::string("v_") + f] = it == values.end() ? std::string() : it->second;
  }
  auto prof = values.find("profile");
  d["v_low"] = prof != values.end() && prof->second == "low";
  auto rec = values.find("recorded");
  d["v_recorded"] = rec != values.end() && rec->second == "1";
  mstch::array errors;
  for (const auto& p : problems) {
    std::string msg = http::T(w.lang, "video_field_" + p.field) + ": " + http::T(w.lang, "err_" + p.code);
    errors.push_back(mstch::map{{"field", p.field}, {"message", msg}});
  }
  d["has_errors"] = !problems.empty();
  d["errors"] = errors;
  return http::SendHtml(req, std::move(st), RenderPage("video_list", w.Page("video_title"), d), w.set_cookies);
}

restinio::request_handling_status_t RoomPage(app::App& app, const Req& req, const WebRequest& w,
                                             const std::string& id) {
  auto m = app::video::GetMeeting(app, *w.who, id);
  if (!m.ok()) return Failure(req, w, m.status());
  mstch::array invited, attendance;
  for (const auto& u : m->invited_users) invited.push_back(mstch::map{{"name", u}});
  for (const auto& c : m->invited_departments) invited.push_back(mstch::map{{"name", UnitName(app, c, w.lang)}});
  for (size_t i = 0; i < m->attendance.size(); ++i) {
    const auto& a = m->attendance[i];
    attendance.push_back(mstch::map{{"name", m->attendance_names[i]},
                                    {"joined_at", DisplayTime(a.joined_at)},
                                    {"left_at", DisplayTime(a.left_at)},
                                    {"minutes", std::to_string((a.seconds + 59) / 60)},
                                    {"present", a.left_at.empty()}});
  }
  const auto& mt = m->meeting;
  mstch::map d{{"id", mt.id},
               {"title", TitleOf(app, mt, w.lang)},
               {"call", mt.kind == "call"},
               {"link_appeal", mt.link_kind == "appeal" ? mt.link_id : std::string()},
               {"link_crime", mt.link_kind == "crime" ? mt.link_id : std::string()},
               {"unit", UnitName(app, mt.unit, w.lang)},
               {"starts_at", DisplayTime(mt.starts_at)},
               {"started_at", DisplayTime(mt.started_at)},
               {"ended_at", DisplayTime(mt.ended_at)},
               {"ended", !mt.ended_at.empty()},
               {"open", mt.ended_at.empty()},
               {"low", mt.profile == "low"},
               {"recorded", mt.recorded},
               {"profile", mt.profile},
               {"invited", invited},
               {"attendance", attendance},
               {"no_attendance", attendance.empty()},
               {"may_end", m->may_end}};
  // The common policy, and the Janus WebSocket origin for the page's script.
  auto r = http::Respond(req, restinio::status_ok());
  std::string csp = r.header().get_field("Content-Security-Policy");
  r.header().set_field("Content-Security-Policy",
                       csp + "; connect-src 'self' " + Origin(app::video::NodeVideoConfig().janus_ws_url));
  r.append_header(restinio::http_field::content_type, "text/html; charset=utf-8");
  for (const auto& c : w.set_cookies) r.append_header(restinio::http_field::set_cookie, c);
  return r.set_body(RenderPage("video_room", w.Page("video_title"), d)).done();
}

// Janus posts from the same machine; the socket's peer decides, never a
// forwarded header.
bool FromLoopback(const Req& req) { return req->remote_endpoint().address().is_loopback(); }

}  // namespace

void AddVideoRoutes(http::Router& router, app::App& app) {
  router.http_get("/video", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!app::video::NodeVideoConfig().configured()) return NotConfigured(app, req, w);
    return ListPage(app, req, w, restinio::status_ok(), {}, {});
  });

  router.http_post("/video", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    if (!app::video::NodeVideoConfig().configured()) return NotConfigured(app, req, w);
    app::video::MeetingForm in{(*form)["title"], (*form)["starts_at"], (*form)["users"], (*form)["profile"], {}};
    in.recorded = (*form)["recorded"] == "1";  // docs/video.md §5a
    for (const auto& [k, v] : *form)
      if (k.rfind("dept:", 0) == 0) in.departments.push_back(k.substr(5));
    auto o = app::video::ScheduleMeeting(app, *w.who, in);
    if (!o.problems.empty())
      return ListPage(app, req, w, restinio::status_unprocessable_entity(), *form, o.problems);
    if (!o.reply.ok()) return Failure(req, w, o.reply.status());
    return http::Redirect(req, "/video/" + (*o.reply)["id"].get<std::string>(), w.set_cookies);
  });

  // Calls from a mobile station (docs/video.md §9).
  router.http_post("/video/call", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    if (!app::video::NodeVideoConfig().configured()) return NotConfigured(app, req, w);
    auto o = app::video::StartCall(app, *w.who, CleanField((*form)["record"]));
    if (!o.problems.empty())
      return ListPage(app, req, w, restinio::status_unprocessable_entity(), *form, o.problems);
    if (!o.reply.ok()) return Failure(req, w, o.reply.status());
    return http::Redirect(req, "/video/" + (*o.reply)["id"].get<std::string>(), w.set_cookies);
  });

  // The ringing calls, for the list page's polling script.
  router.http_get("/video/incoming", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::SendJson(req, restinio::status_unauthorized(), {{"error", "sign in"}});
    if (!app::video::NodeVideoConfig().configured()) return http::SendJson(req, restinio::status_ok(), {{"calls", nlohmann::json::array()}});
    auto incoming = app::video::IncomingCalls(app, *w.who);
    if (!incoming.ok()) return http::SendJson(req, restinio::status_internal_server_error(), {{"error", "internal"}});
    nlohmann::json calls = nlohmann::json::array();
    for (const auto& m : *incoming)
      calls.push_back({{"id", m.id}, {"title", TitleOf(app, m, w.lang)}, {"starts_at", DisplayTime(m.starts_at)}});
    return http::SendJson(req, restinio::status_ok(), {{"calls", calls}});
  });

  // Registered before /video/:id so that the literal path wins.
  router.http_post("/video/janus-events", [&app](const Req& req, auto) {
    if (!FromLoopback(req)) return http::SendJson(req, restinio::status_forbidden(), {{"error", "loopback only"}});
    if (!app::video::JanusEventAuthOk(http::Header(req, "Authorization")))
      return http::Respond(req, restinio::status_unauthorized())
          .append_header(restinio::http_field::www_authenticate, "Basic realm=\"sabt-video\"")
          .set_body("unauthorized")
          .done();
    auto body = nlohmann::json::parse(req->body(), nullptr, false);
    if (body.is_discarded()) return http::SendJson(req, restinio::status_bad_request(), {{"error", "not JSON"}});
    auto r = app::video::HandleJanusEvents(app, body);
    if (!r.ok()) {
      spdlog::warn("video: Janus events not recorded: {}", r.status().ToString());
      return http::SendJson(req, restinio::status_service_unavailable(), {{"error", "not recorded"}});
    }
    return http::SendJson(req, restinio::status_ok(),
                          {{"joined", r->joined}, {"left", r->left}, {"ignored", r->ignored}, {"refused", r->refused}});
  });

  router.http_get("/video/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!app::video::NodeVideoConfig().configured()) return NotConfigured(app, req, w);
    return RoomPage(app, req, w, std::string(params["id"]));
  });

  router.http_post("/video/:id/join", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::SendJson(req, restinio::status_unauthorized(), {{"error", "sign in"}});
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return http::SendJson(req, restinio::status_forbidden(), {{"error", "csrf"}});
    auto r = app::video::JoinMeeting(app, *w.who, std::string(params["id"]));
    if (r.ok()) return http::SendJson(req, restinio::status_ok(), *r);
    switch (r.status().code()) {
      case Code::kNotFound: return http::SendJson(req, restinio::status_forbidden(), {{"error", "not_invited"}});
      case Code::kDenied: return http::SendJson(req, restinio::status_forbidden(), {{"error", "denied"}});
      case Code::kConflict: return http::SendJson(req, restinio::status_conflict(), {{"error", "meeting_ended"}});
      default:
        spdlog::warn("video: join refused: {}", r.status().ToString());
        return http::SendJson(req, restinio::status_service_unavailable(), {{"error", "video_unavailable"}});
    }
  });

  router.http_post("/video/:id/end", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    std::string id(params["id"]);
    Status st = app::video::EndMeeting(app, *w.who, id);
    if (!st.ok()) return Failure(req, w, st);
    return http::Redirect(req, "/video/" + id, w.set_cookies);
  });
}

}  // namespace sabt::web
