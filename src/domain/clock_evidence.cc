#include "domain/clock_evidence.h"

namespace sabt::domain {

std::optional<ClockDoubt> EvaluateIntakeTime(int64_t received_ms, int64_t arrival_ms, int64_t device_high_ms) {
  if (received_ms > arrival_ms + kIntakeAfterArrivalToleranceMs)
    return ClockDoubt{"after_arrival", received_ms - arrival_ms};
  if (device_high_ms > 0 && received_ms < device_high_ms - kIntakeBeforeDeviceClockToleranceMs)
    return ClockDoubt{"before_device_clock", device_high_ms - received_ms};
  return std::nullopt;
}

}  // namespace sabt::domain
