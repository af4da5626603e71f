#include <gtest/gtest.h>

#include "domain/appeal_lifecycle.h"
#include "domain/deadline.h"
#include "util/clock.h"

namespace sabt::domain {
namespace {

TEST(AppealLifecycleTest, TheHappyPathNeedsTheHeadAndTheAssignedOfficer) {
  StepContext c{AppealState::kRegistered, Role::kHead, false};
  auto s = ApplyStep(c, AppealStep::kAssign);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, AppealState::kAssigned);
  EXPECT_FALSE(ApplyStep({*s, Role::kInvestigator, false}, AppealStep::kAnswer).ok()) << "not the assignee";
  s = ApplyStep({*s, Role::kInvestigator, true}, AppealStep::kStart);
  EXPECT_EQ(*s, AppealState::kInProgress);
  s = ApplyStep({*s, Role::kInvestigator, true}, AppealStep::kAnswer);
  EXPECT_EQ(*s, AppealState::kAnswered);
  EXPECT_EQ(ApplyStep({*s, Role::kInvestigator, true}, AppealStep::kClose).status().code(), Code::kDenied);
  s = ApplyStep({*s, Role::kHead, false}, AppealStep::kClose);
  EXPECT_EQ(*s, AppealState::kClosed);
  EXPECT_TRUE(IsFinal(*s));
  EXPECT_EQ(ApplyStep({*s, Role::kHead, false}, AppealStep::kAssign).status().code(), Code::kConflict);
}

TEST(AppealLifecycleTest, ReferralIsOpenToTheIntakeOfficerAndClosesTheAppealHere) {
  auto s = ApplyStep({AppealState::kRegistered, Role::kDeskOfficer, false}, AppealStep::kRefer);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, AppealState::kReferred);
  EXPECT_FALSE(ApplyStep({AppealState::kRegistered, Role::kProsecutor, false}, AppealStep::kRefer).ok());
  EXPECT_FALSE(ApplyStep({AppealState::kAnswered, Role::kHead, false}, AppealStep::kRefer).ok());
}

TEST(AppealLifecycleTest, OversightRolesCannotTakeAnyStep) {
  for (auto role : {Role::kProsecutor, Role::kAuditor, Role::kAnalyst, Role::kAdmin})
    EXPECT_TRUE(AvailableSteps({AppealState::kRegistered, role, false}).empty());
  for (auto st : {"registered", "assigned", "in_progress", "answered", "closed", "referred", "forwarded", "returned"})
    EXPECT_EQ(AppealStateId(*ParseAppealState(st)), st);
}

TEST(DeadlineTest, CalendarDaysRunFromTheReceivedDayInDushanbe) {
  DeadlineRule r{15, false, {}};
  // 2026-11-27 20:30 UTC is already 28 November in Dushanbe.
  int64_t received = ParseRfc3339("2026-11-27T20:30:00Z").value();
  EXPECT_EQ(DueDay(received, r), ParseDate("2026-12-13").value());
}

TEST(DeadlineTest, WorkingDaysSkipWeekendsAndHolidays) {
  DeadlineRule r{5, true, {ParseDate("2026-12-01").value()}};
  // Friday 2026-11-27: Mon 30, (Tue 1 holiday), Wed 2, Thu 3, Fri 4, Mon 7.
  int64_t received = ParseRfc3339("2026-11-27T06:00:00Z").value();
  EXPECT_EQ(DueDay(received, r), ParseDate("2026-12-07").value());
  EXPECT_FALSE(IsWorkingDay(ParseDate("2026-11-28").value(), r));  // Saturday
  EXPECT_EQ(ExtendDueDay(ParseDate("2026-12-07").value(), 2, r), ParseDate("2026-12-09").value());
}

TEST(DeadlineTest, AnExtensionAddsCalendarDays) {
  DeadlineRule r{30, false, {}};
  EXPECT_EQ(ExtendDueDay(100, 30, r), 130);
}

}  // namespace
}  // namespace sabt::domain
