// Offline intake (docs/statistics.md §1.7): an appeal taken on a laptop
// counts on the node it arrived at, by the arrival day, with the minutes from
// intake to arrival; and the demo's average-delay formula over those counters.
#include <gtest/gtest.h>

#include "domain/programme/indicator_formula.h"
#include "domain/stats/contributions.h"

namespace sabt {
namespace {

using domain::stats::AppealFacts;
using domain::stats::Contribution;

AppealFacts LaptopAppeal(const std::string& received_at, const std::string& arrived_at) {
  AppealFacts a;
  a.id = "a1";
  a.department = "DSH-SNO-M1";
  a.channel = "mobile";
  a.category = "complaint";
  a.status = "registered";
  a.received_at = received_at;
  a.arrived_at = arrived_at;
  return a;
}

int64_t Value(const Contribution& c, const std::string& name, int64_t* day = nullptr) {
  int64_t v = 0;
  for (const auto& [k, n] : c)
    if (k.name == name) {
      v += n;
      if (day) *day = k.day;
    }
  return v;
}

TEST(OfflineIntakeTest, AnArrivedAppealCountsOnceWithItsWholeMinutesOnTheArrivalDay) {
  Contribution c;
  // Taken at 23:00 Dushanbe time (18:00Z) on 10 March, arrived 3 h 10 min 59 s later, on 11 March there.
  domain::stats::AddAppeal(LaptopAppeal("2026-03-10T18:00:00.000Z", "2026-03-10T21:10:59.000Z"), &c);
  int64_t day = 0;
  EXPECT_EQ(Value(c, "appeal.offline", &day), 1);
  EXPECT_EQ(day, domain::stats::DayOf("2026-03-10T21:10:59.000Z"));
  EXPECT_NE(day, domain::stats::DayOf("2026-03-10T18:00:00.000Z")) << "the arrival day, not the intake day";
  EXPECT_EQ(Value(c, "appeal.offline.delay_minutes"), 190);
  EXPECT_EQ(Value(c, "appeal.received.channel.mobile"), 1);
}

TEST(OfflineIntakeTest, AnAppealRegisteredHereOrNotYetArrivedDoesNotCount) {
  Contribution c;
  domain::stats::AddAppeal(LaptopAppeal("2026-03-10T18:00:00.000Z", ""), &c);
  EXPECT_EQ(Value(c, "appeal.offline"), 0);
  EXPECT_EQ(Value(c, "appeal.offline.delay_minutes"), 0);
}

TEST(OfflineIntakeTest, ALaptopClockAheadOfTheParentGivesNoNegativeDelay) {
  Contribution c;
  domain::stats::AddAppeal(LaptopAppeal("2026-03-10T18:30:00.000Z", "2026-03-10T18:00:00.000Z"), &c);
  EXPECT_EQ(Value(c, "appeal.offline"), 1);
  EXPECT_EQ(Value(c, "appeal.offline.delay_minutes"), 0) << "a zero delay adds no counter row";
}

TEST(OfflineIntakeTest, TheArrivalMovesBothCountersByTheDifferenceOfContributions) {
  Contribution before, after;
  domain::stats::AddAppeal(LaptopAppeal("2026-03-10T05:00:00.000Z", ""), &before);
  domain::stats::AddAppeal(LaptopAppeal("2026-03-10T05:00:00.000Z", "2026-03-10T07:00:00.000Z"), &after);
  Contribution diff = after;
  domain::stats::Accumulate(before, -1, &diff);
  EXPECT_EQ(Value(diff, "appeal.offline"), 1);
  EXPECT_EQ(Value(diff, "appeal.offline.delay_minutes"), 120);
  EXPECT_EQ(diff.size(), 2u) << "nothing else changes when the batch is accepted";
}

TEST(OfflineIntakeTest, TheAverageDelayInHoursHasNoValueWithoutOfflineAppeals) {
  auto f = domain::programme::Formula::Parse("appeal.offline.delay_minutes / 60 / appeal.offline");
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto with = [](double minutes, double count) {
    return [=](const std::string& name) -> std::optional<double> {
      return name == "appeal.offline" ? count : minutes;
    };
  };
  auto v = f->Evaluate(with(540, 3));
  ASSERT_TRUE(v.has_value());
  EXPECT_DOUBLE_EQ(*v, 3.0);
  EXPECT_FALSE(f->Evaluate(with(0, 0)).has_value()) << "division by zero is no value, shown as —";
}

}  // namespace
}  // namespace sabt
