#include "util/clock.h"

#include <chrono>
#include <cstdio>

namespace sabt {
namespace {

// Howard Hinnant's civil-date algorithms (public domain), via <chrono>.
int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days(year{y} / month{m} / day{d}).time_since_epoch().count();
}

bool ValidYmd(int y, int m, int d) {
  using namespace std::chrono;
  return year_month_day(year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}).ok();
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

std::string Format(int64_t ms, int offset_minutes, const char* fmt_kind) {
  int64_t shifted = ms + int64_t{offset_minutes} * 60000;
  int64_t days = shifted >= 0 ? shifted / 86400000 : (shifted - 86399999) / 86400000;
  int64_t rem = shifted - days * 86400000;
  using namespace std::chrono;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  int h = static_cast<int>(rem / 3600000), mi = static_cast<int>(rem / 60000 % 60),
      s = static_cast<int>(rem / 1000 % 60), f = static_cast<int>(rem % 1000);
  char buf[96];
  std::string_view k(fmt_kind);
  if (k == "utc")
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), h, mi, s, f);
  else if (k == "input")
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), h, mi);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), h, mi);
  return buf;
}

// Parses "YYYY-MM-DDTHH:MM[:SS[.fff]]" at the start of s; *used = chars read.
Result<int64_t> ParseDateTimePart(std::string_view s, size_t* used) {
  int y, mo, d, h, mi, sec = 0, frac = 0;
  if (!Digits(s, 0, 4, &y) || s.size() < 16 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, &h) || s[13] != ':' ||
      !Digits(s, 14, 2, &mi))
    return Status::Invalid("not a date and time");
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, &sec)) return Status::Invalid("bad seconds");
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      size_t start = ++pos;
      int scale = 100;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (scale > 0) frac += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return Status::Invalid("bad fraction");
    }
  }
  if (!ValidYmd(y, mo, d) || h > 23 || mi > 59 || sec > 59) return Status::Invalid("no such date or time");
  *used = pos;
  return (DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * 1000 + frac;
}

}  // namespace

int64_t SystemClock::NowMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

std::string FormatRfc3339Millis(int64_t ms) { return Format(ms, 0, "utc"); }
std::string FormatLocal(int64_t ms) { return Format(ms, kTajikOffsetMinutes, "display"); }
std::string DisplayTime(const std::string& rfc3339) {
  auto ms = ParseRfc3339(rfc3339);
  return ms.ok() ? FormatLocal(*ms) : rfc3339;
}
std::string FormatLocalInput(int64_t ms) { return Format(ms, kTajikOffsetMinutes, "input"); }

Result<int64_t> ParseRfc3339(std::string_view s) {
  size_t used = 0;
  auto base = ParseDateTimePart(s, &used);
  if (!base.ok()) return base.status();
  std::string_view rest = s.substr(used);
  if (rest == "Z" || rest == "z") return *base;
  int oh, om;
  if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && Digits(rest, 1, 2, &oh) && rest[3] == ':' &&
      Digits(rest, 4, 2, &om) && oh < 24 && om < 60) {
    int64_t off = (int64_t{oh} * 60 + om) * 60000;
    return rest[0] == '+' ? *base - off : *base + off;
  }
  return Status::Invalid("missing or bad time zone");
}

Result<int64_t> ParseLocalDateTime(std::string_view s) {
  size_t used = 0;
  auto base = ParseDateTimePart(s, &used);
  if (!base.ok()) return base.status();
  if (used != s.size()) return Status::Invalid("trailing characters");
  return *base - int64_t{kTajikOffsetMinutes} * 60000;
}

Result<int64_t> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || !Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &m) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || !ValidYmd(y, m, d))
    return Status::Invalid("not a date YYYY-MM-DD");
  return DaysFromCivil(y, m, d);
}

std::string FormatDay(int64_t day) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{std::chrono::days{day}}};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return buf;
}

int YearInTajikistan(int64_t ms) {
  std::string s = Format(ms, kTajikOffsetMinutes, "display");
  return std::stoi(s.substr(0, 4));
}

}  // namespace sabt
