// Video link rules (docs/video.md §2, §3): token and credential formats
// checked against values computed with `openssl dgst -hmac`, and who may join.
#include <gtest/gtest.h>

#include "app/video/setup_files.h"
#include "domain/video.h"

namespace sabt::domain::video {
namespace {

DepartmentTree Tree() {
  std::vector<Department> d = {
      {"MIA", "", DepartmentKind::kMinistry, "ВКД", "МВД", "MIA"},
      {"DSH", "MIA", DepartmentKind::kRegion, "Душанбе", "Душанбе", "Dushanbe"},
      {"DSH-SNO", "DSH", DepartmentKind::kDistrict, "Сино", "Сино", "Sino"},
      {"DSH-SNO-M1", "DSH-SNO", DepartmentKind::kMobile, "М1", "М1", "M1"},
      {"DSH-FRD", "DSH", DepartmentKind::kDistrict, "Фирдавсӣ", "Фирдавси", "Firdavsi"},
  };
  return *DepartmentTree::Build(d);
}

TEST(VideoTokenTest, SessionAndRoomTokensAreJanusSignedTokensOfTheirRealms) {
  // openssl dgst -sha1 -hmac janus-secret -binary | base64
  EXPECT_EQ(MakeJanusSessionToken("janus-secret", 1700000000),
            "1700000000,janus,janus.plugin.videoroom:aZqQMrq+Uc75liZPXdaN0x+ZG5Q=");
  std::string t = MakeJanusRoomToken("janus-secret", 1700000000, 42, "u-1");
  EXPECT_EQ(t, "1700000000,janus.plugin.videoroom,room=42,sabt=u-1:5Gzysfb4XaQIsJozVD+IZ/gZGeA=");
  auto c = CheckJanusRoomToken("janus-secret", t);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->expiry_s, 1700000000);
  EXPECT_EQ(c->room, 42);
  EXPECT_EQ(c->user, "u-1");
}

TEST(VideoTokenTest, ATokenWithAnotherKeyOrAChangedFieldIsRefused) {
  std::string t = MakeJanusRoomToken("janus-secret", 1700000000, 42, "u-1");
  EXPECT_FALSE(CheckJanusRoomToken("other-secret", t).has_value());
  std::string other_user = t;
  other_user.replace(other_user.find("sabt=u-1"), 8, "sabt=u-2");
  EXPECT_FALSE(CheckJanusRoomToken("janus-secret", other_user).has_value());
  std::string other_room = t;
  other_room.replace(other_room.find("room=42"), 7, "room=43");
  EXPECT_FALSE(CheckJanusRoomToken("janus-secret", other_room).has_value());
  EXPECT_FALSE(CheckJanusRoomToken("janus-secret", "made-up").has_value());
  EXPECT_FALSE(CheckJanusRoomToken("janus-secret", "").has_value());
  EXPECT_FALSE(CheckJanusRoomToken("janus-secret", MakeJanusSessionToken("janus-secret", 1700000000)).has_value());
}

TEST(VideoTokenTest, TurnCredentialFollowsTheTurnRestConvention) {
  auto c = MakeTurnCredential("turn-secret", 1700000000, "user-1");
  EXPECT_EQ(c.username, "1700000000:user-1");
  // openssl dgst -sha1 -hmac turn-secret -binary | base64
  EXPECT_EQ(c.credential, "rBsKBvjccEs4hvYVnD/68NBtSHk=");
}

TEST(VideoRoomTest, RoomNumberIsThe13HexDigitsOfTheMeetingIdAndFitsJavaScript) {
  EXPECT_EQ(RoomNumber("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"), 0x1b4e28ba2fa14);
  EXPECT_EQ(RoomNumber("ffffffff-ffff-4fff-bfff-ffffffffffff"), 0xffffffffffff4);
  EXPECT_LT(RoomNumber("ffffffff-ffff-4fff-bfff-ffffffffffff"), int64_t{1} << 53);
  EXPECT_EQ(RoomNumber("not a uuid"), 0);
  EXPECT_EQ(RoomNumber("00000000-0000-0fff-8000-000000000000"), 1);  // never 0 ("Janus chooses")
}

TEST(VideoRoomTest, RoomSecretIsHexHmacSha256OfTheRoomNumber) {
  // openssl dgst -sha256 -hmac room-key
  EXPECT_EQ(RoomSecret("room-key", 42), "feae5a9f8e5d064035a6ee2b7a20239d6983e18936428d9523373d94c5b86977");
}

TEST(VideoAccessTest, OnlyTheOrganiserInvitedUsersAndInvitedSubtreesMayJoin) {
  auto tree = Tree();
  MeetingAccess m{"org", "DSH-SNO", {"guest"}, {"DSH-SNO"}};
  EXPECT_TRUE(MayJoinMeeting(m, "org", "MIA", tree));
  EXPECT_TRUE(MayJoinMeeting(m, "guest", "DSH-FRD", tree));
  EXPECT_TRUE(MayJoinMeeting(m, "anyone", "DSH-SNO", tree));
  EXPECT_TRUE(MayJoinMeeting(m, "mobile", "DSH-SNO-M1", tree));  // a subtree of an invited department
  EXPECT_FALSE(MayJoinMeeting(m, "other", "DSH-FRD", tree));
  EXPECT_FALSE(MayJoinMeeting(m, "minister", "MIA", tree));     // above the invited department: not invited
  EXPECT_FALSE(MayJoinMeeting(m, "", "DSH-SNO", tree));
}

TEST(VideoAccessTest, OnlyHeadsScheduleAndTheOrganiserOrAHeadAboveEnds) {
  auto tree = Tree();
  EXPECT_TRUE(MayScheduleMeeting(Role::kHead));
  EXPECT_FALSE(MayScheduleMeeting(Role::kAdmin));
  EXPECT_FALSE(MayScheduleMeeting(Role::kDeskOfficer));
  MeetingAccess m{"org", "DSH-SNO", {}, {"DSH-SNO"}};
  EXPECT_TRUE(MayEndMeeting(m, "org", Role::kDeskOfficer, "DSH-SNO", tree));
  EXPECT_TRUE(MayEndMeeting(m, "boss", Role::kHead, "DSH", tree));
  EXPECT_FALSE(MayEndMeeting(m, "boss", Role::kHead, "DSH-FRD", tree));
  EXPECT_FALSE(MayEndMeeting(m, "desk", Role::kDeskOfficer, "DSH-SNO", tree));
}

TEST(VideoMeetingFormTest, TitleTimeAndAtLeastOneInviteeAreRequired) {
  auto tree = Tree();
  auto bad = ValidateMeeting({"", "tomorrow", {}, {}, "fast"}, tree);
  ASSERT_TRUE(std::holds_alternative<Problems>(bad));
  std::vector<std::string> fields;
  for (const auto& p : std::get<Problems>(bad)) fields.push_back(p.field + "/" + p.code);
  EXPECT_EQ(fields, (std::vector<std::string>{"title/required", "starts_at/invalid_date", "departments/no_invitees",
                                              "profile/invalid"}));
  auto unknown = ValidateMeeting({"Briefing", "2026-12-04T09:00", {"NOPE"}, {}, ""}, tree);
  ASSERT_TRUE(std::holds_alternative<Problems>(unknown));
  EXPECT_EQ(std::get<Problems>(unknown)[0].code, "unknown_department");
  auto ok = ValidateMeeting({"  Briefing ", "2026-12-04T09:00", {"DSH-SNO", "DSH-SNO"}, {}, ""}, tree);
  ASSERT_TRUE(std::holds_alternative<ValidMeeting>(ok));
  EXPECT_EQ(std::get<ValidMeeting>(ok).title, "Briefing");
  EXPECT_EQ(std::get<ValidMeeting>(ok).invited_departments, std::vector<std::string>{"DSH-SNO"});
  EXPECT_EQ(std::get<ValidMeeting>(ok).profile, "normal");
}

TEST(VideoSetupTest, GeneratedConfigurationsBindToTheAddressAndCarryTheSecrets) {
  app::video::SetupOptions o;
  o.dir = "/tmp/v";
  o.bind = "10.1.2.3";
  app::video::VideoConfig c;
  app::video::FillSecrets(&c);
  app::video::FillUrls(o, &c);
  EXPECT_EQ(c.janus_ws_url, "ws://10.1.2.3:8188");
  EXPECT_EQ(c.janus_admin_url, "http://127.0.0.1:7088/admin");
  std::map<std::string, std::string> files;
  for (auto& [k, v] : app::video::SetupFiles(o, c)) files[k] = v;
  EXPECT_NE(files["janus/janus.jcfg"].find("token_auth_secret = \"" + c.token_secret + "\""), std::string::npos);
  EXPECT_NE(files["janus/janus.jcfg"].find("ice_enforce_list = \"10.1.2.3\""), std::string::npos);
  EXPECT_NE(files["janus/janus.transport.websockets.jcfg"].find("ws_ip = \"10.1.2.3\""), std::string::npos);
  EXPECT_NE(files["janus/janus.transport.http.jcfg"].find("admin_ip = \"127.0.0.1\""), std::string::npos);
  EXPECT_NE(files["janus/janus.transport.http.jcfg"].find("http = false"), std::string::npos);
  EXPECT_NE(files["janus/janus.plugin.videoroom.jcfg"].find(c.room_admin_key), std::string::npos);
  EXPECT_NE(files["janus/janus.eventhandler.sampleevh.jcfg"].find("backend_pwd = \"" + c.event_password + "\""),
            std::string::npos);
  EXPECT_NE(files["coturn/turnserver.conf"].find("static-auth-secret=" + c.turn_secret), std::string::npos);
  EXPECT_NE(files["coturn/turnserver.conf"].find("listening-ip=10.1.2.3"), std::string::npos);
  EXPECT_EQ(files["coturn/turnserver.conf"].find("allow-loopback-peers"), std::string::npos);
  EXPECT_NE(files["sabt-video.toml"].find("turn_secret = \"" + c.turn_secret + "\""), std::string::npos);
}

}  // namespace
}  // namespace sabt::domain::video
