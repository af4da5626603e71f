// Trip log of a mobile station (docs/sync-protocol.md §12): start/end trips
// and stops on the unit's field node, and read trips of the units in scope
// (on the field node and, after sync, on its parent). Role and department
// scope are checked here; a trip out of scope is "not found".
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "domain/trip.h"
#include "store/rows.h"

namespace sabt::app {

// Either problems (422), a broken rule (`conflict`: a message key without
// "err_", 409), or the reply after COMMIT.
struct TripOutcome {
  domain::Problems problems;
  std::string conflict;
  Result<nlohmann::json> reply = Status::Internal("not run");
};

TripOutcome StartTrip(App& app, const Principal& who, const std::string& note);
TripOutcome StartStop(App& app, const Principal& who, const std::string& trip_id, const domain::StopInput& in);
TripOutcome EndStop(App& app, const Principal& who, const std::string& trip_id, const std::string& stop_id);
TripOutcome EndTrip(App& app, const Principal& who, const std::string& trip_id);

struct CurrentTrip {
  std::optional<store::TripRow> trip;
  std::optional<store::TripStopRow> stop;
};
// The open trip and stop of the caller's unit (both empty when none).
Result<CurrentTrip> CurrentTripOf(App& app, const Principal& who);
// True when this node records trips for the caller (a field node, a mobile officer).
bool CanRecordTrips(const App& app, const Principal& who);

Result<std::vector<store::TripRow>> ListTrips(App& app, const Principal& who);

struct TripDetail {
  store::TripRow trip;
  std::vector<store::TripStopRow> stops;
  std::vector<store::TripAppealRow> appeals;
};
Result<TripDetail> GetTrip(App& app, const Principal& who, const std::string& id);

// Place suggestions for a stop form: the `jamoats` reference list (or, when
// it is not loaded on this node, the embedded data/jamoats.csv), the rows of
// the unit's district first.
std::vector<store::ReferenceItem> PlaceSuggestions(App& app, const std::string& unit);

// Inside a writer command registering an appeal of `unit`: {"trip", "trip_stop"}
// of the unit's open stop, or an empty object.
Result<nlohmann::json> OpenStopLink(store::ReadTx& tx, const std::string& unit);

}  // namespace sabt::app
