#include "web/admin/reference_views.h"

#include <map>
#include <optional>


#include "app/admin/deadline_settings.h"
#include "app/admin/reference_admin.h"
#include "domain/reference_csv.h"
#include "http/i18n.h"
#include "util/text.h"
#include "web/web_session.h"

namespace sabt::web {
namespace {

using http::Req;
using Handled = restinio::request_handling_status_t;

Handled Message(const Req& req, const WebRequest& w, restinio::http_status_line_t st, const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}, {"signed_in", w.who.has_value()}};
  return http::SendHtml(req, std::move(st), RenderPage("error", w.Page(key), d), w.set_cookies);
}

Handled StatusPage(const Req& req, const WebRequest& w, const Status& st) {
  if (st.code() == Code::kDenied) return Message(req, w, restinio::status_forbidden(), "err_denied");
  if (st.code() == Code::kInvalid) return Message(req, w, restinio::status_not_found(), "err_not_found");
  return Message(req, w, restinio::status_internal_server_error(), "err_internal");
}

// Every part of a multipart/form-data body by name (text fields and the file
// alike; the first part of a name wins); nullopt when the body is not
// multipart. restinio's multipart helper defines a non-inline function and
// may be included by one file only (web/appeal_extra_views.cc), hence this
// small reader of RFC 7578 bodies.
std::optional<std::map<std::string, std::string>> MultipartFields(const Req& req) {
  const std::string type = http::Header(req, "Content-Type");
  if (type.rfind("multipart/form-data", 0) != 0) return std::nullopt;
  size_t b = type.find("boundary=");
  if (b == std::string::npos) return std::nullopt;
  std::string boundary = type.substr(b + 9);
  if (size_t semi = boundary.find(';'); semi != std::string::npos) boundary.resize(semi);
  if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"')
    boundary = boundary.substr(1, boundary.size() - 2);
  if (boundary.empty() || boundary.size() > 70) return std::nullopt;
  const std::string body = req->body();
  const std::string delim = "--" + boundary;
  std::map<std::string, std::string> out;
  size_t at = body.find(delim);
  if (at == std::string::npos) return std::nullopt;
  while (true) {
    at += delim.size();
    if (body.compare(at, 2, "--") == 0) return out;  // the closing delimiter
    if (body.compare(at, 2, "\r\n") != 0) return std::nullopt;
    at += 2;
    size_t head_end = body.find("\r\n\r\n", at);
    if (head_end == std::string::npos) return std::nullopt;
    std::string head = body.substr(at, head_end - at);
    size_t next = body.find("\r\n" + delim, head_end + 4);
    if (next == std::string::npos) return std::nullopt;
    std::string name;
    size_t n = head.find("name=\"");
    // "filename=" also contains name=": take the one not preceded by "file".
    while (n != std::string::npos && n >= 4 && head.compare(n - 4, 4, "file") == 0) n = head.find("name=\"", n + 6);
    if (n != std::string::npos) {
      size_t close = head.find('"', n + 6);
      if (close != std::string::npos) name = head.substr(n + 6, close - n - 6);
    }
    if (!name.empty() && !out.count(name)) out[name] = body.substr(head_end + 4, next - head_end - 4);
    at = next + 2;
  }
}

std::string ListName(const std::string& lang, const std::string& list) {
  std::string n = http::T(lang, "ref_list_" + list);
  return n == "ref_list_" + list ? list : n;
}

std::string Replace(std::string s, const std::string& what, const std::string& with) {
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
    s.replace(at, what.size(), with);
  return s;
}

// Line problems as rows {line, field, message} in the user's language.
mstch::array ProblemRows(const std::string& lang, const std::vector<domain::LineProblem>& problems) {
  mstch::array out;
  for (const auto& p : problems) {
    std::string line = p.line > 0 ? std::to_string(p.line) : "—";
    if (p.issues.empty()) {
      out.push_back(mstch::map{{"line", line}, {"field", std::string("—")}, {"message", p.message}});
      continue;
    }
    for (const auto& i : p.issues) {
      std::string field = http::T(lang, "csv_field_" + i.field);
      if (field == "csv_field_" + i.field) field = i.field;
      std::string msg = http::T(lang, "csv_err_" + i.code);
      if (msg == "csv_err_" + i.code) msg = p.message;
      out.push_back(mstch::map{{"line", line}, {"field", field}, {"message", Replace(msg, "{value}", i.value)}});
    }
  }
  return out;
}

Handled IndexPage(app::App& app, const Req& req, const WebRequest& w, const std::string& selected) {
  auto lists = app::ReferenceSummaries(app, *w.who);
  if (!lists.ok()) return StatusPage(req, w, lists.status());
  mstch::array rows, options;
  for (const auto& l : *lists) {
    rows.push_back(mstch::map{{"list", l.list}, {"name", ListName(w.lang, l.list)}, {"rows", std::to_string(l.rows)},
                              {"version", l.version > 0 ? std::to_string(l.version) : std::string()}});
    options.push_back(mstch::map{{"code", l.list}, {"name", ListName(w.lang, l.list)}, {"selected", l.list == selected}});
  }
  mstch::map d{{"lists", rows}, {"options", options}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("admin_reference", w.Page("ref_title"), d), w.set_cookies);
}

Handled CheckPage(const Req& req, const WebRequest& w, const std::string& list, const std::string& csv,
                  const app::UploadCheck& c, bool conflict) {
  mstch::map d{{"list", list}, {"list_name", ListName(w.lang, list)}, {"rows", std::to_string(c.rows)}};
  auto st = restinio::status_ok();
  if (!c.problems.empty()) {
    d["problems"] = ProblemRows(w.lang, c.problems);
    d["has_problems"] = true;
    st = restinio::status_unprocessable_entity();
  } else {
    int added = 0, changed = 0, removed = 0;
    mstch::array changes;
    for (const auto& ch : c.changes) {
      (ch.change == "added" ? added : ch.change == "changed" ? changed : removed)++;
      mstch::array fields;
      for (const auto& f : ch.fields)
        fields.push_back(mstch::map{{"field", f.field}, {"before", f.before}, {"after", f.after},
                                    {"had", !f.before.empty()}});
      changes.push_back(mstch::map{{"key", ch.key}, {"change", http::T(w.lang, "ref_change_" + ch.change)},
                                   {"kind", ch.change}, {"fields", fields}});
    }
    d["changes"] = changes;
    d["no_changes"] = changes.empty();
    d["added"] = std::to_string(added);
    d["changed"] = std::to_string(changed);
    d["removed"] = std::to_string(removed);
    d["csv"] = csv;
    d["base"] = c.base;
    if (conflict) {
      d["conflict"] = true;
      st = restinio::status_conflict();
    }
  }
  return http::SendHtml(req, std::move(st), RenderPage("admin_reference_preview", w.Page("ref_preview_title"), d),
                        w.set_cookies);
}

Handled DeadlinesPage(app::App& app, const Req& req, const WebRequest& w, restinio::http_status_line_t st,
                      const std::map<std::string, std::string>& typed,
                      const std::vector<app::DeadlineProblem>& problems) {
  auto fields = app::DeadlineFields(app, *w.who);
  if (!fields.ok()) return StatusPage(req, w, fields.status());
  std::map<std::string, std::string> messages;
  mstch::array summary;
  for (const auto& p : problems) {
    std::string msg = http::T(w.lang, "dl_err_" + p.code);
    msg = Replace(Replace(msg, "{min}", std::to_string(p.min)), "{max}", std::to_string(p.max));
    if (messages.count(p.id)) continue;
    for (const auto& f : *fields)
      if (f.id == p.id) msg = (w.lang == "ru" ? f.name_ru : w.lang == "en" ? f.name_en : f.name_tg) + ": " + msg;
    messages[p.id] = msg;
    summary.push_back(mstch::map{{"field", p.id}, {"message", msg}});
  }
  std::map<std::string, mstch::array> groups;
  for (const auto& f : *fields) {
    auto t = typed.find(f.id);
    auto m = messages.find(f.id);
    mstch::map row{{"id", f.id},
                   {"name", w.lang == "ru" ? f.name_ru : w.lang == "en" ? f.name_en : f.name_tg},
                   {"value", t != typed.end() ? t->second : std::to_string(f.value)},
                   {"unit", http::T(w.lang, "dl_unit_" + f.unit)},
                   {"range", Replace(Replace(http::T(w.lang, "dl_range"), "{min}", std::to_string(f.min)), "{max}",
                                     std::to_string(f.max))}};
    if (m != messages.end()) row["error"] = m->second;
    groups[f.list].push_back(std::move(row));
  }
  mstch::map d{{"categories", groups["appeal_categories"]},
               {"crime", groups["crime_deadlines"]},
               {"hours", groups["settings"]},
               {"has_errors", !summary.empty()},
               {"errors", summary}};
  return http::SendHtml(req, std::move(st), RenderPage("admin_deadlines", w.Page("dl_title"), d), w.set_cookies);
}

}  // namespace

void AddReferenceRoutes(http::Router& router, app::App& app) {
  router.http_get("/admin/reference", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return IndexPage(app, req, w, http::ParseQuery(req)["list"]);
  });

  // Checks the upload and shows what would change; writes nothing.
  router.http_post("/admin/reference/preview", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = MultipartFields(req);
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    Status allowed = app::RequireNationalAdmin(app, *w.who);
    if (!allowed.ok()) return StatusPage(req, w, allowed);
    const std::string list = (*form)["list"];
    const std::string& csv = (*form)["file"];
    if (csv.size() > app::kMaxReferenceUpload) return Message(req, w, restinio::status_payload_too_large(), "ref_too_big");
    if (!IsValidUtf8(csv)) {
      app::UploadCheck bad;
      bad.problems.push_back({0, "the file is not UTF-8 text", {{"file", "not_utf8", ""}}});
      return CheckPage(req, w, list, "", bad, false);
    }
    auto c = app::PreviewUpload(app, *w.who, list, csv);
    if (!c.ok()) return StatusPage(req, w, c.status());
    return CheckPage(req, w, list, csv, *c, false);
  });

  // Parses the carried text again and applies it (same code as the CLI).
  router.http_post("/admin/reference/apply", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    const std::string list = (*form)["list"], csv = (*form)["csv"], base = (*form)["base"];
    auto c = app::ApplyUpload(app, *w.who, list, csv, base);
    if (!c.ok() && c.status().code() == Code::kConflict) {
      auto fresh = app::PreviewUpload(app, *w.who, list, csv);
      if (!fresh.ok()) return StatusPage(req, w, fresh.status());
      return CheckPage(req, w, list, csv, *fresh, true);
    }
    if (!c.ok()) return StatusPage(req, w, c.status());
    if (!c->problems.empty()) return CheckPage(req, w, list, csv, *c, false);
    SetFlash(w, "flash_ref_applied");
    return http::Redirect(req, "/admin/reference", w.set_cookies);
  });

  router.http_get("/admin/deadlines", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return DeadlinesPage(app, req, w, restinio::status_ok(), {}, {});
  });

  router.http_post("/admin/deadlines", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto form = http::ParseForm(req->body());
    if (!form || !CsrfOk(w, *form)) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    std::map<std::string, std::string> typed;
    for (const auto& [k, v] : *form)
      if (k != "csrf") typed[k] = CleanField(v);
    auto saved = app::SaveDeadlines(app, *w.who, typed);
    if (!saved.ok() && saved.status().code() == Code::kConflict)
      return Message(req, w, restinio::status_conflict(), "ref_conflict");
    if (!saved.ok()) return StatusPage(req, w, saved.status());
    if (!saved->problems.empty())
      return DeadlinesPage(app, req, w, restinio::status_unprocessable_entity(), typed, saved->problems);
    SetFlash(w, saved->lists_changed > 0 ? "flash_dl_saved" : "flash_dl_unchanged");
    return http::Redirect(req, "/admin/deadlines", w.set_cookies);
  });
}

}  // namespace sabt::web
