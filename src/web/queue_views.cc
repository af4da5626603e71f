#include "web/queue_views.h"

#include "app/submissions.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/text.h"
#include "web/submission_oversight_views.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;

restinio::request_handling_status_t Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                            const std::string& key, const std::string& text = "") {
  mstch::map d{{"message", text.empty() ? http::T(w.lang, key) : text}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

restinio::request_handling_status_t Failure(const Req& req, const WebRequest& w, const Status& st) {
  switch (st.code()) {
    case Code::kNotFound:
      return Message(req, w, restinio::status_not_found(), "err_not_found");
    case Code::kDenied:
      return Message(req, w, restinio::status_forbidden(), "err_denied");
    case Code::kConflict:
      return Message(req, w, restinio::status_conflict(), "queue_title", http::T(w.lang, "err_already_decided"));
    case Code::kInvalid:
      return Message(req, w, restinio::status_unprocessable_entity(), "queue_title",
                     http::T(w.lang, "field_reason") + ": " + http::T(w.lang, "err_reason_required"));
    default:
      return Message(req, w, restinio::status_internal_server_error(), "err_internal");
  }
}

// Field problems of a decision, in the user's language, on one page.
restinio::request_handling_status_t Problems(const Req& req, const WebRequest& w, const domain::Problems& problems) {
  std::string msg;
  for (const auto& p : problems)
    msg += http::T(w.lang, "sub_field_" + p.field) + ": " + http::T(w.lang, "err_" + p.code) + " ";
  return Message(req, w, restinio::status_unprocessable_entity(), "queue_title", msg);
}

}  // namespace

void AddQueueRoutes(http::Router& router, app::App& app) {
  router.http_get("/queue", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto q = http::ParseQuery(req);
    std::string status = q["status"].empty() ? "queued" : q["status"];
    auto rows = app::ListQueue(app, *w.who, status);
    if (!rows.ok()) return Failure(req, w, rows.status());
    auto snap = app.catalog().Get();
    mstch::array grounds;
    for (const auto& g : snap->submission_reject_grounds)
      grounds.push_back(mstch::map{{"code", g.code}, {"name", snap->ItemName(snap->submission_reject_grounds, g.code, w.lang)}});
    mstch::array items;
    for (const auto& s : *rows) {
      const auto* dept = snap->tree.Find(s.department);
      std::string name = s.surname + " " + s.given_name + (s.patronymic.empty() ? "" : " " + s.patronymic);
      items.push_back(mstch::map{{"id", s.id},
                                 {"reference", s.reference},
                                 {"received_at", DisplayTime(s.received_at)},
                                 {"applicant", name},
                                 {"birth_date", s.birth_date},
                                 {"address", s.address},
                                 {"phone", s.phone},
                                 {"id_document", s.id_document},
                                 {"department", dept ? dept->Name(w.lang) : s.department},
                                 {"category", snap->ItemName(snap->categories, s.category, w.lang)},
                                 {"summary", s.summary},
                                 {"status", http::T(w.lang, "sub_status_" + s.status)},
                                 {"queued", s.status == "queued"},
                                 {"appeal_id", s.appeal_id},
                                 {"appeal_number", s.appeal_number},
                                 {"reason", s.reason},
                                 {"ground", s.ground.empty() ? std::string()
                                                             : snap->ItemName(snap->submission_reject_grounds, s.ground, w.lang)},
                                 {"keyword_flag", s.keyword_flag},
                                 {"citizen_crime_signs", s.citizen_crime_signs.empty()
                                                             ? std::string()
                                                             : http::T(w.lang, "sub_citizen_" + s.citizen_crime_signs)},
                                 {"accept_due", s.accept_due.empty() ? std::string() : DisplayTime(s.accept_due)},
                                 {"annulled", s.annulled > 0},
                                 {"grounds", grounds}});
    }
    mstch::map d{{"rows", items},
                 {"empty", items.empty()},
                 {"tab_queued", status == "queued"},
                 {"tab_accepted", status == "accepted"},
                 {"tab_rejected", status == "rejected"}};
    return http::SendHtml(req, restinio::status_ok(), RenderPage("queue", w.Page("queue_title"), d), w.set_cookies);
  });

  router.http_post("/queue/:id/accept", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    auto o = app::AcceptSubmission(app, *w.who, std::string(params["id"]), (*form)["crime_signs"]);
    if (!o.problems.empty()) return Problems(req, w, o.problems);
    if (!o.reply.ok()) return Failure(req, w, o.reply.status());
    // The new appeal's page shows its number and the receipt.
    return http::Redirect(req, "/appeals/" + (*o.reply)["id"].get<std::string>() + "?new=1", w.set_cookies);
  });

  router.http_post("/queue/:id/reject", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    auto o = app::RejectSubmission(app, *w.who, std::string(params["id"]), (*form)["ground"], (*form)["reason"]);
    if (!o.problems.empty()) return Problems(req, w, o.problems);
    if (!o.reply.ok()) return Failure(req, w, o.reply.status());
    return http::Redirect(req, "/queue", w.set_cookies);
  });

  AddSubmissionOversightRoutes(router, app);
}

}  // namespace sabt::web
