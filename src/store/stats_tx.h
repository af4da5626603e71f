// Statistics (issue 15, docs/statistics.md §1.5): the store interface of the
// counters, kept apart from store.h so that the capability's store surface is
// one narrow header. A backend's read transactions implement StatsReader and
// its write transaction also StatsWriter; StatsOf() finds them on a
// transaction (nullptr on a backend without statistics, which then answers
// Unavailable through the helpers below).
#pragma once
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "store/stat_rows.h"
#include "store/store.h"

namespace sabt::store {

class StatsReader {
 public:
  virtual ~StatsReader() = default;
  // Counter rows matching q, in no particular order.
  virtual Result<std::vector<StatRow>> StatCounters(const StatQuery& q) = 0;
  // Facts of one appeal (row, guard flags, stop), of one trip stop.
  virtual Result<std::optional<domain::stats::AppealFacts>> StatAppeal(std::string_view id) = 0;
  virtual Result<std::optional<domain::stats::StopFacts>> StatStop(std::string_view id) = 0;
  // Every counted record (appeals, submissions, crime records, trips, stops),
  // for the recount of `sabt verify`; fn returning non-OK stops the scan.
  virtual Status ScanStatRecords(const std::function<Status(const StatRecord&)>& fn) = 0;
};

class StatsWriter {
 public:
  virtual ~StatsWriter() = default;
  // Adds each delta to its day and month rows; rows that come to 0 are deleted.
  virtual Status AddStats(const std::vector<StatDelta>& deltas) = 0;
};

inline StatsReader* StatsOf(ReadTx& tx) { return dynamic_cast<StatsReader*>(&tx); }
inline StatsWriter* StatsWriterOf(WriteTx& tx) { return dynamic_cast<StatsWriter*>(&tx); }
inline Status NoStats() { return Status::Unavailable("statistics are not supported by this storage backend"); }

}  // namespace sabt::store
