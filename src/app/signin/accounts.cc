#include "app/signin/accounts.h"

#include <spdlog/spdlog.h>

#include "app/signin/second_factor.h"
#include "app/signin/throttle.h"
#include "util/password.h"

namespace sabt::app::signin {

Result<store::UserRow> UserInAdminScope(App& app, const Principal& admin, const std::string& user_id) {
  if (!domain::Allows(admin.role, domain::Action::kManageUsers)) return Status::Denied("administrators only");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto u = (*tx)->UserById(user_id);
  if (!u.ok()) return u.status();
  if (!u->has_value() || !app.catalog().Get()->tree.InScope(admin.user.department, (*u)->department))
    return Status::NotFound("no such user");
  return **u;
}

Result<std::vector<LockedAccount>> LockedAccounts(App& app, const Principal& admin) {
  if (!domain::Allows(admin.role, domain::Action::kManageUsers)) return Status::Denied("administrators only");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->LockedAccounts(app.clock().NowMillis());
  if (!rows.ok()) return rows.status();
  auto catalog = app.catalog().Get();
  std::vector<LockedAccount> out;
  for (const auto& g : *rows) {
    auto u = (*tx)->UserById(g.user_id);
    if (!u.ok()) return u.status();
    if (!u->has_value() || !catalog->tree.InScope(admin.user.department, (*u)->department)) continue;
    out.push_back({**u, g});
  }
  return out;
}

Status Unlock(App& app, const Principal& admin, const std::string& user_id) {
  auto target = UserInAdminScope(app, admin, user_id);
  if (!target.ok()) return target.status();
  std::string actor = admin.user.id;
  auto r = app.writer().Run([user_id, actor](WriteContext& ctx) -> Result<nlohmann::json> {
    auto g = ctx.tx().LoginGuard(user_id);
    if (!g.ok()) return g.status();
    if (!g->has_value() || !Locked(**g, ctx.now_ms())) return Status::Conflict("the account is not locked");
    SABT_RETURN_IF_ERROR(ctx.tx().PutLoginGuard(store::LoginGuardRow{user_id}));
    journal::NewEntry e;
    e.kind = "auth.account_unlocked";
    e.subject = user_id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (r.ok()) spdlog::info("account {} unlocked by {}", target->username, admin.user.username);
  return r.status();
}

Result<std::vector<SecondFactorState>> SecondFactorStates(App& app, const Principal& admin) {
  if (!domain::Allows(admin.role, domain::Action::kManageUsers)) return Status::Denied("administrators only");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto users = (*tx)->Users();
  if (!users.ok()) return users.status();
  auto catalog = app.catalog().Get();
  std::vector<SecondFactorState> out;
  for (const auto& u : *users) {
    auto role = domain::ParseRole(u.role);
    if (!role || !RequiresTotp(*role) || u.disabled) continue;
    if (!catalog->tree.InScope(admin.user.department, u.department)) continue;
    auto t = (*tx)->Totp(u.id);
    if (!t.ok()) return t.status();
    out.push_back({u, t->has_value() && (*t)->confirmed});
  }
  return out;
}

Status SignOutEverywhere(App& app, const Principal& p) {
  std::string id = p.user.id;
  auto r = app.writer().Run([id](WriteContext& ctx) -> Result<nlohmann::json> {
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteUserSessions(id));
    return nlohmann::json::object();
  });
  if (r.ok()) spdlog::info("signed out everywhere: {}", p.user.username);
  return r.status();
}

Status ChangePassword(App& app, const Principal& p, const std::string& current, const std::string& fresh,
                      const std::string& address) {
  const int64_t now = app.clock().NowMillis();
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto g = (*tx)->LoginGuard(p.user.id);
    if (!g.ok()) return g.status();
    if (g->has_value() && AccountWaitMs(**g, now) > 0) return Status::Unauthenticated("try again later");
  }
  if (!VerifyPassword(current, p.user.password_hash)) {
    auto f = RecordSignInFailure(app, p.user, address, now);
    if (!f.ok()) return f.status();
    return Status::Unauthenticated("wrong current password");
  }
  SABT_RETURN_IF_ERROR(CheckPasswordPolicy(fresh));
  if (fresh == p.user.username) return Status::Invalid("the password must not be the username");
  if (fresh == current) return Status::Invalid("the new password must differ from the current one");
  auto hash = HashPassword(fresh);
  if (!hash.ok()) return hash.status();
  std::string id = p.user.id, keep = p.session.token_hash;
  auto r = app.writer().Run([id, keep, h = *hash](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "user.password_set";
    e.subject = id;
    e.actor = id;
    e.at_ms = ctx.now_ms();
    e.payload = nlohmann::json{{"password_hash", h}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    // End the other sessions; keep the one that changed the password.
    auto mine = ctx.tx().Session(keep);
    if (!mine.ok()) return mine.status();
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteUserSessions(id));
    if (mine->has_value()) SABT_RETURN_IF_ERROR(ctx.tx().InsertSession(**mine));
    return nlohmann::json::object();
  });
  if (r.ok()) spdlog::info("password changed: {}", p.user.username);
  return r.status();
}

}  // namespace sabt::app::signin
