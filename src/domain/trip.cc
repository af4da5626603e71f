#include "domain/trip.h"

#include <cstdint>

#include "util/text.h"

namespace sabt::domain {

std::optional<std::string> CheckStartTrip(const TripState& s) {
  if (!s.open_trip.empty()) return "trip_open";
  return std::nullopt;
}

std::optional<std::string> CheckStartStop(const TripState& s, std::string_view trip_id) {
  if (s.open_trip.empty()) return "no_open_trip";
  if (s.open_trip != trip_id) return "not_this_trip";
  if (!s.open_stop.empty()) return "stop_open";
  return std::nullopt;
}

std::optional<std::string> CheckEndStop(const TripState& s, std::string_view trip_id, std::string_view stop_id) {
  if (s.open_trip.empty()) return "no_open_trip";
  if (s.open_trip != trip_id) return "not_this_trip";
  if (s.open_stop.empty() || s.open_stop != stop_id) return "no_open_stop";
  return std::nullopt;
}

std::optional<std::string> CheckEndTrip(const TripState& s, std::string_view trip_id) {
  if (s.open_trip.empty()) return "no_open_trip";
  if (s.open_trip != trip_id) return "not_this_trip";
  return std::nullopt;
}

std::optional<std::string> NormalizeCoordinate(std::string_view t, int limit) {
  size_t i = 0;
  bool neg = false;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) neg = t[i++] == '-';
  int64_t whole = 0;
  size_t digits = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
    if (++digits > 3) return std::nullopt;
    whole = whole * 10 + (t[i++] - '0');
  }
  int64_t micro = 0;
  size_t frac = 0;
  bool round_up = false;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      if (frac < 6) micro = micro * 10 + (t[i] - '0');
      else if (frac == 6) round_up = t[i] >= '5';
      ++frac, ++i;
    }
    if (frac == 0) return std::nullopt;
  }
  if (i != t.size() || digits == 0) return std::nullopt;
  for (size_t k = frac; k < 6; ++k) micro *= 10;
  int64_t total = whole * 1'000'000 + micro + (round_up ? 1 : 0);
  if (total > int64_t{limit} * 1'000'000) return std::nullopt;
  if (total == 0) neg = false;
  std::string fraction = std::to_string(total % 1'000'000);
  return (neg ? "-" : "") + std::to_string(total / 1'000'000) + "." + std::string(6 - fraction.size(), '0') + fraction;
}

std::variant<ValidStop, Problems> ValidateStop(const StopInput& in) {
  Problems p;
  ValidStop v;
  v.place = CleanField(in.place);
  v.district = CleanField(in.district);
  if (v.place.empty()) p.push_back({"place", "required"});
  else if (Utf8Length(v.place) > 200) p.push_back({"place", "too_long"});
  if (Utf8Length(v.district) > 200) p.push_back({"district", "too_long"});
  std::string lat = CleanField(in.lat), lon = CleanField(in.lon);
  if (lat.empty() != lon.empty()) {
    p.push_back({lat.empty() ? "lat" : "lon", "both_required"});
  } else if (!lat.empty()) {
    auto a = NormalizeCoordinate(lat, 90), b = NormalizeCoordinate(lon, 180);
    if (!a) p.push_back({"lat", "out_of_range"});
    if (!b) p.push_back({"lon", "out_of_range"});
    if (a && b) v.lat = *a, v.lon = *b;
  }
  if (!p.empty()) return p;
  return v;
}

std::variant<std::string, Problems> ValidateTripNote(std::string_view note) {
  std::string n = CleanField(note);
  if (Utf8Length(n) > 500) return Problems{{"note", "too_long"}};
  return n;
}

}  // namespace sabt::domain
