#include "api/api_common.h"

#include "http/i18n.h"
#include "store/store.h"

namespace sabt::api {

std::string Lang(const http::Req& req) {
  auto q = http::ParseQuery(req);
  auto it = q.find("lang");
  if (it != q.end() && http::IsLanguage(it->second)) return it->second;
  return http::FromAcceptLanguage(http::Header(req, "Accept-Language"));
}

restinio::request_handling_status_t Error(const http::Req& req, const Status& st) {
  if (store::IsReadOnlyRefusal(st))
    return http::SendJson(req, restinio::status_service_unavailable(),
                          {{"error", "read_only"}, {"message", http::T(Lang(req), "err_read_only")}});
  if (st.message() == "reason_required")
    return http::SendJson(req, restinio::status_forbidden(),
                          {{"error", "reason_required"}, {"message", http::T(Lang(req), "err_reason_required")}});
  std::string msg = st.code() == Code::kInternal || st.code() == Code::kIo ? "internal error" : st.message();
  return http::SendJson(req, http::HttpStatusFor(st), {{"error", CodeName(st.code())}, {"message", msg}});
}

std::optional<app::Principal> Auth(app::App& app, const http::Req& req) {
  auto c = http::FindCredentials(req);
  if (c.token.empty() || c.from_cookie) {
    http::SendJson(req, restinio::status_unauthorized(), {{"error", "unauthenticated"}, {"message", "Bearer token required"}});
    return std::nullopt;
  }
  auto p = app::Authenticate(app, c.token);
  if (!p.ok()) {
    http::SendJson(req, restinio::status_unauthorized(), {{"error", "unauthenticated"}, {"message", "invalid or expired token"}});
    return std::nullopt;
  }
  return *p;
}

std::optional<nlohmann::json> JsonBody(const http::Req& req) {
  if (req->body().size() > http::kMaxBody) return std::nullopt;
  auto j = nlohmann::json::parse(req->body(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace sabt::api
