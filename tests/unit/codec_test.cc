// Hex, base64 and randomness helpers.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "util/base64.h"
#include "util/hex.h"
#include "util/random.h"

namespace sabt {
namespace {

TEST(HexTest, EncodesLowerCaseAndDecodesEitherCase) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  Result<std::string> lower = HexDecode("0001abff");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(*lower, std::string("\x00\x01\xab\xff", 4));
  Result<std::string> upper = HexDecode("0001ABFF");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, *lower);
  Result<std::string> empty = HexDecode("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(HexTest, DecodeRejectsOddLengthAndNonDigits) {
  EXPECT_EQ(HexDecode("abc").status().code(), Code::kInvalid);
  EXPECT_FALSE(HexDecode("zz").ok());
  EXPECT_FALSE(HexDecode("0x").ok());
  EXPECT_FALSE(HexDecode(" 0").ok());
  EXPECT_FALSE(HexDecode(std::string("0\0", 2)).ok());
}

TEST(HexTest, EveryByteRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  Result<std::string> back = HexDecode(HexEncode(all));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, all);
}

// RFC 4648 §10 test vectors.
TEST(Base64Test, MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    Result<std::string> back = Base64Decode(encoded);
    ASSERT_TRUE(back.ok()) << encoded;
    EXPECT_EQ(*back, plain);
  }
}

TEST(Base64Test, DecodeIsStrict) {
  for (const char* bad : {"Zg", "Zg=", "Zg===", "Z===", "====", "=Zg=", "Zg==Zg==", "Zm9v\n",
                          " Zm9v", "Zm9-", "Zm9_", "Zh==", "Zm9=", "Zm=v", "Zm9vYg=a"}) {
    EXPECT_FALSE(Base64Decode(bad).ok()) << bad;
  }
  EXPECT_FALSE(Base64Decode(std::string("Zm9v\0\0\0\0", 8)).ok());
}

TEST(Base64Test, EveryLengthRoundTrips) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    Result<std::string> back = Base64Decode(Base64Encode(bytes));
    ASSERT_TRUE(back.ok()) << i;
    ASSERT_EQ(*back, bytes);
    bytes.push_back(static_cast<char>(i * 31 + 7));
  }
}

TEST(Base64Test, UrlFormUsesDashAndUnderscoreWithoutPadding) {
  const std::string bytes("\xfb\xff", 2);
  EXPECT_EQ(Base64Encode(bytes), "+/8=");
  EXPECT_EQ(Base64UrlEncodeNoPad(bytes), "-_8");
  EXPECT_EQ(Base64UrlEncodeNoPad("f"), "Zg");
  EXPECT_EQ(Base64UrlEncodeNoPad("foo"), "Zm9v");
}

TEST(RandomTest, RandomBytesHaveRequestedLengthAndDiffer) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(33).size(), 33u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

TEST(RandomTest, TokenIsUrlSafeWithExpectedLength) {
  for (size_t n : {1u, 2u, 3u, 16u, 32u}) {
    const std::string t = RandomToken(n);
    EXPECT_EQ(t.size(), (4 * n + 2) / 3) << n;
    for (char c : t) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << t;
    }
  }
}

TEST(RandomTest, UuidIsCanonicalVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string u = NewUuid();
    ASSERT_EQ(u.size(), 36u);
    for (size_t j = 0; j < u.size(); ++j) {
      if (j == 8 || j == 13 || j == 18 || j == 23) {
        ASSERT_EQ(u[j], '-') << u;
      } else {
        ASSERT_TRUE(std::isdigit(static_cast<unsigned char>(u[j])) || (u[j] >= 'a' && u[j] <= 'f'))
            << u;
      }
    }
    EXPECT_EQ(u[14], '4') << u;
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;
    EXPECT_TRUE(seen.insert(u).second);
  }
}

}  // namespace
}  // namespace sabt
