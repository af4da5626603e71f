#include "web/appeal_views.h"

#include "web/persons/search_views.h"

#include "web/sync_flag_views.h"

#include <set>

#include "app/appeal_steps.h"
#include "app/appeals.h"
#include "app/trips.h"
#include "app/crime.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "journal/receipt_proof.h"
#include "util/sha256.h"
#include "util/text.h"
#include "http/client.h"
#include "web/appeal_extra_views.h"
#include "web/form_errors.h"
#include "web/history_words.h"
#include "web/receipt_pdf.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;

const char* const kFields[] = {"surname", "given_name", "patronymic", "birth_date", "address",    "phone",
                               "id_document", "channel", "category",  "summary",    "received_at", "crime_signs"};

restinio::request_handling_status_t ErrorPage(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                              const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

mstch::array Options(const std::vector<store::ReferenceItem>& items, const std::string& lang,
                     const std::string& selected) {
  mstch::array out;
  for (const auto& it : items)
    out.push_back(mstch::map{{"code", it.code},
                             {"name", lang == "ru" ? it.name_ru : lang == "en" ? it.name_en : it.name_tg},
                             {"selected", it.code == selected}});
  return out;
}

std::string ValueOf(const std::map<std::string, std::string>& values, const char* key) {
  auto it = values.find(key);
  return it == values.end() ? std::string() : it->second;
}

// The intake form, empty or with the values and problems of a failed POST.
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
  if (!values.count("received_at")) d["v_received_at"] = FormatLocalInput(app.clock().NowMillis());
  auto ch = values.find("channel");
  auto cat = values.find("category");
  d["channels"] = Options(snap->channels, w.lang, ch == values.end() ? "desk" : ch->second);
  d["categories"] = Options(snap->categories, w.lang, cat == values.end() ? "" : cat->second);
  d["crime_yes"] = ValueOf(values, "crime_signs") == "yes";
  d["crime_no"] = ValueOf(values, "crime_signs") == "no";
  // On a field node during a stop of a trip, the appeal will be linked to it.
  if (w.who && app::CanRecordTrips(app, *w.who)) {
    auto cur = app::CurrentTripOf(app, *w.who);
    if (cur.ok() && cur->stop) d["stop_place"] = cur->stop->place;
  }
  return http::SendHtml(req, std::move(st), RenderPage("appeal_new", w.Page("new_appeal_title"), d), w.set_cookies);
}

mstch::map AppealMap(const app::App& app, const store::AppealRow& a, const std::string& lang, bool personal) {
  auto snap = app.catalog().Get();
  const auto* dept = snap->tree.Find(a.department);
  mstch::map m{{"id", a.id},
               {"number", a.number},
               {"department", dept ? dept->Name(lang) : a.department},
               {"department_code", a.department},
               {"channel", snap->ItemName(snap->channels, a.channel, lang)},
               {"category", snap->ItemName(snap->categories, a.category, lang)},
               {"status", http::T(lang, "status_" + a.status)},
               {"received_at", DisplayTime(a.received_at)},
               {"registered_at", DisplayTime(a.registered_at)},
               {"officer", a.officer_name},
               {"entry_index", std::to_string(a.entry_idx)},
               {"due_date", a.due_day > 0 ? FormatDay(a.due_day) : std::string("—")},
               {"extended", a.extended > 0 ? std::to_string(a.extended) : std::string()}};
  if (personal) {
    m["applicant"] = a.applicant_name;
    m["summary"] = a.summary;
    m["verification_code"] = a.verification_code;
    m["answer"] = a.answer;
  }
  return m;
}

// A step form that failed: the page is shown again (same address, 422/409)
// with the card's values and its errors, after the GOV.UK pattern.
struct StepFailure {
  std::string step;
  std::map<std::string, std::string> values;  // field → what was typed
  domain::Problems problems;
  Status refusal;  // a conflict or a rule refusal (not a field problem)
};

// The input id of a step's field (kept stable: tests and links use them).
std::string StepFieldId(const std::string& step, const std::string& field) {
  if (step == "assign") return "officer";
  if (step == "answer") return "answer-text";
  if (step == "send_back") return "sendback-text";
  if (step == "return") return "return-ground";
  return step + "-" + field;  // extend-days, extend-text, forward-agency, forward-text
}

void AddStepFailure(const StepFailure& f, const store::AppealRow& a, const std::string& lang, mstch::map& d) {
  mstch::array summary;
  auto add = [&](const std::string& field, const std::string& msg) {
    d["se_" + f.step + "_" + field] = msg;
    summary.push_back(mstch::map{{"field", StepFieldId(f.step, field)}, {"message", msg}});
  };
  for (const auto& p : f.problems)
    if (!d.count("se_" + f.step + "_" + p.field)) add(p.field, FieldMessage(lang, p.field, p.code, "field_", f.step));
  if (!f.refusal.ok()) {
    if (f.refusal.code() == Code::kInvalid && f.step == "assign") {
      add("officer", http::T(lang, "err_officer_wrong_department"));
    } else if (f.refusal.code() == Code::kInvalid && f.step == "extend") {
      add("days", http::T(lang, "err_days_over_limit"));
    } else {
      std::string msg = http::T(lang, "err_step_not_now") + " " + http::T(lang, "status_" + a.status);
      d["se_" + f.step] = msg;
      summary.push_back(mstch::map{{"field", "card-" + f.step}, {"message", msg}});
    }
  }
  for (const auto& [k, v] : f.values) d["sv_" + f.step + "_" + k] = v;
  d["sv_officer"] = f.step == "assign" && f.values.count("officer") ? f.values.at("officer") : std::string();
  d["se_" + f.step + "_any"] = true;
  d["has_errors"] = true;
  d["errors"] = summary;
}

restinio::request_handling_status_t ShowAppeal(app::App& app, const Req& req, const WebRequest& w,
                                               const std::string& id, const std::string& reason, bool just_created,
                                               const StepFailure* failed = nullptr) {
  auto a = app::GetAppeal(app, *w.who, id, reason);
  if (!a.ok()) {
    if (a.status().message() == "reason_required") {
      mstch::map d{{"id", id}};
      return http::SendHtml(req, restinio::status_ok(), RenderPage("appeal_reason", w.Page("reason_title"), d),
                            w.set_cookies);
    }
    if (a.status().code() == Code::kNotFound) return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    if (a.status().code() == Code::kDenied) return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
  }
  mstch::map d = AppealMap(app, *a, w.lang, true);
  d["just_created"] = just_created;
  if (just_created) AddSimilarAppealsHint(app, w, id, d);  // intake duplicate hint (issue 16)
  auto snap = app.catalog().Get();
  // Actions this user may take now, and what the forms need.
  auto steps = app::StepsFor(app, *w.who, *a);
  d["has_steps"] = !steps.empty();
  for (auto st : steps) d["step_" + std::string(domain::AppealStepId(st))] = true;
  if (failed) AddStepFailure(*failed, *a, w.lang, d);
  std::string chosen_ground = failed && failed->values.count("ground") ? failed->values.at("ground") : "";
  std::string chosen_officer = failed && failed->values.count("officer") ? failed->values.at("officer") : "";
  mstch::array grounds;
  for (const auto& g : snap->return_grounds)
    grounds.push_back(mstch::map{{"code", g.code}, {"name", w.lang == "ru" ? g.name_ru : w.lang == "en" ? g.name_en : g.name_tg},
                                 {"selected", g.code == chosen_ground}});
  d["grounds"] = grounds;
  auto h = app::AppealHistory(app, a->id);
  mstch::array history = h.ok() ? HistoryRows(app, *h, w.lang) : mstch::array{};
  d["history"] = history;
  AddAppealPageExtras(app, w, *a, d);
  AddConflictView(app, w, *a, d);  // sync conflict with a laptop (sync-protocol §4a)
  AddClockDoubtView(app, w, *a, d);  // intake time doubtful (sync-protocol §11)
  mstch::array crime_reports;  // linked by a referral (issue #4)
  for (const auto& r : app::ReportsOfAppeal(app, a->id))
    crime_reports.push_back(mstch::map{{"id", r.id}, {"number", r.number}});
  d["crime_reports"] = crime_reports;
  {
    auto tx = app.store().Read();
    if (tx.ok()) {
      auto users = (*tx)->Users();
      mstch::array officers;
      if (users.ok())
        for (const auto& u : *users) {
          if (u.id == a->assigned_to) d["assigned"] = u.display_name;
          auto role = domain::ParseRole(u.role);
          bool can_work = role && (*role == domain::Role::kInvestigator || *role == domain::Role::kDeskOfficer ||
                                   *role == domain::Role::kMobileOfficer || *role == domain::Role::kHead);
          if (!u.disabled && can_work && snap->tree.InScope(a->department, u.department))
            officers.push_back(mstch::map{{"username", u.username}, {"name", u.display_name},
                                          {"selected", !chosen_officer.empty() && u.username == chosen_officer}});
        }
      d["officers"] = officers;
    }
  }
  // The leaf hash of the registering entry goes on the receipt.
  auto tx = app.store().Read();
  if (tx.ok()) {
    auto e = (*tx)->Entry(a->entry_idx);
    if (e.ok() && e->has_value()) d["leaf_hash"] = HashHex((*e)->leaf_hash);
  }
  restinio::http_status_line_t st = restinio::status_ok();
  if (failed) st = failed->refusal.ok() || failed->refusal.code() == Code::kInvalid ? restinio::status_unprocessable_entity()
                                                                                  : restinio::status_conflict();
  return http::SendHtml(req, std::move(st), RenderPage("appeal_view", w.Page("appeal_title"), d), w.set_cookies);
}

}  // namespace

void AddAppealRoutes(http::Router& router, app::App& app) {
  router.http_get("/appeals", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return AppealListPage(app, req, w);  // filters, pages, counts: appeal_extra_views.cc
  });

  router.http_get("/appeals/new", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kRegisterAppeal))
      return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    return FormPage(app, req, w, restinio::status_ok(), {}, {});
  });

  router.http_post("/appeals", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    if (!domain::Allows(w.who->role, domain::Action::kRegisterAppeal))
      return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    auto& f = *form;
    domain::AppealInput in{f["surname"], f["given_name"], f["patronymic"], f["birth_date"], f["address"], f["phone"],
                           f["id_document"], f["channel"], f["category"], f["summary"], f["received_at"],
                           f["crime_signs"]};
    std::map<std::string, std::string> values;
    for (const char* k : kFields) values[k] = f[k];
    app::RegisterAppeal(app, *w.who, in, [&app, req, w, values](app::RegisterOutcome o) {
      if (!o.problems.empty()) {
        FormPage(app, req, w, restinio::status_unprocessable_entity(), values, o.problems);
        return;
      }
      if (!o.reply.ok()) {
        ErrorPage(req, w, http::HttpStatusFor(o.reply.status()),
                  store::IsReadOnlyRefusal(o.reply.status()) ? "err_read_only" : "err_internal");
        return;
      }
      http::Redirect(req, "/appeals/" + (*o.reply)["id"].get<std::string>() + "?new=1", w.set_cookies);
    });
    return restinio::request_accepted();
  });

  router.http_get("/appeals/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto q = http::ParseQuery(req);
    return ShowAppeal(app, req, w, std::string(params["id"]), "", q["new"] == "1");
  });

  router.http_post("/appeals/:id/step", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    auto& f = *form;
    std::string id(params["id"]);
    auto o = app::TakeStep(app, *w.who, id, {f["step"], f["officer"], f["text"], f["agency"], f["ground"], f["days"]});
    // A failed step shows the same page again, its card with its errors.
    StepFailure failure{f["step"], {}, o.problems, Status::Ok()};
    for (const char* k : {"officer", "text", "agency", "ground", "days"})
      if (f.count(k)) failure.values[k] = f[k];
    if (!o.problems.empty()) {
      if (domain::ParseAppealStep(failure.step)) return ShowAppeal(app, req, w, id, "", false, &failure);
      return ErrorPage(req, w, restinio::status_unprocessable_entity(), "err_bad_filter");
    }
    if (!o.reply.ok()) {
      Code c = o.reply.status().code();
      if (c == Code::kNotFound) return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
      if (c == Code::kDenied) return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
      if (c == Code::kConflict || c == Code::kInvalid) {
        failure.refusal = o.reply.status();
        return ShowAppeal(app, req, w, id, "", false, &failure);
      }
      return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
    }
    SetFlash(w, "flash_step_" + failure.step);
    return http::Redirect(req, "/appeals/" + id, w.set_cookies);
  });

  // The printed receipt (A6, or A5 with ?size=a5). Its QR code holds the
  // public /status URL with the number and the code (the status page links
  // on to /verify; the leaf hash is printed on the receipt).
  router.http_get("/appeals/:id/receipt.pdf", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (domain::IsOversight(w.who->role)) return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    auto a = app::GetAppeal(app, *w.who, std::string(params["id"]), "");
    if (!a.ok()) {
      if (a.status().code() == Code::kDenied) return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
      return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    }
    auto snap = app.catalog().Get();
    const auto* dept = snap->tree.Find(a->department);
    std::string leaf;
    {
      auto tx = app.store().Read();
      if (tx.ok()) {
        auto e = (*tx)->Entry(a->entry_idx);
        if (e.ok() && e->has_value()) leaf = HashHex((*e)->leaf_hash);
      }
    }
    std::string base = app.config().public_url.empty() ? "http://" + app.config().listen : app.config().public_url;
    ReceiptPdfData d{a->number, DisplayTime(a->received_at), dept ? dept->name_tg : a->department,
                     dept ? dept->name_ru : a->department, a->officer_name,
                     snap->ItemName(snap->categories, a->category, "tg"), snap->ItemName(snap->categories, a->category, "ru"),
                     a->due_day > 0 ? FormatDay(a->due_day) : std::string("—"), a->verification_code, a->applicant_name,
                     std::to_string(a->entry_idx), leaf,
                     base + "/verify?number=" + http::UrlEncode(a->number) + "&code=" + http::UrlEncode(a->verification_code) +
                         "&i=" + std::to_string(a->entry_idx) + "&leaf=" + leaf +
                         (app.key() ? "&k=" + KeyFingerprint(app.key()->key.public_key()) : std::string()),
                     app.key() ? KeyFingerprint(app.key()->key.public_key()) : std::string()};
    auto q = http::ParseQuery(req);
    auto pdf = RenderReceiptPdf(d, q["size"] == "a5" ? PaperSize::kA5 : PaperSize::kA6);
    if (!pdf.ok()) return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, "application/pdf")
        .append_header("Content-Disposition", "inline; filename=\"receipt.pdf\"")
        .set_body(std::move(*pdf))
        .done();
  });

  // Oversight roles state why they open a record; the reason is journaled
  // before the page with personal data is sent.
  router.http_post("/appeals/:id/open", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    std::string reason = CleanField((*form)["reason"]);
    if (Utf8Length(reason) < 5) {
      mstch::map d{{"id", std::string(params["id"])}, {"error", http::T(w.lang, "err_reason_required")}};
      return http::SendHtml(req, restinio::status_unprocessable_entity(),
                            RenderPage("appeal_reason", w.Page("reason_title"), d), w.set_cookies);
    }
    return ShowAppeal(app, req, w, std::string(params["id"]), reason, false);
  });
}

}  // namespace sabt::web
