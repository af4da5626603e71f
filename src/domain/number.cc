#include "domain/number.h"

#include <charconv>

namespace sabt::domain {

std::string FormatNumber(const RegNumber& r) {
  return r.series + "/" + std::to_string(r.year) + "/" + std::to_string(r.n);
}

std::optional<RegNumber> ParseNumber(std::string_view s) {
  size_t a = s.find('/');
  if (a == std::string_view::npos || a == 0 || a > 32) return std::nullopt;
  size_t b = s.find('/', a + 1);
  if (b == std::string_view::npos || b != a + 5) return std::nullopt;
  RegNumber r;
  r.series = std::string(s.substr(0, a));
  for (char c : r.series)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return std::nullopt;
  std::string_view y = s.substr(a + 1, 4), n = s.substr(b + 1);
  if (n.empty() || n.size() > 12 || n[0] == '0') return std::nullopt;
  auto ry = std::from_chars(y.data(), y.data() + y.size(), r.year);
  if (ry.ec != std::errc() || ry.ptr != y.data() + y.size() || r.year < 1000) return std::nullopt;
  auto rn = std::from_chars(n.data(), n.data() + n.size(), r.n);
  if (rn.ec != std::errc() || rn.ptr != n.data() + n.size() || r.n < 1) return std::nullopt;
  return r;
}

}  // namespace sabt::domain
