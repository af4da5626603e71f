// RFC 8785 (JCS) canonicalisation, checked against the RFC's own examples.
#include "util/jcs.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace sabt {
namespace {

using nlohmann::json;

std::string Canon(const json& j) {
  Result<std::string> r = Canonicalize(j);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : "<error>";
}

std::string Canon(std::string_view text) { return Canon(json::parse(text)); }

// RFC 8785 §3.2.2: the whitespace / string / number example.
TEST(JcsTest, CanonicalizesRfc8785MainExample) {
  const char* input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  EXPECT_EQ(Canon(std::string_view(input)),
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

// RFC 8785 §3.2.3: member names sort by UTF-16 code units, so U+1F600 (a
// surrogate pair D83D DE00) sorts before U+FB33 although its UTF-8 is larger.
TEST(JcsTest, SortsMemberNamesByUtf16CodeUnits) {
  const char* input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  EXPECT_EQ(Canon(std::string_view(input)),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
            "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\","
            "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
            "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

TEST(JcsTest, SortsNestedObjectsAndKeepsArrayOrder) {
  EXPECT_EQ(Canon(std::string_view(R"({"b":[3,1,{"z":1,"a":2}],"a":{"d":null,"c":[]}})")),
            R"({"a":{"c":[],"d":null},"b":[3,1,{"a":2,"z":1}]})");
  EXPECT_EQ(Canon(json::object()), "{}");
  EXPECT_EQ(Canon(json::array()), "[]");
}

// RFC 8785 Appendix B: IEEE-754 bit patterns and their ECMAScript form.
TEST(JcsTest, FormatsNumbersLikeRfc8785AppendixB) {
  const std::pair<uint64_t, const char*> vectors[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& [bits, want] : vectors) {
    const double d = std::bit_cast<double>(bits);
    Result<std::string> got = FormatJcsNumber(d);
    ASSERT_TRUE(got.ok()) << want;
    EXPECT_EQ(*got, want);
    EXPECT_EQ(Canon(json(d)), want);
  }
}

TEST(JcsTest, FormatsParsedNumbersInShortestEcmaScriptForm) {
  EXPECT_EQ(Canon(std::string_view("[1e21, 1e-7, 0.000001, 1e-6, 4.50, 2e-3, -0.0, 100.0, 1.5e300]")),
            "[1e+21,1e-7,0.000001,0.000001,4.5,0.002,0,100,1.5e+300]");
  EXPECT_EQ(Canon(std::string_view("[123456789012345678901, 0.1, -1.25, 1e20]")),
            "[123456789012345680000,0.1,-1.25,100000000000000000000]");
}

TEST(JcsTest, PrintsIntegersPlainlyUpTo2To53) {
  EXPECT_EQ(Canon(json(0)), "0");
  EXPECT_EQ(Canon(json(-42)), "-42");
  EXPECT_EQ(Canon(json(uint64_t{9007199254740992})), "9007199254740992");
  EXPECT_EQ(Canon(json(int64_t{-9007199254740992})), "-9007199254740992");
}

TEST(JcsTest, RejectsIntegersBeyond2To53) {
  EXPECT_EQ(Canonicalize(json(uint64_t{9007199254740993})).status().code(), Code::kInvalid);
  EXPECT_FALSE(Canonicalize(json(int64_t{-9007199254740993})).ok());
  EXPECT_FALSE(Canonicalize(json(std::numeric_limits<int64_t>::min())).ok());
  EXPECT_FALSE(Canonicalize(json::parse("[18446744073709551615]")).ok());
}

TEST(JcsTest, RejectsNanAndInfinity) {
  EXPECT_FALSE(Canonicalize(json(std::nan(""))).ok());
  EXPECT_FALSE(Canonicalize(json(std::numeric_limits<double>::infinity())).ok());
  EXPECT_FALSE(Canonicalize(json{{"a", -std::numeric_limits<double>::infinity()}}).ok());
  EXPECT_FALSE(FormatJcsNumber(std::nan("")).ok());
}

TEST(JcsTest, EscapesOnlyQuoteBackslashAndControlCharacters) {
  std::string s;
  for (int c = 0; c < 0x20; ++c) s.push_back(static_cast<char>(c));
  s += "\"\\/\x7f\xC3\xB6";
  EXPECT_EQ(Canon(json(s)),
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
            "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
            "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/\x7f\xC3\xB6\"");
}

TEST(JcsTest, RejectsStringsAndNamesThatAreNotWellFormedUtf8) {
  for (const char* bad : {"\xff", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xC3", "\xE2\x82", "\x80"}) {
    EXPECT_FALSE(Canonicalize(json(std::string(bad))).ok()) << bad;
    EXPECT_FALSE(Canonicalize(json{{std::string(bad), 1}}).ok()) << bad;
    EXPECT_FALSE(IsWellFormedUtf8(bad));
  }
  EXPECT_TRUE(IsWellFormedUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(JcsTest, RejectsBinaryValuesAndExcessiveNesting) {
  EXPECT_FALSE(Canonicalize(json::binary({1, 2, 3})).ok());
  json deep = 1;
  for (int i = 0; i < kMaxJcsDepth + 1; ++i) deep = json::array({deep});
  EXPECT_FALSE(Canonicalize(deep).ok());
  json ok = 1;
  for (int i = 0; i < kMaxJcsDepth; ++i) ok = json::array({ok});
  EXPECT_TRUE(Canonicalize(ok).ok());
}

TEST(JcsTest, CanonicalFormIsAFixedPoint) {
  const std::string once = Canon(std::string_view(
      R"({"z":[1.0,2.5e-8,"\u00e9"],"a":{"\ud83d\ude00":true,"\ufb33":false},"m":"x\ty"})"));
  EXPECT_EQ(Canon(std::string_view(once)), once);
}

}  // namespace
}  // namespace sabt
