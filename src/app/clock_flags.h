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

// A device's appeal.registered, when projected on the parent, is noted as
// pending (sync_records kind `intake_pending`, key = origin) until the
// sync.batch_accepted that carried it is projected. Both are projections of
// the journal alone, so a replay (`sabt verify`, `sabt rebuild`) gives the
// same flags.
Status NoteDeviceIntake(store::WriteTx& tx, const std::string& origin, int64_t seq, const std::string& appeal_id,
                        const nlohmann::json& data);

// batch: the data of a sync.batch_accepted entry; device: the device's
// record before this batch (its "clock_high", the child_at of its previous
// batch). Evaluates the pending intakes the batch covers.
Status ProjectClockEvidence(store::WriteTx& tx, const nlohmann::json& batch, const nlohmann::json& device);

// The device's appeals a sync.batch_accepted (its data) covers and that are
// still pending: the appeals whose arrival ProjectClockEvidence records
// (sync_records kind `intake_arrived`, docs/statistics.md §1.7), read by the
// statistics projection before and after the entry.
Result<std::vector<std::string>> IntakesCoveredBy(store::ReadTx& tx, const nlohmann::json& batch);

// {appeal, number, department, origin, received_at, arrived_at,
//  device_clock, reason, by_minutes} of one appeal, if flagged.
Result<std::optional<nlohmann::json>> AppealTimeDoubt(store::ReadTx& tx, const std::string& appeal_id);
// The flags of appeals in `departments`, in appeal-id order.
Result<std::vector<nlohmann::json>> TimeDoubts(store::ReadTx& tx, const std::vector<std::string>& departments);

}  // namespace sabt::app
