#include "api/appeal_extra_api.h"

#include "api/api_common.h"

#include "app/appeals.h"
#include "app/attachments.h"
#include "app/auth.h"
#include "app/oversight.h"
#include "app/persons.h"
#include "domain/role.h"
#include "http/client.h"
#include "http/i18n.h"
#include "util/clock.h"

namespace sabt::api {
namespace {

using http::Req;

nlohmann::json PublicAppealJson(const store::AppealRow& a) {
  return {{"id", a.id},
          {"number", a.number},
          {"department", a.department},
          {"channel", a.channel},
          {"category", a.category},
          {"status", a.status},
          {"received_at", a.received_at},
          {"due_date", a.due_day > 0 ? FormatDay(a.due_day) : std::string()},
          {"extended_days", a.extended},
          {"assigned_to", a.assigned_to},
          {"closed_at", a.closed_at}};
}

nlohmann::json AttachmentJson(const store::AttachmentRow& r) {
  return {{"sha256", r.sha256}, {"name", r.name}, {"mime", r.mime}, {"size", r.size},
          {"added_at", r.added_at}, {"entry_index", r.entry_idx}};
}

}  // namespace

nlohmann::json CountsJson(const app::FilteredAppealList& list) {
  nlohmann::json officers = nlohmann::json::array(), depts = nlohmann::json::array();
  for (const auto& g : list.by_officer) officers.push_back({{"officer", g.key}, {"name", g.name}, {"count", g.count}});
  for (const auto& g : list.by_department) depts.push_back({{"department", g.key}, {"count", g.count}});
  return {{"by_officer", officers}, {"by_department", depts}, {"due_soon_days", list.due_soon_days}};
}

void AddAppealExtraRoutes(http::Router& router, app::App& app) {
  router.http_get("/api/v1/appeals.csv", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    std::string lang = Lang(req);
    auto csv = app::ExportAppealsCsv(app, *p, app::ParseListRequest(http::ParseQuery(req)), lang,
                                     [&lang](const std::string& k) { return http::T(lang, k); });
    if (!csv.ok()) return Error(req, csv.status());
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, "text/csv; charset=utf-8")
        .append_header("Content-Disposition", "attachment; filename=\"appeals.csv\"")
        .set_body(std::move(*csv))
        .done();
  });

  router.http_get("/api/v1/oversight/appeals", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto lr = app::ParseListRequest(q);  // page, page_size
    auto list = app::ListCrimeWatch(app, *p, lr.page, q.count("page_size") ? lr.page_size : 50);
    if (!list.ok()) return Error(req, list.status());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : list->page.rows) {
      nlohmann::json j = PublicAppealJson(r.appeal);
      j["crime_signs"] = r.flags.crime_signs;
      j["keyword_flag"] = r.flags.keyword_flag;
      j["refer_due"] = r.flags.refer_due;
      j["referred_at"] = r.flags.referred_at;
      j["reason"] = r.flags.crime_signs ? (r.flags.referred_at.empty() ? "not_referred" : "referred_late") : "keyword";
      items.push_back(j);
    }
    return http::SendJson(req, restinio::status_ok(),
                          {{"items", items}, {"page", list->page_no}, {"page_size", list->page_size},
                           {"pages", list->pages}, {"total", list->page.total}, {"now", list->now}});
  });

  router.http_get("/api/v1/persons/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto v = app::GetPerson(app, *p, std::string(params["id"]), q["reason"]);
    if (!v.ok()) return Error(req, v.status());
    nlohmann::json appeals = nlohmann::json::array();
    for (const auto& a : v->appeals) appeals.push_back(PublicAppealJson(a));
    const auto& pr = v->person;
    return http::SendJson(req, restinio::status_ok(),
                          {{"id", pr.id}, {"surname", pr.surname}, {"given_name", pr.given_name},
                           {"patronymic", pr.patronymic}, {"birth_date", pr.birth_date}, {"address", pr.address},
                           {"phone", pr.phone}, {"id_document", pr.id_document}, {"appeals", appeals}});
  });

  router.http_post("/api/v1/appeals/:id/attachments", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    std::string lang = Lang(req);
    auto r = app::AddAttachment(app, *p, std::string(params["id"]), q["name"], std::string(req->body()));
    if (!r.ok()) {
      const std::string& m = r.status().message();
      if (m == "attachment_too_large")
        return http::SendJson(req, restinio::status_payload_too_large(),
                              {{"error", "too_large"}, {"message", http::T(lang, "err_attachment_too_large")}});
      if (m == "attachment_type")
        return http::SendJson(req, restinio::status_unsupported_media_type(),
                              {{"error", "unsupported_type"}, {"message", http::T(lang, "err_attachment_type")}});
      if (m == "attachment_empty")
        return http::SendJson(req, restinio::status_unprocessable_entity(),
                              {{"error", "invalid"}, {"message", http::T(lang, "err_attachment_empty")}});
      return Error(req, r.status());
    }
    return http::SendJson(req, restinio::status_created(), *r);
  });

  router.http_get("/api/v1/appeals/:id/attachments", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    std::string id(params["id"]);
    auto a = app::GetAppeal(app, *p, id, q["reason"]);
    if (!a.ok()) return Error(req, a.status());
    auto list = app::ListAttachments(app, id);
    if (!list.ok()) return Error(req, list.status());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : *list) items.push_back(AttachmentJson(r));
    return http::SendJson(req, restinio::status_ok(), {{"items", items}});
  });

  router.http_get("/api/v1/appeals/:id/attachments/:sha", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto f = app::GetAttachment(app, *p, std::string(params["id"]), std::string(params["sha"]), q["reason"]);
    if (!f.ok() && f.status().message() == "attachment_corrupt")  // never the wrong bytes (journal-format.md §4.2)
      return http::SendJson(req, restinio::status_internal_server_error(), {{"error", "attachment_corrupt"}});
    if (!f.ok()) return Error(req, f.status());
    std::string ascii;
    for (char c : f->meta.name) ascii.push_back((c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? c : '_');
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, f->meta.mime)
        .append_header("Content-Disposition",
                       "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + http::UrlEncode(f->meta.name))
        .set_body(std::move(f->data))
        .done();
  });
}

}  // namespace sabt::api
