// Reform programme and equipment register (docs/programme.md): the states of
// activities, decisions and equipment, which changes are allowed, when a
// record is overdue, and the checks of typed fields. Pure: no I/O, the
// caller passes the current state and today's day.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/problem.h"

namespace sabt::domain::programme {

// Activity status: planned, in_progress, done, delayed, cancelled.
bool IsActivityStatus(std::string_view s);
// Why a status change is refused (a message key without "err_"), or
// nullopt. done and cancelled are final; a change to the same status is
// refused; the reason must hold at least 3 characters.
std::optional<std::string> CheckActivityStatusChange(std::string_view from, std::string_view to,
                                                     std::string_view reason);

// Equipment status: in_use, in_repair, written_off.
enum class EquipmentStep { kTransfer, kRepairStart, kRepairEnd, kWriteOff, kLink, kTripLog };
// Why a step is refused from `status`, or nullopt: nothing after
// written_off; a repair starts from in_use and ends from in_repair.
std::optional<std::string> CheckEquipmentStep(std::string_view status, EquipmentStep step);
// vehicle, scooter, laptop, computer, printer, video_conference, furniture, other.
bool IsEquipmentKind(std::string_view s);

// Overdue: `to_day`/`deadline_day` before `today` (days since epoch) and
// the record not finished.
bool ActivityOverdue(std::string_view status, int64_t to_day, int64_t today);
bool DecisionOverdue(std::string_view status, int64_t deadline_day, int64_t today);

// A trip's vehicle readings: odometer km, end ≥ start, both < 10^7; fuel
// litres, a decimal in [0, 1000] with at most one decimal place.
std::optional<std::string> CheckTripReadings(int64_t odometer_start, int64_t odometer_end, std::string_view fuel);

// Adds (field, "required"|"too_long") to `out` and returns the cleaned text.
std::string Text(std::string_view field, std::string_view in, size_t max_chars, bool required, Problems* out);
// A day "YYYY-MM-DD": adds (field, "invalid_date") when it does not parse
// (or "required" when empty and required); returns days since epoch or -1.
int64_t Day(std::string_view field, std::string_view in, bool required, Problems* out);

}  // namespace sabt::domain::programme
