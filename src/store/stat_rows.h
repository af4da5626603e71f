// Statistics rows (issue 15, docs/statistics.md §1.5): counter rows, reads of
// them, and the facts of every counted record for the recount.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/stats/facts.h"

namespace sabt::store {

// One stored counter: per day (stat_days) or per month YYYYMM (stat_months).
struct StatRow {
  std::string name, department;
  int64_t period = 0;
  int64_t value = 0;
};

// A change to one counter, applied to its day row and its month row.
struct StatDelta {
  std::string name, department;
  int64_t day = 0, month = 0;
  int64_t delta = 0;
};

struct StatQuery {
  std::string name;        // a counter name, or a prefix ending in "." when `prefix`
  bool prefix = false;
  std::vector<std::string> departments;
  bool days = false;       // stat_days (periods are days) instead of stat_months (YYYYMM)
  int64_t from = 0, to = 0;  // inclusive
};

// One counted record, as ScanStatRecords visits them (exactly one is set).
struct StatRecord {
  enum Kind { kAppeal, kSubmission, kCrime, kTrip, kStop } kind = kAppeal;
  domain::stats::AppealFacts appeal;
  domain::stats::SubmissionFacts submission;
  domain::stats::CrimeFacts crime;
  domain::stats::TripFacts trip;
  domain::stats::StopFacts stop;
};

}  // namespace sabt::store
