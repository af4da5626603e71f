#include "web/audit/journal_views.h"

#include "app/audit/journal_viewer.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "web/form_errors.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;
using Handled = restinio::request_handling_status_t;

Handled Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st, const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}, {"signed_in", w.who.has_value()}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

std::string Field(const std::map<std::string, std::string>& form, const char* k) {
  auto it = form.find(k);
  return it == form.end() ? std::string() : it->second;
}

// A kind in words ("Viewed with a reason"), or the code when the catalogue has none.
std::string KindWords(const std::string& lang, const std::string& kind) {
  std::string words = http::T(lang, "kind_" + kind);
  return words == "kind_" + kind ? kind : words;
}

Handled ViewerPage(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                   const std::map<std::string, std::string>& form, const app::JournalView* view) {
  bool access = Field(form, "scope") != "all";
  mstch::map d{{"v_user", Field(form, "user")},     {"v_from", Field(form, "from")},
               {"v_to", Field(form, "to")},         {"v_record", Field(form, "record")},
               {"v_reason", Field(form, "reason")}, {"scope_access", access},
               {"scope_all", !access}};
  if (view) {
    domain::Problems named;
    for (const auto& p : view->problems) named.push_back({"aud_" + p.field, p.code});
    AddFormErrors(d, named, w.lang);
    if (view->problems.empty()) {
      mstch::array rows;
      for (const auto& r : view->rows) {
        std::string record = r.record_kind.empty() ? std::string() : http::T(w.lang, "aud_record_" + r.record_kind);
        if (record == "aud_record_" + r.record_kind) record = r.record_kind;
        rows.push_back(mstch::map{{"idx", std::to_string(r.idx)},
                                  {"at", DisplayTime(r.at)},
                                  {"kind", KindWords(w.lang, r.kind)},
                                  {"user", r.actor_name},
                                  {"subject", r.subject},
                                  {"record_kind", record},
                                  {"reason", r.reason},
                                  {"erased", r.erased}});
      }
      d["shown"] = true;
      d["rows"] = rows;
      d["no_rows"] = rows.empty();
      d["access"] = access;
      if (view->next_before > 0) d["older"] = std::to_string(view->next_before);
      if (!Field(form, "before").empty()) d["paged"] = true;
    }
  }
  return http::SendHtml(req, std::move(st), RenderPage("audit_journal", w.Page("aud_title"), d), w.set_cookies);
}

}  // namespace

void AddAuditRoutes(http::Router& router, app::App& app) {
  router.http_get("/audit/journal", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kReadEntryHeaders))
      return Message(req, w, restinio::status_forbidden(), "err_denied");
    return ViewerPage(req, w, restinio::status_ok(), {}, nullptr);
  });

  router.http_post("/audit/journal", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    if (!domain::Allows(w.who->role, domain::Action::kReadEntryHeaders))
      return Message(req, w, restinio::status_forbidden(), "err_denied");
    app::JournalQuery q;
    q.username = Field(*form, "user");
    q.from_date = Field(*form, "from");
    q.to_date = Field(*form, "to");
    q.record = Field(*form, "record");
    q.access_only = Field(*form, "scope") != "all";
    q.reason = Field(*form, "reason");
    const std::string before = Field(*form, "before");
    if (!before.empty() && before.size() < 19 && before.find_first_not_of("0123456789") == std::string::npos)
      q.before = std::stoll(before);
    auto view = app::ViewJournal(app, *w.who, q);
    if (!view.ok()) return Message(req, w, restinio::status_internal_server_error(), "err_internal");
    auto st = view->problems.empty() ? restinio::status_ok() : restinio::status_unprocessable_entity();
    return ViewerPage(req, w, st, *form, &*view);
  });
}

}  // namespace sabt::web
