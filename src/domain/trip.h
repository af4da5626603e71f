// Trip log of a mobile station (docs/sync-protocol.md §12): the rules of
// trips and stops, and the validation of a stop's place and coordinates.
// Pure: the caller reads the current state and passes it in.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "domain/problem.h"

namespace sabt::domain {

// What is open for a unit right now (empty ids: nothing open).
struct TripState {
  std::string open_trip;
  std::string open_stop;  // only ever set together with open_trip
};

// Why a trip step is refused (nullopt: allowed). Codes are message keys
// "err_<code>": trip_open, no_open_trip, stop_open, no_open_stop,
// not_this_trip.
std::optional<std::string> CheckStartTrip(const TripState& s);
std::optional<std::string> CheckStartStop(const TripState& s, std::string_view trip_id);
std::optional<std::string> CheckEndStop(const TripState& s, std::string_view trip_id, std::string_view stop_id);
std::optional<std::string> CheckEndTrip(const TripState& s, std::string_view trip_id);

struct StopInput {
  std::string place, district, lat, lon;  // as typed
};

struct ValidStop {
  std::string place, district;  // NFC, trimmed
  std::string lat, lon;         // "" or six decimals, e.g. "38.559800"
};

// Place required (≤ 200 characters), district optional (≤ 200), lat in
// [-90, 90] and lon in [-180, 180], both or neither.
std::variant<ValidStop, Problems> ValidateStop(const StopInput& in);

// A trip note (vehicle, crew): cleaned, at most 500 characters.
std::variant<std::string, Problems> ValidateTripNote(std::string_view note);

// "38.5598" → "38.559800" when it is a decimal number within [-limit, limit];
// nullopt otherwise (no exponents, no "nan", at most 6 decimals kept by
// rounding half away from zero on the 7th digit).
std::optional<std::string> NormalizeCoordinate(std::string_view text, int limit);

}  // namespace sabt::domain
