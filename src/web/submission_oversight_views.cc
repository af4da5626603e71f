#include "web/submission_oversight_views.h"

#include "app/public_limits.h"
#include "app/submission_oversight.h"
#include "domain/role.h"
#include "http/client.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/text.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;
using Handled = restinio::request_handling_status_t;

Handled Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st, const std::string& key,
                const std::string& text = "") {
  mstch::map d{{"message", text.empty() ? http::T(w.lang, key) : text}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

Handled Failure(const Req& req, const WebRequest& w, const Status& st) {
  switch (st.code()) {
    case Code::kNotFound: return Message(req, w, restinio::status_not_found(), "err_not_found");
    case Code::kDenied: return Message(req, w, restinio::status_forbidden(), "err_denied");
    case Code::kConflict: return Message(req, w, restinio::status_conflict(), "sub_ov_title", st.message());
    case Code::kInvalid:
      return Message(req, w, restinio::status_unprocessable_entity(), "sub_ov_title", http::T(w.lang, "err_reason_required"));
    default: return Message(req, w, restinio::status_internal_server_error(), "err_internal");
  }
}

std::string Answer(const std::string& lang, const std::string& a) {
  return a.empty() ? std::string("—") : http::T(lang, "sub_citizen_" + a);
}

Handled ReasonPage(const Req& req, const WebRequest& w, const std::string& id, bool error) {
  mstch::map d{{"action", "/oversight/submissions/" + id + "/open"}};
  if (error) d["error"] = http::T(w.lang, "err_reason_required");
  return http::SendHtml(req, error ? restinio::status_unprocessable_entity() : restinio::status_ok(),
                        RenderPage("crime_reason", w.Page("reason_title"), d), w.set_cookies);
}

}  // namespace

void AddSubmissionOversightRoutes(http::Router& router, app::App& app) {
  router.http_get("/oversight/submissions", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto list = app::ListSubmissionWatch(app, *w.who);
    if (!list.ok()) return Failure(req, w, list.status());
    auto snap = app.catalog().Get();
    bool prosecutor = domain::Allows(w.who->role, domain::Action::kAnnulDecision);
    auto dept_name = [&](const std::string& code) {
      const auto* d = snap->tree.Find(code);
      return d ? d->Name(w.lang) : code;
    };
    mstch::array rows, counts;
    for (const auto& s : list->rows) {
      bool overdue = s.status == "queued" && !s.accept_due.empty() && s.accept_due < list->now;
      std::string why = s.status == "rejected" ? "sub_ov_why_rejected" : overdue ? "sub_ov_why_overdue" : "sub_ov_why_annulled";
      rows.push_back(mstch::map{
          {"id", s.id},
          {"reference", s.reference},
          {"department", dept_name(s.department)},
          {"received_at", DisplayTime(s.received_at)},
          {"accept_due", s.accept_due.empty() ? std::string("—") : DisplayTime(s.accept_due)},
          {"category", snap->ItemName(snap->categories, s.category, w.lang)},
          {"status", http::T(w.lang, "sub_status_" + s.status)},
          {"why", http::T(w.lang, why)},
          {"why_code", why.substr(11)},
          {"ground", s.ground.empty() ? std::string("—") : snap->ItemName(snap->submission_reject_grounds, s.ground, w.lang)},
          {"keyword_flag", s.keyword_flag},
          {"citizen", Answer(w.lang, s.citizen_crime_signs)},
          {"annulled", std::to_string(s.annulled)},
          {"can_annul", prosecutor && s.status == "rejected"}});
    }
    for (const auto& c : list->counts)
      counts.push_back(mstch::map{{"department", dept_name(c.department)},
                                  {"rejected", std::to_string(c.rejected)},
                                  {"overdue", std::to_string(c.overdue)},
                                  {"annulled", std::to_string(c.annulled)}});
    mstch::map d{{"rows", rows},
                 {"empty", rows.empty()},
                 {"counts", counts},
                 {"now", DisplayTime(list->now)},
                 {"accept_hours", std::to_string(snap->Setting("submission_accept_hours", 24))}};
    return http::SendHtml(req, restinio::status_ok(), RenderPage("oversight_submissions", w.Page("sub_ov_title"), d),
                          w.set_cookies);
  });

  // One submission with its personal data. An oversight role states why; the
  // reason is journaled before the page is sent.
  router.http_post("/oversight/submissions/:id/open", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    std::string id(params["id"]);
    std::string reason = CleanField((*form)["reason"]);
    if (domain::IsOversight(w.who->role) && Utf8Length(reason) < 5) return ReasonPage(req, w, id, !reason.empty());
    auto s = app::OpenWatchedSubmission(app, *w.who, id, reason);
    if (!s.ok()) return Failure(req, w, s.status());
    auto snap = app.catalog().Get();
    const auto* dept = snap->tree.Find(s->department);
    mstch::map d{{"reference", s->reference},
                 {"applicant", s->surname + " " + s->given_name + (s->patronymic.empty() ? "" : " " + s->patronymic)},
                 {"birth_date", s->birth_date},
                 {"address", s->address},
                 {"phone", s->phone},
                 {"id_document", s->id_document},
                 {"department", dept ? dept->Name(w.lang) : s->department},
                 {"category", snap->ItemName(snap->categories, s->category, w.lang)},
                 {"summary", s->summary},
                 {"received_at", DisplayTime(s->received_at)},
                 {"status", http::T(w.lang, "sub_status_" + s->status)},
                 {"ground", s->ground.empty() ? std::string() : snap->ItemName(snap->submission_reject_grounds, s->ground, w.lang)},
                 {"reason", s->reason},
                 {"citizen", Answer(w.lang, s->citizen_crime_signs)},
                 {"keyword_flag", s->keyword_flag},
                 {"appeal_id", s->appeal_id},
                 {"appeal_number", s->appeal_number}};
    return http::SendHtml(req, restinio::status_ok(), RenderPage("oversight_submission", w.Page("sub_ov_title"), d),
                          w.set_cookies);
  });

  router.http_post("/oversight/submissions/:id/annul", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    auto o = app::AnnulRejection(app, *w.who, std::string(params["id"]), (*form)["reason"]);
    if (!o.problems.empty())
      return Message(req, w, restinio::status_unprocessable_entity(), "sub_ov_title",
                     http::T(w.lang, "field_reason") + ": " + http::T(w.lang, "err_" + o.problems.front().code));
    if (!o.reply.ok()) return Failure(req, w, o.reply.status());
    return http::Redirect(req, "/oversight/submissions", w.set_cookies);
  });

  // The citizen's check. A wrong code, an unknown and a malformed reference
  // give byte-identical pages; nothing typed is echoed.
  router.http_get("/public/appeal/check", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    w.path = "/public/appeal/check";
    auto q = http::ParseQuery(req);
    mstch::map d;
    if (q["reference"].empty() && q["code"].empty())
      return http::SendHtml(req, restinio::status_ok(), RenderPage("public_appeal_check", w.Page("sub_check_title"), d),
                            w.set_cookies);
    if (!app::AllowPublicLookup(app, http::ClientAddress(req))) {
      d["limited"] = true;
      return http::SendHtml(req, restinio::status_too_many_requests(),
                            RenderPage("public_appeal_check", w.Page("sub_check_title"), d), w.set_cookies);
    }
    auto r = app::CheckSubmission(app, q["reference"], q["code"]);
    if (!r.ok()) {
      if (r.status().code() != Code::kNotFound)
        return Message(req, w, restinio::status_internal_server_error(), "err_internal");
      d["not_found"] = true;
      return http::SendHtml(req, restinio::status_not_found(),
                            RenderPage("public_appeal_check", w.Page("sub_check_title"), d), w.set_cookies);
    }
    auto snap = app.catalog().Get();
    d["found"] = true;
    d["state"] = r->status;
    d["answer"] = http::T(w.lang, "sub_check_" + r->status);
    if (r->status == "registered") {
      d["number"] = r->number;
      d["appeal_code"] = r->appeal_code;
      d["status_url"] = "/status?number=" + http::UrlEncode(r->number) + "&code=" + http::UrlEncode(r->appeal_code);
    }
    if (r->status == "rejected") d["ground"] = snap->ItemName(snap->submission_reject_grounds, r->ground, w.lang);
    return http::SendHtml(req, restinio::status_ok(), RenderPage("public_appeal_check", w.Page("sub_check_title"), d),
                          w.set_cookies);
  });
}

}  // namespace sabt::web
