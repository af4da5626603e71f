// C2SP tlog-checkpoint bodies, signed notes and Ed25519 keys.
#include "journal/checkpoint.h"

#include <gtest/gtest.h>

#include <string>

#include "journal/merkle.h"
#include "util/base64.h"
#include "util/hex.h"

namespace sabt {
namespace {

constexpr std::string_view kName = "sabt.example/dsh-sno";

Ed25519Key TestKey(char fill = 'k') {
  return Ed25519Key::FromSeed(std::string(32, fill)).value();
}

Checkpoint TestCheckpoint() {
  Checkpoint c;
  c.origin = "sabt.example/dsh-sno";
  c.size = 8;
  c.root = HashFromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328").value();
  return c;
}

std::string SignedNote(const Checkpoint& c, const Ed25519Key& key) {
  return SignCheckpoint(c, kName, key).value();
}

// RFC 8032 §7.1, TEST 1 and TEST 3.
TEST(Ed25519Test, SignaturesMatchRfc8032Vectors) {
  Ed25519Key k1 =
      Ed25519Key::FromSeed(
          HexDecode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value())
          .value();
  EXPECT_EQ(HexEncode(std::string_view(reinterpret_cast<const char*>(k1.public_key().data()), 32)),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(HexEncode(k1.Sign("")),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  Ed25519Key k3 =
      Ed25519Key::FromSeed(
          HexDecode("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7").value())
          .value();
  const std::string msg = HexDecode("af82").value();
  const std::string sig = k3.Sign(msg);
  EXPECT_EQ(HexEncode(sig),
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
            "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");
  EXPECT_TRUE(Ed25519Verify(k3.public_key(), msg, sig));
  EXPECT_FALSE(Ed25519Verify(k3.public_key(), "af83", sig));
  EXPECT_FALSE(Ed25519Verify(k1.public_key(), msg, sig));
  EXPECT_FALSE(Ed25519Verify(k3.public_key(), msg, sig.substr(1)));
}

TEST(Ed25519Test, GeneratedKeysDifferAndSeedRestoresTheKey) {
  const Ed25519Key a = Ed25519Key::Generate();
  const Ed25519Key b = Ed25519Key::Generate();
  EXPECT_NE(a.public_key(), b.public_key());
  Result<Ed25519Key> again = Ed25519Key::FromSeed(a.seed());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key(), a.public_key());
  EXPECT_FALSE(Ed25519Key::FromSeed("short").ok());
}

TEST(CheckpointTest, BodyHasOriginSizeAndBase64Root) {
  EXPECT_EQ(CheckpointBody(TestCheckpoint()),
            "sabt.example/dsh-sno\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
  Result<Checkpoint> back = ParseCheckpointBody(CheckpointBody(TestCheckpoint()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, TestCheckpoint());
}

TEST(CheckpointTest, BodyExtensionLinesRoundTrip) {
  Checkpoint c = TestCheckpoint();
  c.extensions = {"note one", "\xE2\x80\x94 not a signature"};
  Result<Checkpoint> back = ParseCheckpointBody(CheckpointBody(c));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, c);
}

TEST(CheckpointTest, ParserRejectsMalformedBodies) {
  const std::string root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";
  for (const std::string& bad : std::vector<std::string>{
           "", "\n", "o\n8\n", "o\n8\n" + root, "\n8\n" + root + "\n", "o\n08\n" + root + "\n",
           "o\n-8\n" + root + "\n", "o\n+8\n" + root + "\n", "o\n 8\n" + root + "\n",
           "o\n8 \n" + root + "\n", "o\n\n" + root + "\n", "o\nx\n" + root + "\n",
           "o\n18446744073709551616\n" + root + "\n", "o\n8\nAAAA\n", "o\n8\n" + root + "x\n",
           "o\n8\n" + root + "\n\n", "o\n8\n" + root + "\next\n\n", "o\r\n8\n" + root + "\n",
           "o\t\n8\n" + root + "\n", "\xff\n8\n" + root + "\n"}) {
    EXPECT_FALSE(ParseCheckpointBody(bad).ok()) << bad;
  }
  Result<Checkpoint> max = ParseCheckpointBody("o\n18446744073709551615\n" + root + "\n");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->size, UINT64_MAX);
  EXPECT_TRUE(ParseCheckpointBody("o\n0\n" + root + "\n").ok());
}

TEST(CheckpointTest, ValidationRefusesFieldsThatWouldNotParseBack) {
  Checkpoint c = TestCheckpoint();
  EXPECT_TRUE(ValidateCheckpoint(c).ok());
  c.origin = "two\nlines";
  EXPECT_FALSE(ValidateCheckpoint(c).ok());
  EXPECT_FALSE(SignCheckpoint(c, kName, TestKey()).ok());
  c = TestCheckpoint();
  c.extensions = {""};
  EXPECT_FALSE(ValidateCheckpoint(c).ok());
}

TEST(CheckpointTest, SignedNoteHasC2spLayoutAndVerifies) {
  const Ed25519Key key = TestKey();
  const std::string note = SignedNote(TestCheckpoint(), key);
  const std::string body = CheckpointBody(TestCheckpoint());
  ASSERT_EQ(note.substr(0, body.size() + 1), body + "\n");
  const std::string line = note.substr(body.size() + 1);
  const std::string prefix = "\xE2\x80\x94 " + std::string(kName) + " ";
  ASSERT_EQ(line.substr(0, prefix.size()), prefix);
  ASSERT_EQ(line.back(), '\n');
  const std::string sig =
      Base64Decode(line.substr(prefix.size(), line.size() - prefix.size() - 1)).value();
  ASSERT_EQ(sig.size(), 68u);
  const uint32_t id = NoteKeyId(kName, key.public_key());
  EXPECT_EQ(HexEncode(sig.substr(0, 4)), EncodeVerifierKey(kName, key.public_key()).substr(
                                             kName.size() + 1, 8));
  EXPECT_EQ(static_cast<uint8_t>(sig[0]), id >> 24);
  EXPECT_TRUE(Ed25519Verify(key.public_key(), body, sig.substr(4)));

  Result<Checkpoint> got = VerifyNote(note, kName, key.public_key());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, TestCheckpoint());
}

TEST(CheckpointTest, KeyIdIsSha256OfNameNewlineTypeAndKey) {
  const Ed25519Key key = TestKey();
  const std::string pk(reinterpret_cast<const char*>(key.public_key().data()), 32);
  const Hash h = Sha256(std::string(kName) + "\n\x01" + pk);
  EXPECT_EQ(NoteKeyId(kName, key.public_key()),
            (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3]);
}

TEST(CheckpointTest, TamperedSizeRootOriginOrSignatureIsRejected) {
  const Ed25519Key key = TestKey();
  const std::string note = SignedNote(TestCheckpoint(), key);
  auto replace = [&](std::string from, std::string to) {
    std::string s = note;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  EXPECT_EQ(VerifyNote(replace("\n8\n", "\n9\n"), kName, key.public_key()).status().code(),
            Code::kUnauthenticated);
  EXPECT_FALSE(VerifyNote(replace("XcnaeacG", "XcnaeacH"), kName, key.public_key()).ok());
  EXPECT_FALSE(VerifyNote(replace("dsh-sno\n", "dsh-snp\n"), kName, key.public_key()).ok());
  // Flip one bit of every signature byte in turn (inside the base64 text).
  const size_t sig_start = note.rfind(' ') + 1;
  for (size_t i = sig_start; i + 1 < note.size(); ++i) {
    std::string s = note;
    s[i] = s[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(VerifyNote(s, kName, key.public_key()).ok()) << i;
  }
}

TEST(CheckpointTest, WrongKeyOrWrongNameIsRejected) {
  const std::string note = SignedNote(TestCheckpoint(), TestKey('a'));
  EXPECT_EQ(VerifyNote(note, kName, TestKey('b').public_key()).status().code(),
            Code::kUnauthenticated);
  EXPECT_EQ(VerifyNote(note, "other.name", TestKey('a').public_key()).status().code(),
            Code::kUnauthenticated);
}

TEST(CheckpointTest, CosignedNoteVerifiesForEachSigner) {
  const Ed25519Key log_key = TestKey('a');
  const Ed25519Key witness = TestKey('w');
  const std::string note = SignedNote(TestCheckpoint(), log_key);
  Result<std::string> cosigned = AddNoteSignature(note, "witness.example", witness);
  ASSERT_TRUE(cosigned.ok()) << cosigned.status().ToString();
  EXPECT_TRUE(VerifyNote(*cosigned, kName, log_key.public_key()).ok());
  EXPECT_TRUE(VerifyNote(*cosigned, "witness.example", witness.public_key()).ok());
  EXPECT_FALSE(VerifyNote(note, "witness.example", witness.public_key()).ok());
}

TEST(CheckpointTest, LineWithRightKeyIdButBadSignatureFailsEvenIfAnotherVerifies) {
  const Ed25519Key key = TestKey();
  const std::string note = SignedNote(TestCheckpoint(), key);
  const std::string line = note.substr(note.rfind("\n\n") + 2);
  std::string bad_line = line;
  bad_line[bad_line.size() - 5] = bad_line[bad_line.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyNote(note + bad_line, kName, key.public_key()).ok());
  EXPECT_TRUE(VerifyNote(note + line, kName, key.public_key()).ok());  // duplicates are fine
}

TEST(CheckpointTest, MalformedNotesAreRejectedWithoutCrashing) {
  const Ed25519Key key = TestKey();
  const std::string note = SignedNote(TestCheckpoint(), key);
  const std::string body = CheckpointBody(TestCheckpoint());
  const std::string sigs = note.substr(body.size() + 1);
  for (const std::string& bad : std::vector<std::string>{
           "", "\n", "\n\n", body, body + "\n", note.substr(0, note.size() - 1),
           body + sigs,                                          // no blank line
           body + "\n" + sigs.substr(3),                         // no em dash
           body + "\n- " + sigs.substr(4),                       // ASCII dash
           body + "\n\xE2\x80\x94" + sigs.substr(4),             // no space after dash
           body + "\n\xE2\x80\x94  x AAAAAAAA\n",                // empty name
           body + "\n\xE2\x80\x94 a+b AAAAAAAA\n",               // '+' in name
           body + "\n\xE2\x80\x94 name\n",                       // no signature
           body + "\n\xE2\x80\x94 name AAAA\n",                  // signature too short
           body + "\n\xE2\x80\x94 name !!!!\n",                  // not base64
           note + "garbage\n", note + "\n", "\n" + sigs, note + std::string(1, '\0'),
           std::string(kMaxNoteSize + 1, 'a')}) {
    EXPECT_FALSE(VerifyNote(bad, kName, key.public_key()).ok()) << bad;
  }
  std::string many = body + "\n";
  for (int i = 0; i <= kMaxNoteSignatures; ++i) many += sigs;
  EXPECT_EQ(VerifyNote(many, kName, key.public_key()).status().code(), Code::kInvalid);
}

TEST(CheckpointTest, SignNoteRejectsInvalidTextOrKeyName) {
  const Ed25519Key key = TestKey();
  EXPECT_FALSE(SignNote("", kName, key).ok());
  EXPECT_FALSE(SignNote("no newline", kName, key).ok());
  EXPECT_FALSE(SignNote("bad\x01\n", kName, key).ok());
  EXPECT_FALSE(SignNote("ok\n", "", key).ok());
  EXPECT_FALSE(SignNote("ok\n", "has space", key).ok());
  EXPECT_FALSE(SignNote("ok\n", "has+plus", key).ok());
  EXPECT_FALSE(SignNote("ok\n", "nbsp\xC2\xA0", key).ok());
  EXPECT_FALSE(SignNote("ok\n", "en\xE2\x80\x82space", key).ok());
  EXPECT_TRUE(SignNote("ok\n", "\xD0\xB4\xD1\x83\xD1\x88\xD0\xB0\xD0\xBD\xD0\xB1\xD0\xB5", key).ok());
}

TEST(CheckpointTest, VerifierAndSignerKeyStringsRoundTrip) {
  const Ed25519Key key = TestKey();
  const std::string vkey = EncodeVerifierKey(kName, key.public_key());
  Result<VerifierKey> v = ParseVerifierKey(vkey);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->name, kName);
  EXPECT_EQ(v->public_key, key.public_key());
  EXPECT_EQ(v->key_id, NoteKeyId(kName, key.public_key()));

  const std::string skey = EncodeSignerKey(kName, key);
  EXPECT_EQ(skey.substr(0, 12), "PRIVATE+KEY+");
  Result<SignerKey> s = ParseSignerKey(skey);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->name, kName);
  EXPECT_EQ(s->key.public_key(), key.public_key());
  EXPECT_FALSE(ParseVerifierKey(skey).ok());
  EXPECT_FALSE(ParseSignerKey(vkey).ok());
}

TEST(CheckpointTest, MalformedVerifierKeysAreRejected) {
  const Ed25519Key key = TestKey();
  const std::string good = EncodeVerifierKey(kName, key.public_key());
  const size_t plus1 = good.find('+');
  const size_t plus2 = good.find('+', plus1 + 1);
  std::string wrong_id = good;
  wrong_id[plus1 + 1] = wrong_id[plus1 + 1] == '0' ? '1' : '0';
  std::string wrong_type = good.substr(0, plus2 + 1) +
                           Base64Encode("\x02" + std::string(32, 'x'));
  for (const std::string& bad :
       {std::string(""), std::string("+"), std::string("++"), good.substr(0, plus2),
        good.substr(0, good.size() - 4), wrong_id, wrong_type, "x" + good.substr(plus1),
        " " + good, good.substr(0, plus1) + "+123+" + good.substr(plus2 + 1)}) {
    EXPECT_FALSE(ParseVerifierKey(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace sabt
