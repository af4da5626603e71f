// Cryptographically secure randomness from libsodium.
//
// Contract: these functions never fail and never throw. libsodium is
// initialised on first use (std::call_once); if sodium_init() fails the
// process aborts, because without a working CSPRNG no salt, token or key can
// be trusted. All functions are thread-safe.
#pragma once
#include <cstddef>
#include <string>

namespace sabt {

// Initialises libsodium once per process. Idempotent and thread-safe; every
// function here calls it, and other modules that use libsodium directly
// (e.g. Ed25519 signing) call it too.
void EnsureSodiumInitialized();

// n uniformly random bytes.
std::string RandomBytes(size_t n);

// A random token carrying `bytes` bytes of entropy, as URL-safe base64
// without padding (RFC 4648 §5): characters [A-Za-z0-9_-] only, length
// ceil(4*bytes/3). Suitable for session ids, CSRF tokens, one-time codes in
// URLs. Use at least 16 bytes for anything that guards access.
std::string RandomToken(size_t bytes);

// A random (version 4, RFC 9562 variant) UUID in lower-case canonical form,
// e.g. "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b".
std::string NewUuid();

}  // namespace sabt
