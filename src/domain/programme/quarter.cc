#include "domain/programme/quarter.h"

#include <cstdio>

#include "util/clock.h"

namespace sabt::domain::programme {
namespace {

int64_t DayOf(int year, int month, int day) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", year, month, day);
  auto d = ParseDate(b);
  return d.ok() ? *d : 0;
}

}  // namespace

int64_t Quarter::FirstDay() const { return DayOf(year, number * 3 - 2, 1); }

int64_t Quarter::LastDay() const {
  return number == 4 ? DayOf(year + 1, 1, 1) - 1 : DayOf(year, number * 3 + 1, 1) - 1;
}

std::string Quarter::Label() const { return std::to_string(year) + "-Q" + std::to_string(number); }

std::optional<Quarter> ParseQuarter(std::string_view s) {
  if (s.size() != 7 || s[4] != '-' || (s[5] != 'Q' && s[5] != 'q')) return std::nullopt;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    year = year * 10 + (s[i] - '0');
  }
  if (s[6] < '1' || s[6] > '4' || year < 2000 || year > 2100) return std::nullopt;
  return Quarter{year, s[6] - '0'};
}

}  // namespace sabt::domain::programme
