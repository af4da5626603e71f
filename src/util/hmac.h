// HMAC (RFC 2104) over OpenSSL. Used where another program fixes the
// algorithm: Janus signed tokens and coturn's TURN REST credentials (HMAC-SHA1),
// derived room secrets (HMAC-SHA256). Pure, thread-safe, never throws.
#pragma once
#include <string>
#include <string_view>

namespace sabt {

// Raw MAC bytes (20 for SHA-1, 32 for SHA-256).
std::string HmacSha1(std::string_view key, std::string_view message);
std::string HmacSha256(std::string_view key, std::string_view message);

}  // namespace sabt
