// C2SP tlog-cosignature (cosignature/v1): a witness's timestamped signature
// over a checkpoint body. Signed message:
//   "cosignature/v1\ntime <decimal timestamp>\n" ‖ checkpoint body
// Signature line: "— <witness name> base64(key id[4] ‖ timestamp[8, big-endian] ‖ sig[64])\n",
// key id = SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[0:4].
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "journal/checkpoint.h"

namespace sabt {

uint32_t CosignatureKeyId(std::string_view name, const Ed25519PublicKey& public_key);
// The full signature line, ending in '\n'.
Result<std::string> CosignatureLine(std::string_view checkpoint_body, std::string_view witness_name,
                                    const Ed25519Key& key, uint64_t timestamp);
// Finds the witness's cosignature line in a signed note and verifies it over
// the note's body; returns its timestamp. kUnauthenticated when absent or bad.
Result<uint64_t> VerifyCosignature(std::string_view note, std::string_view witness_name,
                                   const Ed25519PublicKey& public_key);

}  // namespace sabt
