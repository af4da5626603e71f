// The checks that bind a printed receipt to the journal
// (docs/verification.md §4): a proof is accepted only for the entry that
// registered the receipt's number, at the printed index, with the printed
// leaf hash, under the printed key.
#include "journal/receipt_proof.h"

#include <gtest/gtest.h>

#include "journal/cosignature.h"
#include "journal/merkle.h"
#include "util/sha256.h"

namespace sabt {
namespace {

const std::string kEntry =
    R"({"actor":"a1","at":"2026-12-03T06:53:00.000Z","data":{"number":"DSH-SNO/2026/27"},"kind":"appeal.registered",)"
    R"("origin":"central","seq":343,"subject":"s1","v":1})";
const std::string kOther =
    R"({"actor":"a1","at":"2026-12-03T06:54:00.000Z","data":{"number":"DSH-SNO/2026/28"},"kind":"appeal.registered",)"
    R"("origin":"central","seq":344,"subject":"s2","v":1})";

ReceiptClaim Claim() {
  ReceiptClaim c;
  c.number = "DSH-SNO/2026/27";
  c.index = 342;
  c.leaf_hex = HashHex(LeafHash(kEntry));
  return c;
}

TEST(ReceiptProofTest, TheRegisteringEntryWithThePrintedLeafAndIndexIsAccepted) {
  Hash leaf{};
  ASSERT_TRUE(CheckEntryBinding(Claim(), kEntry, 342, "", &leaf).ok());
  EXPECT_EQ(leaf, LeafHash(kEntry));
}

TEST(ReceiptProofTest, AnotherEntryIsRefusedEvenWhenTheServerVouchesForItsLeaf) {
  Hash leaf{};
  // The server answers with another appeal's entry and its (true) leaf hash.
  EXPECT_FALSE(CheckEntryBinding(Claim(), kOther, 342, HashHex(LeafHash(kOther)), &leaf).ok());
}

TEST(ReceiptProofTest, AChangedNumberOnTheReceiptIsRefused) {
  ReceiptClaim c = Claim();
  c.number = "DSH-SNO/2026/28";
  Hash leaf{};
  EXPECT_FALSE(CheckEntryBinding(c, kEntry, 342, "", &leaf).ok());
}

TEST(ReceiptProofTest, AnEntryAtAnotherIndexIsRefused) {
  Hash leaf{};
  EXPECT_FALSE(CheckEntryBinding(Claim(), kEntry, 343, "", &leaf).ok());
}

TEST(ReceiptProofTest, AnEntryThatIsNotARegistrationIsRefused) {
  std::string step = kEntry;
  step.replace(step.find("appeal.registered"), 17, "appeal.answered  ");
  ReceiptClaim c = Claim();
  c.leaf_hex = HashHex(LeafHash(step));
  Hash leaf{};
  EXPECT_FALSE(CheckEntryBinding(c, step, 342, "", &leaf).ok());
}

TEST(ReceiptProofTest, WithoutAPrintedLeafTheServedOneMustStillHashTheEntry) {
  ReceiptClaim c = Claim();
  c.leaf_hex.clear();
  Hash leaf{};
  EXPECT_TRUE(CheckEntryBinding(c, kEntry, 342, HashHex(LeafHash(kEntry)), &leaf).ok());
  EXPECT_FALSE(CheckEntryBinding(c, kEntry, 342, HashHex(LeafHash(kOther)), &leaf).ok());
}

TEST(ReceiptProofTest, TheKeyIsPinnedByThePrintedFingerprint) {
  Ed25519Key key = Ed25519Key::FromSeed(std::string(32, 'k')).value();
  Ed25519Key other = Ed25519Key::FromSeed(std::string(32, 'x')).value();
  ReceiptClaim c = Claim();
  c.key_fingerprint = KeyFingerprint(key.public_key());
  EXPECT_EQ(c.key_fingerprint.size(), 20u);
  EXPECT_TRUE(CheckKeyPin(c, key.public_key()).ok());
  EXPECT_FALSE(CheckKeyPin(c, other.public_key()).ok());
  c.key_fingerprint.clear();
  EXPECT_TRUE(CheckKeyPin(c, other.public_key()).ok()) << "no fingerprint printed: nothing to pin";
  EXPECT_EQ(FormatFingerprint("8a3c09f211d07b4e5c19"), "8a3c 09f2 11d0 7b4e 5c19");
}

TEST(ReceiptProofTest, TheSignedTimeIsTheNodesOwnCosignatureOfThisCheckpoint) {
  Ed25519Key key = Ed25519Key::FromSeed(std::string(32, 'k')).value();
  Checkpoint cp;
  cp.origin = "sabt/central";
  cp.size = 343;
  cp.root = LeafHash(kEntry);
  auto note = SignTimedCheckpoint(cp, "sabt/central", key, 1796280780);
  ASSERT_TRUE(note.ok());
  VerifierKey vk{"sabt/central", NoteKeyId("sabt/central", key.public_key()), key.public_key()};
  auto opened = OpenTimedCheckpoint(*note, vk);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->checkpoint, cp);
  ASSERT_TRUE(opened->signed_time.has_value());
  EXPECT_EQ(*opened->signed_time, 1796280780u);
  // A plain checkpoint still opens, without a time.
  auto plain = OpenTimedCheckpoint(SignCheckpoint(cp, "sabt/central", key).value(), vk);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->signed_time.has_value());
  // The time line moved onto another checkpoint does not verify.
  Checkpoint other = cp;
  other.size = 344;
  std::string moved = SignCheckpoint(other, "sabt/central", key).value() +
                      note->substr(note->rfind("\xE2\x80\x94 sabt/central "));
  EXPECT_FALSE(OpenTimedCheckpoint(moved, vk).ok());
}

}  // namespace
}  // namespace sabt
