#include "web/appeal_extra_views.h"
#include "web/upload_form.h"

#include <optional>
#include <set>


#include "app/appeal_lists.h"
#include "app/appeals.h"
#include "app/attachments.h"
#include "app/oversight.h"
#include "web/sync_flag_views.h"
#include "app/persons.h"
#include "domain/file_type.h"
#include "domain/appeal.h"
#include "domain/role.h"
#include "http/client.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/text.h"

namespace sabt::web {
namespace {

using http::Req;

restinio::request_handling_status_t Error(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                          const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

restinio::request_handling_status_t StatusPage(const Req& req, const WebRequest& w, const Status& st) {
  switch (st.code()) {
    case Code::kNotFound: return Error(req, w, restinio::status_not_found(), "err_not_found");
    case Code::kDenied: return Error(req, w, restinio::status_forbidden(), "err_denied");
    case Code::kInvalid: return Error(req, w, restinio::status_unprocessable_entity(), "err_bad_filter");
    default: return Error(req, w, restinio::status_internal_server_error(), "err_internal");
  }
}

std::string Display(const std::string& rfc3339) {
  auto ms = ParseRfc3339(rfc3339);
  return ms.ok() ? FormatLocal(*ms) : rfc3339;
}

std::string Query(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string q;
  for (const auto& [k, v] : pairs) q += (q.empty() ? "" : "&") + k + "=" + http::UrlEncode(v);
  return q;
}

mstch::array Choices(const std::vector<store::ReferenceItem>& items, const std::string& lang, const std::string& sel) {
  mstch::array out;
  for (const auto& it : items)
    out.push_back(mstch::map{{"code", it.code},
                             {"name", lang == "ru" ? it.name_ru : lang == "en" ? it.name_en : it.name_tg},
                             {"selected", it.code == sel}});
  return out;
}

// Options of a tree keep their depth visible (no-break spaces survive).
std::string Indent(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += "\u00a0\u00a0\u00a0";
  return out;
}

// Days past the due day of an appeal still being worked on ("" if none).
std::string DaysLate(const store::AppealRow& a, int64_t today) {
  static const std::set<std::string> kDone = {"answered", "closed", "referred", "forwarded", "returned"};
  if (a.due_day <= 0 || today <= a.due_day || kDone.count(a.status)) return "";
  return std::to_string(today - a.due_day);
}

mstch::map RowMap(app::App& app, const store::AppealRow& a, const std::string& lang, bool names) {
  auto snap = app.catalog().Get();
  const auto* dept = snap->tree.Find(a.department);
  mstch::map m{{"id", a.id},
               {"number", a.number},
               {"department", dept ? dept->Name(lang) : a.department},
               {"channel", snap->ItemName(snap->channels, a.channel, lang)},
               {"category", snap->ItemName(snap->categories, a.category, lang)},
               {"status", http::T(lang, "status_" + a.status)},
               {"received_at", Display(a.received_at)},
               {"due_date", a.due_day > 0 ? FormatDay(a.due_day) : std::string("—")},
               {"extended", a.extended > 0 ? std::to_string(a.extended) : std::string()}};
  if (names) m["applicant"] = a.applicant_name;
  std::string late = DaysLate(a, app.clock().NowMillis() / 86400000);
  m["late"] = late;
  m["overdue"] = !late.empty();
  return m;
}


}  // namespace

restinio::request_handling_status_t AppealListPage(app::App& app, const Req& req, const WebRequest& w) {
  auto q = http::ParseQuery(req);
  auto lr = app::ParseListRequest(q);
  auto list = app::ListAppealsFiltered(app, *w.who, lr, true);
  if (!list.ok()) return StatusPage(req, w, list.status());
  auto snap = app.catalog().Get();
  mstch::array rows;
  for (const auto& a : list->page.rows) rows.push_back(RowMap(app, a, w.lang, !list->names_hidden));
  std::string filter_q = Query(lr.QueryPairs());
  std::string sep = filter_q.empty() ? "" : "&";
  mstch::array statuses;
  for (const char* s : {"registered", "assigned", "in_progress", "answered", "closed", "referred", "forwarded",
                        "returned"})
    statuses.push_back(mstch::map{{"code", std::string(s)}, {"name", http::T(w.lang, std::string("status_") + s)},
                                  {"selected", lr.status == s}});
  mstch::array officers, departments, officer_choices, department_choices;
  std::map<std::string, std::string> usernames;
  {
    auto tx = app.store().Read();
    if (tx.ok()) {
      auto users = (*tx)->Users();
      if (users.ok())
        for (const auto& u : *users) {
          usernames[u.id] = u.username;
          // The officer filter offers the people of the caller's subtree.
          if (!u.disabled && snap->tree.InScope(w.who->user.department, u.department) &&
              (u.role == "investigator" || u.role == "desk_officer" || u.role == "mobile_officer" || u.role == "head"))
            officer_choices.push_back(mstch::map{{"code", u.username}, {"name", u.display_name},
                                                 {"selected", u.username == lr.officer}});
        }
    }
  }
  for (const auto& [dp, depth] : snap->tree.Ordered())
    if (snap->tree.InScope(w.who->user.department, dp->code))
      department_choices.push_back(mstch::map{{"code", dp->code},
                                              {"name", Indent(depth) + dp->Name(w.lang)},
                                              {"selected", dp->code == lr.department}});
  bool filtered = !lr.status.empty() || !lr.category.empty() || !lr.channel.empty() || !lr.series.empty() ||
                  !lr.officer.empty() || !lr.department.empty() || !lr.from.empty() || !lr.to.empty() ||
                  !lr.due.empty() || lr.extended;
  for (const auto& g : list->by_officer)
    officers.push_back(mstch::map{{"name", g.key.empty() ? http::T(w.lang, "unassigned") : g.name},
                                  {"username", usernames[g.key]},
                                  {"has_link", !g.key.empty()},
                                  {"count", std::to_string(g.count)}});
  for (const auto& g : list->by_department) {
    const auto* d = snap->tree.Find(g.key);
    departments.push_back(mstch::map{{"code", g.key}, {"name", d ? d->Name(w.lang) : g.key},
                                     {"count", std::to_string(g.count)}});
  }
  mstch::map d{{"rows", rows},
               {"empty", rows.empty()},
               {"names_hidden", list->names_hidden},
               {"total", std::to_string(list->page.total)},
               {"page", std::to_string(list->page_no)},
               {"pages", std::to_string(list->pages)},
               {"has_prev", list->page_no > 1},
               {"has_next", list->page_no < list->pages},
               {"prev", std::to_string(list->page_no - 1)},
               {"next", std::to_string(list->page_no + 1)},
               {"filter_q", filter_q + sep},
               {"csv_href", "/appeals.csv" + (filter_q.empty() ? std::string() : "?" + filter_q)},
               {"can_register", domain::Allows(w.who->role, domain::Action::kRegisterAppeal)},
               {"statuses", statuses},
               {"categories", Choices(snap->categories, w.lang, lr.category)},
               {"channels", Choices(snap->channels, w.lang, lr.channel)},
               {"v_series", lr.series},
               {"v_officer", lr.officer},
               {"v_department", lr.department},
               {"v_from", lr.from},
               {"v_to", lr.to},
               {"due_soon", lr.due == "soon"},
               {"due_overdue", lr.due == "overdue"},
               {"v_extended", lr.extended},
               {"due_soon_days", std::to_string(list->due_soon_days)},
               {"by_officer", officers},
               {"by_department", departments},
               {"officer_choices", officer_choices},
               {"department_choices", department_choices},
               {"filtered", filtered},
               {"has_counts", !officers.empty()}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("appeals", w.Page("appeals_title"), d), w.set_cookies);
}

void AddAppealPageExtras(app::App& app, const WebRequest& w, const store::AppealRow& a, mstch::map& d) {
  d["person_id"] = a.person_id;
  bool can_attach = !domain::IsOversight(w.who->role) && domain::Allows(w.who->role, domain::Action::kReadAppeal);
  d["can_attach"] = can_attach;
  d["max_attachment_mb"] = std::to_string(domain::kMaxAttachmentBytes >> 20);
  mstch::array files;
  auto list = app::ListAttachments(app, a.id);
  if (list.ok())
    for (const auto& f : *list)
      files.push_back(mstch::map{{"sha256", f.sha256}, {"name", f.name.empty() ? f.sha256.substr(0, 12) : f.name},
                                 {"mime", f.mime}, {"size_kb", std::to_string((f.size + 1023) / 1024)},
                                 {"added_at", Display(f.added_at)}, {"can_download", can_attach}});
  d["attachments"] = files;
  d["has_attachments"] = !files.empty();
  auto tx = app.store().Read();
  if (tx.ok()) {
    auto flags = (*tx)->AppealFlags(a.id);
    if (flags.ok() && flags->has_value()) {
      d["guard_known"] = true;
      d["crime_signs"] = http::T(w.lang, (*flags)->crime_signs ? "yes" : "no");
      d["keyword_flag"] = (*flags)->keyword_flag;
      if (!(*flags)->refer_due.empty()) d["refer_due"] = Display((*flags)->refer_due);
    }
  }
}

void AddAppealExtraRoutes(http::Router& router, app::App& app) {
  router.http_get("/appeals.csv", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    std::string lang = w.lang;
    auto csv = app::ExportAppealsCsv(app, *w.who, app::ParseListRequest(http::ParseQuery(req)), lang,
                                     [&lang](const std::string& k) { return http::T(lang, k); });
    if (!csv.ok()) return StatusPage(req, w, csv.status());
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, "text/csv; charset=utf-8")
        .append_header("Content-Disposition", "attachment; filename=\"appeals.csv\"")
        .set_body(std::move(*csv))
        .done();
  });

  router.http_get("/oversight/appeals", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto q = http::ParseQuery(req);
    int64_t page = 1;
    if (!q["page"].empty() && q["page"].size() < 9 && q["page"].find_first_not_of("0123456789") == std::string::npos)
      page = std::stoll(q["page"]);
    auto list = app::ListCrimeWatch(app, *w.who, page);
    if (!list.ok()) return StatusPage(req, w, list.status());
    mstch::array rows;
    for (const auto& r : list->page.rows) {
      mstch::map m = RowMap(app, r.appeal, w.lang, false);
      std::string why = r.flags.crime_signs ? (r.flags.referred_at.empty() ? "guard_not_referred" : "guard_referred_late")
                                            : "guard_keyword";
      m["reason"] = http::T(w.lang, why);
      m["reason_code"] = why.substr(6);
      m["refer_due"] = r.flags.refer_due.empty() ? std::string("—") : Display(r.flags.refer_due);
      m["referred_at"] = r.flags.referred_at.empty() ? std::string("—") : Display(r.flags.referred_at);
      rows.push_back(m);
    }
    mstch::map d{{"rows", rows},
                 {"empty", rows.empty()},
                 {"total", std::to_string(list->page.total)},
                 {"page", std::to_string(list->page_no)},
                 {"pages", std::to_string(list->pages)},
                 {"has_prev", list->page_no > 1},
                 {"has_next", list->page_no < list->pages},
                 {"prev", std::to_string(list->page_no - 1)},
                 {"next", std::to_string(list->page_no + 1)},
                 {"now", Display(list->now)}};
    AddSyncOversightView(app, w, d);  // conflicts and device alerts (sync-protocol §4a)
    return http::SendHtml(req, restinio::status_ok(), RenderPage("oversight_appeals", w.Page("guard_title"), d),
                          w.set_cookies);
  });

  // /persons/{id}: the master person page, web/persons/search_views.cc (issue 16).

  router.http_post("/appeals/:id/attachments", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto up = ParseUpload(req);
    std::map<std::string, std::string> csrf_form;
    if (up) csrf_form["csrf"] = up->csrf;
    if (!up || !CsrfOk(w, csrf_form)) return Error(req, w, restinio::status_forbidden(), "err_csrf");
    std::string id(params["id"]);
    if (!up->has_file) return Error(req, w, restinio::status_unprocessable_entity(), "err_attachment_empty");
    auto r = app::AddAttachment(app, *w.who, id, up->name, std::move(up->bytes));
    if (!r.ok()) {
      const std::string& m = r.status().message();
      if (m == "attachment_too_large") return Error(req, w, restinio::status_payload_too_large(), "err_attachment_too_large");
      if (m == "attachment_type") return Error(req, w, restinio::status_unsupported_media_type(), "err_attachment_type");
      if (m == "attachment_empty") return Error(req, w, restinio::status_unprocessable_entity(), "err_attachment_empty");
      return StatusPage(req, w, r.status());
    }
    SetFlash(w, "flash_attachment_added");
    return http::Redirect(req, "/appeals/" + id + "#attachments", w.set_cookies);
  });

  router.http_get("/appeals/:id/attachments/:sha", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto q = http::ParseQuery(req);
    auto f = app::GetAttachment(app, *w.who, std::string(params["id"]), std::string(params["sha"]), q["reason"]);
    if (!f.ok()) {
      if (f.status().message() == "reason_required") return Error(req, w, restinio::status_forbidden(), "err_reason_required");
      if (f.status().message() == "attachment_corrupt")
        return Error(req, w, restinio::status_internal_server_error(), "err_attachment_corrupt");
      return StatusPage(req, w, f.status());
    }
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

}  // namespace sabt::web
