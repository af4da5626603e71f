// The HTML error page every view answers with: a message from the catalogue
// in the user's language, inside the layout, with a way forward (error.html),
// and the one mapping from a Status to an HTTP status for pages.
#pragma once
#include <string>

#include "http/common.h"
#include "util/status.h"
#include "web/web_session.h"

namespace sabt::web {

restinio::request_handling_status_t ErrorPage(const http::Req& req, const WebRequest& w,
                                              restinio::http_status_line_t status, const std::string& key);

// 404 not found, 403 denied, 503 on a read-only standby, else 500.
restinio::request_handling_status_t FailurePage(const http::Req& req, const WebRequest& w, const Status& st);

}  // namespace sabt::web
