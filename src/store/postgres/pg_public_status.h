// PostgreSQL statement of the public status look-up
// (store/public_status_tx.h). The read transactions forward to it inside
// their Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/public_status_tx.h"

namespace sabt::store::postgres {

void PreparePublicStatus(pqxx::connection& c);

std::optional<PublicStatusRow> PgPublicStatusByNumber(pqxx::transaction_base& tx, std::string_view number);

}  // namespace sabt::store::postgres
