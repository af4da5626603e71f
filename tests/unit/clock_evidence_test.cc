// Clock evidence of an appeal registered on a laptop (docs/sync-protocol.md §11).
#include "domain/clock_evidence.h"

#include <gtest/gtest.h>

namespace sabt::domain {
namespace {

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kNow = 1796280780000;  // 2026-12-03

TEST(ClockEvidenceTest, AnHonestIntakeBeforeArrivalIsNotDoubtful) {
  EXPECT_FALSE(EvaluateIntakeTime(kNow - kHour, kNow, kNow - 2 * kHour));
}

TEST(ClockEvidenceTest, AUsbImportAWeekLaterIsNotDoubtful) {
  EXPECT_FALSE(EvaluateIntakeTime(kNow - 7 * 24 * kHour, kNow, kNow - 7 * 24 * kHour - kHour));
}

TEST(ClockEvidenceTest, AnIntakeLaterThanItsArrivalIsDoubtfulBeyondTheTolerance) {
  EXPECT_FALSE(EvaluateIntakeTime(kNow + kIntakeAfterArrivalToleranceMs, kNow, 0));
  auto d = EvaluateIntakeTime(kNow + kIntakeAfterArrivalToleranceMs + 1, kNow, 0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reason, "after_arrival");
}

TEST(ClockEvidenceTest, AnIntakeFarEarlierThanTheDevicesOwnClockIsDoubtful) {
  EXPECT_FALSE(EvaluateIntakeTime(kNow - kIntakeBeforeDeviceClockToleranceMs, kNow, kNow));
  auto d = EvaluateIntakeTime(kNow - 5 * 24 * kHour, kNow, kNow);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reason, "before_device_clock");
  EXPECT_EQ(d->by_ms, 5 * 24 * kHour);
}

TEST(ClockEvidenceTest, AFirstBatchHasNoClockHistoryToCompareWith) {
  EXPECT_FALSE(EvaluateIntakeTime(kNow - 30 * 24 * kHour, kNow, 0));
}

}  // namespace
}  // namespace sabt::domain
