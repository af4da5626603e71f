// Base64 (RFC 4648).
//
// Base64Encode / Base64Decode use the standard alphabet (§4) with '='
// padding: this is the form used by C2SP signed notes and checkpoints.
// Base64Decode is strict, so that every byte string has exactly one accepted
// encoding: the length must be a multiple of 4, padding may appear only as the
// last one or two characters, the unused low bits of the last symbol must be
// zero, and no whitespace or other characters are allowed. Anything else is
// Status::Invalid.
//
// Base64UrlEncodeNoPad uses the URL- and filename-safe alphabet (§5) without
// padding; it is meant for tokens that travel in URLs and cookies.
//
// All functions are pure, thread-safe and never throw.
#pragma once
#include <string>
#include <string_view>

#include "util/status.h"

namespace sabt {

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

std::string Base64UrlEncodeNoPad(std::string_view bytes);

}  // namespace sabt
