#include "domain/programme/programme_rules.h"

#include <array>

#include "util/clock.h"
#include "util/text.h"

namespace sabt::domain::programme {
namespace {

template <size_t N>
bool OneOf(std::string_view s, const std::array<std::string_view, N>& list) {
  for (auto v : list)
    if (v == s) return true;
  return false;
}

}  // namespace

bool IsActivityStatus(std::string_view s) {
  static constexpr std::array<std::string_view, 5> kStatuses = {"planned", "in_progress", "done", "delayed",
                                                                "cancelled"};
  return OneOf(s, kStatuses);
}

std::optional<std::string> CheckActivityStatusChange(std::string_view from, std::string_view to,
                                                     std::string_view reason) {
  if (!IsActivityStatus(to)) return "prog_bad_status";
  if (from == "done" || from == "cancelled") return "prog_status_final";
  if (from == to) return "prog_status_same";
  if (Utf8Length(CleanField(reason)) < 3) return "prog_reason_required";
  return std::nullopt;
}

std::optional<std::string> CheckEquipmentStep(std::string_view status, EquipmentStep step) {
  if (status == "written_off") return "eq_written_off";
  switch (step) {
    case EquipmentStep::kRepairStart:
      if (status != "in_use") return "eq_not_in_use";
      break;
    case EquipmentStep::kRepairEnd:
      if (status != "in_repair") return "eq_not_in_repair";
      break;
    case EquipmentStep::kTransfer:
    case EquipmentStep::kWriteOff:
    case EquipmentStep::kLink:
    case EquipmentStep::kTripLog:
      break;
  }
  return std::nullopt;
}

bool IsEquipmentKind(std::string_view s) {
  static constexpr std::array<std::string_view, 8> kKinds = {
      "vehicle", "scooter", "laptop", "computer", "printer", "video_conference", "furniture", "other"};
  return OneOf(s, kKinds);
}

bool ActivityOverdue(std::string_view status, int64_t to_day, int64_t today) {
  return status != "done" && status != "cancelled" && to_day >= 0 && to_day < today;
}

bool DecisionOverdue(std::string_view status, int64_t deadline_day, int64_t today) {
  return status != "closed" && deadline_day >= 0 && deadline_day < today;
}

std::optional<std::string> CheckTripReadings(int64_t odometer_start, int64_t odometer_end, std::string_view fuel) {
  if (odometer_start < 0 || odometer_end >= 10000000 || odometer_end < odometer_start) return "eq_bad_odometer";
  // Digits with at most one decimal place, value ≤ 1000.
  size_t dot = fuel.find('.');
  std::string_view whole = fuel.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : fuel.substr(dot + 1);
  if (whole.empty() || whole.size() > 4 || (dot != std::string_view::npos && frac.size() != 1))
    return "eq_bad_fuel";
  for (char c : whole)
    if (c < '0' || c > '9') return "eq_bad_fuel";
  for (char c : frac)
    if (c < '0' || c > '9') return "eq_bad_fuel";
  int64_t w = 0;
  if (!ParseInt64(whole, &w) || w > 1000 || (w == 1000 && !frac.empty() && frac != "0")) return "eq_bad_fuel";
  return std::nullopt;
}

std::string Text(std::string_view field, std::string_view in, size_t max_chars, bool required, Problems* out) {
  std::string clean = CleanField(in);
  if (clean.empty() && required) out->push_back({std::string(field), "required"});
  if (Utf8Length(clean) > max_chars) out->push_back({std::string(field), "too_long"});
  return clean;
}

int64_t Day(std::string_view field, std::string_view in, bool required, Problems* out) {
  if (in.empty()) {
    if (required) out->push_back({std::string(field), "required"});
    return -1;
  }
  auto d = ParseDate(in);
  if (!d.ok()) {
    out->push_back({std::string(field), "invalid_date"});
    return -1;
  }
  return *d;
}

}  // namespace sabt::domain::programme
