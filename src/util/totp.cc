#include "util/totp.h"

#include <oath.h>
#include <sodium.h>

#include <mutex>

namespace sabt {
namespace {

void EnsureOath() {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UriEscape(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string TotpCode(std::string_view secret, int64_t unix_seconds, int digits) {
  EnsureOath();
  char out[16] = {0};
  int rc = oath_totp_generate2(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), kTotpStepSeconds,
                               0, static_cast<unsigned>(digits), 0, out);
  if (rc != OATH_OK) return std::string();
  return std::string(out);
}

std::optional<int64_t> TotpMatch(std::string_view secret, std::string_view code, int64_t unix_seconds, int window) {
  if (code.size() != 6 || secret.empty()) return std::nullopt;
  std::optional<int64_t> found;
  int64_t step = TotpStep(unix_seconds);
  for (int d = -window; d <= window; ++d) {
    std::string want = TotpCode(secret, (step + d) * kTotpStepSeconds);
    // No early exit: every step in the window is computed and compared.
    if (want.size() == code.size() && sodium_memcmp(want.data(), code.data(), code.size()) == 0 && !found)
      found = step + d;
  }
  return found;
}

std::string Base32(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buf >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buf << (5 - bits)) & 31];
  return out;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  return "otpauth://totp/" + UriEscape(issuer) + ":" + UriEscape(account) + "?secret=" + Base32(secret) +
         "&issuer=" + UriEscape(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace sabt
