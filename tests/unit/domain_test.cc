#include <gtest/gtest.h>

#include "domain/appeal.h"
#include "domain/department.h"
#include "domain/number.h"
#include "domain/role.h"
#include "util/clock.h"

namespace sabt::domain {
namespace {

DepartmentTree PilotTree() {
  std::vector<Department> d = {
      {"MIA", "", DepartmentKind::kMinistry, "ВКД", "МВД", "MIA"},
      {"DSH", "MIA", DepartmentKind::kRegion, "Душанбе", "Душанбе", "Dushanbe"},
      {"DSH-SNO", "DSH", DepartmentKind::kDistrict, "Сино", "Сино", "Sino"},
      {"DSH-SNO-M1", "DSH-SNO", DepartmentKind::kMobile, "Сайёр", "Мобильный", "Mobile"},
      {"SUG", "MIA", DepartmentKind::kRegion, "Суғд", "Согд", "Sughd"},
      {"SUG-KHJ", "SUG", DepartmentKind::kDistrict, "Хуҷанд", "Худжанд", "Khujand"},
  };
  auto t = DepartmentTree::Build(d);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return *t;
}

TEST(DepartmentTreeTest, ScopeIsTheSubtreeOfTheUsersDepartment) {
  auto t = PilotTree();
  EXPECT_TRUE(t.InScope("DSH-SNO", "DSH-SNO"));
  EXPECT_TRUE(t.InScope("DSH-SNO", "DSH-SNO-M1"));
  EXPECT_TRUE(t.InScope("MIA", "SUG-KHJ"));
  EXPECT_TRUE(t.InScope("DSH", "DSH-SNO-M1"));
  EXPECT_FALSE(t.InScope("DSH-SNO", "SUG-KHJ"));
  EXPECT_FALSE(t.InScope("DSH-SNO-M1", "DSH-SNO"));
  EXPECT_FALSE(t.InScope("SUG", "DSH-SNO"));
  EXPECT_FALSE(t.InScope("DSH-SNO", "NOPE"));
  auto sub = t.Subtree("DSH");
  EXPECT_EQ(sub, (std::vector<std::string>{"DSH", "DSH-SNO", "DSH-SNO-M1"}));
}

TEST(DepartmentTreeTest, MissingParentAndDuplicatesAreRefused) {
  EXPECT_FALSE(DepartmentTree::Build({{"A", "B", DepartmentKind::kDistrict, "a", "a", "a"}}).ok());
  EXPECT_FALSE(DepartmentTree::Build({{"A", "", DepartmentKind::kMinistry, "a", "a", "a"},
                                      {"A", "", DepartmentKind::kMinistry, "a", "a", "a"}})
                   .ok());
}

TEST(DepartmentTreeTest, ValidationRequiresThreeNamesAndAHigherParent) {
  auto t = PilotTree();
  EXPECT_FALSE(ValidateDepartment({"X-1", "DSH-SNO", DepartmentKind::kDistrict, "a", "b", "c"}, t).ok());
  EXPECT_FALSE(ValidateDepartment({"X-1", "DSH", DepartmentKind::kDistrict, "a", "", "c"}, t).ok());
  EXPECT_FALSE(ValidateDepartment({"bad code", "DSH", DepartmentKind::kDistrict, "a", "b", "c"}, t).ok());
  EXPECT_TRUE(ValidateDepartment({"DSH-FRD", "DSH", DepartmentKind::kDistrict, "a", "b", "c"}, t).ok());
}

TEST(NumberTest, FormatsAndParsesSeriesYearAndN) {
  EXPECT_EQ(FormatNumber({"DSH-SNO", 2026, 17}), "DSH-SNO/2026/17");
  auto r = ParseNumber("DSH-SNO/2026/17");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->series, "DSH-SNO");
  EXPECT_EQ(r->year, 2026);
  EXPECT_EQ(r->n, 17);
  for (const char* bad : {"", "DSH-SNO", "DSH-SNO/26/1", "DSH-SNO/2026/0", "DSH-SNO/2026/01", "dsh/2026/1",
                          "DSH/2026/1x", "DSH/2026/", "/2026/1", "DSH/2026/1/2"})
    EXPECT_FALSE(ParseNumber(bad)) << bad;
}

TEST(RoleTest, DenyByDefaultForRolesWithoutIntakeDuties) {
  EXPECT_TRUE(Allows(Role::kDeskOfficer, Action::kRegisterAppeal));
  EXPECT_TRUE(Allows(Role::kMobileOfficer, Action::kRegisterAppeal));
  EXPECT_FALSE(Allows(Role::kProsecutor, Action::kRegisterAppeal));
  EXPECT_FALSE(Allows(Role::kAuditor, Action::kRegisterAppeal));
  EXPECT_FALSE(Allows(Role::kAnalyst, Action::kReadAppeal));
  EXPECT_FALSE(Allows(Role::kAdmin, Action::kReadAppeal));
  EXPECT_TRUE(IsOversight(Role::kProsecutor));
  for (auto r : AllRoles()) EXPECT_EQ(ParseRole(RoleId(r)), r);
  EXPECT_FALSE(ParseRole("root"));
}

class AppealValidationTest : public ::testing::Test {
 protected:
  AppealReference ref{{"desk", "mobile"}, {"complaint", "application"}};
  int64_t now = ParseRfc3339("2026-11-27T10:00:00Z").value();
  AppealInput Good() {
    return {"  Ҳасанзода ", "Ҷӯрабек", "Қодирович", "1979-05-14", "деҳаи Ғозималик", "93 555 12 34", "A7654321",
            "desk", "complaint", "Ҳамсоя шабона садо мебарорад", "", "no"};
  }
  Problems ProblemsOf(const AppealInput& in) {
    auto r = ValidateAppeal(in, ref, now);
    auto* p = std::get_if<Problems>(&r);
    return p ? *p : Problems{};
  }
  bool Has(const Problems& p, const std::string& field, const std::string& code) {
    for (const auto& x : p)
      if (x.field == field && x.code == code) return true;
    return false;
  }
};

TEST_F(AppealValidationTest, ValidInputIsCleanedAndReceivedNowByDefault) {
  auto r = ValidateAppeal(Good(), ref, now);
  ASSERT_TRUE(std::holds_alternative<ValidAppeal>(r));
  const auto& v = std::get<ValidAppeal>(r);
  EXPECT_EQ(v.applicant.surname, "Ҳасанзода");
  EXPECT_EQ(v.applicant.phone, "+992935551234");
  EXPECT_EQ(v.received_at_ms, now);
}

TEST_F(AppealValidationTest, EveryMissingRequiredFieldIsReported) {
  AppealInput in;
  auto p = ProblemsOf(in);
  for (const char* f : {"surname", "given_name", "birth_date", "address", "phone", "id_document", "channel",
                        "category", "summary", "crime_signs"})
    EXPECT_TRUE(Has(p, f, "required")) << f;
  EXPECT_FALSE(Has(p, "patronymic", "required"));
}

TEST_F(AppealValidationTest, DatesInTheFutureOrMalformedAreRefused) {
  auto in = Good();
  in.birth_date = "2030-01-01";
  EXPECT_TRUE(Has(ProblemsOf(in), "birth_date", "in_future"));
  in.birth_date = "1979-02-30";
  EXPECT_TRUE(Has(ProblemsOf(in), "birth_date", "invalid_date"));
  in = Good();
  in.received_at = "2026-11-27T16:00";  // 11:00 UTC: an hour ahead of now
  EXPECT_TRUE(Has(ProblemsOf(in), "received_at", "in_future"));
  in.received_at = "2026-11-27T14:30";  // Dushanbe time = 09:30 UTC
  auto r = ValidateAppeal(in, ref, now);
  ASSERT_TRUE(std::holds_alternative<ValidAppeal>(r));
  EXPECT_EQ(std::get<ValidAppeal>(r).received_at_ms, now - 30 * 60 * 1000);
}

TEST_F(AppealValidationTest, UnknownChannelOrCategoryAndBadPhoneAreRefused) {
  auto in = Good();
  in.channel = "fax";
  in.category = "nope";
  in.phone = "call me";
  auto p = ProblemsOf(in);
  EXPECT_TRUE(Has(p, "channel", "unknown_value"));
  EXPECT_TRUE(Has(p, "category", "unknown_value"));
  EXPECT_TRUE(Has(p, "phone", "invalid_phone"));
}

TEST_F(AppealValidationTest, LengthsAreCountedInLettersNotBytes) {
  auto in = Good();
  in.surname = std::string();
  for (size_t i = 0; i < kMaxNameLength; ++i) in.surname += "ҳ";  // 2 bytes each
  EXPECT_FALSE(Has(ProblemsOf(in), "surname", "too_long"));
  in.surname += "ҷ";
  EXPECT_TRUE(Has(ProblemsOf(in), "surname", "too_long"));
}

}  // namespace
}  // namespace sabt::domain

namespace sabt::domain {

TEST(PhoneDisplayTest, TajikNumbersAreShownInGroupsOtherNumbersAsStored) {
  EXPECT_EQ(DisplayPhone("+992931234567"), "+992 93 123 45 67");
  std::string n;
  ASSERT_TRUE(NormalizePhone("93 123 45 67", &n));
  EXPECT_EQ(DisplayPhone(n), "+992 93 123 45 67");
  EXPECT_EQ(DisplayPhone("+74951234567"), "+74951234567");
  EXPECT_EQ(DisplayPhone(""), "");
}

}  // namespace sabt::domain
