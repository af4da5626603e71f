// The system clock moved by a fixed offset: a node whose clock is wrong
// (`sabt serve --clock-offset-seconds`, for clock-skew tests and drills).
#pragma once
#include <cstdint>

#include "util/clock.h"

namespace sabt {

class OffsetClock : public Clock {
 public:
  explicit OffsetClock(int64_t offset_ms) : offset_ms_(offset_ms) {}
  int64_t NowMillis() const override { return SystemClock::Instance().NowMillis() + offset_ms_; }

 private:
  int64_t offset_ms_;
};

}  // namespace sabt
