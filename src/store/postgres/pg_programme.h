// PostgreSQL statements of the reform programme and equipment register
// (docs/programme.md §1). The read and write transactions forward to these
// inside their Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace sabt::store::postgres {

void PrepareProgramme(pqxx::connection& c);

std::optional<std::string> PgProgrammeRecord(pqxx::transaction_base& tx, std::string_view kind, std::string_view id);
std::vector<std::pair<std::string, std::string>> PgProgrammeRecords(pqxx::transaction_base& tx, std::string_view kind);
void PgPutProgrammeRecord(pqxx::transaction_base& tx, std::string_view kind, std::string_view id,
                          std::string_view value);
void PgClearProgramme(pqxx::transaction_base& tx);

}  // namespace sabt::store::postgres
