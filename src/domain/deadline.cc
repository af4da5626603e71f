#include "domain/deadline.h"

#include "util/clock.h"

namespace sabt::domain {

int64_t LocalDay(int64_t ms) {
  int64_t shifted = ms + int64_t{kTajikOffsetMinutes} * 60000;
  return shifted >= 0 ? shifted / 86400000 : (shifted - 86399999) / 86400000;
}

bool IsWorkingDay(int64_t day, const DeadlineRule& rule) {
  // 1970-01-01 was a Thursday: weekday 0 = Monday.
  int64_t weekday = ((day % 7) + 7 + 3) % 7;
  return weekday < 5 && !rule.holidays.count(day);
}

int64_t ExtendDueDay(int64_t due_day, int extra_days, const DeadlineRule& rule) {
  if (!rule.working_days) return due_day + extra_days;
  int64_t day = due_day;
  for (int counted = 0; counted < extra_days;) {
    ++day;
    if (IsWorkingDay(day, rule)) ++counted;
  }
  return day;
}

int64_t DueDay(int64_t received_ms, const DeadlineRule& rule) {
  return ExtendDueDay(LocalDay(received_ms), rule.days, rule);
}

}  // namespace sabt::domain
