// Time. All clock reads go through Clock so tests can move time. Times are
// milliseconds since the Unix epoch, UTC. Tajikistan keeps UTC+5 all year
// (no daylight saving), which is what kTajikOffsetMinutes encodes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace sabt {

constexpr int kTajikOffsetMinutes = 5 * 60;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMillis() const = 0;
};

class SystemClock : public Clock {
 public:
  int64_t NowMillis() const override;
  static const SystemClock& Instance();
};

// "2026-11-27T10:15:00.123Z"
std::string FormatRfc3339Millis(int64_t ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)".
Result<int64_t> ParseRfc3339(std::string_view s);
// An HTML datetime-local value "YYYY-MM-DDTHH:MM[:SS]" read as Tajikistan time.
Result<int64_t> ParseLocalDateTime(std::string_view s);
// Millis → "YYYY-MM-DD HH:MM" in Tajikistan time, for display.
std::string FormatLocal(int64_t ms);
// An RFC 3339 time from the journal → FormatLocal; text that does not parse
// is shown as it is (an empty string stays empty).
std::string DisplayTime(const std::string& rfc3339);
// Millis → "YYYY-MM-DDTHH:MM" in Tajikistan time, for datetime-local inputs.
std::string FormatLocalInput(int64_t ms);
// A calendar date "YYYY-MM-DD"; returns days since epoch.
Result<int64_t> ParseDate(std::string_view s);
// Days since epoch → "YYYY-MM-DD".
std::string FormatDay(int64_t day);
// Calendar year of `ms` in Tajikistan time.
int YearInTajikistan(int64_t ms);

}  // namespace sabt
