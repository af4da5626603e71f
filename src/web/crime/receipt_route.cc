#include "web/crime/receipt_route.h"

#include "app/crime.h"
#include "app/crime_classifier.h"
#include "domain/role.h"
#include "http/client.h"
#include "http/i18n.h"
#include "journal/receipt_proof.h"
#include "util/clock.h"
#include "util/sha256.h"
#include "web/receipt_pdf.h"
#include "web/render.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;
using Handled = restinio::request_handling_status_t;

Handled ErrorPage(const Req& req, const WebRequest& w, restinio::http_status_line_t st, const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

std::string Str(const nlohmann::json& j, const char* k) {
  return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
}

}  // namespace

void AddCrimeReceiptRoute(http::Router& router, app::App& app) {
  router.http_get("/crime/reports/:id/receipt.pdf", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    // Oversight roles read reports through the audited page, never print them.
    if (domain::IsOversight(w.who->role)) return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    auto r = app::GetCrimeRecord(app, *w.who, std::string(params["id"]), "report", "");
    if (!r.ok()) {
      if (r.status().code() == Code::kDenied) return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
      return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    }
    auto j = app::CrimeJson(app, *r, true);
    std::string code = Str(j, "verification_code");
    // Reports from a referral or a transfer have no receipt of their own.
    if (code.empty()) return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    auto snap = app.catalog().Get();
    const auto* dept = snap->tree.Find(r->department);
    std::string qual_tg = "—", qual_ru = "—";
    if (!Str(j, "article").empty()) {
      std::string code_text = Str(j, "article") + "." + Str(j, "part");
      qual_tg = qual_ru = code_text;
      auto cl = app::LoadClassifier(app, j.value("classifier_version", int64_t{0}));
      const auto* a = cl.ok() ? cl->Find(Str(j, "article"), Str(j, "part")) : nullptr;
      if (a) {
        qual_tg += " " + a->title_tg;
        qual_ru += " " + a->title_ru;
      }
    }
    std::string leaf;
    {
      auto tx = app.store().Read();
      if (tx.ok()) {
        auto e = (*tx)->Entry(r->entry_idx);
        if (e.ok() && e->has_value()) leaf = HashHex((*e)->leaf_hash);
      }
    }
    std::string fp = app.key() ? KeyFingerprint(app.key()->key.public_key()) : std::string();
    std::string base = app.config().public_url.empty() ? "http://" + app.config().listen : app.config().public_url;
    ReceiptPdfData d;
    d.number = r->number;
    d.received_at = DisplayTime(Str(j, "received_at"));
    d.department_tg = dept ? dept->name_tg : r->department;
    d.department_ru = dept ? dept->name_ru : r->department;
    d.officer_name = Str(j, "officer_name");
    d.category_tg = qual_tg;
    d.category_ru = qual_ru;
    d.deadline = Str(j, "due_date").empty() ? std::string("—") : Str(j, "due_date");
    d.verification_code = code;
    d.applicant_name = Str(j, "reporter_name");
    d.entry_index = std::to_string(r->entry_idx);
    d.leaf_hash_hex = leaf;
    d.status_url = base + "/verify?number=" + http::UrlEncode(r->number) + "&code=" + http::UrlEncode(code) +
                   "&i=" + std::to_string(r->entry_idx) + "&leaf=" + leaf + (fp.empty() ? "" : "&k=" + fp);
    d.key_fingerprint = fp;
    d.crime_report = true;
    auto pdf = RenderReceiptPdf(d, http::ParseQuery(req)["size"] == "a5" ? PaperSize::kA5 : PaperSize::kA6);
    if (!pdf.ok()) return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, "application/pdf")
        .append_header("Content-Disposition", "inline; filename=\"receipt.pdf\"")
        .set_body(std::move(*pdf))
        .done();
  });
}

}  // namespace sabt::web
