// Lower-case hexadecimal encoding of byte strings.
//
// Contract: HexEncode never fails and always emits lower-case digits.
// HexDecode accepts upper- or lower-case digits, requires an even length, and
// returns Status::Invalid for anything else; it never throws. Both functions
// are pure and thread-safe.
#pragma once
#include <string>
#include <string_view>

#include "util/status.h"

namespace sabt {

// "\x01\xab" -> "01ab".
std::string HexEncode(std::string_view bytes);

// "01AB" or "01ab" -> "\x01\xab". Empty input decodes to an empty string.
Result<std::string> HexDecode(std::string_view hex);

}  // namespace sabt
