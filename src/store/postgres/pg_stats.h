// PostgreSQL statements of the statistics counters (issue 15,
// docs/statistics.md §1.5) and of the facts of counted records. The read and
// write transactions forward to these inside their Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/stats_tx.h"

namespace sabt::store::postgres {

void PrepareStats(pqxx::connection& c);

std::vector<StatRow> PgStatCounters(pqxx::transaction_base& tx, const StatQuery& q);
std::optional<domain::stats::AppealFacts> PgStatAppeal(pqxx::transaction_base& tx, std::string_view id);
std::optional<domain::stats::StopFacts> PgStatStop(pqxx::transaction_base& tx, std::string_view id);
Status PgScanStatRecords(pqxx::transaction_base& tx, const std::function<Status(const StatRecord&)>& fn);
void PgAddStats(pqxx::transaction_base& tx, const std::vector<StatDelta>& deltas);
void PgClearStats(pqxx::transaction_base& tx);

}  // namespace sabt::store::postgres
