#include "util/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace sabt {
namespace {

// FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf" / "SHA2_Additional").
TEST(Sha256Test, OneShotDigestMatchesNistVectors) {
  EXPECT_EQ(HashHex(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HashHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashHex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(HashHex(Sha256(std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, IncrementalDigestEqualsOneShotForEverySplit) {
  std::string msg;
  for (int i = 0; i < 200; ++i) msg.push_back(static_cast<char>(i * 7));
  const Hash want = Sha256(msg);
  Sha256Hasher h;
  for (size_t split = 0; split <= msg.size(); ++split) {
    h.Update(std::string_view(msg).substr(0, split));
    h.Update(std::string_view(msg).substr(split));
    ASSERT_EQ(h.Final(), want) << "split " << split;
  }
}

TEST(Sha256Test, FinalStartsAFreshMessageAndResetDiscardsInput) {
  Sha256Hasher h;
  h.Update("abc");
  EXPECT_EQ(h.Final(), Sha256("abc"));
  EXPECT_EQ(h.Final(), Sha256(""));
  h.Update("garbage");
  h.Reset();
  h.Update("abc");
  EXPECT_EQ(h.Final(), Sha256("abc"));
}

TEST(Sha256Test, HasherCanBeMovedMidMessage) {
  Sha256Hasher a;
  a.Update("ab");
  Sha256Hasher b = std::move(a);
  b.Update("c");
  EXPECT_EQ(b.Final(), Sha256("abc"));
  Sha256Hasher c;
  c = std::move(b);
  c.Update("abc");
  EXPECT_EQ(c.Final(), Sha256("abc"));
}

TEST(Sha256Test, HashHexRoundTripsAndRejectsMalformedText) {
  const Hash h = Sha256("abc");
  Result<Hash> back = HashFromHex(HashHex(h));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, h);
  Result<Hash> upper = HashFromHex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, h);
  EXPECT_FALSE(HashFromHex("").ok());
  EXPECT_FALSE(HashFromHex(HashHex(h).substr(2)).ok());
  EXPECT_FALSE(HashFromHex(HashHex(h) + "00").ok());
  std::string bad = HashHex(h);
  bad[10] = 'g';
  EXPECT_FALSE(HashFromHex(bad).ok());
}

}  // namespace
}  // namespace sabt
