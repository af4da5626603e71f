// Separation of duties and the online queue's rules (domain/crime.h,
// domain/appeal_lifecycle.h, domain/submission.h): pure, so tested directly.
#include <gtest/gtest.h>

#include "domain/appeal_lifecycle.h"
#include "domain/crime.h"
#include "domain/submission.h"

namespace sabt::domain {
namespace {

ReportStepContext Pending(Role role, bool proposed) {
  return {kRefusalPending, role, false, true, proposed};
}

TEST(SeparationOfDutiesTest, TheHeadWhoProposedARefusalMayNotApproveIt) {
  EXPECT_EQ(CheckReportStep(Pending(Role::kHead, true), ReportStep::kApproveRefusal).code(), Code::kDenied);
  EXPECT_TRUE(CheckReportStep(Pending(Role::kHead, false), ReportStep::kApproveRefusal).ok());
  // Withdrawing one's own proposal (rejecting it) stays possible.
  EXPECT_TRUE(CheckReportStep(Pending(Role::kHead, true), ReportStep::kRejectRefusal).ok());
}

TEST(SeparationOfDutiesTest, OnlyTheProsecutorAnnulsAndOnlyAnApprovedRefusal) {
  ReportStepContext refused{kRefused, Role::kProsecutor, false, true, false};
  EXPECT_TRUE(CheckReportStep(refused, ReportStep::kAnnulRefusal).ok());
  refused.role = Role::kHead;
  EXPECT_EQ(CheckReportStep(refused, ReportStep::kAnnulRefusal).code(), Code::kDenied);
  ReportStepContext pending{kRefusalPending, Role::kProsecutor, false, true, false};
  EXPECT_EQ(CheckReportStep(pending, ReportStep::kAnnulRefusal).code(), Code::kConflict);
  ReportStepContext elsewhere{kRefused, Role::kProsecutor, false, false, false};
  EXPECT_EQ(CheckReportStep(elsewhere, ReportStep::kAnnulRefusal).code(), Code::kDenied);
}

TEST(SeparationOfDutiesTest, OpeningACaseUnderALighterQualificationNeedsAReasonAndIsADowngrade) {
  EXPECT_EQ(CheckCaseOpening("grave", "small", "").status().code(), Code::kInvalid);
  EXPECT_EQ(CheckCaseOpening("grave", "small", "abc").status().code(), Code::kInvalid);
  auto r = CheckCaseOpening("grave", "small", "damage was small");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
  EXPECT_FALSE(*CheckCaseOpening("small", "grave", ""));
  EXPECT_FALSE(*CheckCaseOpening("grave", "grave", ""));
  EXPECT_FALSE(*CheckCaseOpening("", "small", ""));  // not qualified at registration
}

TEST(SeparationOfDutiesTest, OnlyRolesThatAnswerAppealsMayBeAssignedOrAnswer) {
  for (Role r : {Role::kDeskOfficer, Role::kMobileOfficer, Role::kInvestigator, Role::kHead})
    EXPECT_TRUE(MayBeAssigned(r)) << RoleId(r);
  for (Role r : {Role::kAnalyst, Role::kProsecutor, Role::kAuditor, Role::kAdmin}) {
    EXPECT_FALSE(MayBeAssigned(r)) << RoleId(r);
    // Even when an old assignment names them, they cannot write the answer.
    StepContext c{AppealState::kAssigned, r, /*is_assignee=*/true};
    EXPECT_EQ(ApplyStep(c, AppealStep::kAnswer).status().code(), Code::kDenied) << RoleId(r);
  }
}

TEST(OnlineSubmissionRulesTest, ARejectionNeedsAGroundFromTheListAndAReason) {
  std::set<std::string> grounds = {"duplicate", "no_content"};
  EXPECT_TRUE(ValidateRejection("duplicate", grounds, "same as ONL-1").empty());
  auto p = ValidateRejection("", grounds, "same as ONL-1");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "ground");
  EXPECT_EQ(ValidateRejection("spam", grounds, "same as ONL-1")[0].code, "unknown_value");
  p = ValidateRejection("duplicate", grounds, "no");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "reason");
}

TEST(OnlineSubmissionRulesTest, DecisionsFollowStateAndRole) {
  EXPECT_TRUE(CheckSubmissionAction("queued", Role::kDeskOfficer, SubmissionAction::kReject).ok());
  EXPECT_EQ(CheckSubmissionAction("rejected", Role::kDeskOfficer, SubmissionAction::kAccept).code(), Code::kConflict);
  EXPECT_EQ(CheckSubmissionAction("rejected", Role::kDeskOfficer, SubmissionAction::kAnnulRejection).code(),
            Code::kDenied);
  EXPECT_EQ(CheckSubmissionAction("rejected", Role::kHead, SubmissionAction::kAnnulRejection).code(), Code::kDenied);
  EXPECT_TRUE(CheckSubmissionAction("rejected", Role::kProsecutor, SubmissionAction::kAnnulRejection).ok());
  EXPECT_EQ(CheckSubmissionAction("accepted", Role::kProsecutor, SubmissionAction::kAnnulRejection).code(),
            Code::kConflict);
  EXPECT_EQ(CheckSubmissionAction("queued", Role::kProsecutor, SubmissionAction::kAccept).code(), Code::kDenied);
}

TEST(OnlineSubmissionRulesTest, TheCrimeSignsAnswersAreClosedLists) {
  EXPECT_TRUE(IsCitizenCrimeAnswer("unknown"));
  EXPECT_FALSE(IsCitizenCrimeAnswer("maybe"));
  EXPECT_TRUE(ValidateCrimeSignsAnswer("yes").empty());
  EXPECT_EQ(ValidateCrimeSignsAnswer("")[0].code, "required");
  EXPECT_EQ(ValidateCrimeSignsAnswer("unknown")[0].code, "unknown_value");
}

}  // namespace
}  // namespace sabt::domain
