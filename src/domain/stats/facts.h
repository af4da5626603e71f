// Statistics (issue 15, docs/statistics.md): what a counted record must show
// for its counters. The store fills these from its projected rows; the
// contribution functions (contributions.h) turn them into counter keys.
// Plain data, no I/O.
#pragma once
#include <cstdint>
#include <string>

namespace sabt::domain::stats {

// An appeal row with its concealment-guard flags and the stop it was received at.
struct AppealFacts {
  std::string id, department, channel, category, status;
  std::string received_at, closed_at;  // RFC 3339; closed_at "" while open
  int64_t due_day = 0;                 // 0 when none
  bool has_flags = false, crime_signs = false, keyword_flag = false;
  std::string refer_due, referred_at;  // RFC 3339; "" when none
  bool at_stop = false;
  std::string stop_place;              // the stop's place (jamoat code) when at_stop
  // Offline intake (docs/statistics.md §1.7): the node's acceptance time of
  // the device batch that carried the appeal; "" for an appeal registered here.
  std::string arrived_at;
};

struct SubmissionFacts {
  std::string id, department, status, received_at, accept_due;
  int64_t annulled = 0;
};

// A crime report or case: the row's columns and its JSON document.
struct CrimeFacts {
  std::string id, kind, department, status, flags, doc;
  int64_t due_day = 0;
};

struct TripFacts {
  std::string id, unit, started_at;
};

struct StopFacts {
  std::string id, unit, place, started_at;
};

}  // namespace sabt::domain::stats
