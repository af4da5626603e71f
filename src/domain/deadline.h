// Legal deadlines. The clock starts at "received at". A deadline counts
// calendar days or working days (Monday–Friday minus a holiday list); the
// figures and the holiday list are data an administrator loads, never
// constants here. Dates are days since the Unix epoch in Dushanbe time.
#pragma once
#include <cstdint>
#include <set>

namespace sabt::domain {

struct DeadlineRule {
  int days = 15;
  bool working_days = false;
  std::set<int64_t> holidays;  // days since epoch
};

// Day of Dushanbe calendar that contains `ms`.
int64_t LocalDay(int64_t ms);
// The last day on which the answer is on time: received day + N days
// (calendar), or the N-th working day after the received day.
int64_t DueDay(int64_t received_ms, const DeadlineRule& rule);
// An extension adds `extra_days` in the same unit after the current due day.
int64_t ExtendDueDay(int64_t due_day, int extra_days, const DeadlineRule& rule);
bool IsWorkingDay(int64_t day, const DeadlineRule& rule);

}  // namespace sabt::domain
