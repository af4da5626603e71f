// A quarter of the calendar year for the quarterly programme report
// (docs/programme.md §5): "YYYY-Qn", Q1 = January–March … Q4 =
// October–December, in Dushanbe days. Pure: no I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sabt::domain::programme {

struct Quarter {
  int year = 0;
  int number = 0;  // 1..4

  int FirstMonth() const { return year * 100 + number * 3 - 2; }  // YYYYMM
  int LastMonth() const { return year * 100 + number * 3; }
  int64_t FirstDay() const;  // days since epoch
  int64_t LastDay() const;
  Quarter Previous() const { return number == 1 ? Quarter{year - 1, 4} : Quarter{year, number - 1}; }
  std::string Label() const;  // "2026-Q4"
};

// "YYYY-Qn" (a lower-case "q" too), year 2000..2100, n 1..4; nullopt otherwise.
std::optional<Quarter> ParseQuarter(std::string_view s);

}  // namespace sabt::domain::programme
