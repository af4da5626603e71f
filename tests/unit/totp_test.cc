// TOTP (RFC 6238) through liboath, checked against the RFC's own test vectors,
// and the rules of the second factor: window, replay, recovery codes.
#include <gtest/gtest.h>

#include "app/signin/second_factor.h"
#include "app/signin/throttle.h"
#include "http/client_address.h"
#include "util/hex.h"
#include "util/totp.h"

namespace sabt {
namespace {

// RFC 6238 Appendix B, SHA-1 column: the seed is the ASCII "12345678901234567890".
TEST(Totp, MatchesTheRfc6238TestVectors) {
  const std::string seed = "12345678901234567890";
  EXPECT_EQ(TotpCode(seed, 59, 8), "94287082");
  EXPECT_EQ(TotpCode(seed, 1111111109, 8), "07081804");
  EXPECT_EQ(TotpCode(seed, 1111111111, 8), "14050471");
  EXPECT_EQ(TotpCode(seed, 1234567890, 8), "89005924");
  EXPECT_EQ(TotpCode(seed, 2000000000, 8), "69279037");
  EXPECT_EQ(TotpCode(seed, 20000000000, 8), "65353130");
  // Six digits are the last six of the eight.
  EXPECT_EQ(TotpCode(seed, 59, 6), "287082");
}

TEST(Totp, AcceptsTheStepBeforeAndAfterButNoFurther) {
  const std::string seed = "12345678901234567890";
  const int64_t t = 1111111111;  // step 37037037
  EXPECT_EQ(TotpMatch(seed, TotpCode(seed, t), t), TotpStep(t));
  EXPECT_EQ(TotpMatch(seed, TotpCode(seed, t - 30), t), TotpStep(t) - 1);
  EXPECT_EQ(TotpMatch(seed, TotpCode(seed, t + 30), t), TotpStep(t) + 1);
  EXPECT_FALSE(TotpMatch(seed, TotpCode(seed, t - 90), t).has_value());
  EXPECT_FALSE(TotpMatch(seed, "12345", t).has_value());
}

TEST(Totp, OtpauthUriCarriesTheBase32Secret) {
  EXPECT_EQ(Base32("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(OtpauthUri("Sabt demo", "head", "12345678901234567890"),
            "otpauth://totp/Sabt%20demo:head?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Sabt%20demo&"
            "algorithm=SHA1&digits=6&period=30");
}

TEST(SecondFactor, ACodeIsAcceptedOnceAndARecoveryCodeOnce) {
  store::TotpRow t;
  t.secret_hex = HexEncode("12345678901234567890");
  t.confirmed = true;
  t.recovery_hashes = {app::signin::RecoveryCodeHash("ABCD-EFGH-IJKL-MNOP")};
  const int64_t now_ms = int64_t{1111111111} * 1000;
  auto spent = app::signin::AcceptSecondFactor(t, TotpCode("12345678901234567890", 1111111111), now_ms);
  ASSERT_TRUE(spent.has_value());
  EXPECT_FALSE(app::signin::AcceptSecondFactor(*spent, TotpCode("12345678901234567890", 1111111111), now_ms))
      << "replay of the same step";
  auto recovered = app::signin::AcceptSecondFactor(t, "abcd efgh-ijkl-mnop", now_ms);
  ASSERT_TRUE(recovered.has_value());
  EXPECT_TRUE(recovered->recovery_hashes.empty());
  EXPECT_FALSE(app::signin::AcceptSecondFactor(*recovered, "ABCD-EFGH-IJKL-MNOP", now_ms));
  t.confirmed = false;
  EXPECT_FALSE(app::signin::AcceptSecondFactor(t, TotpCode("12345678901234567890", 1111111111), now_ms))
      << "an unconfirmed secret signs nobody in";
}

TEST(SignInThrottle, AccountDelaysGrowAndALockWins) {
  store::LoginGuardRow g;
  g.failures = 1;
  g.last_failure_ms = 1000;
  EXPECT_EQ(app::signin::AccountWaitMs(g, 1000), 0);
  g.failures = 2;
  EXPECT_EQ(app::signin::AccountWaitMs(g, 1000), 1000);
  g.failures = 4;
  EXPECT_EQ(app::signin::AccountWaitMs(g, 1000), 4000);
  EXPECT_EQ(app::signin::AccountWaitMs(g, 5000), 0);
  g.locked_until_ms = 900000;
  EXPECT_EQ(app::signin::AccountWaitMs(g, 5000), 895000);
}

TEST(SignInThrottle, AnAddressWaitsAfterTenFailuresAndIsForgivenAfterTheWindow) {
  app::signin::AddressThrottle a;
  for (int i = 0; i < 10; ++i) a.RecordFailure("192.0.2.1", 1000);
  EXPECT_EQ(a.WaitMs("192.0.2.1", 1000), 0);
  a.RecordFailure("192.0.2.1", 1000);
  EXPECT_EQ(a.WaitMs("192.0.2.1", 1000), 2000);
  EXPECT_EQ(a.WaitMs("192.0.2.2", 1000), 0);
  EXPECT_EQ(a.WaitMs("192.0.2.1", 1000 + app::signin::AddressThrottle::kWindowMs + 1), 0);
}

TEST(ClientAddress, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  auto p = http::TrustedProxies::Parse({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->ClientFor("192.0.2.9", "198.51.100.1"), "192.0.2.9") << "untrusted peer: header ignored";
  EXPECT_EQ(p->ClientFor("127.0.0.1", "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(p->ClientFor("127.0.0.1", "203.0.113.5, 198.51.100.1, 10.1.2.3"), "198.51.100.1")
      << "right to left, past trusted hops; what the client wrote further left is not believed";
  EXPECT_EQ(p->ClientFor("127.0.0.1", ""), "127.0.0.1");
  EXPECT_EQ(p->ClientFor("127.0.0.1", "not-an-address"), "127.0.0.1");
  EXPECT_EQ(p->ClientFor("fd12::1", "2001:db8::7"), "2001:db8::7");
  EXPECT_FALSE(http::TrustedProxies::Parse({"10.0.0.0/33"}).ok());
  EXPECT_FALSE(http::TrustedProxies::Parse({"proxy.example"}).ok());
}

}  // namespace
}  // namespace sabt
