// SHA-256 (FIPS 180-4) through OpenSSL 3 EVP.
//
// Contract: hashing never fails for valid inputs. If OpenSSL itself fails
// (no SHA-256 provider, allocation failure inside libcrypto), the process is
// aborted with a message: a node that cannot hash cannot keep its journal, and
// returning a wrong digest would be worse than stopping.
//
// Thread safety: Sha256() and the free functions are thread-safe (each thread
// reuses its own context). A Sha256Hasher object is not: use one per thread.
//
// Performance: the EVP_MD is fetched once per process and an EVP_MD_CTX is
// reused across messages, so the per-message overhead is a re-initialisation
// rather than a provider lookup and an allocation. Merkle node hashing (65
// bytes) runs at several million per second on one core.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

// Forward declaration, so that users need not include OpenSSL headers.
struct evp_md_ctx_st;

namespace sabt {

using Hash = std::array<uint8_t, 32>;

// View of a hash as bytes, e.g. to feed it to another hash.
inline std::string_view HashBytes(const Hash& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

// Incremental SHA-256. Movable, not copyable.
//
//   Sha256Hasher h;
//   h.Update("abc");
//   Hash d = h.Final();   // h is ready for a new message
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&& other) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&& other) noexcept;
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view bytes);
  void Update(const uint8_t* data, size_t size);
  // Returns the digest of everything passed to Update since construction or
  // the previous Final/Reset, and starts a new message.
  Hash Final();
  // Discards the current message.
  void Reset();

 private:
  evp_md_ctx_st* ctx_;  // owned; null only after being moved from
};

// One-shot digest.
Hash Sha256(std::string_view bytes);

// Lower-case hex of the 32 digest bytes (64 characters).
std::string HashHex(const Hash& h);

// Inverse of HashHex; accepts either case. Invalid unless exactly 64 hex digits.
Result<Hash> HashFromHex(std::string_view hex);

}  // namespace sabt
