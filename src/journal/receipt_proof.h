// The checks that bind a citizen's receipt to the journal
// (docs/verification.md §4). Pure functions over bytes the caller fetched:
// the server's /verify page, `sabt verify-receipt` and the tests use them, and
// web/static/verify.js repeats them in the browser. No I/O, thread-safe.
//
// A receipt claims (number, code, entry index, leaf hash, key fingerprint).
// The node hands back the registering entry's bytes, its key, a checkpoint
// and an inclusion proof. The receipt is proven only when:
//   key      the key's fingerprint equals the printed one (when printed);
//   entry    SHA-256(0x00 ‖ entry bytes) is the printed leaf hash, the entry
//            sits at the printed index, and it registers this number;
//   checkpoint  signed by the key (type 0x01), with a signed time (type 0x04);
//   inclusion   the printed leaf at the printed index is in the checkpoint's tree.
// The server's own idea of the leaf hash is never used.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journal/checkpoint.h"
#include "util/sha256.h"

namespace sabt {

// First 10 bytes of SHA-256(public key), 20 lower-case hex digits.
std::string KeyFingerprint(const Ed25519PublicKey& public_key);
// "8a3c 09f2 11d0 7b4e 5c19": for print.
std::string FormatFingerprint(std::string_view fingerprint_hex);

// Entry kinds that give a registration number.
bool IsRegistrationKind(std::string_view kind);

// What the printed receipt says. index < 0 and empty strings mean "not given".
struct ReceiptClaim {
  std::string number;
  int64_t index = -1;
  std::string leaf_hex;
  std::string key_fingerprint;
};

// OK iff the entry bytes hash to the claimed leaf (or, when no leaf was
// claimed, to served_leaf_hex), the served index equals the claimed one, and
// the entry is a registration of claim.number. On success *leaf is the leaf
// hash the inclusion proof must start from.
Status CheckEntryBinding(const ReceiptClaim& claim, std::string_view entry_bytes, int64_t served_index,
                         std::string_view served_leaf_hex, Hash* leaf);

// OK iff no fingerprint is claimed, or it equals the key's (case-insensitive).
Status CheckKeyPin(const ReceiptClaim& claim, const Ed25519PublicKey& public_key);

// A checkpoint signed by the node key; signed_time is the node's own signed
// timestamp (seconds), absent on checkpoints signed before 2026-12-03.
struct TimedCheckpoint {
  Checkpoint checkpoint;
  std::optional<uint64_t> signed_time;
};
Result<TimedCheckpoint> OpenTimedCheckpoint(std::string_view note, const VerifierKey& key);

// Signs a checkpoint and adds the node's own timestamp line (type 0x04).
Result<std::string> SignTimedCheckpoint(const Checkpoint& checkpoint, std::string_view key_name,
                                        const Ed25519Key& key, uint64_t timestamp);

}  // namespace sabt
