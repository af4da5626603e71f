#include "util/hex.h"

namespace sabt {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

// Value of one hex digit, or -1.
int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  std::string out;
  out.resize(bytes.size() * 2);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 0x0f];
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return Status::Invalid("hex: odd length");
  std::string out;
  out.resize(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = DigitValue(hex[2 * i]);
    const int lo = DigitValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::Invalid("hex: not a hex digit");
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

}  // namespace sabt
