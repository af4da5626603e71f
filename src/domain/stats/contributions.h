// Statistics (issue 15): the counters a record contributes to, as a pure
// function of its facts (docs/statistics.md §1.1, §1.3 lists every name).
// The projector adds (after − before) of a record's contributions in the
// entry's transaction; `sabt verify` sums the contributions of every row and
// compares with the stored counters. Nothing here depends on personal
// fields, so an erasure changes no counter.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "domain/stats/facts.h"

namespace sabt::domain::stats {

struct StatKey {
  std::string name, department;
  int64_t day = 0;  // Dushanbe days since epoch
  bool operator<(const StatKey& o) const {
    return std::tie(name, department, day) < std::tie(o.name, o.department, o.day);
  }
  bool operator==(const StatKey& o) const {
    return name == o.name && department == o.department && day == o.day;
  }
};

// Counter key → value. Values are positive; a record contributes nothing
// when it lacks a usable day (an unparsable time).
using Contribution = std::map<StatKey, int64_t>;

void AddAppeal(const AppealFacts& a, Contribution* out);
void AddSubmission(const SubmissionFacts& s, Contribution* out);
void AddCrime(const CrimeFacts& c, Contribution* out);
void AddTrip(const TripFacts& t, Contribution* out);
void AddStop(const StopFacts& s, Contribution* out);

// `to` += sign × `from`, dropping keys that come to 0.
void Accumulate(const Contribution& from, int64_t sign, Contribution* to);

// A code as it appears inside a counter name: lowered when it is ASCII
// [A-Za-z0-9_-]; any other text becomes "x" + the hex of its first 64 UTF-8
// bytes (docs/statistics.md §1.3).
std::string NamePart(std::string_view code);

// YYYYMM of a Dushanbe day.
int64_t MonthOfDay(int64_t day);
// The day of an RFC 3339 time in Dushanbe; nullopt-like -1 when unparsable.
int64_t DayOf(std::string_view rfc3339);

}  // namespace sabt::domain::stats
