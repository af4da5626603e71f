#include "web/admin/admin_views.h"

#include <algorithm>
#include <set>

#include "app/admin/user_admin.h"
#include "app/signin/accounts.h"
#include "web/admin/department_close_views.h"
#include "domain/role.h"
#include "http/i18n.h"
#include "util/text.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;
using Handled = restinio::request_handling_status_t;

Handled Page(const Req& req, const WebRequest& w, restinio::http_status_line_t st, const std::string& name,
             const std::string& title, mstch::map d) {
  return http::SendHtml(req, std::move(st), RenderPage(name, w.Page(title), std::move(d)), w.set_cookies);
}

Handled Denied(const Req& req, const WebRequest& w) {
  mstch::map d{{"message", http::T(w.lang, "err_denied")}, {"signed_in", true}};
  return Page(req, w, restinio::status_forbidden(), "error", "err_denied", d);
}

// Which field an app-layer refusal is about, and the message key for it.
std::pair<std::string, std::string> FieldError(const Status& st) {
  const std::string& m = st.message();
  if (m.rfind("username must", 0) == 0) return {"username", "adm_err_username"};
  if (m.find("is taken") != std::string::npos) return {"username", "adm_err_username_taken"};
  if (m.rfind("password", 0) == 0) return {"password", "adm_err_password"};
  if (m.rfind("unknown role", 0) == 0) return {"role", "adm_err_role"};
  if (m.find("department") != std::string::npos) return {"department", "adm_err_department"};
  return {"", "err_internal"};
}

mstch::array DepartmentOptions(app::App& app, const WebRequest& w, const std::string& selected) {
  auto snap = app.catalog().Get();
  mstch::array out;
  for (const auto& [d, depth] : snap->tree.Ordered()) {
    // A closed department takes no new users or child departments.
    if (!snap->tree.InScope(w.who->user.department, d->code) || d->closed()) continue;
    std::string name = w.lang == "ru" ? d->name_ru : w.lang == "en" ? d->name_en : d->name_tg;
    out.push_back(mstch::map{{"code", d->code}, {"name", std::string(depth * 2, ' ') + name + " (" + d->code + ")"},
                             {"selected", d->code == selected}});
  }
  return out;
}

Handled UsersPage(app::App& app, const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                  const std::map<std::string, std::string>& form, const std::string& error_field,
                  const std::string& error_key, const std::string& done) {
  auto users = app::UsersInScope(app, *w.who);
  if (!users.ok()) return Denied(req, w);
  // Unlock and second-factor re-enrolment (forms post to /admin/sign-in/…).
  std::set<std::string> locked, enrolled, needs_factor;
  if (auto l = app::signin::LockedAccounts(app, *w.who); l.ok())
    for (const auto& a : *l) locked.insert(a.user.id);
  if (auto f = app::signin::SecondFactorStates(app, *w.who); f.ok())
    for (const auto& s : *f) {
      needs_factor.insert(s.user.id);
      if (s.enrolled) enrolled.insert(s.user.id);
    }
  mstch::array rows;
  for (const auto& u : *users) {
    rows.push_back(mstch::map{{"id", u.id},
                              {"locked", locked.count(u.id) > 0},
                              {"factor", enrolled.count(u.id) > 0},
                              {"factor_pending", needs_factor.count(u.id) > 0 && enrolled.count(u.id) == 0},
                              {"username", u.username},
                              {"display_name", u.display_name},
                              {"role", http::T(w.lang, "role_" + u.role)},
                              {"department", u.department},
                              {"disabled", u.disabled},
                              {"self", u.id == w.who->user.id}});
  }
  mstch::array roles;
  auto field = [&form](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : it->second;
  };
  for (auto r : domain::AllRoles()) {
    std::string id(domain::RoleId(r));
    roles.push_back(mstch::map{{"code", id}, {"name", http::T(w.lang, "role_" + id)}, {"selected", field("role") == id}});
  }
  mstch::map d{{"users", rows},
               {"roles", roles},
               {"departments", DepartmentOptions(app, w, field("department"))},
               {"username", field("username")},
               {"display_name", field("display_name")}};
  if (!error_key.empty()) {
    d["error"] = http::T(w.lang, error_key);
    d["error_field"] = error_field.empty() ? std::string("username") : error_field;
    if (!error_field.empty()) d["err_" + error_field] = true;
  }
  if (!done.empty()) d["done"] = http::T(w.lang, "adm_done_" + done);
  return Page(req, w, std::move(st), "admin_users", "adm_users_title", d);
}

}  // namespace

void AddAdminRoutes(http::Router& router, app::App& app) {
  AddDepartmentCloseRoutes(router, app);  // closing a department (deptclose)
  router.http_get("/admin/users", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kManageUsers)) return Denied(req, w);
    auto q = http::ParseQuery(req);
    std::string done = q["done"];
    if (done != "created" && done != "disabled") done.clear();
    return UsersPage(app, req, w, restinio::status_ok(), {}, "", "", done);
  });

  router.http_post("/admin/users", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Denied(req, w);
    if (!domain::Allows(w.who->role, domain::Action::kManageUsers)) return Denied(req, w);
    app::NewUser u{CleanField((*form)["username"]), (*form)["password"], (*form)["role"], (*form)["department"],
                   CleanField((*form)["display_name"])};
    auto id = app::CreateUserByAdmin(app, *w.who, u);
    if (!id.ok()) {
      if (id.status().code() == Code::kDenied) return Denied(req, w);
      auto [f, key] = FieldError(id.status());
      return UsersPage(app, req, w, restinio::status_unprocessable_entity(), *form, f, key, "");
    }
    return http::Redirect(req, "/admin/users?done=created", w.set_cookies);
  });

  router.http_post("/admin/users/:id/disable", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Denied(req, w);
    Status st = app::DisableUserByAdmin(app, *w.who, std::string(params["id"]));
    if (st.code() == Code::kDenied || st.code() == Code::kNotFound) return Denied(req, w);
    if (!st.ok()) return UsersPage(app, req, w, restinio::status_unprocessable_entity(), {}, "", "adm_err_disable_self", "");
    return http::Redirect(req, "/admin/users?done=disabled", w.set_cookies);
  });

  // The temporary password is shown once, on this answer (no-store), never
  // put into a URL or a log.
  router.http_post("/admin/users/:id/reset", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Denied(req, w);
    std::string id(params["id"]);
    auto pw = app::ResetPasswordByAdmin(app, *w.who, id);
    if (!pw.ok()) {
      if (pw.status().code() == Code::kInvalid)
        return UsersPage(app, req, w, restinio::status_unprocessable_entity(), {}, "", "adm_err_reset_disabled", "");
      return Denied(req, w);
    }
    std::string username;
    if (auto users = app::UsersInScope(app, *w.who); users.ok())
      for (const auto& u : *users)
        if (u.id == id) username = u.username;
    mstch::map d{{"username", username}, {"password", *pw}};
    return Page(req, w, restinio::status_ok(), "admin_password", "adm_reset_title", d);
  });

  router.http_get("/admin/departments", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    if (!domain::Allows(w.who->role, domain::Action::kManageDepartments)) return Denied(req, w);
    auto snap = app.catalog().Get();
    mstch::array rows;
    for (const auto& [d, depth] : snap->tree.Ordered()) {
      if (!snap->tree.InScope(w.who->user.department, d->code)) continue;
      rows.push_back(mstch::map{{"code", d->code},
                                {"indent", std::to_string(std::min(depth, 4))},
                                {"kind", http::T(w.lang, "adm_kind_" + std::string(domain::DepartmentKindId(d->kind)))},
                                {"name_tg", d->name_tg}, {"name_ru", d->name_ru}, {"name_en", d->name_en},
                                // Closing a department (deptclose): tag and action.
                                {"closed", d->closed()}, {"successor", d->successor},
                                {"closable", !d->closed() && d->code != w.who->user.department}});
    }
    auto q = http::ParseQuery(req);
    mstch::map d{{"departments", rows}, {"parents", DepartmentOptions(app, w, "")}};
    if (q["done"] == "saved") d["done"] = http::T(w.lang, "adm_done_saved");
    if (q["done"] == "closed") d["done"] = http::T(w.lang, "dclose_done");
    if (!q["error"].empty()) d["error"] = http::T(w.lang, q["error"] == "denied" ? "err_denied" : "adm_err_department_form");
    return Page(req, w, restinio::status_ok(), "admin_departments", "adm_departments_title", d);
  });

  router.http_post("/admin/departments", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Denied(req, w);
    domain::Department d;
    d.code = CleanField((*form)["code"]);
    d.parent = (*form)["parent"];
    auto kind = domain::ParseDepartmentKind((*form)["kind"]);
    d.name_tg = NormalizeNfc(CleanField((*form)["name_tg"]));
    d.name_ru = NormalizeNfc(CleanField((*form)["name_ru"]));
    d.name_en = NormalizeNfc(CleanField((*form)["name_en"]));
    if (!kind || d.code.empty() || d.name_tg.empty() || d.name_ru.empty() || d.name_en.empty())
      return http::Redirect(req, "/admin/departments?error=form", w.set_cookies);
    d.kind = *kind;
    Status st = app::UpsertDepartmentByAdmin(app, *w.who, d);
    if (st.code() == Code::kDenied) return http::Redirect(req, "/admin/departments?error=denied", w.set_cookies);
    if (!st.ok()) return http::Redirect(req, "/admin/departments?error=form", w.set_cookies);
    return http::Redirect(req, "/admin/departments?done=saved", w.set_cookies);
  });
}

}  // namespace sabt::web
