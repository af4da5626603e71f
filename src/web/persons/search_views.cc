#include "web/persons/search_views.h"

#include <algorithm>
#include <cstdio>

#include "app/persons/merge.h"
#include "app/persons/search.h"
#include "domain/appeal.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/text.h"
#include "web/web_session.h"
#include "web/error_pages.h"

namespace sabt::web {
namespace {

using http::Req;

std::string Time(const std::string& rfc3339) {
  if (rfc3339.empty()) return {};
  auto ms = ParseRfc3339(rfc3339);
  return ms.ok() ? FormatLocal(*ms) : rfc3339;
}

std::string DepartmentName(app::App& app, const std::string& code, const std::string& lang) {
  const auto* d = app.catalog().Get()->tree.Find(code);
  return d ? d->Name(lang) : code;
}

std::string FullName(const store::PersonRow& p) {
  std::string n = p.surname + " " + p.given_name;
  if (!p.patronymic.empty()) n += " " + p.patronymic;
  return n;
}

std::string Href(const std::string& kind, const std::string& id) {
  if (kind == "appeal") return "/appeals/" + id;
  if (kind == "report") return "/crime/reports/" + id;
  return "/crime/cases/" + id;
}

std::string RoleText(const std::string& lang, const std::string& role) {
  if (role == "applicant") return http::T(lang, "col_applicant");
  if (role == "reporter") return http::T(lang, "cr_field_reporter");
  return http::T(lang, "cr_role_" + role);
}

std::string Score(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", s * 100);
  return buf;
}

std::string Why(const std::vector<std::string>& why) {
  std::string out;
  for (const auto& w : why) {
    if (w.size() > 8 && w.compare(w.size() - 8, 8, ":missing") == 0) continue;
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

mstch::map PersonItem(const app::persons::PersonResult& p) {
  return {{"id", p.master_id}, {"name", FullName(p.person)}, {"birth_date", p.person.birth_date},
          {"score", Score(p.score)}, {"why", Why(p.why)}};
}

restinio::request_handling_status_t SearchPage(app::App& app, const Req& req, const WebRequest& w,
                                               const std::string& q, const std::string& reason) {
  const bool oversight = domain::IsOversight(w.who->role);
  mstch::map d{{"q", q}, {"reason", reason}, {"oversight", oversight}, {"method", std::string(oversight ? "post" : "get")}};
  if (!CleanField(q).empty() && (!oversight || !CleanField(reason).empty())) {
    auto found = app::persons::SearchAll(app, *w.who, q, reason);
    if (!found.ok()) {
      if (found.status().code() != Code::kInvalid) return FailurePage(req, w, found.status());
      d["error"] = http::T(w.lang, "err_not_found");
    } else {
      mstch::array persons, records;
      for (const auto& p : found->persons) persons.push_back(PersonItem(p));
      for (const auto& r : found->records)
        records.push_back(mstch::map{{"href", Href(r.kind, r.id)}, {"number", r.number},
                                     {"kind", http::T(w.lang, "kind_" + r.kind)}, {"at", Time(r.at)},
                                     {"department", DepartmentName(app, r.department, w.lang)},
                                     {"match", http::T(w.lang, "match_" + r.match)}});
      d["searched"] = true;
      d["none"] = persons.empty() && records.empty();
      d["has_persons"] = !persons.empty();
      d["has_records"] = !records.empty();
      d["persons"] = persons;
      d["records"] = records;
    }
  }
  return http::SendHtml(req, restinio::status_ok(), RenderPage("search", w.Page("search_title"), d), w.set_cookies);
}

// The master person page; `error` is a failed merge form's message.
restinio::request_handling_status_t MasterPage(app::App& app, const Req& req, const WebRequest& w,
                                               const std::string& id, const std::string& reason,
                                               restinio::http_status_line_t st, const std::string& error) {
  auto v = app::persons::GetMaster(app, *w.who, id, reason);
  if (!v.ok()) {
    if (v.status().message() == "reason_required") {
      mstch::map d{{"id", id}, {"action", "/persons/" + id + "/open"}};
      return http::SendHtml(req, restinio::status_ok(), RenderPage("person_reason", w.Page("reason_title"), d),
                            w.set_cookies);
    }
    return FailurePage(req, w, v.status());
  }
  store::PersonRow shown;
  for (const auto& r : v->rows)
    if (shown.surname.empty() || (r.id == v->master_id && !r.surname.empty())) shown = r;
  mstch::array records, rows, merges, similar;
  for (const auto& r : v->refs)
    records.push_back(mstch::map{{"href", Href(r.kind, r.record_id)}, {"number", r.number},
                                 {"kind", http::T(w.lang, "kind_" + r.kind)}, {"role", RoleText(w.lang, r.role)},
                                 {"at", Time(r.at)}, {"department", DepartmentName(app, r.department, w.lang)}});
  for (const auto& r : v->rows)
    rows.push_back(mstch::map{{"name", FullName(r)}, {"birth_date", r.birth_date}, {"id_document", r.id_document}});
  mstch::map d{{"id", v->master_id},
               {"name", FullName(shown)},
               {"birth_date", shown.birth_date},
               {"address", shown.address},
               {"phone", domain::DisplayPhone(shown.phone)},
               {"id_document", shown.id_document},
               {"records", records},
               {"count", std::to_string(records.size())},
               {"rows", rows},
               {"row_count", std::to_string(rows.size())}};
  if (domain::Allows(w.who->role, domain::Action::kMergePersons)) {
    d["head"] = true;
    if (!error.empty()) d["error"] = error;
    for (const auto& m : v->merges) {
      std::string names;
      for (const auto& r : v->rows)
        if (std::find(m.persons.begin(), m.persons.end(), r.id) != m.persons.end())
          names += (names.empty() ? "" : "; ") + FullName(r);
      merges.push_back(mstch::map{{"master", v->master_id}, {"merge", std::to_string(m.entry_idx)}, {"names", names}});
    }
    auto like = app::persons::SearchPersons(app, *w.who, FullName(shown), shown.birth_date, "");
    if (like.ok())
      for (const auto& p : *like)
        if (p.master_id != v->master_id) {
          mstch::map item = PersonItem(p);
          item["master"] = v->master_id;
          similar.push_back(item);
        }
    d["has_merges"] = !merges.empty();
    d["merges"] = merges;
    d["has_similar"] = !similar.empty();
    d["similar"] = similar;
  }
  return http::SendHtml(req, std::move(st), RenderPage("person_master", w.Page("master_title"), d), w.set_cookies);
}

}  // namespace

void AddPersonSearchRoutes(http::Router& router, app::App& app) {
  AddIntakeHintRoute(router, app);
  router.http_get("/search", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kSearchPersons))
      return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    auto q = http::ParseQuery(req);
    // An oversight search journals what it shows: only by the POST form.
    return SearchPage(app, req, w, domain::IsOversight(w.who->role) ? "" : q["q"], "");
  });

  router.http_post("/search", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    if (!domain::Allows(w.who->role, domain::Action::kSearchPersons))
      return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    return SearchPage(app, req, w, (*form)["q"], (*form)["reason"]);
  });

  router.http_get("/persons/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return MasterPage(app, req, w, std::string(params["id"]), "", restinio::status_ok(), "");
  });

  router.http_post("/persons/:id/open", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
    std::string id(params["id"]);
    std::string reason = CleanField((*form)["reason"]);
    if (Utf8Length(reason) < 5) {
      mstch::map d{{"id", id}, {"action", "/persons/" + id + "/open"}, {"error", http::T(w.lang, "err_reason_required")}};
      return http::SendHtml(req, restinio::status_unprocessable_entity(),
                            RenderPage("person_reason", w.Page("reason_title"), d), w.set_cookies);
    }
    return MasterPage(app, req, w, id, reason, restinio::status_ok(), "");
  });

  for (const char* action : {"merge", "unmerge"}) {
    const bool merge = std::string(action) == "merge";
    router.http_post(std::string("/persons/:id/") + action, [&app, merge](const Req& req, auto params) {
      WebRequest w = LoadWebRequest(app, req);
      if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
      auto form = http::ParseForm(req->body());
      if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_csrf");
      std::string id(params["id"]);
      Result<nlohmann::json> r = Status::Invalid("bad_merge");
      if (merge) {
        r = app::persons::MergePersons(app, *w.who, id, (*form)["from"], (*form)["reason"]);
      } else {
        int64_t idx = 0;
        if (ParseInt64((*form)["merge"], &idx)) r = app::persons::UnmergePersons(app, *w.who, idx, (*form)["reason"]);
      }
      if (!r.ok()) {
        if (r.status().code() != Code::kInvalid) return FailurePage(req, w, r.status());
        return MasterPage(app, req, w, id, "", restinio::status_unprocessable_entity(),
                          http::T(w.lang, "err_merge_invalid"));
      }
      SetFlash(w, merge ? "flash_person_merged" : "flash_person_unmerged");
      return http::Redirect(req, "/persons/" + r->value("into", id), w.set_cookies);
    });
  }
}

void AddSimilarAppealsHint(app::App& app, const WebRequest& w, const std::string& appeal_id, mstch::map& d) {
  if (!w.who) return;
  auto similar = app::persons::SimilarAppealsOf(app, *w.who, appeal_id);
  if (!similar.ok() || similar->empty()) return;
  std::string hint = SimilarAppealsText(w.lang, similar->size());
  mstch::array links;
  for (const auto& r : *similar) links.push_back(mstch::map{{"href", Href(r.kind, r.record_id)}, {"number", r.number}});
  d["similar_hint"] = hint;
  d["similar"] = links;
}

}  // namespace sabt::web
