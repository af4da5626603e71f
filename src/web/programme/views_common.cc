#include "web/programme/views_common.h"

#include "web/error_pages.h"

#include "http/i18n.h"
#include "util/json_str.h"

namespace sabt::web::programme {

using http::Req;

restinio::request_handling_status_t Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                                            const std::string& key) {
  return ErrorPage(req, w, std::move(st), key);
}

restinio::request_handling_status_t Failure(const Req& req, const WebRequest& w, const Status& st) {
  return FailurePage(req, w, st);
}

restinio::request_handling_status_t Finish(const Req& req, WebRequest& w, const app::programme::Outcome& o,
                                           const std::string& back, const std::string& flash) {
  if (!o.problems.empty()) {
    std::string msg;
    for (const auto& p : o.problems) {
      if (!msg.empty()) msg += "; ";
      msg += http::T(w.lang, "prog_field_" + p.field) + ": " + http::T(w.lang, "err_" + p.code);
    }
    mstch::map d{{"message", msg}};
    return http::SendHtml(req, restinio::status_unprocessable_entity(),
                          RenderPage("error", w.Page("prog_form_problems"), d), w.set_cookies);
  }
  if (!o.conflict.empty()) return Message(req, w, restinio::status_conflict(), "err_" + o.conflict);
  if (!o.reply.ok()) return Failure(req, w, o.reply.status());
  SetFlash(w, flash);
  return http::Redirect(req, back, w.set_cookies);
}

std::optional<Form> FormOf(app::App& app, const Req& req, WebRequest& w,
                           std::optional<restinio::request_handling_status_t>* out) {
  w = LoadWebRequest(app, req);
  if (!w.who) {
    *out = http::Redirect(req, "/login", w.set_cookies);
    return std::nullopt;
  }
  auto form = http::ParseForm(req->body());
  if (!form || !CsrfOk(w, *form)) {
    *out = Message(req, w, restinio::status_forbidden(), "err_csrf");
    return std::nullopt;
  }
  return *form;
}

nlohmann::json ToJson(const Form& f) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : f)
    if (k != "csrf") j[k] = v;
  return j;
}

std::string Pick(const nlohmann::json& title, const std::string& lang) {
  if (!title.is_object()) return title.is_string() ? title.get<std::string>() : std::string();
  std::string v = JsonStr(title, lang.c_str());
  return v.empty() ? JsonStr(title, "tg") : v;
}

std::string UnitName(app::App& app, const std::string& code, const std::string& lang) {
  const auto* d = app.catalog().Get()->tree.Find(code);
  return d ? d->Name(lang) : code;
}

std::string Str(const nlohmann::json& j, const char* k) { return JsonStr(j, k); }

mstch::array UnitChoices(app::App& app, const app::Principal& who, const std::string& lang,
                         const std::string& selected) {
  mstch::array out;
  auto snap = app.catalog().Get();
  for (const auto& [d, depth] : snap->tree.Ordered())
    if (snap->tree.InScope(who.user.department, d->code))
      out.push_back(mstch::map{{"code", d->code},
                               {"name", std::string(static_cast<size_t>(depth) * 2, ' ') + d->Name(lang)},
                               {"selected", d->code == selected}});
  return out;
}

}  // namespace sabt::web::programme
