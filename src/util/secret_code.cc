#include "util/secret_code.h"

#include <sodium.h>

#include <cctype>

namespace sabt {

std::string NormalSecretCode(const std::string& code) {
  std::string out;
  for (unsigned char c : code) {
    if (c == ' ' || c == '-') continue;
    out.push_back(static_cast<char>(std::toupper(c)));
  }
  return out.substr(0, 32);
}

bool SameSecretCode(const std::string& a, const std::string& b) {
  char x[32] = {0}, y[32] = {0};
  a.copy(x, sizeof x);
  b.copy(y, sizeof y);
  bool eq = sodium_memcmp(x, y, sizeof x) == 0;
  return eq && !a.empty() && a.size() == b.size();
}

}  // namespace sabt
