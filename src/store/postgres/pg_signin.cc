#include "store/postgres/pg_signin.h"

namespace sabt::store::postgres {
namespace {

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kSigninStatements[] = {
    {"login_guard",
     "SELECT user_id, failures, last_failure_ms, locked_until_ms FROM login_guard WHERE user_id = $1::text"},
    {"locked_accounts",
     "SELECT user_id, failures, last_failure_ms, locked_until_ms FROM login_guard WHERE locked_until_ms > $1::bigint "
     "ORDER BY locked_until_ms"},
    {"totp",
     "SELECT user_id, secret_hex, confirmed, created_ms, last_step, recovery_hashes FROM totp_credentials "
     "WHERE user_id = $1::text"},
    {"put_login_guard",
     "INSERT INTO login_guard(user_id, failures, last_failure_ms, locked_until_ms) VALUES ($1, $2, $3, $4) "
     "ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, last_failure_ms = excluded.last_failure_ms, "
     "locked_until_ms = excluded.locked_until_ms"},
    {"put_totp",
     "INSERT INTO totp_credentials(user_id, secret_hex, confirmed, created_ms, last_step, recovery_hashes) "
     "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET secret_hex = excluded.secret_hex, "
     "confirmed = excluded.confirmed, created_ms = excluded.created_ms, last_step = excluded.last_step, "
     "recovery_hashes = excluded.recovery_hashes"},
    {"delete_totp", "DELETE FROM totp_credentials WHERE user_id = $1::text"},
    {"touch_session", "UPDATE sessions SET last_seen_ms = $2::bigint WHERE token_hash = $1::text"},
    {"delete_user_sessions", "DELETE FROM sessions WHERE user_id = $1::text"},
};

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }
int64_t I64(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

LoginGuardRow ReadGuard(const pqxx::row& r) {
  LoginGuardRow g;
  g.user_id = Text(r[0]);
  g.failures = I64(r[1]);
  g.last_failure_ms = I64(r[2]);
  g.locked_until_ms = I64(r[3]);
  return g;
}

std::string JoinHashes(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& h : v) out += (out.empty() ? "" : " ") + h;
  return out;
}

}  // namespace

void PrepareSignin(pqxx::connection& c) {
  for (const auto& s : kSigninStatements) c.prepare(s.name, s.sql);
}

std::optional<LoginGuardRow> PgLoginGuard(pqxx::transaction_base& tx, std::string_view user_id) {
  pqxx::result r = tx.exec_prepared("login_guard", std::string(user_id));
  if (r.empty()) return std::nullopt;
  return ReadGuard(r[0]);
}

std::vector<LoginGuardRow> PgLockedAccounts(pqxx::transaction_base& tx, int64_t now_ms) {
  std::vector<LoginGuardRow> out;
  for (const auto& r : tx.exec_prepared("locked_accounts", now_ms)) out.push_back(ReadGuard(r));
  return out;
}

std::optional<TotpRow> PgTotp(pqxx::transaction_base& tx, std::string_view user_id) {
  pqxx::result r = tx.exec_prepared("totp", std::string(user_id));
  if (r.empty()) return std::nullopt;
  TotpRow t;
  t.user_id = Text(r[0][0]);
  t.secret_hex = Text(r[0][1]);
  t.confirmed = !r[0][2].is_null() && r[0][2].as<bool>();
  t.created_ms = I64(r[0][3]);
  t.last_step = I64(r[0][4]);
  std::string hashes = Text(r[0][5]);
  size_t start = 0;
  while (start < hashes.size()) {
    size_t end = hashes.find(' ', start);
    if (end == std::string::npos) end = hashes.size();
    if (end > start) t.recovery_hashes.push_back(hashes.substr(start, end - start));
    start = end + 1;
  }
  return t;
}

void PgPutLoginGuard(pqxx::transaction_base& tx, const LoginGuardRow& g) {
  tx.exec_prepared0("put_login_guard", g.user_id, g.failures, g.last_failure_ms, g.locked_until_ms);
}

void PgPutTotp(pqxx::transaction_base& tx, const TotpRow& t) {
  tx.exec_prepared0("put_totp", t.user_id, t.secret_hex, t.confirmed, t.created_ms, t.last_step,
                    JoinHashes(t.recovery_hashes));
}

void PgDeleteTotp(pqxx::transaction_base& tx, std::string_view user_id) {
  tx.exec_prepared0("delete_totp", std::string(user_id));
}

void PgTouchSession(pqxx::transaction_base& tx, std::string_view token_hash, int64_t last_seen_ms) {
  tx.exec_prepared0("touch_session", std::string(token_hash), last_seen_ms);
}

void PgDeleteUserSessions(pqxx::transaction_base& tx, std::string_view user_id) {
  tx.exec_prepared0("delete_user_sessions", std::string(user_id));
}

}  // namespace sabt::store::postgres
