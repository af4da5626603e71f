// Registration numbers "<series>/<yyyy>/<n>". A series has exactly one
// writing node, and n is gapless within a series and year: the store advances
// the counter inside the transaction that appends the registering entry.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sabt::domain {

struct RegNumber {
  std::string series;
  int year = 0;
  int64_t n = 0;
};

std::string FormatNumber(const RegNumber& r);
// Strict: series of A-Z 0-9 '-', a four-digit year, n ≥ 1 without leading zeros.
std::optional<RegNumber> ParseNumber(std::string_view s);

}  // namespace sabt::domain
