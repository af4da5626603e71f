// What every page handler needs first: the language, the signed-in user (if
// any), and the CSRF token to put into forms and check on POST.
#pragma once
#include <optional>
#include <string>

#include "app/app.h"
#include "app/auth.h"
#include "http/common.h"
#include "web/render.h"

namespace sabt::web {

struct WebRequest {
  std::string lang = "tg";
  std::optional<app::Principal> who;
  std::string csrf;                    // expected token for forms on this page
  std::vector<std::string> set_cookies;
  PageContext Page(const std::string& title_key) const;
  std::string path;
  // A language the browser prefers (Accept-Language) while the page is in
  // Tajik by default: offered as "Switch to …?", never applied on its own.
  std::string suggest_lang;
  app::App* app = nullptr;  // for the parts of the layout that read the node (sync banner)
  // The one-time confirmation of the action just taken (Post/Redirect/Get):
  // the text shown in the banner of this page, read from and then cleared in
  // the cookie "sabt_flash". The cookie holds only a catalogue key.
  std::string flash;
  bool secure_cookies = false;
};

// Before redirecting after an action: the next page shows the message
// `key` (a catalogue key starting with "flash_") once.
void SetFlash(WebRequest& w, const std::string& key);

WebRequest LoadWebRequest(app::App& app, const http::Req& req);
// True when the form's "csrf" field matches the session's (or, before
// sign-in, the pre-session cookie's) token. Constant-time.
bool CsrfOk(const WebRequest& w, const std::map<std::string, std::string>& form);
// A local path only ("/x", never "//host" or "http:"), else "/".
std::string SafeBack(const std::string& back);

}  // namespace sabt::web
