// Password hashing with Argon2id (libsodium, "interactive" limits, about
// 150 ms here). Hashes are libsodium's self-describing "$argon2id$…" strings.
// libsodium is not FIPS-validated; see docs/security.md.
#pragma once
#include <string>
#include <string_view>

#include "util/status.h"

namespace sabt {

Result<std::string> HashPassword(std::string_view password);
// Constant work whether or not the hash is valid: an empty or malformed hash
// is checked against a fixed dummy hash, so the time does not reveal whether
// a user exists.
bool VerifyPassword(std::string_view password, std::string_view hash);
// Minimal policy: 10+ code points, not all the same character.
Status CheckPasswordPolicy(std::string_view password);

}  // namespace sabt
