// Pages of the crime register (issue #4): list with its working lists, the
// registration form, a report with its decisions, a case, the oversight view
// and the classifier. Every form carries the CSRF token; all data goes
// through mstch escaping.
#include "web/crime_views.h"

#include <set>

#include "app/appeal_steps.h"
#include "app/crime.h"
#include "app/crime_classifier.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/text.h"
#include "domain/appeal.h"
#include "web/crime/receipt_route.h"
#include "web/crime/step_cards.h"
#include "web/form_errors.h"
#include "web/history_words.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;
using Handled = restinio::request_handling_status_t;

Handled ErrorPage(const Req& req, const WebRequest& w, restinio::http_status_line_t st, const std::string& key,
                  const std::string& detail = "") {
  mstch::map d{{"message", detail.empty() ? http::T(w.lang, key) : detail}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

Handled StatusPage(const Req& req, const WebRequest& w, const Status& st) {
  switch (st.code()) {
    case Code::kNotFound: return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    case Code::kDenied: return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    case Code::kConflict: return ErrorPage(req, w, restinio::status_conflict(), "steps_title", st.message());
    case Code::kInvalid: return ErrorPage(req, w, restinio::status_unprocessable_entity(), "steps_title", st.message());
    default: return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
  }
}

std::string Pick(const std::string& lang, const std::string& tg, const std::string& ru, const std::string& en) {
  return lang == "ru" ? ru : lang == "en" ? en : tg;
}

std::string ArticleTitle(const app::Classifier& cl, const std::string& article, const std::string& part,
                         const std::string& lang) {
  const auto* a = cl.Find(article, part);
  return a ? Pick(lang, a->title_tg, a->title_ru, a->title_en) : std::string();
}

mstch::array QualificationOptions(const app::Classifier& cl, const std::string& lang, const std::string& selected) {
  mstch::array out;
  for (const auto& a : cl.articles) {
    std::string code = a.article + "|" + a.part;
    out.push_back(mstch::map{{"code", code},
                             {"name", a.article + "." + a.part + " — " + Pick(lang, a.title_tg, a.title_ru, a.title_en) +
                                          " (" + http::T(lang, "cr_sev_" + a.severity) + ")"},
                             {"selected", code == selected}});
  }
  return out;
}

std::pair<std::string, std::string> SplitQualification(const std::string& q) {
  size_t bar = q.find('|');
  if (bar == std::string::npos) return {q, ""};
  return {q.substr(0, bar), q.substr(bar + 1)};
}

mstch::map RowMap(app::App& app, const nlohmann::json& j, const std::string& lang) {
  auto s = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  auto snap = app.catalog().Get();
  const auto* dept = snap->tree.Find(s("department"));
  std::string flags;
  for (const auto& f : j.value("flags", nlohmann::json::array())) flags += http::T(lang, "cr_flag_" + f.get<std::string>()) + " ";
  // A report still under check past its due day is late by so many days.
  std::string late;
  auto due = ParseDate(s("due_date"));
  int64_t today = app::Today(app);
  if (s("status") == "checking" && due.ok() && today > *due) late = std::to_string(today - *due);
  return mstch::map{{"late", late},
                    {"overdue", !late.empty()},{"id", s("id")},
                    {"kind", s("kind")},
                    {"number", s("number")},
                    {"department", dept ? dept->Name(lang) : s("department")},
                    {"status", http::T(lang, "cr_status_" + s("status"))},
                    {"status_code", s("status")},
                    {"received_at", DisplayTime(s("received_at"))},
                    {"due_date", s("due_date")},
                    {"qualification", s("article").empty() ? std::string("—") : s("article") + "." + s("part")},
                    {"severity", s("severity").empty() ? std::string() : http::T(lang, "cr_sev_" + s("severity"))},
                    {"reporter", s("reporter_name")},
                    {"flags", flags}};
}

mstch::array Rows(app::App& app, const std::vector<store::CrimeRecordRow>& rows, bool personal, const std::string& lang) {
  mstch::array out;
  for (const auto& r : rows) out.push_back(RowMap(app, app::CrimeJson(app, r, personal), lang));
  return out;
}

mstch::array History(app::App& app, const std::string& id, const std::string& lang) {
  auto h = app::AppealHistory(app, id);
  return h.ok() ? HistoryRows(app, *h, lang) : mstch::array{};
}

Handled FormPage(app::App& app, const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                 std::map<std::string, std::string> values, const domain::Problems& problems) {
  auto cl = app::LoadClassifier(app);
  if (!cl.ok()) return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
  mstch::map d;
  // The reporter's inputs carry the applicant's ids (surname, phone, …).
  AddFormErrors(d, problems, w.lang, "cr_field_", [](const std::string& f) {
    return f.rfind("reporter.", 0) == 0 ? f.substr(9) : f;
  });
  d["max_summary"] = std::to_string(domain::kMaxSummaryLength);
  if (!values.count("received_at")) values["received_at"] = FormatLocalInput(app.clock().NowMillis());
  for (const auto& [k, v] : values) d["v_" + k] = v;
  mstch::array sources;
  std::string src = values.count("source") ? values["source"] : "walk_in";
  for (const char* s : {"walk_in", "phone", "on_scene"})
    sources.push_back(mstch::map{{"code", std::string(s)}, {"name", http::T(w.lang, std::string("cr_source_") + s)},
                                 {"selected", src == s}});
  d["sources"] = sources;
  d["qualifications"] = QualificationOptions(*cl, w.lang, values["qualification"]);
  d["sample"] = cl->sample;
  return http::SendHtml(req, std::move(st), RenderPage("crime_new", w.Page("cr_new_title"), d), w.set_cookies);
}

// Investigators who may take a case of `department` (its subtree and the
// departments above it), for the open-case and assign cards.
mstch::array InvestigatorOptions(app::App& app, const std::string& department, const std::string& chosen,
                                 const std::string& placeholder) {
  mstch::array out;
  if (!placeholder.empty()) out.push_back(mstch::map{{"code", std::string()}, {"name", placeholder}, {"selected", chosen.empty()}});
  auto tx = app.store().Read();
  auto snap = app.catalog().Get();
  if (!tx.ok()) return out;
  auto users = (*tx)->Users();
  if (!users.ok()) return out;
  for (const auto& u : *users)
    if (!u.disabled && u.role == "investigator" &&
        (snap->tree.InScope(department, u.department) || snap->tree.InScope(u.department, department)))
      out.push_back(mstch::map{{"code", u.username}, {"name", u.display_name}, {"selected", u.username == chosen}});
  return out;
}

mstch::array CodeOptions(const std::vector<std::pair<std::string, std::string>>& items, const std::string& chosen) {
  mstch::array out;
  for (const auto& [code, name] : items)
    out.push_back(mstch::map{{"code", code}, {"name", name}, {"selected", code == chosen}});
  return out;
}

Handled ShowReport(app::App& app, const Req& req, const WebRequest& w, const std::string& id, const std::string& reason,
                   bool just_created, const CrimeStepFailure* failed = nullptr) {
  auto r = app::GetCrimeRecord(app, *w.who, id, "report", reason);
  if (!r.ok()) {
    if (r.status().message() == "reason_required") {
      mstch::map d{{"action", "/crime/reports/" + id + "/open"}};
      return http::SendHtml(req, restinio::status_ok(), RenderPage("crime_reason", w.Page("reason_title"), d), w.set_cookies);
    }
    return StatusPage(req, w, r.status());
  }
  auto j = app::CrimeJson(app, *r, true);
  auto s = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  mstch::map d = RowMap(app, j, w.lang);
  auto cl = app::LoadClassifier(app, j.value("classifier_version", int64_t{0}));
  auto current = app::LoadClassifier(app);
  d["just_created"] = just_created;
  d["title"] = cl.ok() ? ArticleTitle(*cl, s("article"), s("part"), w.lang) : std::string();
  d["classifier_version"] = std::to_string(j.value("classifier_version", int64_t{0}));
  d["source"] = http::T(w.lang, "cr_source_" + s("source"));
  d["event_at"] = DisplayTime(s("event_at"));
  d["registered_at"] = DisplayTime(s("registered_at"));
  d["officer"] = s("officer_name");
  d["check_days"] = std::to_string(j.value("check_days", int64_t{0}));
  d["extended"] = j.value("extended", false);
  d["place"] = j["place"].value("address", std::string());
  d["coordinates"] = j["place"]["lat"].is_number() ? j["place"]["lat"].dump() + ", " + j["place"]["lon"].dump() : std::string();
  d["account"] = s("account");
  for (const char* k : {"appeal_id", "appeal_number", "case_id", "case_number", "transferred_to_number", "from_number",
                        "accept_by", "target_department", "refusal_ground"})
    d[k] = s(k);
  if (!s("refusal_ground").empty()) {
    auto snap = app.catalog().Get();
    d["refusal_ground"] = snap->ItemName(snap->refusal_grounds, s("refusal_ground"), w.lang);
  }
  auto steps = app::ReportStepsFor(app, *w.who, *r);
  d["has_steps"] = !steps.empty();
  for (const auto& st : steps) d["step_" + st] = true;
  auto snap = app.catalog().Get();
  std::vector<std::pair<std::string, std::string>> grounds, depts;
  for (const auto& g : snap->refusal_grounds) grounds.emplace_back(g.code, Pick(w.lang, g.name_tg, g.name_ru, g.name_en));
  for (const auto& [dp, depth] : snap->tree.Ordered())
    if (dp->kind == domain::DepartmentKind::kDistrict && dp->code != r->department && !dp->closed())
      depts.emplace_back(dp->code, dp->Name(w.lang));
  d["grounds"] = CodeOptions(grounds, TypedValue(failed, "refuse", "ground"));
  d["departments"] = CodeOptions(depts, TypedValue(failed, "transfer", "department"));
  std::string qual = TypedValue(failed, "open_case", "qualification");
  if (current.ok())
    d["qualifications"] = QualificationOptions(*current, w.lang, qual.empty() ? s("article") + "|" + s("part") : qual);
  // The new case's investigator: an investigator opening it is its
  // investigator (the rule); a head chooses one.
  if (w.who->role == domain::Role::kInvestigator)
    d["investigators"] = mstch::array{mstch::map{{"code", w.who->user.username}, {"name", w.who->user.display_name},
                                                 {"selected", true}}};
  else
    d["investigators"] = InvestigatorOptions(app, r->department, TypedValue(failed, "open_case", "investigator"),
                                             http::T(w.lang, "choose_investigator"));
  d["has_reporter"] = !r->person_id.empty();
  // The reporter's receipt, for the staff who print it (never oversight).
  d["verification_code"] = domain::IsOversight(w.who->role) ? std::string() : s("verification_code");
  auto limits = snap->CrimeLimits();
  d["max_days"] = std::to_string(domain::MaxCheckDays(w.who->role, limits));
  d["history"] = History(app, r->id, w.lang);
  restinio::http_status_line_t st = restinio::status_ok();
  if (failed) {
    AddCrimeStepFailure(*failed, http::T(w.lang, "cr_status_" + r->status), w.lang, d);
    st = failed->refusal.ok() ? restinio::status_unprocessable_entity() : restinio::status_conflict();
  }
  return http::SendHtml(req, std::move(st), RenderPage("crime_report", w.Page("cr_report_title"), d), w.set_cookies);
}

Handled ShowCase(app::App& app, const Req& req, const WebRequest& w, const std::string& id, const std::string& reason,
                 const CrimeStepFailure* failed = nullptr) {
  auto r = app::GetCrimeRecord(app, *w.who, id, "case", reason);
  if (!r.ok()) {
    if (r.status().message() == "reason_required") {
      mstch::map d{{"action", "/crime/cases/" + id + "/open"}};
      return http::SendHtml(req, restinio::status_ok(), RenderPage("crime_reason", w.Page("reason_title"), d), w.set_cookies);
    }
    return StatusPage(req, w, r.status());
  }
  auto j = app::CrimeJson(app, *r, true);
  auto s = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  mstch::map d = RowMap(app, j, w.lang);
  auto cl = app::LoadClassifier(app, j.value("classifier_version", int64_t{0}));
  d["title"] = cl.ok() ? ArticleTitle(*cl, s("article"), s("part"), w.lang) : std::string();
  d["report_id"] = s("report_id");
  d["report_number"] = s("report_number");
  d["opened_at"] = DisplayTime(s("opened_at"));
  d["investigator"] = s("investigator_name");
  d["status_ground"] = s("status_ground");
  d["solved"] = j["solved"].is_boolean() ? http::T(w.lang, j["solved"].get<bool>() ? "cr_solved_yes" : "cr_solved_no") +
                                               (s("solved_date").empty() ? "" : " (" + s("solved_date") + ")")
                                         : std::string("—");
  mstch::array persons;
  for (const auto& p : j["persons"])
    persons.push_back(mstch::map{{"name", p.value("name", std::string())},
                                 {"role", http::T(w.lang, "cr_role_" + p.value("role", std::string()))}});
  d["persons"] = persons;
  auto steps = app::CaseStepsFor(app, *w.who, *r);
  d["has_steps"] = !steps.empty();
  for (const auto& st : steps) d["step_" + st] = true;
  std::vector<std::pair<std::string, std::string>> roles, statuses;
  for (const char* x : {"suspect", "accused", "victim", "witness", "complainant"})
    roles.emplace_back(x, http::T(w.lang, std::string("cr_role_") + x));
  for (const char* x : {"investigating", "suspended", "in_court", "closed"})
    if (r->status != x) statuses.emplace_back(x, http::T(w.lang, std::string("cr_status_") + x));
  d["investigators"] = InvestigatorOptions(app, r->department, TypedValue(failed, "assign", "investigator"), "");
  d["roles"] = CodeOptions(roles, TypedValue(failed, "add_person", "role"));
  d["statuses"] = CodeOptions(statuses, TypedValue(failed, "status", "status"));
  std::string solved = TypedValue(failed, "solved", "solved");
  d["solved_choices"] = CodeOptions({{"true", http::T(w.lang, "cr_solved_yes")}, {"false", http::T(w.lang, "cr_solved_no")}},
                                    solved.empty() ? "true" : solved);
  auto current = app::LoadClassifier(app);
  std::string qual = TypedValue(failed, "requalify", "qualification");
  if (current.ok())
    d["qualifications"] = QualificationOptions(*current, w.lang, qual.empty() ? s("article") + "|" + s("part") : qual);
  if (!failed || failed->step != "solved") d["sv_solved_date"] = FormatDay(app::Today(app));
  d["history"] = History(app, r->id, w.lang);
  restinio::http_status_line_t st = restinio::status_ok();
  if (failed) {
    AddCrimeStepFailure(*failed, http::T(w.lang, "cr_status_" + r->status), w.lang, d);
    st = failed->refusal.ok() ? restinio::status_unprocessable_entity() : restinio::status_conflict();
  }
  return http::SendHtml(req, std::move(st), RenderPage("crime_case", w.Page("cr_case_title"), d), w.set_cookies);
}

app::StepFields StepFieldsFromForm(std::map<std::string, std::string> f) {
  if (f.count("qualification")) {
    auto [a, p] = SplitQualification(f["qualification"]);
    f["article"] = a;
    f["part"] = p;
  }
  // An unticked box sends nothing: the hidden marker says the box was there.
  if (f.count("victim_box") && !f.count("link_victim")) f["link_victim"] = "no";
  f.erase("csrf");
  return f;
}

}  // namespace

void AddCrimeRoutes(http::Router& router, app::App& app) {
  AddCrimeReceiptRoute(router, app);  // the reporter's receipt (PDF)
  router.http_get("/crime", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto query = http::ParseQuery(req);
    std::string list = query["list"];
    if (list.empty()) list = "all";
    // Pages, newest first: `before` pages the reports, `cbefore` the cases.
    int64_t before = 0, cbefore = 0;
    if ((!query["before"].empty() && !ParseInt64(query["before"], &before)) ||
        (!query["cbefore"].empty() && !ParseInt64(query["cbefore"], &cbefore)))
      return ErrorPage(req, w, restinio::status_bad_request(), "err_bad_filter");
    auto page = app::ListCrime(app, *w.who, "report", list, before);
    if (!page.ok()) return StatusPage(req, w, page.status());
    // The working lists (due today, overdue, refusals, …) are lists of
    // reports under check: a case is in none of them, so the cases table
    // follows the list (empty) instead of showing every case under it.
    bool all = list == "all";
    auto case_page = all ? app::ListCrime(app, *w.who, "case", "all", cbefore) : Result<app::CrimePage>(app::CrimePage{});
    if (!case_page.ok()) return StatusPage(req, w, case_page.status());
    const auto& rows = page->rows;
    const auto& cases = case_page->rows;
    bool personal = !domain::IsOversight(w.who->role);
    mstch::array tabs;
    for (const char* t : {"all", "due_today", "overdue", "extended", "inbox", "refusals"})
      tabs.push_back(mstch::map{{"code", std::string(t)}, {"name", http::T(w.lang, std::string("cr_list_") + t)},
                                {"current", list == t}});
    mstch::map d{{"tabs", tabs},
                 {"rows", Rows(app, rows, personal, w.lang)},
                 {"empty", rows.empty()},
                 {"cases", Rows(app, cases, personal, w.lang)},
                 {"no_cases", cases.empty()},
                 {"cases_filtered", !all},
                 {"list", list},
                 {"first_page", before == 0},
                 {"next_before", page->next_before > 0 ? std::to_string(page->next_before) : std::string()},
                 {"cases_first_page", cbefore == 0},
                 {"cases_next_before",
                  case_page->next_before > 0 ? std::to_string(case_page->next_before) : std::string()},
                 {"personal", personal},
                 {"can_register", domain::Allows(w.who->role, domain::Action::kRegisterCrime)},
                 {"can_oversee", domain::Allows(w.who->role, domain::Action::kOverseeCrime)}};
    return http::SendHtml(req, restinio::status_ok(), RenderPage("crime_list", w.Page("cr_title"), d), w.set_cookies);
  });

  router.http_get("/crime/new", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kRegisterCrime))
      return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    return FormPage(app, req, w, restinio::status_ok(), {}, {});
  });

  router.http_post("/crime/reports", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    auto& f = *form;
    domain::CrimeReportInput in;
    in.source = f["source"];
    in.reporter = {f["surname"], f["given_name"], f["patronymic"], f["birth_date"], f["address"], f["phone"], f["id_document"]};
    in.event_at = f["event_at"];
    in.received_at = f["received_at"];
    in.place_address = f["place"];
    in.lat = f["lat"];
    in.lon = f["lon"];
    in.account = f["account"];
    std::tie(in.article, in.part) = SplitQualification(f["qualification"]);
    auto o = app::RegisterCrimeReport(app, *w.who, in);
    if (!o.problems.empty()) {
      f.erase("csrf");
      return FormPage(app, req, w, restinio::status_unprocessable_entity(), f, o.problems);
    }
    if (!o.reply.ok()) return StatusPage(req, w, o.reply.status());
    return http::Redirect(req, "/crime/reports/" + (*o.reply)["id"].get<std::string>() + "?new=1", w.set_cookies);
  });

  router.http_get("/crime/reports/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return ShowReport(app, req, w, std::string(params["id"]), "", http::ParseQuery(req)["new"] == "1");
  });

  router.http_get("/crime/cases/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return ShowCase(app, req, w, std::string(params["id"]), "");
  });

  for (const char* kind : {"reports", "cases"}) {
    std::string k(kind);
    router.http_post("/crime/" + k + "/:id/step", [&app, k](const Req& req, auto params) {
      WebRequest w = LoadWebRequest(app, req);
      if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
      auto form = http::ParseForm(req->body());
      if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
      std::string id(params["id"]);
      auto f = StepFieldsFromForm(*form);
      auto o = k == "reports" ? app::TakeReportStep(app, *w.who, id, f) : app::TakeCaseStep(app, *w.who, id, f);
      std::string step = f.count("step") ? f.at("step") : std::string();
      bool known = k == "reports" ? domain::ParseReportStep(step).has_value()
                                  : (step == "assign" || step == "add_person" || step == "status" || step == "solved" ||
                                     step == "requalify");
      // A failed step shows the record again, its card with its errors
      // (docs/interface.md §3); access errors keep their own pages.
      if (!o.reply.ok() && known) {
        Code c = o.reply.status().code();
        if (!o.problems.empty() || c == Code::kInvalid || c == Code::kConflict) {
          auto failure = CrimeFailureOf(step, *form, o);
          failure.values.erase("csrf");
          return k == "reports" ? ShowReport(app, req, w, id, "", false, &failure)
                                : ShowCase(app, req, w, id, "", &failure);
        }
      }
      if (!o.problems.empty()) return ErrorPage(req, w, restinio::status_unprocessable_entity(), "err_bad_filter");
      if (!o.reply.ok()) return StatusPage(req, w, o.reply.status());
      bool opened = o.reply->contains("case_id") && (*o.reply)["status"] == "case_opened";
      SetFlash(w, opened ? "flash_crime_case_opened" : "flash_crime_" + step);
      if (opened)
        return http::Redirect(req, "/crime/cases/" + (*o.reply)["case_id"].get<std::string>(), w.set_cookies);
      if (o.reply->contains("report_id"))
        return http::Redirect(req, "/crime/reports/" + (*o.reply)["report_id"].get<std::string>(), w.set_cookies);
      return http::Redirect(req, "/crime/" + k + "/" + id, w.set_cookies);
    });
    // Oversight roles state why they open a record; the reason is journaled
    // before the page with personal data is sent.
    router.http_post("/crime/" + k + "/:id/open", [&app, k](const Req& req, auto params) {
      WebRequest w = LoadWebRequest(app, req);
      if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
      auto form = http::ParseForm(req->body());
      if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
      std::string id(params["id"]);
      std::string reason = CleanField((*form)["reason"]);
      if (Utf8Length(reason) < 5) {
        mstch::map d{{"action", "/crime/" + k + "/" + id + "/open"}, {"error", http::T(w.lang, "err_reason_required")}};
        return http::SendHtml(req, restinio::status_unprocessable_entity(),
                              RenderPage("crime_reason", w.Page("reason_title"), d), w.set_cookies);
      }
      return k == "reports" ? ShowReport(app, req, w, id, reason, false) : ShowCase(app, req, w, id, reason);
    });
  }

  router.http_get("/crime/oversight", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto lists = app::CrimeOversight(app, *w.who);
    if (!lists.ok()) return StatusPage(req, w, lists.status());
    mstch::array sections;
    for (const char* name : {"overdue", "refusals_pending", "refusals", "refusals_annulled", "transfers_stale",
                             "downgrades", "late_edits"}) {
      auto rows = Rows(app, (*lists)[name], false, w.lang);
      sections.push_back(mstch::map{{"id", std::string(name)}, {"title", http::T(w.lang, std::string("cr_ov_") + name)},
                                    {"rows", rows}, {"empty", rows.empty()}, {"count", std::to_string(rows.size())}});
    }
    mstch::map d{{"sections", sections}};
    return http::SendHtml(req, restinio::status_ok(), RenderPage("crime_oversight", w.Page("cr_ov_title"), d), w.set_cookies);
  });

  router.http_get("/crime/classifier", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto cl = app::LoadClassifier(app);
    if (!cl.ok()) return StatusPage(req, w, cl.status());
    mstch::array rows;
    for (const auto& a : cl->articles)
      rows.push_back(mstch::map{{"article", a.article}, {"part", a.part},
                                {"severity", http::T(w.lang, "cr_sev_" + a.severity)},
                                {"title", Pick(w.lang, a.title_tg, a.title_ru, a.title_en)}});
    mstch::map d{{"version", std::to_string(cl->version)}, {"sample", cl->sample}, {"rows", rows}};
    return http::SendHtml(req, restinio::status_ok(), RenderPage("crime_classifier", w.Page("cr_classifier_title"), d),
                          w.set_cookies);
  });
}

}  // namespace sabt::web
