#include "web/web_session.h"

#include "domain/role.h"
#include "http/i18n.h"
#include "util/random.h"
#include "web/sync_banner.h"
#include "web/web_session_public.h"

namespace sabt::web {

namespace {

bool IsFlashKey(const std::string& key) {
  if (key.rfind("flash_", 0) != 0 || key.size() > 64) return false;
  for (char c : key)
    if (!(c == '_' || (c >= 'a' && c <= 'z'))) return false;
  return http::Catalogue("tg").contains(key);
}

}  // namespace

void SetFlash(WebRequest& w, const std::string& key) {
  std::erase_if(w.set_cookies, [](const std::string& c) { return c.rfind("sabt_flash=", 0) == 0; });
  if (IsFlashKey(key)) w.set_cookies.push_back(http::MakeCookie("sabt_flash", key, w.secure_cookies));
}

PageContext WebRequest::Page(const std::string& title_key) const {
  PageContext pc;
  pc.lang = lang;
  pc.path = path;
  pc.who = who ? &*who : nullptr;
  pc.csrf = csrf;
  pc.title_key = title_key;
  pc.suggest_lang = suggest_lang;
  pc.flash = flash;
  if (who && app) {
    if (auto banner = LoadSyncBanner(*app, lang)) pc.sync = BannerMap(*banner, path);
    pc.devices_link = app->config().role != "field" && domain::Allows(who->role, domain::Action::kManageDepartments);
  }
  return pc;
}

namespace {

WebRequest Load(app::App& app, const http::Req& req, bool forms) {
  WebRequest w;
  w.app = &app;
  std::string full(req->header().path());
  std::string_view query = req->header().query();
  if (!query.empty()) full += "?" + std::string(query);
  w.path = SafeBack(full);
  auto cookies = http::ParseCookies(req);
  auto creds = http::FindCredentials(req);
  if (creds.from_cookie && !creds.token.empty()) {
    auto p = app::Authenticate(app, creds.token);
    if (p.ok()) w.who = *p;
  }
  auto lc = cookies.find("sabt_lang");
  if (lc != cookies.end() && http::IsLanguage(lc->second)) w.lang = lc->second;
  else if (w.who && http::IsLanguage(w.who->session.lang)) w.lang = w.who->session.lang;
  else {
    // First visit: Tajik, the state language and that of the legal record.
    // The browser's preference is only offered (docs/i18n in README).
    w.lang = "tg";
    std::string hint = http::FromAcceptLanguage(http::Header(req, "Accept-Language"));
    if (hint != "tg" && !http::Header(req, "Accept-Language").empty()) w.suggest_lang = hint;
  }
  w.secure_cookies = app.config().secure_cookies;
  auto fl = cookies.find("sabt_flash");
  if (fl != cookies.end() && !fl->second.empty()) {
    if (IsFlashKey(fl->second)) w.flash = http::T(w.lang, fl->second);
    w.set_cookies.push_back(http::MakeCookie("sabt_flash", "", w.secure_cookies, 0));
  }
  if (w.who) {
    w.csrf = w.who->session.csrf;
  } else if (forms) {
    // Before sign-in: a random token in its own cookie, echoed by the form
    // (double submit). SameSite=Strict keeps other sites from sending it.
    auto pre = cookies.find("sabt_pre");
    if (pre != cookies.end() && pre->second.size() >= 20 && pre->second.size() <= 64) {
      w.csrf = pre->second;
    } else {
      w.csrf = RandomToken(24);
      w.set_cookies.push_back(http::MakeCookie("sabt_pre", w.csrf, app.config().secure_cookies));
    }
  }
  return w;
}

}  // namespace

WebRequest LoadWebRequest(app::App& app, const http::Req& req) { return Load(app, req, /*forms=*/true); }

WebRequest LoadWebRequestWithoutForms(app::App& app, const http::Req& req) { return Load(app, req, /*forms=*/false); }

bool CsrfOk(const WebRequest& w, const std::map<std::string, std::string>& form) {
  auto it = form.find("csrf");
  return it != form.end() && http::SecretEquals(it->second, w.csrf);
}

std::string SafeBack(const std::string& back) {
  if (back.empty() || back[0] != '/' || (back.size() > 1 && (back[1] == '/' || back[1] == '\\'))) return "/";
  for (char c : back)
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  return back;
}

}  // namespace sabt::web
