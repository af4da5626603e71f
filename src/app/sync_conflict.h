// Conflicts between a laptop and its parent (docs/sync-protocol.md §4a
// "Conflicts"): a device's step taken on a state the parent has since changed
// is evidence only, and the appeal is flagged with both versions. The flag
// lives in sync_records (kind `conflict`, key = appeal id), a projection.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "store/rows.h"
#include "store/store.h"

namespace sabt::app {

// Adds the device's step `e` to the appeal's conflict flag (opening it).
Status RecordSyncConflict(store::WriteTx& tx, const EntryView& e, const store::AppealRow& parent_state);
// A step taken on the parent itself closes an open flag of its appeal.
Status ClearSyncConflict(store::WriteTx& tx, const EntryView& e);

// The open conflict of an appeal, if any: {appeal, number, department,
// origin, parent: {status, assigned_to, due_day, at}, device_steps: [...]}.
Result<std::optional<nlohmann::json>> OpenSyncConflict(store::ReadTx& tx, const std::string& appeal_id);
// The open conflicts of appeals in `departments`, oldest first.
Result<std::vector<nlohmann::json>> OpenSyncConflicts(store::ReadTx& tx, const std::vector<std::string>& departments);

}  // namespace sabt::app
