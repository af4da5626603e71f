#include "http/common.h"

#include "http/client_address.h"

#include <sodium.h>

#include "util/text.h"

namespace sabt::http {
namespace {

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> UrlDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int h = HexVal(s[i + 1]), l = HexVal(s[i + 2]);
      if (h < 0 || l < 0) return std::nullopt;
      out.push_back(static_cast<char>(h * 16 + l));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> ParsePairs(std::string_view s) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t amp = s.find('&', pos);
    std::string_view part = s.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (!part.empty()) {
      size_t eq = part.find('=');
      auto k = UrlDecode(part.substr(0, eq));
      auto v = UrlDecode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
      if (!k || !v || !IsValidUtf8(*k) || !IsValidUtf8(*v)) return std::nullopt;
      out[*k] = *v;
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return out;
}

}  // namespace

std::string Header(const Req& req, std::string_view name) {
  return std::string(req->header().get_field_or(std::string(name), ""));
}

std::map<std::string, std::string> ParseCookies(const Req& req) {
  std::map<std::string, std::string> out;
  std::string h = Header(req, "Cookie");
  size_t pos = 0;
  while (pos < h.size()) {
    size_t semi = h.find(';', pos);
    std::string part = h.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
    size_t eq = part.find('=');
    if (eq != std::string::npos) {
      size_t b = part.find_first_not_of(' ');
      std::string k = part.substr(b, eq - b);
      std::string v = part.substr(eq + 1);
      if (!out.count(k)) out[k] = v;  // the first (most specific) wins
    }
    if (semi == std::string::npos) break;
    pos = semi + 1;
  }
  return out;
}

std::optional<std::map<std::string, std::string>> ParseForm(std::string_view body) { return ParsePairs(body); }

std::map<std::string, std::string> ParseQuery(const Req& req) {
  auto q = ParsePairs(req->header().query());
  return q ? *q : std::map<std::string, std::string>{};
}

// Behind a trusted TLS proxy, the address from X-Forwarded-For (http/client_address.h).
std::string ClientAddress(const Req& req) {
  std::string peer = req->remote_endpoint().address().to_string();
  const auto& proxies = CurrentTrustedProxies();
  if (proxies.empty()) return peer;
  return proxies.ClientFor(peer, Header(req, "X-Forwarded-For"));
}

bool SecretEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

restinio::response_builder_t<restinio::restinio_controlled_output_t> Respond(const Req& req,
                                                                             restinio::http_status_line_t status) {
  auto r = req->create_response(std::move(status));
  r.append_header("Content-Security-Policy",
                  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                  "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'");
  r.append_header("X-Content-Type-Options", "nosniff");
  r.append_header("X-Frame-Options", "DENY");
  r.append_header("Referrer-Policy", "no-referrer");
  r.append_header("Cache-Control", "no-store");
  r.append_header(restinio::http_field::server, "sabt");
  return r;
}

restinio::request_handling_status_t SendJson(const Req& req, restinio::http_status_line_t status,
                                             const nlohmann::json& body) {
  return Respond(req, std::move(status))
      .append_header(restinio::http_field::content_type, "application/json; charset=utf-8")
      .set_body(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .done();
}

restinio::request_handling_status_t SendHtml(const Req& req, restinio::http_status_line_t status,
                                             const std::string& html, const std::vector<std::string>& set_cookies) {
  auto r = Respond(req, std::move(status));
  r.append_header(restinio::http_field::content_type, "text/html; charset=utf-8");
  for (const auto& c : set_cookies) r.append_header(restinio::http_field::set_cookie, c);
  return r.set_body(html).done();
}

restinio::request_handling_status_t Redirect(const Req& req, const std::string& location,
                                             const std::vector<std::string>& set_cookies) {
  auto r = Respond(req, restinio::status_see_other());
  r.append_header(restinio::http_field::location, location);
  for (const auto& c : set_cookies) r.append_header(restinio::http_field::set_cookie, c);
  return r.done();
}

restinio::http_status_line_t HttpStatusFor(const Status& st) {
  switch (st.code()) {
    case Code::kOk: return restinio::status_ok();
    case Code::kInvalid: return restinio::status_unprocessable_entity();
    case Code::kNotFound: return restinio::status_not_found();
    case Code::kDenied: return restinio::status_forbidden();
    case Code::kUnauthenticated: return restinio::status_unauthorized();
    case Code::kConflict: return restinio::status_conflict();
    case Code::kUnavailable: return restinio::status_service_unavailable();
    default: return restinio::status_internal_server_error();
  }
}

std::string MakeCookie(const std::string& name, const std::string& value, bool secure, int max_age_s,
                       bool http_only) {
  std::string c = name + "=" + value + "; Path=/; SameSite=Strict";
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  if (max_age_s >= 0) c += "; Max-Age=" + std::to_string(max_age_s);
  return c;
}

Credentials FindCredentials(const Req& req) {
  Credentials c;
  std::string auth = Header(req, "Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    c.token = auth.substr(7);
    return c;
  }
  auto cookies = ParseCookies(req);
  auto it = cookies.find("sabt_session");
  if (it != cookies.end()) {
    c.token = it->second;
    c.from_cookie = true;
  }
  return c;
}

size_t BodyLimit(const Req& req) {
  std::string_view path = req->header().path();
  constexpr std::string_view kSuffix = "/attachments";
  bool upload = req->header().method() == restinio::http_method_post() && path.size() > kSuffix.size() &&
                path.substr(path.size() - kSuffix.size()) == kSuffix;
  return upload ? kMaxUploadBody : kMaxBody;
}

}  // namespace sabt::http
