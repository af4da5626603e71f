// PostgreSQL statements and queries of the crime register (issue #4). The
// read and write transactions forward to these inside their Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace sabt::store::postgres {

void PrepareCrime(pqxx::connection& c);

int64_t PgClassifierVersion(pqxx::transaction_base& tx);
std::vector<ClassifierRow> PgClassifierArticles(pqxx::transaction_base& tx, int64_t version);
std::optional<CrimeRecordRow> PgCrimeRecord(pqxx::transaction_base& tx, std::string_view id);
std::vector<CrimeRecordRow> PgCrimeRecords(pqxx::transaction_base& tx, const CrimeQuery& q);
void PgInsertClassifier(pqxx::transaction_base& tx, const std::vector<ClassifierRow>& rows);
void PgUpsertCrimeRecord(pqxx::transaction_base& tx, const CrimeRecordRow& r);

}  // namespace sabt::store::postgres
