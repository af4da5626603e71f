// What a device may say (docs/sync-protocol.md §4a): the allow-list itself.
#include "domain/device_rules.h"

#include <gtest/gtest.h>

namespace sabt::domain {
namespace {

const DeviceIdentity kDevice{"dsh-sno-m1-3f2a", "DSH-SNO-M1", "DSH-SNO-M1-3F2A", "sabt/dsh-sno-m1-3f2a+01+AQ"};

DeviceEntryFacts Registration(std::string series, std::string department = "DSH-SNO-M1") {
  DeviceEntryFacts f;
  f.kind = "appeal.registered";
  f.series = series;
  f.department = department;
  f.year = 2026;
  f.n = 3;
  f.number = series + "/2026/3";
  return f;
}

TEST(DeviceRules, OwnUnitAppealInOwnSeriesIsAccepted) {
  EXPECT_FALSE(CheckDeviceEntry(kDevice, Registration("DSH-SNO-M1-3F2A")));
}

TEST(DeviceRules, AppealInTheDepartmentSeriesOrAnotherUnitIsRefused) {
  EXPECT_EQ(CheckDeviceEntry(kDevice, Registration("DSH-SNO-M1"))->code, "series");
  EXPECT_EQ(CheckDeviceEntry(kDevice, Registration("DSH-SNO-M1-3F2A", "DSH-SNO"))->code, "unit");
  auto f = Registration("DSH-SNO-M1-3F2A");
  f.number = "DSH-SNO-M1-3F2A/2026/4";  // n says 3
  EXPECT_EQ(CheckDeviceEntry(kDevice, f)->code, "series");
}

TEST(DeviceRules, StepNeedsAnAppealOfTheUnit) {
  DeviceEntryFacts f;
  f.kind = "appeal.closed";
  EXPECT_EQ(CheckDeviceEntry(kDevice, f)->code, "unit");  // unknown appeal
  f.record_department = "DSH-SNO";
  EXPECT_EQ(CheckDeviceEntry(kDevice, f)->code, "unit");
  f.record_department = "DSH-SNO-M1";
  EXPECT_FALSE(CheckDeviceEntry(kDevice, f));
}

TEST(DeviceRules, EvidenceAlertIsAcceptedOnlyAboutAnAppealOfTheUnit) {
  DeviceEntryFacts f;
  f.kind = "evidence.alert";
  f.record_department = "DSH-SNO";
  EXPECT_EQ(CheckDeviceEntry(kDevice, f)->code, "unit");
  f.record_department = "DSH-SNO-M1";
  EXPECT_FALSE(CheckDeviceEntry(kDevice, f));
}

TEST(DeviceRules, ReferralReportIsNumberedInTheDeviceCrimeSeries) {
  auto f = Registration("KUSP-DSH-SNO-M1-3F2A");
  f.kind = "crime.registered";
  f.source = "appeal";
  f.record_department = "DSH-SNO-M1";
  EXPECT_FALSE(CheckDeviceEntry(kDevice, f));
  auto dept = Registration("KUSP-DSH-SNO-M1");
  dept.kind = "crime.registered";
  dept.source = "appeal";
  dept.record_department = "DSH-SNO-M1";
  EXPECT_EQ(CheckDeviceEntry(kDevice, dept)->code, "series");
  f.source = "walk_in";
  EXPECT_EQ(CheckDeviceEntry(kDevice, f)->code, "kind");
}

TEST(DeviceRules, OnlyItsOwnKeyMayBeRegistered) {
  DeviceEntryFacts f;
  f.kind = "node.key_registered";
  f.subject = "sabt/dsh-sno-m1-3f2a";
  f.verifier_key = kDevice.verifier_key;
  EXPECT_FALSE(CheckDeviceEntry(kDevice, f));
  f.verifier_key = "sabt/dsh-sno-m1-3f2a+02+AQ";
  EXPECT_EQ(CheckDeviceEntry(kDevice, f)->code, "key");
}

TEST(DeviceRules, AdministeringKindsAreRefused) {
  for (const char* kind : {"sync.enrolment_created", "sync.device_enrolled", "sync.device_revoked", "sync.batch_accepted",
                           "sync.fork_detected", "sync.alert", "user.created", "user.password_set", "user.disabled",
                           "department.upserted", "classifier.imported", "reference.loaded", "payload.erased",
                           "node.key_rotated", "witness.alert", "submission.received", "crime.check_extended",
                           "case.status_changed"}) {
    DeviceEntryFacts f;
    f.kind = kind;
    f.subject = kDevice.origin;
    auto r = CheckDeviceEntry(kDevice, f);
    ASSERT_TRUE(r) << kind;
    EXPECT_EQ(r->code, "kind") << kind;
  }
}

TEST(DeviceRules, ItsOwnPullAndPurgeRecordsAreEvidence) {
  DeviceEntryFacts f;
  f.kind = "sync.pulled";
  f.subject = kDevice.origin;
  EXPECT_FALSE(CheckDeviceEntry(kDevice, f));
  f.subject = "central";
  EXPECT_TRUE(CheckDeviceEntry(kDevice, f));
}

}  // namespace
}  // namespace sabt::domain
