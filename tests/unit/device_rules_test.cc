// What a device may say (docs/sync-protocol.md §4a): the allow-list itself.
#include "domain/device_rules.h"

#include <gtest/gtest.h>

namespace sabt::domain {
namespace {

const DeviceIdentity kDevice{"dsh-sno-m1-3f2a", "DSH-SNO-M1", "DSH-SNO-M1-3F2A", "sabt/dsh-sno-m1-3f2a+01+AQ", false};

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

// What a district may say (docs/sync-protocol.md §13).
const DeviceIdentity kDistrict{"dsh-sno-0b1c", "DSH-SNO", "DSH-SNO-0B1C", "sabt/dsh-sno-0b1c+02+AQ", true};

DepartmentTree Tree() {
  auto t = DepartmentTree::Build({{"MIA", "", DepartmentKind::kMinistry, "m", "m", "m"},
                                  {"DSH", "MIA", DepartmentKind::kRegion, "d", "d", "d"},
                                  {"DSH-SNO", "DSH", DepartmentKind::kDistrict, "s", "s", "s"},
                                  {"DSH-SNO-M1", "DSH-SNO", DepartmentKind::kMobile, "m1", "m1", "m1"},
                                  {"DSH-FRD", "DSH", DepartmentKind::kDistrict, "f", "f", "f"},
                                  {"DSH-FRD-M1", "DSH-FRD", DepartmentKind::kMobile, "f1", "f1", "f1"}});
  return *t;
}

TEST(DistrictRules, OwnRegistrationsAndStepsOnItsSubtreeAreAccepted) {
  const auto tree = Tree();
  EXPECT_FALSE(CheckDistrictEntry(kDistrict, Registration("DSH-SNO-0B1C", "DSH-SNO"), tree));
  DeviceEntryFacts step;
  step.kind = "appeal.closed";
  step.record_department = "DSH-SNO-M1";  // a laptop's appeal of its mobile unit
  EXPECT_FALSE(CheckDistrictEntry(kDistrict, step, tree));
}

TEST(DistrictRules, AnotherDistrictsRecordIsRefused) {
  const auto tree = Tree();
  EXPECT_EQ(CheckDistrictEntry(kDistrict, Registration("DSH-SNO-0B1C", "DSH-FRD"), tree)->code, "unit");
  DeviceEntryFacts step;
  step.kind = "appeal.closed";
  step.record_department = "DSH-FRD-M1";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, step, tree)->code, "unit");
  EXPECT_EQ(CheckDistrictEntry(kDistrict, Registration("DSH-SNO", "DSH-SNO"), tree)->code, "series");
}

TEST(DistrictRules, EnrolsLaptopsOfItsOwnMobileUnitsOnly) {
  const auto tree = Tree();
  DeviceEntryFacts f;
  f.kind = "sync.device_enrolled";
  f.department = "DSH-SNO-M1";
  f.target_origin = "dsh-sno-m1-77aa";
  f.verifier_key = "sabt/dsh-sno-m1-77aa+03+AQ";
  EXPECT_FALSE(CheckDistrictEntry(kDistrict, f, tree));
  f.target_known = true;  // an origin the parent already has
  EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "unit");
  f.target_known = false;
  f.department = "DSH-FRD-M1";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "unit");
  f.department = "DSH-SNO";  // a district, not a mobile unit
  EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "unit");
  f.department = "DSH-SNO-M1";
  f.role = "district";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "kind");
  f.role = "";
  f.verifier_key = "sabt/central+03+AQ";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "key");
}

TEST(DistrictRules, SyncFactsOnlyAboutItsOwnLaptops) {
  const auto tree = Tree();
  DeviceEntryFacts f;
  f.kind = "sync.batch_accepted";
  f.target_origin = "dsh-sno-m1-77aa";
  f.target_via = "dsh-sno-0b1c";
  EXPECT_FALSE(CheckDistrictEntry(kDistrict, f, tree));
  f.target_via = "dsh-frd-9d9d";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "unit");
  f.target_via = "";  // enrolled at central itself
  EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "unit");
  f.target_via.reset();
  EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "unit");
}

TEST(DistrictRules, CatalogueAndKeysAreRefused) {
  const auto tree = Tree();
  for (const char* kind : {"department.upserted", "user.created", "reference.loaded", "classifier.loaded",
                           "payload.erased", "node.key_rotated", "trip.started", "submission.accepted"}) {
    DeviceEntryFacts f;
    f.kind = kind;
    EXPECT_EQ(CheckDistrictEntry(kDistrict, f, tree)->code, "kind") << kind;
  }
  DeviceEntryFacts key;
  key.kind = "node.key_registered";
  key.subject = "sabt/central";
  key.verifier_key = "sabt/central+01+AQ";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, key, tree)->code, "key");
  DeviceEntryFacts auth;
  auth.kind = "auth.totp_enrolled";
  auth.user_department = "DSH-SNO";
  EXPECT_FALSE(CheckDistrictEntry(kDistrict, auth, tree));
  auth.user_department = "MIA";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, auth, tree)->code, "unit");
}

TEST(DistrictRules, CrimeWorkOnItsSubtreeInItsOwnCrimeSeries) {
  const auto tree = Tree();
  DeviceEntryFacts reg = Registration("KUSP-DSH-SNO-0B1C", "DSH-SNO");
  reg.kind = "crime.registered";
  reg.source = "desk";
  EXPECT_FALSE(CheckDistrictEntry(kDistrict, reg, tree));
  reg = Registration("KUSP-DSH-SNO", "DSH-SNO");  // the department's series
  reg.kind = "crime.registered";
  reg.source = "desk";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, reg, tree)->code, "series");
  DeviceEntryFacts step;
  step.kind = "case.solved";
  step.record_department = "DSH-SNO";
  EXPECT_FALSE(CheckDistrictEntry(kDistrict, step, tree));
  step.record_department = "DSH-FRD";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, step, tree)->code, "unit");
  step.kind = "crime.transfer_accepted";
  step.record_department = "DSH-SNO";
  EXPECT_EQ(CheckDistrictEntry(kDistrict, step, tree)->code, "kind");
}

}  // namespace
}  // namespace sabt::domain
