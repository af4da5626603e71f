// A page with no form that posts, such as the citizen's status page: the
// request is loaded as LoadWebRequest does (signed-in user, language, flash),
// but a visitor who is not signed in gets no pre-session CSRF token and no
// cookie. Looking up a status leaves nothing in the citizen's browser, and
// the page costs no random token (docs/benchmarks.md, public status).
#pragma once
#include "web/web_session.h"

namespace sabt::web {

WebRequest LoadWebRequestWithoutForms(app::App& app, const http::Req& req);

}  // namespace sabt::web
