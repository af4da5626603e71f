// Statistics (issue 15): the counters as a projection of the journal
// (docs/statistics.md §1.1). This folder owns the statistics capability:
// counters (here), their reading interface (counter_reader.h), report
// definitions and their evaluation (report_*.h), exports (export_*.h).
//
// Project() calls ProjectWithStats: it reads the contributions of the
// records an entry touches, applies the entry, reads them again and adds the
// difference to the counters, all inside the entry's transaction.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "domain/stats/contributions.h"
#include "store/store.h"

namespace sabt::app::stats {

// The counted records an entry may change, by kind.
struct Touched {
  std::vector<std::string> appeals, submissions, crimes, trips, stops;
  // The entry creates its subject: it contributes nothing before, so the
  // "before" read skips it (one query less per registration).
  std::string created;
  bool empty() const {
    return appeals.empty() && submissions.empty() && crimes.empty() && trips.empty() && stops.empty();
  }
};
Touched TouchedBy(const EntryView& e);

// The summed contributions of the touched records as they are now in tx.
// skip: an id not read (the created subject before the entry).
Result<domain::stats::Contribution> ContributionOf(store::ReadTx& tx, const Touched& t,
                                                  const std::string& skip = "");

// Runs `apply` (the entry's projection) between two reads of the
// contributions and adds the difference to the counters.
Status ProjectWithStats(store::WriteTx& tx, const EntryView& e, const std::function<Status()>& apply);

// MEASUREMENT ONLY (docs/statistics.md §6): from this call on, this process
// projects entries without touching the counters, to measure what the
// counters cost registration. Only bench/stats_intake_server.cc calls it; the
// sabt binary has no flag, setting or environment variable that reaches it,
// so a node in service always keeps its counters. A database written so is a
// throwaway: its counters disagree with the records and `sabt verify`'s
// recount reports the difference.
void StopCountersForMeasurementOnly();

// `sabt verify`'s recount: the contributions of every counted row, compared
// with the stored counters. Returns "" when they agree, else the first
// difference ("counter appeal.status.closed/DSH-SNO/20431: stored 3, recount 2").
Result<std::string> CompareWithRecount(store::ReadTx& tx);

}  // namespace sabt::app::stats
