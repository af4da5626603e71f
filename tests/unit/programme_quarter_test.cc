// The quarter of the quarterly programme report (docs/programme.md §5).
#include <gtest/gtest.h>

#include "domain/programme/quarter.h"
#include "util/clock.h"

namespace sabt::domain::programme {
namespace {

int64_t Day(const char* s) { return *ParseDate(s); }

TEST(ProgrammeQuarter, ParsesYearAndNumberIntoMonthsAndDays) {
  auto q = ParseQuarter("2026-Q4");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->FirstMonth(), 202610);
  EXPECT_EQ(q->LastMonth(), 202612);
  EXPECT_EQ(q->FirstDay(), Day("2026-10-01"));
  EXPECT_EQ(q->LastDay(), Day("2026-12-31"));
  EXPECT_EQ(q->Label(), "2026-Q4");
  auto q1 = ParseQuarter("2024-q1");
  ASSERT_TRUE(q1);
  EXPECT_EQ(q1->LastDay(), Day("2024-03-31"));
  EXPECT_EQ(ParseQuarter("2026-Q2")->LastDay(), Day("2026-06-30"));
}

TEST(ProgrammeQuarter, PreviousOfTheFirstIsTheLastOfTheYearBefore) {
  EXPECT_EQ(ParseQuarter("2026-Q1")->Previous().Label(), "2025-Q4");
  EXPECT_EQ(ParseQuarter("2026-Q3")->Previous().Label(), "2026-Q2");
}

TEST(ProgrammeQuarter, RefusesAnythingElse) {
  for (const char* bad : {"", "2026-Q0", "2026-Q5", "2026Q4", "2026-4", "26-Q1", "1999-Q1", "2101-Q1", "2026-Q4 ",
                          "２026-Q1", "2026-X1", "abcd-Q1"})
    EXPECT_FALSE(ParseQuarter(bad)) << bad;
}

}  // namespace
}  // namespace sabt::domain::programme
