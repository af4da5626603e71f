// Closing a department (docs/api.md "Closing a department"): the pure rule.
#include <gtest/gtest.h>

#include "domain/department_close.h"
#include "domain/role.h"

namespace sabt::domain {
namespace {

Department Dept(const std::string& code, const std::string& parent, DepartmentKind kind, int64_t closed_at = 0) {
  Department d;
  d.code = code;
  d.parent = parent;
  d.kind = kind;
  d.name_tg = d.name_ru = d.name_en = code;
  d.closed_at_ms = closed_at;
  return d;
}

DepartmentTree Tree(int64_t m1_closed_at = 0) {
  auto t = DepartmentTree::Build({Dept("MVD", "", DepartmentKind::kMinistry),
                                  Dept("DSH", "MVD", DepartmentKind::kRegion),
                                  Dept("DSH-SNO", "DSH", DepartmentKind::kDistrict),
                                  Dept("DSH-SNO-M1", "DSH-SNO", DepartmentKind::kMobile, m1_closed_at),
                                  Dept("DSH-SHO", "DSH", DepartmentKind::kDistrict)});
  EXPECT_TRUE(t.ok());
  return *t;
}

TEST(DepartmentCloseTest, AnEmptyDepartmentWithoutOpenChildrenMayClose) {
  EXPECT_TRUE(CheckDepartmentClose("DSH-SHO", "merged into Sino", "DSH-SNO", Tree(), {}).ok());
  EXPECT_TRUE(CheckDepartmentClose("DSH-SNO-M1", "station retired", "", Tree(), {}).ok());
}

TEST(DepartmentCloseTest, OpenRecordsUsersAndChildrenBlockItAndAreNamedWithTheirCounts) {
  DepartmentLoad load;
  load.open_appeals = 2;
  load.open_crime_records = 1;
  load.active_users = 3;
  load.queued_submissions = 1;
  auto blockers = CloseBlockers("DSH-SNO", Tree(), load);
  ASSERT_EQ(blockers.size(), 5u);
  EXPECT_EQ(blockers[0].what, "open_appeals");
  EXPECT_EQ(blockers[0].count, 2);
  EXPECT_EQ(blockers[4].what, "open_children");
  EXPECT_EQ(blockers[4].count, 1);
  Status st = CheckDepartmentClose("DSH-SNO", "merged", "", Tree(), load);
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_NE(st.message().find("2 open appeals"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("1 open crime record"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("3 active users"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("1 open child department"), std::string::npos) << st.message();
}

TEST(DepartmentCloseTest, AClosedChildNoLongerBlocksItsParent) {
  EXPECT_TRUE(CloseBlockers("DSH-SNO", Tree(1000), {}).empty());
  EXPECT_TRUE(CheckDepartmentClose("DSH-SNO", "merged", "DSH-SHO", Tree(1000), {}).ok());
}

TEST(DepartmentCloseTest, RootUnknownClosedAndBadReasonOrSuccessorAreRefused) {
  EXPECT_EQ(CheckDepartmentClose("MVD", "reform", "", Tree(), {}).code(), Code::kInvalid);
  EXPECT_EQ(CheckDepartmentClose("NOPE", "reform", "", Tree(), {}).code(), Code::kNotFound);
  EXPECT_EQ(CheckDepartmentClose("DSH-SNO-M1", "again", "", Tree(1000), {}).code(), Code::kConflict);
  EXPECT_EQ(CheckDepartmentClose("DSH-SHO", "ab", "", Tree(), {}).code(), Code::kInvalid);
  EXPECT_EQ(CheckDepartmentClose("DSH-SHO", std::string(501, 'x'), "", Tree(), {}).code(), Code::kInvalid);
  EXPECT_EQ(CheckDepartmentClose("DSH-SHO", "merged", "NOPE", Tree(), {}).code(), Code::kInvalid);
  EXPECT_EQ(CheckDepartmentClose("DSH-SHO", "merged", "DSH-SHO", Tree(), {}).code(), Code::kInvalid);
  EXPECT_EQ(CheckDepartmentClose("DSH-SNO", "merged", "DSH-SNO-M1", Tree(), {}).code(), Code::kInvalid);
  EXPECT_EQ(CheckDepartmentClose("DSH-SHO", "merged", "DSH-SNO-M1", Tree(1000), {}).code(), Code::kInvalid);
}

TEST(DepartmentCloseTest, AClosedDepartmentTakesNoNewRecordsOrChildren) {
  DepartmentTree t = Tree(1000);
  EXPECT_FALSE(TakesNewRecords(t, "DSH-SNO-M1"));
  EXPECT_TRUE(TakesNewRecords(t, "DSH-SNO"));
  EXPECT_FALSE(TakesNewRecords(t, "NOPE"));
  // A district under a closed region is refused for that reason.
  auto closed_region = DepartmentTree::Build({Dept("MVD", "", DepartmentKind::kMinistry),
                                              Dept("KHT", "MVD", DepartmentKind::kRegion, 5)});
  ASSERT_TRUE(closed_region.ok());
  Status st = ValidateDepartment(Dept("KHT-BKH", "KHT", DepartmentKind::kDistrict), *closed_region);
  EXPECT_EQ(st.code(), Code::kInvalid);
  EXPECT_NE(st.message().find("closed"), std::string::npos);
}

TEST(DepartmentCloseTest, ADeviceRegistrationAfterTheClosingIsRefusedOneWrittenBeforeIsKept) {
  Department m1 = Dept("DSH-SNO-M1", "DSH-SNO", DepartmentKind::kMobile, 1000);
  EXPECT_FALSE(CheckClosedForDevice("appeal.registered", 999, &m1).has_value());
  EXPECT_FALSE(CheckClosedForDevice("appeal.registered", 1000, &m1).has_value());
  auto refused = CheckClosedForDevice("crime.registered", 1001, &m1);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, "closed");
  EXPECT_FALSE(CheckClosedForDevice("trip.started", 5000, &m1).has_value());
  Department open = Dept("DSH-SNO", "DSH", DepartmentKind::kDistrict);
  EXPECT_FALSE(CheckClosedForDevice("appeal.registered", 5000, &open).has_value());
}

TEST(VideoRoomRoleTest, TheRoomAccountIsAllowedNoAction) {
  ASSERT_EQ(ParseRole("video_room"), Role::kVideoRoom);
  for (int a = static_cast<int>(Action::kRegisterAppeal); a <= static_cast<int>(Action::kMergePersons); ++a)
    EXPECT_FALSE(Allows(Role::kVideoRoom, static_cast<Action>(a))) << "action " << a;
  EXPECT_FALSE(IsOversight(Role::kVideoRoom));
}

}  // namespace
}  // namespace sabt::domain
