// Time-based one-time passwords (RFC 6238) through Debian's liboath: 6 digits,
// 30-second steps, HMAC-SHA-1 (what authenticator apps expect). The secret is
// raw bytes; it is never logged.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sabt {

constexpr int kTotpStepSeconds = 30;

// The code of `digits` digits (6 or 8) for the step that contains unix_seconds.
std::string TotpCode(std::string_view secret, int64_t unix_seconds, int digits = 6);
// The 30-second step that contains unix_seconds.
inline int64_t TotpStep(int64_t unix_seconds) { return unix_seconds / kTotpStepSeconds; }
// The step whose code equals `code`, looking `window` steps either side of
// the current one; nullopt when none does. Codes are compared in constant time.
std::optional<int64_t> TotpMatch(std::string_view secret, std::string_view code, int64_t unix_seconds,
                                 int window = 1);
// RFC 4648 base32 without padding (the form authenticator apps take).
std::string Base32(std::string_view bytes);
// otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace sabt
