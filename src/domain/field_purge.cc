#include "domain/field_purge.h"

#include <algorithm>

namespace sabt::domain {
namespace {
constexpr int64_t kHourMs = 3600 * 1000;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

bool FieldPurgesKind(std::string_view kind) {
  return StartsWith(kind, "appeal.") || kind == "audit.viewed" || StartsWith(kind, "trip.") ||
         StartsWith(kind, "crime.") || StartsWith(kind, "case.");
}

void PurgeRecords::Add(std::string_view kind, const std::string& subject, const nlohmann::json& data) {
  if (StartsWith(kind, "appeal.")) {
    appeals.insert(subject);
  } else if (kind == "trip.started") {
    trips.insert(subject);
  } else if (StartsWith(kind, "crime.") || StartsWith(kind, "case.")) {
    crime_records.insert(subject);
    std::string person = Str(data, "person_id");  // a reporter, a case's person
    if (!person.empty()) persons.insert(person);
  }
}

std::vector<Ack> RecordAck(std::vector<Ack> history, Ack ack, int64_t horizon_ms) {
  if (!history.empty() && history.back().at_ms / kHourMs == ack.at_ms / kHourMs && history.back().at_ms <= ack.at_ms)
    history.back() = Ack{std::max(history.back().seq, ack.seq), ack.at_ms};
  else
    history.push_back(ack);
  // Keep only the newest element at or before the horizon, and all after it.
  size_t keep_from = 0;
  for (size_t i = 0; i < history.size(); ++i)
    if (history[i].at_ms <= horizon_ms) keep_from = i;
  history.erase(history.begin(), history.begin() + static_cast<std::ptrdiff_t>(keep_from));
  return history;
}

int64_t AckedBefore(const std::vector<Ack>& history, int64_t horizon_ms) {
  int64_t upto = 0;
  for (const auto& a : history)
    if (a.at_ms <= horizon_ms) upto = std::max(upto, a.seq);
  return upto;
}

std::vector<Ack> AcksFromJson(const nlohmann::json& j) {
  std::vector<Ack> out;
  if (!j.is_array()) return out;
  for (const auto& a : j)
    if (a.is_array() && a.size() == 2 && a[0].is_number_integer() && a[1].is_number_integer())
      out.push_back(Ack{a[0].get<int64_t>(), a[1].get<int64_t>()});
  return out;
}

nlohmann::json AcksToJson(const std::vector<Ack>& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : history) out.push_back({a.seq, a.at_ms});
  return out;
}

}  // namespace sabt::domain
