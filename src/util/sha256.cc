#include "util/sha256.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "util/hex.h"

namespace sabt {
namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "sabt: fatal: OpenSSL SHA-256 failure in %s\n", what);
  ERR_print_errors_fp(stderr);
  std::abort();
}

// Fetched once: implicit fetching through EVP_sha256() on every init costs a
// provider lookup per message under OpenSSL 3.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (m == nullptr) Die("EVP_MD_fetch");
    return m;  // intentionally never freed: lives for the process
  }();
  return md;
}

void Init(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex2(ctx, Sha256Md(), nullptr) != 1) Die("EVP_DigestInit_ex2");
}

}  // namespace

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) Die("EVP_MD_CTX_new");
  Init(ctx_);
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

Sha256Hasher::Sha256Hasher(Sha256Hasher&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)) {}

Sha256Hasher& Sha256Hasher::operator=(Sha256Hasher&& other) noexcept {
  if (this != &other) {
    EVP_MD_CTX_free(ctx_);
    ctx_ = std::exchange(other.ctx_, nullptr);
  }
  return *this;
}

void Sha256Hasher::Update(const uint8_t* data, size_t size) {
  if (size == 0) return;
  if (EVP_DigestUpdate(ctx_, data, size) != 1) Die("EVP_DigestUpdate");
}

void Sha256Hasher::Update(std::string_view bytes) {
  Update(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

Hash Sha256Hasher::Final() {
  Hash out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, out.data(), &len) != 1 || len != out.size()) {
    Die("EVP_DigestFinal_ex");
  }
  Init(ctx_);
  return out;
}

void Sha256Hasher::Reset() { Init(ctx_); }

Hash Sha256(std::string_view bytes) {
  thread_local Sha256Hasher hasher;
  hasher.Update(bytes);
  return hasher.Final();
}

std::string HashHex(const Hash& h) { return HexEncode(HashBytes(h)); }

Result<Hash> HashFromHex(std::string_view hex) {
  if (hex.size() != 64) return Status::Invalid("hash: expected 64 hex digits");
  Result<std::string> bytes = HexDecode(hex);
  if (!bytes.ok()) return bytes.status();
  Hash h;
  std::memcpy(h.data(), bytes->data(), h.size());
  return h;
}

}  // namespace sabt
