// Clock evidence of an appeal registered on a laptop (docs/sync-protocol.md
// §11 "Clock evidence per appeal"). Pure: the parent compares the appeal's
// stated intake time with two clocks it can trust more than the typed field:
//  - its own clock at the arrival of the batch that carried the appeal: an
//    intake cannot be later than its arrival at the parent;
//  - the device's own clock history: the `at` of the last entry of the
//    device's previous accepted batch. The device had already reached that
//    time before it wrote this appeal, so an intake far earlier than it was
//    typed in by hand (back-dated) or comes from a clock set back.
// A late USB import is not doubtful: arriving a week after the intake is
// allowed by both rules.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace sabt::domain {

// Tolerances: a laptop clock a few minutes fast (the parent's skew flag
// catches worse), and a paper application typed in up to two days later.
inline constexpr int64_t kIntakeAfterArrivalToleranceMs = 10 * 60 * 1000;
inline constexpr int64_t kIntakeBeforeDeviceClockToleranceMs = 48LL * 3600 * 1000;

struct ClockDoubt {
  std::string reason;  // "after_arrival" | "before_device_clock"
  int64_t by_ms = 0;   // how far past the tolerance's reference point
};

// received_ms: the appeal's received_at; arrival_ms: the parent's clock at
// acceptance; device_high_ms: the device's clock reached before this batch
// (0 when this is its first batch).
std::optional<ClockDoubt> EvaluateIntakeTime(int64_t received_ms, int64_t arrival_ms, int64_t device_high_ms);

}  // namespace sabt::domain
