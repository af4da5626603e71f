// SQLite queries of the statistics counters (issue 15, docs/statistics.md
// §1.5) and of the facts of counted records. The read and write
// transactions forward to these.
#pragma once
#include "store/sqlite/conn.h"
#include "store/stats_tx.h"

namespace sabt::store::sqlite {

Result<std::vector<StatRow>> StatCountersQ(Conn& c, const StatQuery& q);
Result<std::optional<domain::stats::AppealFacts>> StatAppealQ(Conn& c, std::string_view id);
Result<std::optional<domain::stats::StopFacts>> StatStopQ(Conn& c, std::string_view id);
Status ScanStatRecordsQ(Conn& c, const std::function<Status(const StatRecord&)>& fn);
Status AddStatsQ(Conn& c, const std::vector<StatDelta>& deltas);

}  // namespace sabt::store::sqlite
