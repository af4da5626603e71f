// PostgreSQL statements of the trip log (docs/journal-format.md §4.4). The
// read and write transactions forward to these inside their Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace sabt::store::postgres {

void PrepareTrips(pqxx::connection& c);

std::vector<TripRow> PgTrips(pqxx::transaction_base& tx, const std::vector<std::string>& units, int64_t limit);
std::optional<TripRow> PgTrip(pqxx::transaction_base& tx, std::string_view id);
std::optional<TripRow> PgOpenTrip(pqxx::transaction_base& tx, std::string_view unit);
std::vector<TripStopRow> PgTripStops(pqxx::transaction_base& tx, std::string_view trip_id);
std::vector<TripAppealRow> PgTripAppeals(pqxx::transaction_base& tx, std::string_view trip_id);
void PgPutTrip(pqxx::transaction_base& tx, const TripRow& t);
void PgPutTripStop(pqxx::transaction_base& tx, const TripStopRow& s);
void PgInsertTripAppeal(pqxx::transaction_base& tx, const TripAppealRow& a);
void PgClearTrips(pqxx::transaction_base& tx);

}  // namespace sabt::store::postgres
