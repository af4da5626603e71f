// libFuzzer target for the journal's untrusted-input surface: checkpoint
// bodies, signed notes, note keys, compact ranges and Merkle proof verifiers.
// Build and run: see fuzz/README.md. Not part of the CMake build.
//
// Besides "never crash", it checks two oracles and traps if they break:
//   1. a valid signed note with any one byte changed never verifies;
//   2. a valid inclusion/consistency proof with any one byte changed (or a
//      fuzzed index/size) never verifies for the honest tree.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "journal/checkpoint.h"
#include "journal/merkle.h"
#include "util/base64.h"
#include "util/hex.h"

namespace {

using sabt::Hash;

constexpr std::string_view kKeyName = "fuzz.example/log";
constexpr uint64_t kTreeSize = 64;

const sabt::Ed25519Key& Key() {
  static const sabt::Ed25519Key key = sabt::Ed25519Key::FromSeed(std::string(32, 'f')).value();
  return key;
}

const std::string& ValidNote() {
  static const std::string note = [] {
    sabt::Checkpoint c;
    c.origin = "fuzz.example/log";
    c.size = 5;
    c.root = sabt::Sha256("root");
    return sabt::SignCheckpoint(c, kKeyName, Key()).value();
  }();
  return note;
}

const std::vector<Hash>& Leaves() {
  static const std::vector<Hash> leaves = [] {
    std::vector<Hash> out;
    for (uint64_t i = 0; i < kTreeSize; ++i) out.push_back(sabt::LeafHash(std::to_string(i)));
    return out;
  }();
  return leaves;
}

uint64_t ReadU64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

Hash ReadHash(const uint8_t* p) {
  Hash h;
  for (size_t i = 0; i < h.size(); ++i) h[i] = p[i];
  return h;
}

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// Arbitrary bytes into every parser.
void FuzzParsers(std::string_view text) {
  (void)sabt::ParseCheckpointBody(text);
  (void)sabt::VerifyNote(text, kKeyName, Key().public_key());
  (void)sabt::ParseVerifierKey(text);
  (void)sabt::ParseSignerKey(text);
  (void)sabt::Base64Decode(text);
  (void)sabt::HexDecode(text);
  (void)sabt::CompactRange::Deserialize(text);
  sabt::Result<sabt::Checkpoint> c = sabt::ParseCheckpointBody(text);
  if (c.ok()) Check(sabt::CheckpointBody(*c) == text);  // the body form is canonical
}

// Oracle 1: a one-byte change to a valid note must not verify.
void FuzzNoteMutation(const uint8_t* data, size_t size) {
  if (size < 3 || data[2] == 0) return;
  std::string note = ValidNote();
  const size_t at = ((size_t{data[0]} << 8) | data[1]) % note.size();
  note[at] = static_cast<char>(note[at] ^ data[2]);
  Check(!sabt::VerifyNote(note, kKeyName, Key().public_key()).ok());
}

// Raw verifier calls with fuzzed sizes, roots and proof elements.
void FuzzVerifiers(const uint8_t* data, size_t size) {
  if (size < 16 + 64) return;
  const uint64_t a = ReadU64(data);
  const uint64_t b = ReadU64(data + 8);
  const Hash h1 = ReadHash(data + 16);
  const Hash h2 = ReadHash(data + 48);
  std::vector<Hash> proof;
  for (size_t off = 80; off + 32 <= size; off += 32) proof.push_back(ReadHash(data + off));
  (void)sabt::VerifyInclusion(a, b, h1, proof, h2);
  (void)sabt::VerifyConsistency(a, b, h1, h2, proof);
  // Small sizes reach the interesting branches far more often.
  (void)sabt::VerifyInclusion(a % 70, b % 70, h1, proof, h2);
  (void)sabt::VerifyConsistency(a % 70, b % 70, h1, h2, proof);
}

// Oracle 2: honest proofs for a 64-leaf tree, then one fuzzed change.
void FuzzProofMutation(const uint8_t* data, size_t size) {
  if (size < 4) return;
  const std::vector<Hash>& leaves = Leaves();
  const uint64_t n = 1 + data[0] % kTreeSize;
  const uint64_t i = data[1] % n;
  const auto tree = std::span(leaves).first(n);
  const Hash root = sabt::RootOf(tree);
  std::vector<Hash> proof = sabt::InclusionProof(i, tree).value();
  Check(sabt::VerifyInclusion(i, n, leaves[i], proof, root));
  const uint8_t flip = data[3];
  if (!proof.empty() && flip != 0) {
    std::vector<Hash> bad = proof;
    bad[data[2] % bad.size()][data[2] % 32] ^= flip;
    Check(!sabt::VerifyInclusion(i, n, leaves[i], bad, root));
  }
  const uint64_t other = data[2] % (n + 2);
  if (other != i) Check(!sabt::VerifyInclusion(other, n, leaves[i], proof, root));

  const uint64_t m = 1 + data[1] % n;
  std::vector<Hash> cproof = sabt::ConsistencyProof(m, tree).value();
  const Hash root_m = sabt::RootOf(tree.first(m));
  Check(sabt::VerifyConsistency(m, n, root_m, root, cproof));
  if (!cproof.empty() && flip != 0) {
    std::vector<Hash> bad = cproof;
    bad[data[2] % bad.size()][data[2] % 32] ^= flip;
    Check(!sabt::VerifyConsistency(m, n, root_m, root, bad));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzParsers(std::string_view(reinterpret_cast<const char*>(data), size));
  FuzzNoteMutation(data, size);
  FuzzVerifiers(data, size);
  FuzzProofMutation(data, size);
  return 0;
}
