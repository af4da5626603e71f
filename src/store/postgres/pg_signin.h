// PostgreSQL statements of sign-in protection (issue 13 item 7; docs/security.md
// "Sign-in and sessions"). The read and write transactions forward to these
// inside their Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace sabt::store::postgres {

void PrepareSignin(pqxx::connection& c);

std::optional<LoginGuardRow> PgLoginGuard(pqxx::transaction_base& tx, std::string_view user_id);
std::vector<LoginGuardRow> PgLockedAccounts(pqxx::transaction_base& tx, int64_t now_ms);
std::optional<TotpRow> PgTotp(pqxx::transaction_base& tx, std::string_view user_id);
void PgPutLoginGuard(pqxx::transaction_base& tx, const LoginGuardRow& g);
void PgPutTotp(pqxx::transaction_base& tx, const TotpRow& t);
void PgDeleteTotp(pqxx::transaction_base& tx, std::string_view user_id);
void PgTouchSession(pqxx::transaction_base& tx, std::string_view token_hash, int64_t last_seen_ms);
void PgDeleteUserSessions(pqxx::transaction_base& tx, std::string_view user_id);

}  // namespace sabt::store::postgres
