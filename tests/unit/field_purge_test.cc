// The field node's ack history and purge rules (docs/sync-protocol.md §10).
#include "domain/field_purge.h"

#include <gtest/gtest.h>

namespace sabt::domain {
namespace {

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kDay = 24 * kHour;

TEST(FieldPurge, AHistoryOfAckEveryThirtySecondsForAMonthStaysBoundedAndFindsTheOldAck) {
  const int64_t grace = 7 * kDay;
  std::vector<Ack> h;
  int64_t seq = 0;
  for (int64_t t = 0; t < 30 * kDay; t += 30 * 1000) h = RecordAck(h, Ack{++seq, t}, t - grace);
  EXPECT_LE(h.size(), static_cast<size_t>(7 * 24 + 2));
  const int64_t now = 30 * kDay;
  // Everything acknowledged up to a week ago, and nothing later, may go.
  int64_t upto = AckedBefore(h, now - grace);
  int64_t last_week_ago = (now - grace) / (30 * 1000);  // the seq acked at now - grace
  EXPECT_GT(upto, last_week_ago - 2 * 120);             // at most one hourly element (120 acks) behind
  EXPECT_LE(upto, last_week_ago + 1);
}

TEST(FieldPurge, CoarseningNeverAdvancesAPurge) {
  std::vector<Ack> h;
  h = RecordAck(h, Ack{10, 5 * kHour + 1}, 0);
  h = RecordAck(h, Ack{20, 5 * kHour + 50 * 60 * 1000}, 0);  // same hour: replaces, later time
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(AckedBefore(h, 5 * kHour + 2), 0) << "seq 10's own time is not enough once merged: delayed, never early";
  EXPECT_EQ(AckedBefore(h, 6 * kHour), 20);
}

TEST(FieldPurge, OnlyPersonalKindsArePurged) {
  EXPECT_TRUE(FieldPurgesKind("appeal.registered"));
  EXPECT_TRUE(FieldPurgesKind("appeal.sent_back"));
  EXPECT_TRUE(FieldPurgesKind("trip.started"));
  EXPECT_TRUE(FieldPurgesKind("crime.registered"));
  EXPECT_TRUE(FieldPurgesKind("case.person_added"));
  EXPECT_TRUE(FieldPurgesKind("audit.viewed"));
  EXPECT_FALSE(FieldPurgesKind("sync.pulled"));
  EXPECT_FALSE(FieldPurgesKind("user.created"));
  EXPECT_FALSE(FieldPurgesKind("node.key_registered"));
}

TEST(FieldPurge, RecordsNameTheReporterAndTheTrip) {
  PurgeRecords r;
  r.Add("crime.registered", "rep1", nlohmann::json{{"person_id", "p1"}});
  r.Add("trip.started", "trip1", nlohmann::json::object());
  r.Add("appeal.forwarded", "ap1", nlohmann::json::object());
  EXPECT_EQ(r.crime_records.count("rep1"), 1u);
  EXPECT_EQ(r.persons.count("p1"), 1u);
  EXPECT_EQ(r.trips.count("trip1"), 1u);
  EXPECT_EQ(r.appeals.count("ap1"), 1u);
}

}  // namespace
}  // namespace sabt::domain
