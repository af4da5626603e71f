// Rules of the trip log (domain/trip.h): one open trip per unit, stops only
// inside the open trip and one at a time, coordinates in range.
#include <gtest/gtest.h>

#include "domain/trip.h"

namespace sabt::domain {
namespace {

TEST(TripRules, ASecondTripCannotStartWhileOneIsOpen) {
  EXPECT_EQ(CheckStartTrip({}), std::nullopt);
  EXPECT_EQ(CheckStartTrip({"t1", ""}), "trip_open");
}

TEST(TripRules, AStopStartsOnlyInsideTheOpenTripAndOneAtATime) {
  EXPECT_EQ(CheckStartStop({}, "t1"), "no_open_trip");
  EXPECT_EQ(CheckStartStop({"t1", ""}, "t2"), "not_this_trip");
  EXPECT_EQ(CheckStartStop({"t1", "s1"}, "t1"), "stop_open");
  EXPECT_EQ(CheckStartStop({"t1", ""}, "t1"), std::nullopt);
}

TEST(TripRules, OnlyTheOpenStopCanBeEnded) {
  EXPECT_EQ(CheckEndStop({"t1", "s1"}, "t1", "s1"), std::nullopt);
  EXPECT_EQ(CheckEndStop({"t1", "s1"}, "t1", "s2"), "no_open_stop");
  EXPECT_EQ(CheckEndStop({"t1", ""}, "t1", "s1"), "no_open_stop");
  EXPECT_EQ(CheckEndStop({}, "t1", "s1"), "no_open_trip");
  EXPECT_EQ(CheckEndStop({"t1", "s1"}, "t2", "s1"), "not_this_trip");
}

TEST(TripRules, OnlyTheOpenTripCanBeEndedEvenWithAnOpenStop) {
  EXPECT_EQ(CheckEndTrip({"t1", "s1"}, "t1"), std::nullopt);
  EXPECT_EQ(CheckEndTrip({"t1", ""}, "t2"), "not_this_trip");
  EXPECT_EQ(CheckEndTrip({}, "t1"), "no_open_trip");
}

TEST(TripStop, CoordinatesAreNormalisedToSixDecimalsWithinRange) {
  EXPECT_EQ(NormalizeCoordinate("38.5598", 90), "38.559800");
  EXPECT_EQ(NormalizeCoordinate("-90", 90), "-90.000000");
  EXPECT_EQ(NormalizeCoordinate("+68.78", 180), "68.780000");
  EXPECT_EQ(NormalizeCoordinate("0.0000005", 90), "0.000001");
  EXPECT_EQ(NormalizeCoordinate("-0.0", 90), "0.000000");
  EXPECT_EQ(NormalizeCoordinate("90.000001", 90), std::nullopt);
  EXPECT_EQ(NormalizeCoordinate("180.5", 180), std::nullopt);
  for (const char* bad : {"", "-", ".5", "1.", "1e3", "nan", "38,5", "1234", "12.3.4", " 1"})
    EXPECT_EQ(NormalizeCoordinate(bad, 180), std::nullopt) << bad;
}

TEST(TripStop, PlaceIsRequiredAndNfcNormalised) {
  auto v = ValidateStop({"  Роҳати\u0304  ", "Ваҳдат", "", ""});  // "и" + combining macron → "ӣ"
  ASSERT_TRUE(std::holds_alternative<ValidStop>(v));
  EXPECT_EQ(std::get<ValidStop>(v).place, "Роҳатӣ");
  EXPECT_EQ(std::get<ValidStop>(v).lat, "");
  auto p = ValidateStop({"   ", "", "", ""});
  ASSERT_TRUE(std::holds_alternative<Problems>(p));
  EXPECT_EQ(std::get<Problems>(p)[0].field, "place");
  EXPECT_EQ(std::get<Problems>(p)[0].code, "required");
}

TEST(TripStop, CoordinatesComeInPairsAndInRange) {
  auto one = ValidateStop({"Ромит", "", "38.7", ""});
  ASSERT_TRUE(std::holds_alternative<Problems>(one));
  EXPECT_EQ(std::get<Problems>(one)[0].field, "lon");
  EXPECT_EQ(std::get<Problems>(one)[0].code, "both_required");
  auto far = ValidateStop({"Ромит", "", "91", "-181"});
  ASSERT_TRUE(std::holds_alternative<Problems>(far));
  EXPECT_EQ(std::get<Problems>(far).size(), 2u);
  EXPECT_EQ(std::get<Problems>(far)[0].code, "out_of_range");
  auto ok = ValidateStop({"Ромит", "", "38.7", "69.3"});
  ASSERT_TRUE(std::holds_alternative<ValidStop>(ok));
  EXPECT_EQ(std::get<ValidStop>(ok).lon, "69.300000");
}

TEST(TripNote, IsCleanedAndLimited) {
  EXPECT_EQ(std::get<std::string>(ValidateTripNote("  УАЗ  01 ТТ ")), "УАЗ 01 ТТ");
  EXPECT_TRUE(std::holds_alternative<Problems>(ValidateTripNote(std::string(501, 'a'))));
}

}  // namespace
}  // namespace sabt::domain
