// The signed pull request of protocol 2 and the section versions
// (docs/sync-protocol.md §7, §7.1).
#include "app/sync_pull.h"

#include <gtest/gtest.h>

namespace sabt::app {
namespace {

const std::string kV(32, 'a');

TEST(PullNote, TextRoundTripsWithTheVersionsHeld) {
  nlohmann::json have = {{"users", kV}, {"appeals", std::string(32, 'b')}};
  std::string text = PullNoteText("dsh-sno-m1-3f2a", 1764790000123, have);
  EXPECT_EQ(text,
            "sabt-sync-pull/2\ndsh-sno-m1-3f2a\n1764790000123\ndepartments -\nreference -\nusers " + kV +
                "\nappeals " + std::string(32, 'b') + "\n");
  auto req = ParsePullNoteText(text);
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->origin, "dsh-sno-m1-3f2a");
  EXPECT_EQ(req->counter, 1764790000123);
  EXPECT_EQ(req->have, have);
}

TEST(PullNote, MalformedRequestsAreRefused) {
  const std::string good = PullNoteText("o", 5, nlohmann::json::object());
  EXPECT_TRUE(ParsePullNoteText(good).ok());
  // A protocol 1 note, a missing line, a counter that is not a positive number,
  // a section out of order, and a version that is not 32 hex digits.
  EXPECT_FALSE(ParsePullNoteText("sabt-sync-pull\no\n123.abc.def\n").ok());
  EXPECT_FALSE(ParsePullNoteText("sabt-sync-pull/2\no\n5\ndepartments -\nreference -\nusers -\n").ok());
  EXPECT_FALSE(ParsePullNoteText("sabt-sync-pull/2\no\n0\ndepartments -\nreference -\nusers -\nappeals -\n").ok());
  EXPECT_FALSE(ParsePullNoteText("sabt-sync-pull/2\no\n-3\ndepartments -\nreference -\nusers -\nappeals -\n").ok());
  EXPECT_FALSE(ParsePullNoteText("sabt-sync-pull/2\no\n5\nreference -\ndepartments -\nusers -\nappeals -\n").ok());
  EXPECT_FALSE(ParsePullNoteText("sabt-sync-pull/2\no\n5\ndepartments xyz\nreference -\nusers -\nappeals -\n").ok());
  EXPECT_FALSE(ParsePullNoteText("sabt-sync-pull/2\no\n5\ndepartments -\nreference -\nusers -\nappeals -").ok());
}

TEST(PullSectionsVersion, AnUnchangedSectionIsLeftOutAndAChangedOneSent) {
  nlohmann::json answer = {{"departments", nlohmann::json::array({{{"code", "DSH"}}})},
                           {"reference", {{"channels", nlohmann::json::array()}}},
                           {"users", nlohmann::json::array({{{"id", "u1"}}})},
                           {"password_hashes", {{"u1", "$argon2id$x"}}},
                           {"appeals", nlohmann::json::array()}};
  nlohmann::json have;
  for (const char* s : kPullSections) have[s] = SectionVersion(answer, s);
  EXPECT_EQ(OmitUnchanged(answer, have), nlohmann::json::object());
  // A new password hash changes the users section, and only it.
  nlohmann::json changed = answer;
  changed["password_hashes"]["u1"] = "$argon2id$y";
  nlohmann::json sent = OmitUnchanged(changed, have);
  EXPECT_EQ(sent.size(), 2u);
  EXPECT_TRUE(sent.contains("users"));
  EXPECT_TRUE(sent.contains("password_hashes"));
  // Nothing held: everything is sent.
  EXPECT_EQ(OmitUnchanged(answer, nlohmann::json::object()), answer);
}

TEST(PullSectionsVersion, AppealStatusesAreTheDeviceSeriesSortedById) {
  store::AppealRow a, b, c;
  a.id = "b";
  a.series = "S-1";
  a.status = "registered";
  b.id = "a";
  b.series = "S-1";
  b.status = "closed";
  c.id = "0";
  c.series = "OTHER";
  nlohmann::json st = AppealStatuses({a, b, c}, "S-1");
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0]["id"], "a");
  EXPECT_EQ(st[1]["id"], "b");
  EXPECT_EQ(SectionVersion(nlohmann::json{{"appeals", st}}, "appeals"),
            SectionVersion(nlohmann::json{{"appeals", AppealStatuses({b, c, a}, "S-1")}}, "appeals"));
}

}  // namespace
}  // namespace sabt::app
