// SQLite queries of the trip log (docs/journal-format.md §4.4). The read and
// write transactions forward to these.
#pragma once
#include "store/sqlite/conn.h"
#include "store/store.h"

namespace sabt::store::sqlite {

Result<std::vector<TripRow>> TripsQ(Conn& c, const std::vector<std::string>& units, int64_t limit);
Result<std::optional<TripRow>> TripQ(Conn& c, std::string_view id);
Result<std::optional<TripRow>> OpenTripQ(Conn& c, std::string_view unit);
Result<std::vector<TripStopRow>> TripStopsQ(Conn& c, std::string_view trip_id);
Result<std::vector<TripAppealRow>> TripAppealsQ(Conn& c, std::string_view trip_id);
Status PutTripQ(Conn& c, const TripRow& t);
Status PutTripStopQ(Conn& c, const TripStopRow& s);
Status InsertTripAppealQ(Conn& c, const TripAppealRow& a);

}  // namespace sabt::store::sqlite
