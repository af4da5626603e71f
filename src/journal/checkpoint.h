// Signed checkpoints: C2SP tlog-checkpoint bodies inside C2SP signed notes,
// signed with Ed25519 (signature type 0x01). See docs/journal-format.md.
//
// Checkpoint body (tlog-checkpoint):
//   <origin>\n            non-empty line naming the log (e.g. "sabt.mvd.tj/dsh-sno")
//   <size>\n              decimal, no sign, no leading zeros ("0" allowed)
//   <base64 root>\n       standard base64 with padding of the 32-byte root hash
//   [<extension>\n ...]   optional further non-empty lines, kept verbatim
//
// Signed note (signed-note):
//   <text>\n              the body, which ends in a newline
//   \n                    one blank line
//   — <name> <base64(key id[4] ‖ signature[64])>\n    one or more lines
// The "—" is U+2014 EM DASH followed by one space. The key id is the first
// four bytes (big-endian) of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key[32]).
// Text must be well-formed UTF-8 with no control characters except '\n'.
// Key names are non-empty UTF-8 with no whitespace and no '+'.
//
// Key strings (as in golang.org/x/mod/sumdb/note):
//   verifier key:  <name>+<key id, 8 lower-case hex>+<base64(0x01 ‖ public key)>
//   signer key:    PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ 32-byte seed)>
//
// Errors: malformed input is Status::Invalid; a note that carries no valid
// signature by the expected key, or a bad one, is Status::Unauthenticated.
// Parsers accept arbitrary bytes without crashing or throwing. All functions
// are thread-safe; an Ed25519Key is an immutable value.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/sha256.h"
#include "util/status.h"

namespace sabt {

inline constexpr size_t kMaxNoteSize = 64 * 1024;
inline constexpr int kMaxNoteSignatures = 100;

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // extra body lines, usually none
  bool operator==(const Checkpoint&) const = default;
};

// The body text. REQUIRES: origin and extensions are valid body lines (see
// ValidateCheckpoint); otherwise the result will not parse back.
std::string CheckpointBody(const Checkpoint& checkpoint);
// OK iff CheckpointBody(checkpoint) parses back to checkpoint.
Status ValidateCheckpoint(const Checkpoint& checkpoint);
Result<Checkpoint> ParseCheckpointBody(std::string_view body);

using Ed25519PublicKey = std::array<uint8_t, 32>;

// An Ed25519 key pair (libsodium). The secret key is wiped on destruction.
class Ed25519Key {
 public:
  static Ed25519Key Generate();
  // Invalid unless seed is exactly 32 bytes.
  static Result<Ed25519Key> FromSeed(std::string_view seed);

  Ed25519Key(const Ed25519Key&) = default;
  Ed25519Key& operator=(const Ed25519Key&) = default;
  ~Ed25519Key();

  // The 32-byte secret seed: whoever holds it can sign. Persist it only in
  // protected storage.
  std::string seed() const;
  const Ed25519PublicKey& public_key() const { return public_key_; }
  // 64-byte detached signature.
  std::string Sign(std::string_view message) const;

 private:
  Ed25519Key() = default;
  std::array<uint8_t, 64> secret_{};  // libsodium layout: seed ‖ public key
  Ed25519PublicKey public_key_{};
};

bool Ed25519Verify(const Ed25519PublicKey& public_key, std::string_view message,
                   std::string_view signature);

bool IsValidKeyName(std::string_view name);
uint32_t NoteKeyId(std::string_view key_name, const Ed25519PublicKey& public_key);

// Signs note text (e.g. a CheckpointBody) and returns the whole note.
// Invalid if the text is empty, does not end in '\n', is not valid note text,
// or the key name is invalid.
Result<std::string> SignNote(std::string_view text, std::string_view key_name,
                             const Ed25519Key& key);
// ValidateCheckpoint + SignNote(CheckpointBody(...)).
Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, std::string_view key_name,
                                   const Ed25519Key& key);
// Appends one more signature line (a cosignature) to a well-formed note.
Result<std::string> AddNoteSignature(std::string_view note, std::string_view key_name,
                                     const Ed25519Key& key);

// Parses a signed note and returns its text if it carries a valid signature
// by (key_name, public_key). Other signers' lines are skipped (but must be
// well-formed). A line with the expected name and key id whose signature does
// not verify makes the whole note Unauthenticated.
Result<std::string> OpenNote(std::string_view note, std::string_view key_name,
                             const Ed25519PublicKey& public_key);
// OpenNote + ParseCheckpointBody.
Result<Checkpoint> VerifyNote(std::string_view note, std::string_view key_name,
                              const Ed25519PublicKey& public_key);

struct VerifierKey {
  std::string name;
  uint32_t key_id = 0;
  Ed25519PublicKey public_key{};
};
std::string EncodeVerifierKey(std::string_view name, const Ed25519PublicKey& public_key);
// Invalid unless well-formed, of type Ed25519, and the key id matches.
Result<VerifierKey> ParseVerifierKey(std::string_view text);

struct SignerKey {
  std::string name;
  Ed25519Key key;
};
std::string EncodeSignerKey(std::string_view name, const Ed25519Key& key);
Result<SignerKey> ParseSignerKey(std::string_view text);

}  // namespace sabt
