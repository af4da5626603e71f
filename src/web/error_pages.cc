#include "web/error_pages.h"

#include <utility>

#include "http/i18n.h"
#include "store/store.h"
#include "web/render.h"

namespace sabt::web {

restinio::request_handling_status_t ErrorPage(const http::Req& req, const WebRequest& w,
                                              restinio::http_status_line_t status, const std::string& key) {
  mstch::map d{{"message", http::T(w.lang, key)}};
  return http::SendHtml(req, std::move(status), RenderPage("error", w.Page(key), d), w.set_cookies);
}

restinio::request_handling_status_t FailurePage(const http::Req& req, const WebRequest& w, const Status& st) {
  switch (st.code()) {
    case Code::kNotFound: return ErrorPage(req, w, restinio::status_not_found(), "err_not_found");
    case Code::kDenied: return ErrorPage(req, w, restinio::status_forbidden(), "err_denied");
    default:
      if (store::IsReadOnlyRefusal(st)) return ErrorPage(req, w, restinio::status_service_unavailable(), "err_read_only");
      return ErrorPage(req, w, restinio::status_internal_server_error(), "err_internal");
  }
}

}  // namespace sabt::web
