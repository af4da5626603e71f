#include "web/reply_letter.h"

#include "app/appeals.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "web/reply_pdf.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

}  // namespace

Result<std::string> ReplyLetterPdf(app::App& app, const app::Principal& who, const std::string& appeal_id) {
  if (domain::IsOversight(who.role)) return Status::Denied("oversight roles read appeals through the audited page");
  auto a = app::GetAppeal(app, who, appeal_id, "");
  if (!a.ok()) return a.status();
  if (a->answer.empty()) return Status::NotFound("this appeal has no answer yet");
  ReplyPdfData d;
  auto snap = app.catalog().Get();
  const auto* dept = snap->tree.Find(a->department);
  d.department_tg = dept ? dept->name_tg : a->department;
  d.department_ru = dept ? dept->name_ru : a->department;
  d.number = a->number;
  d.received_at = DisplayTime(a->received_at);
  d.applicant_name = a->applicant_name;
  d.answer = a->answer;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto p = (*tx)->Person(a->person_id);
    if (p.ok() && p->has_value()) d.applicant_address = (*p)->address;
    // The officer who gave the (last) answer, and the head who closed it after.
    auto entries = (*tx)->EntriesBySubject(a->id);
    if (!entries.ok()) return entries.status();
    auto name = [&](const std::string& entry) {
      auto j = nlohmann::json::parse(entry, nullptr, false);
      std::string actor = j.is_object() ? j.value("actor", std::string()) : std::string();
      auto u = (*tx)->UserById(actor);
      return u.ok() && u->has_value() ? (*u)->display_name : actor;
    };
    for (const auto& e : *entries) {
      if (e.kind == "appeal.answered") {
        d.officer_name = name(e.entry);
        d.answered_at = DisplayTime(e.at).substr(0, 10);
        d.head_name.clear();
        d.approved_at.clear();
      } else if (e.kind == "appeal.closed") {
        d.head_name = name(e.entry);
        d.approved_at = DisplayTime(e.at);
      }
    }
  }
  return RenderReplyPdf(d);
}

void AddReplyRoutes(http::Router& router, app::App& app) {
  router.http_get("/appeals/:id/reply.pdf", [&app](const http::Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto pdf = ReplyLetterPdf(app, *w.who, std::string(params["id"]));
    if (!pdf.ok()) {
      Code c = pdf.status().code();
      std::string key = c == Code::kDenied ? "err_denied" : c == Code::kNotFound ? "err_not_found" : "err_internal";
      mstch::map d{{"message", http::T(w.lang, key)}};
      return http::SendHtml(req, http::HttpStatusFor(pdf.status()), RenderPage("error", w.Page(key), d), w.set_cookies);
    }
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, "application/pdf")
        .append_header("Content-Disposition", "inline; filename=\"reply.pdf\"")
        .set_body(std::move(*pdf))
        .done();
  });

  router.http_get("/api/v1/appeals/:id/reply.pdf", [&app](const http::Req& req, auto params) {
    auto c = http::FindCredentials(req);
    auto p = c.token.empty() || c.from_cookie ? Result<app::Principal>(Status::Unauthenticated("Bearer token required"))
                                              : app::Authenticate(app, c.token);
    if (!p.ok())
      return http::SendJson(req, restinio::status_unauthorized(), {{"error", "unauthenticated"}, {"message", "Bearer token required"}});
    auto pdf = ReplyLetterPdf(app, *p, std::string(params["id"]));
    if (!pdf.ok()) {
      const Status& st = pdf.status();
      std::string msg = st.code() == Code::kInternal || st.code() == Code::kIo ? "internal error" : st.message();
      return http::SendJson(req, http::HttpStatusFor(st), {{"error", CodeName(st.code())}, {"message", msg}});
    }
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, "application/pdf")
        .set_body(std::move(*pdf))
        .done();
  });
}

}  // namespace sabt::web
