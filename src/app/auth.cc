#include "app/auth.h"

#include "util/password.h"
#include "util/random.h"
#include "util/sha256.h"

namespace sabt::app {

std::string TokenHash(const std::string& token) { return HashHex(Sha256(token)); }

Result<NewSession> Login(App& app, const std::string& username, const std::string& password,
                         const std::string& lang) {
  std::optional<store::UserRow> user;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto u = (*tx)->UserByUsername(username);
    if (!u.ok()) return u.status();
    user = *u;
  }
  // Always run Argon2: an unknown user costs the same as a wrong password.
  bool ok = VerifyPassword(password, user ? user->password_hash : std::string());
  if (!ok || !user || user->disabled) return Status::Unauthenticated("bad credentials");
  auto role = domain::ParseRole(user->role);
  if (!role) return Status::Unauthenticated("bad credentials");

  NewSession ns;
  ns.token = RandomToken(32);
  ns.csrf = RandomToken(24);
  store::SessionRow s;
  s.token_hash = TokenHash(ns.token);
  s.user_id = user->id;
  s.csrf = ns.csrf;
  s.lang = lang;
  s.created_ms = app.clock().NowMillis();
  s.expires_ms = s.created_ms + int64_t{app.config().session_ttl_minutes} * 60000;
  auto r = app.writer().Run([s](WriteContext& ctx) -> Result<nlohmann::json> {
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteExpiredSessions(ctx.now_ms()));
    SABT_RETURN_IF_ERROR(ctx.tx().InsertSession(s));
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  ns.principal = Principal{*user, *role, s};
  return ns;
}

Result<Principal> Authenticate(App& app, const std::string& token) {
  if (token.empty() || token.size() > 200) return Status::Unauthenticated("no session");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto s = (*tx)->Session(TokenHash(token));
  if (!s.ok()) return s.status();
  if (!s->has_value() || (*s)->expires_ms < app.clock().NowMillis())
    return Status::Unauthenticated("session expired");
  auto u = (*tx)->UserById((*s)->user_id);
  if (!u.ok()) return u.status();
  if (!u->has_value() || (*u)->disabled) return Status::Unauthenticated("session expired");
  auto role = domain::ParseRole((*u)->role);
  if (!role) return Status::Unauthenticated("session expired");
  return Principal{**u, *role, **s};
}

Status Logout(App& app, const std::string& token) {
  std::string h = TokenHash(token);
  auto r = app.writer().Run([h](WriteContext& ctx) -> Result<nlohmann::json> {
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteSession(h));
    return nlohmann::json::object();
  });
  return r.status();
}

Status SetSessionLanguage(App& app, const Principal& p, const std::string& lang) {
  store::SessionRow s = p.session;
  s.lang = lang;
  auto r = app.writer().Run([s](WriteContext& ctx) -> Result<nlohmann::json> {
    SABT_RETURN_IF_ERROR(ctx.tx().InsertSession(s));
    return nlohmann::json::object();
  });
  return r.status();
}

}  // namespace sabt::app
