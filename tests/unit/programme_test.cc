// Reform programme rules and indicator formulas (docs/programme.md §1, §3).
#include <gtest/gtest.h>

#include <map>

#include "domain/programme/indicator_formula.h"
#include "domain/programme/programme_rules.h"
#include "domain/role.h"

namespace sabt::domain::programme {
namespace {

std::optional<double> Eval(const std::string& text, const std::map<std::string, double>& counters) {
  auto f = Formula::Parse(text);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  if (!f.ok()) return std::nullopt;
  return f->Evaluate([&](const std::string& name) -> std::optional<double> {
    auto it = counters.find(name);
    if (it == counters.end()) return std::nullopt;
    return it->second;
  });
}

TEST(IndicatorFormulaTest, ShareIsComputedFromTwoCounters) {
  auto v = Eval("100 * appeals.answered_in_time / appeals.answered", {{"appeals.answered_in_time", 45},
                                                                      {"appeals.answered", 60}});
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(*v, 75.0);
}

TEST(IndicatorFormulaTest, PrecedenceAndParenthesesFollowArithmetic) {
  EXPECT_DOUBLE_EQ(*Eval("1 + 2 * 3", {}), 7);
  EXPECT_DOUBLE_EQ(*Eval("(1 + 2) * 3", {}), 9);
  EXPECT_DOUBLE_EQ(*Eval("10 - 4 - 3", {}), 3);
  EXPECT_DOUBLE_EQ(*Eval("-a + 2.5", {{"a", 1}}), 1.5);
  EXPECT_DOUBLE_EQ(*Eval("12 / 4 / 3", {}), 1);
}

TEST(IndicatorFormulaTest, PrefixSumsAndDistinctAreAskedForByTheirText) {
  auto f = Formula::Parse("100 * distinct(trip.stop.jamoat.*) / 38 + appeal.received.channel.*");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->Counters(), (std::vector<std::string>{"distinct(trip.stop.jamoat.*)", "appeal.received.channel.*"}));
  EXPECT_DOUBLE_EQ(*Eval("2 * a.* - distinct(b.*)", {{"a.*", 5}, {"distinct(b.*)", 3}}), 7);
  EXPECT_FALSE(Formula::Parse("distinct(a)").ok());
  EXPECT_FALSE(Formula::Parse("distinct(a.*").ok());
}

TEST(IndicatorFormulaTest, DivisionByZeroGivesNoValueNotAnError) {
  EXPECT_FALSE(Eval("a / b", {{"a", 3}, {"b", 0}}).has_value());
}

TEST(IndicatorFormulaTest, AMissingCounterGivesNoValue) {
  EXPECT_FALSE(Eval("a + b", {{"a", 3}}).has_value());
}

TEST(IndicatorFormulaTest, CountersAreListedOnceInOrderOfUse) {
  auto f = Formula::Parse("b + a * b - c");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->Counters(), (std::vector<std::string>{"b", "a", "c"}));
}

TEST(IndicatorFormulaTest, MalformedFormulasAreRefusedWithAPosition) {
  for (const char* bad : {"", "a +", "(a", "a b", "a ++ * b", "A", "a; drop", "1..2", "a.", "1e5", ")", "a..b"}) {
    auto f = Formula::Parse(bad);
    EXPECT_FALSE(f.ok()) << bad;
    if (!f.ok()) {
      EXPECT_EQ(f.status().code(), Code::kInvalid) << bad;
      EXPECT_NE(f.status().message().find("formula"), std::string::npos) << bad;
    }
  }
}

TEST(IndicatorFormulaTest, LimitsOnLengthCountersAndNestingHold) {
  EXPECT_FALSE(Formula::Parse(std::string(201, 'a')).ok());
  std::string many;
  for (int i = 0; i < 21; ++i) many += (i ? "+c" : "c") + std::to_string(i);
  EXPECT_FALSE(Formula::Parse(many).ok());
  EXPECT_FALSE(Formula::Parse(std::string(30, '(') + "1" + std::string(30, ')')).ok());
  EXPECT_TRUE(Formula::Parse(std::string(10, '(') + "1" + std::string(10, ')')).ok());
}

TEST(ActivityStatusTest, EveryChangeNeedsAReasonAndFinalStatesStay) {
  EXPECT_FALSE(CheckActivityStatusChange("planned", "in_progress", "started on time").has_value());
  EXPECT_EQ(CheckActivityStatusChange("planned", "in_progress", " "), "prog_reason_required");
  EXPECT_EQ(CheckActivityStatusChange("planned", "planned", "again"), "prog_status_same");
  EXPECT_EQ(CheckActivityStatusChange("done", "in_progress", "reopen"), "prog_status_final");
  EXPECT_EQ(CheckActivityStatusChange("cancelled", "planned", "revive"), "prog_status_final");
  EXPECT_EQ(CheckActivityStatusChange("planned", "finished", "bad"), "prog_bad_status");
  EXPECT_FALSE(CheckActivityStatusChange("delayed", "done", "handed over").has_value());
}

TEST(ProgrammeOverdueTest, OverdueOnlyAfterTheLastDayAndWhileOpen) {
  EXPECT_FALSE(ActivityOverdue("in_progress", 100, 100));
  EXPECT_TRUE(ActivityOverdue("in_progress", 99, 100));
  EXPECT_FALSE(ActivityOverdue("done", 10, 100));
  EXPECT_FALSE(ActivityOverdue("cancelled", 10, 100));
  EXPECT_TRUE(DecisionOverdue("open", 5, 6));
  EXPECT_FALSE(DecisionOverdue("closed", 5, 6));
  EXPECT_FALSE(DecisionOverdue("open", 6, 6));
}

TEST(EquipmentStepTest, NothingHappensToWrittenOffEquipmentAndRepairsPair) {
  EXPECT_EQ(CheckEquipmentStep("written_off", EquipmentStep::kTransfer), "eq_written_off");
  EXPECT_EQ(CheckEquipmentStep("in_repair", EquipmentStep::kRepairStart), "eq_not_in_use");
  EXPECT_EQ(CheckEquipmentStep("in_use", EquipmentStep::kRepairEnd), "eq_not_in_repair");
  EXPECT_FALSE(CheckEquipmentStep("in_use", EquipmentStep::kRepairStart).has_value());
  EXPECT_FALSE(CheckEquipmentStep("in_repair", EquipmentStep::kRepairEnd).has_value());
  EXPECT_FALSE(CheckEquipmentStep("in_repair", EquipmentStep::kWriteOff).has_value());
}

TEST(EquipmentStepTest, TripReadingsMustRunForwardWithPlausibleFuel) {
  EXPECT_FALSE(CheckTripReadings(1200, 1350, "42.5").has_value());
  EXPECT_FALSE(CheckTripReadings(1200, 1200, "0").has_value());
  EXPECT_EQ(CheckTripReadings(1350, 1200, "10"), "eq_bad_odometer");
  EXPECT_EQ(CheckTripReadings(-1, 1200, "10"), "eq_bad_odometer");
  for (const char* bad : {"", "-1", "1.25", "abc", "1001", ".5", "5."})
    EXPECT_EQ(CheckTripReadings(1, 2, bad), "eq_bad_fuel") << bad;
}

TEST(PartnerRoleTest, PartnerReadsProgrammeAndEquipmentAndNothingElse) {
  for (Action a : {Action::kReadProgramme, Action::kReadEquipment}) EXPECT_TRUE(Allows(Role::kPartner, a));
  for (Action a : {Action::kRegisterAppeal, Action::kReadAppeal, Action::kListAppeals, Action::kManageUsers,
                   Action::kManageDepartments, Action::kReadJournal, Action::kRegisterCrime, Action::kReadCrime,
                   Action::kExtendCheck, Action::kDecideCrime, Action::kApproveRefusal, Action::kAcceptTransfer,
                   Action::kManageCase, Action::kOverseeCrime, Action::kManageClassifier, Action::kRecordTrip,
                   Action::kReadTrips, Action::kReadEntryHeaders, Action::kAnswerAppeal, Action::kAnnulDecision,
                   Action::kManageProgramme, Action::kManageEquipment})
    EXPECT_FALSE(Allows(Role::kPartner, a)) << static_cast<int>(a);
  EXPECT_TRUE(Allows(Role::kProgrammeCoordinator, Action::kManageProgramme));
  EXPECT_FALSE(Allows(Role::kProgrammeCoordinator, Action::kReadAppeal));
  EXPECT_EQ(ParseRole("partner"), Role::kPartner);
  EXPECT_EQ(RoleId(Role::kProgrammeCoordinator), "programme_coordinator");
}

}  // namespace
}  // namespace sabt::domain::programme
