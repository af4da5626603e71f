#include "domain/programme/quarter.h"

#include <chrono>

namespace sabt::domain::programme {
namespace {

// Days since 1970-01-01 of a civil date (the day numbers ParseDate gives).
int64_t DayOf(int year, int month, int day) {
  using namespace std::chrono;
  const sys_days d{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
                   std::chrono::day{static_cast<unsigned>(day)}};
  return d.time_since_epoch().count();
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
