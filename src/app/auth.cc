#include "app/auth.h"

#include <spdlog/spdlog.h>

#include "app/signin/second_factor.h"
#include "app/signin/throttle.h"
#include "util/clock.h"
#include "util/password.h"
#include "util/random.h"
#include "util/sha256.h"

namespace sabt::app {
namespace {

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kEnrolSessionMs = 10 * kMinuteMs;

signin::AddressThrottle& Addresses() {
  static signin::AddressThrottle throttle;
  return throttle;
}

int64_t Seconds(int64_t ms) { return (ms + 999) / 1000; }

// Records a failed attempt: the address count, and for a known account the
// consecutive count, which locks the account at lockout_failures (journaled).
// Re-reads the count inside the write so concurrent failures all count.
}  // namespace

Result<LoginOutcome> RecordSignInFailure(App& app, const std::optional<store::UserRow>& user,
                                         const std::string& address, int64_t now) {
  Addresses().RecordFailure(address, now);
  LoginOutcome out;
  out.result = LoginResult::kBadCredentials;
  if (!user) {
    spdlog::info("sign-in failed: unknown user from {}", address);
    return out;
  }
  const int limit = std::max(1, app.config().lockout_failures);
  const int64_t lock_ms = int64_t{std::max(1, app.config().lockout_minutes)} * kMinuteMs;
  std::string id = user->id;
  auto r = app.writer().Run([id, limit, lock_ms](WriteContext& ctx) -> Result<nlohmann::json> {
    auto g = ctx.tx().LoginGuard(id);
    if (!g.ok()) return g.status();
    store::LoginGuardRow row = g->value_or(store::LoginGuardRow{id});
    row.user_id = id;
    if (signin::Locked(row, ctx.now_ms())) return nlohmann::json{{"locked_until", row.locked_until_ms}};
    row.failures += 1;
    row.last_failure_ms = ctx.now_ms();
    nlohmann::json out = nlohmann::json::object();
    if (row.failures >= limit) {
      row.locked_until_ms = ctx.now_ms() + lock_ms;
      journal::NewEntry e;
      e.kind = "auth.account_locked";
      e.subject = id;
      e.actor = "system";
      e.at_ms = ctx.now_ms();
      e.data = {{"failures", row.failures}, {"until", FormatRfc3339Millis(row.locked_until_ms)}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      row.failures = 0;  // the count starts again when the lock ends
      out["locked_until"] = row.locked_until_ms;
    }
    SABT_RETURN_IF_ERROR(ctx.tx().PutLoginGuard(row));
    return out;
  });
  if (!r.ok()) return r.status();
  if (r->contains("locked_until")) {
    int64_t until = (*r)["locked_until"].get<int64_t>();
    spdlog::warn("sign-in failed: account {} locked until {} (from {})", user->username, FormatRfc3339Millis(until),
                 address);
    out.result = LoginResult::kLocked;
    out.retry_after_s = Seconds(until - now);
  } else {
    spdlog::info("sign-in failed: {} from {}", user->username, address);
  }
  return out;
}

namespace {

Result<Principal> Check(App& app, const std::string& token, const std::string& stage) {
  if (token.empty() || token.size() > 200) return Status::Unauthenticated("no session");
  const int64_t now = app.clock().NowMillis();
  const int64_t idle_ms = int64_t{std::max(1, app.config().session_idle_minutes)} * kMinuteMs;
  Principal p;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto s = (*tx)->Session(TokenHash(token));
    if (!s.ok()) return s.status();
    if (!s->has_value() || (*s)->expires_ms < now || (*s)->stage != stage)
      return Status::Unauthenticated("session expired");
    int64_t seen = std::max((*s)->last_seen_ms, (*s)->created_ms);
    if (now - seen > idle_ms) return Status::Unauthenticated("session expired");
    auto u = (*tx)->UserById((*s)->user_id);
    if (!u.ok()) return u.status();
    if (!u->has_value() || (*u)->disabled) return Status::Unauthenticated("session expired");
    auto role = domain::ParseRole((*u)->role);
    if (!role) return Status::Unauthenticated("session expired");
    p = Principal{**u, *role, **s};
  }
  // Refresh the idle clock at most once a minute (one small write).
  if (now - std::max(p.session.last_seen_ms, p.session.created_ms) >= kMinuteMs && !app.store().ReadOnly()) {
    std::string h = p.session.token_hash;
    auto r = app.writer().Run([h, now](WriteContext& ctx) -> Result<nlohmann::json> {
      SABT_RETURN_IF_ERROR(ctx.tx().TouchSession(h, now));
      return nlohmann::json::object();
    });
    if (!r.ok() && !store::IsReadOnlyRefusal(r.status())) return r.status();
    p.session.last_seen_ms = now;
  }
  return p;
}

}  // namespace

std::string TokenHash(const std::string& token) { return HashHex(Sha256(token)); }

Result<LoginOutcome> Login(App& app, const LoginRequest& req) {
  const int64_t now = app.clock().NowMillis();
  LoginOutcome out;
  if (int64_t wait = Addresses().WaitMs(req.address, now); wait > 0) {
    spdlog::info("sign-in throttled: address {}", req.address);
    out.result = LoginResult::kThrottled;
    out.retry_after_s = Seconds(wait);
    return out;
  }
  std::optional<store::UserRow> user;
  store::LoginGuardRow guard;
  std::optional<store::TotpRow> totp;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto u = (*tx)->UserByUsername(req.username);
    if (!u.ok()) return u.status();
    user = *u;
    if (user) {
      auto g = (*tx)->LoginGuard(user->id);
      if (!g.ok()) return g.status();
      if (g->has_value()) guard = **g;
      auto t = (*tx)->Totp(user->id);
      if (!t.ok()) return t.status();
      totp = *t;
    }
  }
  if (user) {
    if (signin::Locked(guard, now)) {
      spdlog::info("sign-in refused: account {} is locked (from {})", user->username, req.address);
      out.result = LoginResult::kLocked;
      out.retry_after_s = Seconds(guard.locked_until_ms - now);
      return out;
    }
    if (int64_t wait = signin::AccountWaitMs(guard, now); wait > 0) {
      spdlog::info("sign-in throttled: account {} (from {})", user->username, req.address);
      out.result = LoginResult::kThrottled;
      out.retry_after_s = Seconds(wait);
      return out;
    }
  }
  // Always run Argon2: an unknown user costs the same as a wrong password.
  bool ok = VerifyPassword(req.password, user ? user->password_hash : std::string());
  std::optional<domain::Role> role;
  if (ok && user && !user->disabled) role = domain::ParseRole(user->role);
  if (!role) return RecordSignInFailure(app, user, req.address, now);

  std::string stage;
  bool check_code = false;
  if (signin::RequiresTotp(*role)) {
    if (totp && totp->confirmed) {
      if (!signin::AcceptSecondFactor(*totp, req.totp, now)) return RecordSignInFailure(app, user, req.address, now);
      check_code = true;
    } else {
      stage = "enrol";
      if (!req.enrolment_session) {
        LoginOutcome must;
        must.result = LoginResult::kMustEnrol;
        return must;
      }
    }
  }

  NewSession ns;
  ns.token = RandomToken(32);
  ns.csrf = RandomToken(24);
  store::SessionRow s;
  s.token_hash = TokenHash(ns.token);
  s.user_id = user->id;
  s.csrf = ns.csrf;
  s.lang = req.lang;
  s.created_ms = now;
  s.last_seen_ms = now;
  s.stage = stage;
  s.expires_ms = stage.empty() ? now + int64_t{app.config().session_ttl_minutes} * kMinuteMs : now + kEnrolSessionMs;
  bool reset_guard = guard.failures > 0 || guard.locked_until_ms > 0;
  std::string code = req.totp;
  auto r = app.writer().Run([s, code, check_code, reset_guard](WriteContext& ctx) -> Result<nlohmann::json> {
    if (check_code) {
      // Again inside the write, on the current row: a step or recovery code
      // spent meanwhile by a parallel sign-in is refused.
      auto cur = ctx.tx().Totp(s.user_id);
      if (!cur.ok()) return cur.status();
      if (!cur->has_value()) return Status::Unauthenticated("second factor removed");
      auto spent = signin::AcceptSecondFactor(**cur, code, ctx.now_ms());
      if (!spent) return Status::Unauthenticated("second factor already used");
      SABT_RETURN_IF_ERROR(ctx.tx().PutTotp(*spent));
    }
    if (reset_guard) SABT_RETURN_IF_ERROR(ctx.tx().PutLoginGuard(store::LoginGuardRow{s.user_id}));
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteExpiredSessions(ctx.now_ms()));
    SABT_RETURN_IF_ERROR(ctx.tx().InsertSession(s));
    return nlohmann::json::object();
  });
  if (!r.ok()) {
    if (r.status().code() == Code::kUnauthenticated) return RecordSignInFailure(app, user, req.address, now);
    return r.status();
  }
  spdlog::info("signed in: {} from {}{}", user->username, req.address, stage.empty() ? "" : " (must enrol TOTP)");
  ns.principal = Principal{*user, *role, s};
  out.result = stage.empty() ? LoginResult::kSignedIn : LoginResult::kMustEnrol;
  out.session = ns;
  return out;
}

Result<Principal> Authenticate(App& app, const std::string& token) { return Check(app, token, ""); }

Result<Principal> AuthenticateEnrolment(App& app, const std::string& token) { return Check(app, token, "enrol"); }

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
