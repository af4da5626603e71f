#include "store/sqlite/signin_store.h"


namespace sabt::store::sqlite {
namespace {

LoginGuardRow ReadGuard(SQLite::Statement& q) {
  LoginGuardRow g;
  g.user_id = q.getColumn(0).getString();
  g.failures = q.getColumn(1).getInt64();
  g.last_failure_ms = q.getColumn(2).getInt64();
  g.locked_until_ms = q.getColumn(3).getInt64();
  return g;
}

std::vector<std::string> SplitHashes(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string JoinHashes(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& h : v) out += (out.empty() ? "" : " ") + h;
  return out;
}

}  // namespace

Result<std::optional<LoginGuardRow>> LoginGuardQ(Conn& c, std::string_view user_id) {
  return Guard("login guard", [&]() -> Result<std::optional<LoginGuardRow>> {
    auto& q = c.Prep("SELECT user_id, failures, last_failure_ms, locked_until_ms FROM login_guard WHERE user_id = ?");
    q.bind(1, std::string(user_id));
    if (!q.executeStep()) return std::optional<LoginGuardRow>();
    return std::optional<LoginGuardRow>(ReadGuard(q));
  });
}

Result<std::vector<LoginGuardRow>> LockedAccountsQ(Conn& c, int64_t now_ms) {
  return Guard("locked accounts", [&]() -> Result<std::vector<LoginGuardRow>> {
    auto& q = c.Prep(
        "SELECT user_id, failures, last_failure_ms, locked_until_ms FROM login_guard WHERE locked_until_ms > ? "
        "ORDER BY locked_until_ms");
    q.bind(1, now_ms);
    std::vector<LoginGuardRow> out;
    while (q.executeStep()) out.push_back(ReadGuard(q));
    return out;
  });
}

Result<std::optional<TotpRow>> TotpQ(Conn& c, std::string_view user_id) {
  return Guard("totp", [&]() -> Result<std::optional<TotpRow>> {
    auto& q = c.Prep(
        "SELECT user_id, secret_hex, confirmed, created_ms, last_step, recovery_hashes FROM totp_credentials "
        "WHERE user_id = ?");
    q.bind(1, std::string(user_id));
    if (!q.executeStep()) return std::optional<TotpRow>();
    TotpRow t;
    t.user_id = q.getColumn(0).getString();
    t.secret_hex = q.getColumn(1).getString();
    t.confirmed = q.getColumn(2).getInt64() != 0;
    t.created_ms = q.getColumn(3).getInt64();
    t.last_step = q.getColumn(4).getInt64();
    t.recovery_hashes = SplitHashes(q.getColumn(5).getString());
    return std::optional<TotpRow>(t);
  });
}

Status PutLoginGuardQ(Conn& c, const LoginGuardRow& g) {
  return Guard("login guard", [&] {
    auto& q = c.Prep(
        "INSERT INTO login_guard(user_id, failures, last_failure_ms, locked_until_ms) VALUES (?,?,?,?) "
        "ON CONFLICT(user_id) DO UPDATE SET failures = excluded.failures, last_failure_ms = excluded.last_failure_ms, "
        "locked_until_ms = excluded.locked_until_ms");
    q.bind(1, g.user_id);
    q.bind(2, g.failures);
    q.bind(3, g.last_failure_ms);
    q.bind(4, g.locked_until_ms);
    q.exec();
    return Status::Ok();
  });
}

Status PutTotpQ(Conn& c, const TotpRow& t) {
  return Guard("totp", [&] {
    auto& q = c.Prep(
        "INSERT INTO totp_credentials(user_id, secret_hex, confirmed, created_ms, last_step, recovery_hashes) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(user_id) DO UPDATE SET secret_hex = excluded.secret_hex, "
        "confirmed = excluded.confirmed, created_ms = excluded.created_ms, last_step = excluded.last_step, "
        "recovery_hashes = excluded.recovery_hashes");
    q.bind(1, t.user_id);
    q.bind(2, t.secret_hex);
    q.bind(3, int64_t{t.confirmed ? 1 : 0});
    q.bind(4, t.created_ms);
    q.bind(5, t.last_step);
    q.bind(6, JoinHashes(t.recovery_hashes));
    q.exec();
    return Status::Ok();
  });
}

Status DeleteTotpQ(Conn& c, std::string_view user_id) {
  return Guard("totp", [&] {
    auto& q = c.Prep("DELETE FROM totp_credentials WHERE user_id = ?");
    q.bind(1, std::string(user_id));
    q.exec();
    return Status::Ok();
  });
}

Status TouchSessionQ(Conn& c, std::string_view token_hash, int64_t last_seen_ms) {
  return Guard("session", [&] {
    auto& q = c.Prep("UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?");
    q.bind(1, last_seen_ms);
    q.bind(2, std::string(token_hash));
    q.exec();
    return Status::Ok();
  });
}

Status DeleteUserSessionsQ(Conn& c, std::string_view user_id) {
  return Guard("sessions", [&] {
    auto& q = c.Prep("DELETE FROM sessions WHERE user_id = ?");
    q.bind(1, std::string(user_id));
    q.exec();
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
