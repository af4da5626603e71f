#include "util/random.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "util/base64.h"
#include "util/hex.h"

namespace sabt {

void EnsureSodiumInitialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    // 0 = initialised now, 1 = already initialised; -1 = failure.
    if (sodium_init() < 0) {
      std::fprintf(stderr, "sabt: fatal: sodium_init() failed\n");
      std::abort();
    }
  });
}

std::string RandomBytes(size_t n) {
  EnsureSodiumInitialized();
  std::string out(n, '\0');
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(size_t bytes) { return Base64UrlEncodeNoPad(RandomBytes(bytes)); }

std::string NewUuid() {
  std::string b = RandomBytes(16);
  b[6] = static_cast<char>((static_cast<unsigned char>(b[6]) & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<char>((static_cast<unsigned char>(b[8]) & 0x3f) | 0x80);  // variant 10xx
  const std::string h = HexEncode(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20, 12);
}

}  // namespace sabt
