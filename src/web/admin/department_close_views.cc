#include "web/admin/department_close_views.h"

#include "app/admin/department_close.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/text.h"
#include "web/error_pages.h"
#include "web/render.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;
using Handled = restinio::request_handling_status_t;

// The department `code` if the admin may close it: strictly below their own
// department. nullptr otherwise (answered 404, like a missing one).
const domain::Department* Closable(const app::CatalogSnapshot& snap, const app::Principal& who,
                                   const std::string& code) {
  const auto* d = snap.tree.Find(code);
  if (d == nullptr || d->code == who.user.department || !snap.tree.InScope(who.user.department, d->code))
    return nullptr;
  return d;
}

// The blockers in the user's language, "2 open appeals" each.
mstch::array BlockerRows(const std::string& lang, const std::vector<domain::CloseBlocker>& blockers) {
  mstch::array out;
  for (const auto& b : blockers)
    out.push_back(mstch::map{{"what", http::T(lang, "dclose_blocker_" + b.what)},
                             {"count", std::to_string(b.count)},
                             {"key", b.what}});
  return out;
}

Handled ClosePage(app::App& app, const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                  const domain::Department& d, const std::string& reason, const std::string& successor,
                  const std::string& error_key) {
  auto snap = app.catalog().Get();
  mstch::map data{{"code", d.code}, {"name", d.Name(w.lang)}, {"reason", reason}};
  if (d.closed()) {
    data["already_closed"] = true;
  } else {
    auto blockers = app::DepartmentCloseBlockers(app, d.code);
    if (!blockers.ok()) return FailurePage(req, w, blockers.status());
    if (!blockers->empty()) {
      data["blocked"] = true;
      data["blockers"] = BlockerRows(w.lang, *blockers);
    } else {
      data["may_close"] = true;
    }
  }
  // Successors: open departments of the admin's subtree outside this one.
  mstch::array successors;
  for (const auto& [s, depth] : snap->tree.Ordered()) {
    if (s->closed() || !snap->tree.InScope(w.who->user.department, s->code) || snap->tree.InScope(d.code, s->code))
      continue;
    successors.push_back(mstch::map{{"code", s->code},
                                    {"name", std::string(static_cast<size_t>(depth) * 2, ' ') + s->Name(w.lang) +
                                                 " (" + s->code + ")"},
                                    {"selected", s->code == successor}});
  }
  data["successors"] = successors;
  if (!error_key.empty()) {
    data["error"] = http::T(w.lang, error_key);
    if (error_key == "dclose_err_reason") data["err_reason"] = true;
    if (error_key == "dclose_err_successor") data["err_successor"] = true;
  }
  return http::SendHtml(req, std::move(st),
                        RenderPage("admin_department_close", w.Page("dclose_title"), std::move(data)), w.set_cookies);
}

}  // namespace

void AddDepartmentCloseRoutes(http::Router& router, app::App& app) {
  router.http_get("/admin/departments/:code/close", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kManageDepartments))
      return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    auto snap = app.catalog().Get();
    const auto* d = Closable(*snap, *w.who, std::string(params["code"]));
    if (d == nullptr) return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    return ClosePage(app, req, w, restinio::status_ok(), *d, "", "", "");
  });

  router.http_post("/admin/departments/:code/close", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    if (!domain::Allows(w.who->role, domain::Action::kManageDepartments))
      return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    auto snap = app.catalog().Get();
    const auto* d = Closable(*snap, *w.who, std::string(params["code"]));
    if (d == nullptr) return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    app::CloseRequest r{d->code, (*form)["reason"], CleanField((*form)["successor"])};
    Status st = app::CloseDepartmentByAdmin(app, *w.who, r);
    if (st.ok()) return http::Redirect(req, "/admin/departments?done=closed", w.set_cookies);
    auto unprocessable = restinio::status_unprocessable_entity();
    if (st.code() == Code::kNotFound) return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    if (st.code() == Code::kConflict) return ClosePage(app, req, w, unprocessable, *d, r.reason, r.successor, "");
    if (st.code() == Code::kInvalid) {
      bool successor = st.message().find("successor") != std::string::npos;
      return ClosePage(app, req, w, unprocessable, *d, r.reason, r.successor,
                       successor ? "dclose_err_successor" : "dclose_err_reason");
    }
    return FailurePage(req, w, st);
  });
}

}  // namespace sabt::web
