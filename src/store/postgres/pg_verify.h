// PostgreSQL statements of the fast verify (issue 19, docs/journal-format.md
// §6.1–§6.2). The read and write transactions forward to these inside their
// Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/verify_tx.h"

namespace sabt::store::postgres {

void PrepareVerify(pqxx::connection& c);

std::vector<std::optional<Hash>> PgMerkleNodeRange(pqxx::transaction_base& tx, int level, int64_t from, int64_t to);
std::optional<VerifyResultRow> PgLatestVerifyResult(pqxx::transaction_base& tx);
void PgPutVerifyResult(pqxx::transaction_base& tx, const std::string& note);

}  // namespace sabt::store::postgres
