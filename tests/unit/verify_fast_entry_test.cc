// The fast canonical-form check of verify (src/app/verify/fast_entry.h) never
// says "canonical" where the full parse + JCS would disagree, and lifts the
// same header and data out of an entry as the full parse does.
#include <gtest/gtest.h>

#include <random>

#include "app/projector.h"
#include "app/verify/fast_entry.h"
#include "util/jcs.h"

namespace sabt::app::verify {
namespace {

std::string Canon(const nlohmann::json& j) {
  auto c = Canonicalize(j);
  EXPECT_TRUE(c.ok());
  return c.ok() ? *c : std::string();
}

std::vector<std::string> Corpus() {
  std::vector<std::string> out;
  auto entry = [](nlohmann::json data, std::string extra_kind = "audit.viewed") {
    return nlohmann::json{{"v", 1}, {"origin", "central"}, {"seq", 42}, {"at", "2026-12-03T16:00:00.000Z"},
                          {"actor", "u-1"}, {"kind", extra_kind}, {"subject", "s-1"}, {"data", std::move(data)},
                          {"payload", "ab12"}};
  };
  out.push_back(Canon(entry({{"record", "appeal"}})));
  out.push_back(Canon(entry({{"n", -7}, {"big", 9007199254740992LL}, {"f", 4.5}, {"e", 1e21}})));
  out.push_back(Canon(entry({{"t", "Ҳасанзода \"quoted\" back\\slash\n\t\x01\x1f\x7f /"}})));
  out.push_back(Canon(entry({{"arr", {1, "two", nullptr, true, false, nlohmann::json::object(), nlohmann::json::array()}}})));
  out.push_back(Canon(entry({{"\xef\xbc\xa1", 1}, {"\xf0\x9f\x98\x80", 2}})));  // UTF-16 order differs from UTF-8
  out.push_back(Canon(entry(nlohmann::json::object())));
  out.push_back(Canon(entry("just a string")));
  auto no_payload = entry({{"x", 1}});
  no_payload.erase("payload");
  out.push_back(Canon(no_payload));
  auto v2 = entry({{"x", 1}});
  v2["v"] = 2;
  out.push_back(Canon(v2));
  auto seq_str = entry({{"x", 1}});
  seq_str["seq"] = "42";
  out.push_back(Canon(seq_str));
  auto escaped_origin = entry({{"x", 1}});
  escaped_origin["origin"] = "cen\ttral";
  out.push_back(Canon(escaped_origin));
  out.push_back(Canon(nlohmann::json::array({1, 2})));
  return out;
}

// The property: fast "yes" implies the full path's "yes" with the same view.
void ExpectAgrees(const std::string& bytes) {
  auto j = nlohmann::json::parse(bytes, nullptr, false);
  if (CertainlyCanonical(bytes)) {
    ASSERT_FALSE(j.is_discarded()) << bytes;
    auto c = Canonicalize(j);
    ASSERT_TRUE(c.ok()) << bytes;
    EXPECT_EQ(*c, bytes);
  }
  EntryView fast;
  std::string commitment;
  if (FastEntry(bytes, 9, &fast, &commitment)) {
    EXPECT_TRUE(CertainlyCanonical(bytes)) << bytes;
    auto slow = ParseEntry(bytes, 9);
    ASSERT_TRUE(slow.ok()) << bytes;
    EXPECT_EQ(fast.origin, slow->origin);
    EXPECT_EQ(fast.at, slow->at);
    EXPECT_EQ(fast.actor, slow->actor);
    EXPECT_EQ(fast.kind, slow->kind);
    EXPECT_EQ(fast.subject, slow->subject);
    EXPECT_EQ(fast.seq, slow->seq);
    EXPECT_EQ(fast.data, slow->data);
    EXPECT_EQ(commitment, j.value("payload", std::string()));
  }
}

TEST(VerifyFastEntryTest, AcceptsOrdinaryEntriesAndAgreesWithTheFullParse) {
  auto corpus = Corpus();
  EXPECT_TRUE(CertainlyCanonical(corpus[0]));
  EntryView v;
  std::string c;
  EXPECT_TRUE(FastEntry(corpus[0], 1, &v, &c));
  EXPECT_EQ(v.kind, "audit.viewed");
  EXPECT_EQ(c, "ab12");
  for (const auto& b : corpus) ExpectAgrees(b);
}

TEST(VerifyFastEntryTest, LeavesEveryNonCanonicalOrUnusualFormToTheFullPath) {
  for (std::string bad : {R"({"a":1, "b":2})", R"({"b":1,"a":2})", R"({"a":1,"a":2})", R"({"a":1.0})",
                          R"({"a":01})", R"({"a":-0})", R"({"a":"\u0041"})", R"({"a":"\/"})", R"({"a":"\u001F"})",
                          R"({"a":"\u0009"})", "{\"a\":\"\x01\"}", "{\"a\":\"\xc3\x28\"}", R"({"a":1e5})",
                          R"({"a":1234567890123456})", R"({"a":tru})", R"({"a":1})" " ", R"([1,])", R"({"a":})"}) {
    EXPECT_FALSE(CertainlyCanonical(bad)) << bad;
    ExpectAgrees(bad);
  }
}

TEST(VerifyFastEntryTest, RandomEditsOfCanonicalEntriesNeverFoolIt) {
  std::mt19937 rng(20261203);
  const std::string alphabet = std::string("{}[]\":,\\-0123456789.eEtrufalsn ") + "\x01" + "\x7f" + "\xc3" + "\xa9" + "abu";
  int accepted = 0;
  for (const auto& base : Corpus()) {
    for (int i = 0; i < 3000; ++i) {
      std::string m = base;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int k = 0; k < edits && !m.empty(); ++k) {
        const size_t at = rng() % m.size();
        const char ch = alphabet[rng() % alphabet.size()];
        switch (rng() % 3) {
          case 0: m[at] = ch; break;
          case 1: m.insert(m.begin() + static_cast<std::ptrdiff_t>(at), ch); break;
          default: m.erase(at, 1);
        }
      }
      if (CertainlyCanonical(m)) ++accepted;
      ExpectAgrees(m);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(accepted, 0) << "some edits (e.g. inside string values) stay canonical";
}

}  // namespace
}  // namespace sabt::app::verify
