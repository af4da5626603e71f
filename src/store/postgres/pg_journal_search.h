// PostgreSQL statement of the auditor's journal viewer (store/journal_search.h).
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace sabt::store::postgres {

void PrepareJournalSearch(pqxx::connection& c);
std::vector<JournalHit> PgSearchJournal(pqxx::transaction_base& tx, const JournalFilter& f);

}  // namespace sabt::store::postgres
