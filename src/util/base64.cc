#include "util/base64.h"

#include <cstdint>

namespace sabt {
namespace {

constexpr char kStd[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Encode(std::string_view bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                       (uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                       uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t v = uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (pad) out.append("==");
  } else if (rest == 2) {
    const uint32_t v = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                       (uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.push_back('=');
  }
  return out;
}

// Value of one standard-alphabet symbol, or -1.
int SymbolValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) { return Encode(bytes, kStd, true); }

std::string Base64UrlEncodeNoPad(std::string_view bytes) {
  return Encode(bytes, kUrl, false);
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return Status::Invalid("base64: length not a multiple of 4");
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = 1;
  if (text.size() >= 2 && text[text.size() - 2] == '=') pad = 2;
  if (pad == 2 && text.back() != '=') return Status::Invalid("base64: misplaced padding");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const size_t symbols = last ? 4 - pad : 4;
    uint32_t v = 0;
    for (size_t j = 0; j < 4; ++j) {
      int s = 0;
      if (j < symbols) {
        s = SymbolValue(text[i + j]);
        if (s < 0) return Status::Invalid("base64: invalid character");
      }
      v = (v << 6) | static_cast<uint32_t>(s);
    }
    out.push_back(static_cast<char>((v >> 16) & 0xff));
    if (symbols >= 3) out.push_back(static_cast<char>((v >> 8) & 0xff));
    if (symbols == 4) out.push_back(static_cast<char>(v & 0xff));
    // Non-canonical encodings leave set bits in the part dropped by padding.
    if (symbols == 2 && (v & 0xffff) != 0) return Status::Invalid("base64: non-zero trailing bits");
    if (symbols == 3 && (v & 0xff) != 0) return Status::Invalid("base64: non-zero trailing bits");
  }
  return out;
}

}  // namespace sabt
