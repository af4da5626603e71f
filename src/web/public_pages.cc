#include "domain/appeal.h"
#include "web/form_errors.h"
#include "web/public_pages.h"

#include <set>

#include "app/public_limits.h"
#include "app/receipts.h"
#include "app/submissions.h"
#include "http/client.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "web/web_session.h"
#include "web/web_session_public.h"

namespace sabt::web {
namespace {

using http::Req;

const char* const kFields[] = {"surname", "given_name", "patronymic", "birth_date", "address",
                               "phone",   "id_document", "district",  "category",   "summary",
                               "citizen_crime_signs"};

restinio::request_handling_status_t Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                            const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

restinio::request_handling_status_t FormPage(app::App& app, const Req& req, const WebRequest& w,
                                             restinio::http_status_line_t st,
                                             const std::map<std::string, std::string>& values,
                                             const domain::Problems& problems) {
  auto snap = app.catalog().Get();
  mstch::map d;
  AddFormErrors(d, problems, w.lang);
  d["max_summary"] = std::to_string(domain::kMaxSummaryLength);
  for (const char* f : kFields) {
    auto it = values.find(f);
    d[std::string("v_") + f] = it == values.end() ? std::string() : it->second;
  }
  auto value = [&](const char* k) {
    auto it = values.find(k);
    return it == values.end() ? std::string() : it->second;
  };
  mstch::array districts, categories;
  for (const auto* dep : app::OnlineDistricts(*snap))
    districts.push_back(mstch::map{{"code", dep->code}, {"name", dep->Name(w.lang)}, {"selected", dep->code == value("district")}});
  for (const auto& c : snap->categories)
    categories.push_back(mstch::map{{"code", c.code},
                                    {"name", w.lang == "ru" ? c.name_ru : w.lang == "en" ? c.name_en : c.name_tg},
                                    {"selected", c.code == value("category")}});
  d["cs_yes"] = value("citizen_crime_signs") == "yes";
  d["cs_no"] = value("citizen_crime_signs") == "no";
  d["cs_unknown"] = value("citizen_crime_signs") == "unknown";
  d["districts"] = districts;
  d["categories"] = categories;
  return http::SendHtml(req, std::move(st), RenderPage("public_appeal", w.Page("public_appeal_title"), d),
                        w.set_cookies);
}

}  // namespace

void AddPublicRoutes(http::Router& router, app::App& app) {
  router.http_get("/public/appeal", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    return FormPage(app, req, w, restinio::status_ok(), {}, {});
  });

  router.http_post("/public/appeal", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!app::AllowPublicSubmit(app, http::ClientAddress(req)))
      return Message(req, w, restinio::status_too_many_requests(), "err_rate_limited");
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    auto& f = *form;
    app::OnlineInput in;
    in.appeal = {f["surname"], f["given_name"], f["patronymic"], f["birth_date"], f["address"], f["phone"],
                 f["id_document"], "online", f["category"], f["summary"], "", "no"};
    in.district = f["district"];
    in.citizen_crime_signs = f["citizen_crime_signs"];
    std::map<std::string, std::string> values;
    for (const char* k : kFields) values[k] = f[k];
    app::SubmitOnline(app, in, [&app, req, w, values](app::SubmitOutcome o) {
      if (!o.problems.empty()) {
        FormPage(app, req, w, restinio::status_unprocessable_entity(), values, o.problems);
        return;
      }
      if (!o.reply.ok()) {
        Message(req, w, restinio::status_internal_server_error(), "err_internal");
        return;
      }
      mstch::map d{{"reference", (*o.reply)["reference"].get<std::string>()},
                   {"check_code", (*o.reply)["check_code"].get<std::string>()},
                   {"received_at", DisplayTime((*o.reply)["received_at"].get<std::string>())}};
      http::SendHtml(req, restinio::status_created(),
                     RenderPage("public_appeal_done", w.Page("public_done_title"), d), w.set_cookies);
    });
    return restinio::request_accepted();
  });

  // The citizen's status page. A wrong code, an unknown number and a
  // malformed number give byte-identical pages: nothing the visitor typed is
  // echoed, and the language links point at the bare /status.
  router.http_get("/status", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequestWithoutForms(app, req);  // a GET form only: no token, no cookie
    w.path = "/status";
    auto q = http::ParseQuery(req);
    mstch::map d;
    if (q["number"].empty() && q["code"].empty())
      return http::SendHtml(req, restinio::status_ok(), RenderPage("status", w.Page("status_title"), d), w.set_cookies);
    if (!app::AllowPublicLookup(app, http::ClientAddress(req))) {
      d["limited"] = true;
      return http::SendHtml(req, restinio::status_too_many_requests(), RenderPage("status", w.Page("status_title"), d),
                            w.set_cookies);
    }
    auto r = app::LookupReceipt(app, q["number"], q["code"], /*with_entry=*/false);
    if (!r.ok()) {
      if (r.status().code() != Code::kNotFound)
        return Message(req, w, restinio::status_internal_server_error(), "err_internal");
      d["not_found"] = true;
      return http::SendHtml(req, restinio::status_not_found(), RenderPage("status", w.Page("status_title"), d),
                            w.set_cookies);
    }
    auto snap = app.catalog().Get();
    const auto* dept = snap->tree.Find(r->department);
    d["found"] = true;
    d["number"] = r->number;
    d["status_code"] = r->status;
    // A crime report speaks of its stage in public terms (docs/api.md "Public").
    d["status"] = http::T(w.lang, (r->kind == "crime_report" ? "status_crime_" : "status_") + r->status);
    d["crime_report"] = r->kind == "crime_report";
    d["received_at"] = DisplayTime(r->received_at);
    d["department"] = dept ? dept->Name(w.lang) : r->department;
    d["response_due"] = r->response_due.empty() ? std::string("—") : r->response_due;
    d["closed_at"] = r->closed_at.empty() ? std::string() : DisplayTime(r->closed_at);
    d["verify_url"] = "/verify?number=" + http::UrlEncode(r->number) + "&code=" + http::UrlEncode(q["code"]);
    return http::SendHtml(req, restinio::status_ok(), RenderPage("status", w.Page("status_title"), std::move(d)), w.set_cookies);
  });
}

}  // namespace sabt::web
