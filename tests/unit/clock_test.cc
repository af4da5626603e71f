#include <gtest/gtest.h>

#include "util/clock.h"

namespace sabt {
namespace {

TEST(ClockTest, Rfc3339RoundTripsWithMilliseconds) {
  auto ms = ParseRfc3339("2026-11-27T10:15:00.123Z");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ(FormatRfc3339Millis(*ms), "2026-11-27T10:15:00.123Z");
  EXPECT_EQ(*ParseRfc3339("2026-11-27T15:15:00.123+05:00"), *ms);
  EXPECT_FALSE(ParseRfc3339("2026-11-27T10:15:00").ok());
  EXPECT_FALSE(ParseRfc3339("2026-13-27T10:15:00Z").ok());
}

TEST(ClockTest, LocalTimesAreDushanbeTime) {
  auto ms = ParseLocalDateTime("2026-01-01T03:00");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ(FormatRfc3339Millis(*ms), "2025-12-31T22:00:00.000Z");
  EXPECT_EQ(FormatLocal(*ms), "2026-01-01 03:00");
  EXPECT_EQ(YearInTajikistan(*ms), 2026);  // already the new year in Dushanbe
}

}  // namespace
}  // namespace sabt
