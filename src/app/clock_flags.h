// Clock evidence per appeal on the parent (docs/sync-protocol.md §11): when a
// device's batch is accepted, each appeal it registers is compared with the
// arrival time and the device's own clock history (domain/clock_evidence.h).
// A doubtful one is flagged in sync_records (kind `time_doubtful`, key =
// appeal id) with the figures, a projection of the sync.batch_accepted entry,
// so `sabt rebuild` gives the same flags.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace sabt::app {

// batch: the data of a sync.batch_accepted entry; device: the device's
// record before this batch (its "clock_high", the child_at of its previous
// batch). Reads the batch's entries back by (origin, seq).
Status ProjectClockEvidence(store::WriteTx& tx, const nlohmann::json& batch, const nlohmann::json& device);

// {appeal, number, department, origin, received_at, arrived_at,
//  device_clock, reason, by_minutes} of one appeal, if flagged.
Result<std::optional<nlohmann::json>> AppealTimeDoubt(store::ReadTx& tx, const std::string& appeal_id);
// The flags of appeals in `departments`, in appeal-id order.
Result<std::vector<nlohmann::json>> TimeDoubts(store::ReadTx& tx, const std::vector<std::string>& departments);

}  // namespace sabt::app
