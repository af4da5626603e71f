#include "app/admin/user_admin.h"

#include <algorithm>

#include "app/signin/accounts.h"
#include "domain/role.h"
#include "util/password.h"
#include "util/random.h"

namespace sabt::app {
namespace {

Status RequireAdmin(const Principal& who) {
  if (!domain::Allows(who.role, domain::Action::kManageUsers)) return Status::Denied("only an admin manages users");
  return Status::Ok();
}

// 14 characters without look-alikes (no 0/O, 1/l/I): ~80 bits, and it passes
// the password policy (letters and digits).
std::string TemporaryPassword() {
  static const std::string kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string bytes = RandomBytes(14);
  std::string out;
  for (unsigned char b : bytes) out.push_back(kAlphabet[b % kAlphabet.size()]);
  out[3] = "23456789"[static_cast<unsigned char>(bytes[3]) % 8];  // at least one digit
  out[9] = "abcdefghijkmnpqrstuvwxyz"[static_cast<unsigned char>(bytes[9]) % 24];
  return out;
}

}  // namespace

Result<std::vector<store::UserRow>> UsersInScope(App& app, const Principal& who) {
  SABT_RETURN_IF_ERROR(RequireAdmin(who));
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto all = (*tx)->Users();
  if (!all.ok()) return all.status();
  auto snap = app.catalog().Get();
  std::vector<store::UserRow> out;
  for (auto& u : *all) {
    if (!snap->tree.InScope(who.user.department, u.department)) continue;
    u.password_hash.clear();
    out.push_back(std::move(u));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.department != b.department ? a.department < b.department : a.username < b.username;
  });
  return out;
}

Result<std::string> CreateUserByAdmin(App& app, const Principal& who, const NewUser& u) {
  SABT_RETURN_IF_ERROR(RequireAdmin(who));
  auto snap = app.catalog().Get();
  if (!snap->tree.Find(u.department)) return Status::Invalid("unknown department '" + u.department + "'");
  if (!snap->tree.InScope(who.user.department, u.department))
    return Status::Denied("that department is outside your part of the department tree");
  return AddUser(app, u, who.user.id);
}

Status DisableUserByAdmin(App& app, const Principal& who, const std::string& user_id) {
  auto u = signin::UserInAdminScope(app, who, user_id);
  if (!u.ok()) return u.status();
  if (u->id == who.user.id) return Status::Invalid("you cannot disable your own account");
  if (u->disabled) return Status::Ok();
  auto r = app.writer().Run([id = u->id, actor = who.user.id](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "user.disabled";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = nlohmann::json::object();
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteUserSessions(id));  // signed out at once
    return nlohmann::json::object();
  });
  return r.status();
}

Result<std::string> ResetPasswordByAdmin(App& app, const Principal& who, const std::string& user_id) {
  auto u = signin::UserInAdminScope(app, who, user_id);
  if (!u.ok()) return u.status();
  if (u->disabled) return Status::Invalid("the account is disabled");
  std::string password = TemporaryPassword();
  SABT_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  auto r = app.writer().Run([id = u->id, actor = who.user.id, h = *hash](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "user.password_set";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"by_admin", true}};
    e.payload = nlohmann::json{{"password_hash", h}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    // Whoever held the old password is signed out everywhere.
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteUserSessions(id));
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  return password;
}

Status UpsertDepartmentByAdmin(App& app, const Principal& who, const domain::Department& d) {
  if (!domain::Allows(who.role, domain::Action::kManageDepartments))
    return Status::Denied("only an admin manages departments");
  auto snap = app.catalog().Get();
  if (d.code == who.user.department) return Status::Denied("your own department is changed by the level above you");
  if (d.parent.empty() || !snap->tree.InScope(who.user.department, d.parent))
    return Status::Denied("the parent department is outside your part of the department tree");
  if (const auto* existing = snap->tree.Find(d.code)) {
    if (!snap->tree.InScope(who.user.department, existing->code))
      return Status::Denied("that department is outside your part of the department tree");
  }
  return UpsertDepartment(app, d, who.user.id);
}

}  // namespace sabt::app
