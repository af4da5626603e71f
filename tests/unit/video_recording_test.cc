// Video recording (docs/video.md §5a): who may schedule a recorded meeting,
// Janus's recording file names, and the file digest that goes into
// video.recording_hashed (expected digests from sha256sum and Python hashlib).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "app/video/recordings.h"
#include "domain/video.h"

namespace sabt::app::video {
namespace {

TEST(VideoRecordingTest, OnlyAHeadOnANodeWithARecordingsDirectorySchedulesARecordedMeeting) {
  using domain::Role;
  EXPECT_TRUE(domain::video::MayRecordMeeting(Role::kHead, true));
  EXPECT_FALSE(domain::video::MayRecordMeeting(Role::kHead, false));
  EXPECT_FALSE(domain::video::MayRecordMeeting(Role::kAdmin, true));
  EXPECT_FALSE(domain::video::MayRecordMeeting(Role::kDeskOfficer, true));
}

TEST(VideoRecordingTest, JanusFileNamesGiveTheParticipantAndTheMedia) {
  auto a = ParseJanusFileName("videoroom-1234567-user-8801234-1764846000123456-audio-0.mjr");
  EXPECT_EQ(a.participant, "8801234");
  EXPECT_EQ(a.media, "audio");
  auto v = ParseJanusFileName("videoroom-1234567-user-42-1764846000123456-video-1.mjr");
  EXPECT_EQ(v.participant, "42");
  EXPECT_EQ(v.media, "video");
  for (const char* other : {"notes.txt", "videoroom-1-user-x-1-audio-0.mjr", "videoroom-1-user-5-1-audio.mjr"}) {
    auto o = ParseJanusFileName(other);
    EXPECT_EQ(o.participant, "") << other;
    EXPECT_EQ(o.media, "") << other;
  }
}

TEST(VideoRecordingTest, FileDigestIsTheSha256OfAllItsBytesAcrossReadBlocks) {
  auto dir = std::filesystem::temp_directory_path() / ("sabt-rec-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "abc") << "abc";
    std::ofstream big(dir / "big", std::ios::binary);
    big << std::string((1 << 20) + 5, 'a');  // more than one 1 MiB block
  }
  auto abc = DigestFile(dir / "abc");
  ASSERT_TRUE(abc.ok());
  EXPECT_EQ(abc->size, 3);
  EXPECT_EQ(abc->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto big = DigestFile(dir / "big");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->size, (1 << 20) + 5);
  // python3 -c "import hashlib; print(hashlib.sha256(b'a' * 1048581).hexdigest())"
  EXPECT_EQ(big->sha256, "342867377adcf487fd155448cfefa56c15daca68f66199f192c05f8bcccf4ebd");
  EXPECT_FALSE(DigestFile(dir / "absent").ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sabt::app::video
