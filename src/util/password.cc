#include "util/password.h"

#include <sodium.h>

#include "util/random.h"
#include "util/text.h"

namespace sabt {
namespace {

const std::string& DummyHash() {
  static const std::string h = [] {
    auto r = HashPassword(RandomToken(16));
    return r.ok() ? *r : std::string();
  }();
  return h;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  EnsureSodiumInitialized();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Status::Internal("out of memory while hashing a password");
  return std::string(out);
}

bool VerifyPassword(std::string_view password, std::string_view hash) {
  EnsureSodiumInitialized();
  bool usable = !hash.empty() && hash.size() < crypto_pwhash_STRBYTES;
  std::string h(usable ? hash : std::string_view(DummyHash()));
  bool ok = crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
  return usable && ok;
}

Status CheckPasswordPolicy(std::string_view password) {
  if (Utf8Length(password) < 10) return Status::Invalid("password must have at least 10 characters");
  if (password.size() > 1024) return Status::Invalid("password is too long");
  bool all_same = true;
  for (char c : password) all_same = all_same && c == password[0];
  if (all_same) return Status::Invalid("password must not repeat one character");
  return Status::Ok();
}

}  // namespace sabt
