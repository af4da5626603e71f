// The parent's side of "What a device may say" (docs/sync-protocol.md §4a):
// reads an entry's facts and the record it concerns, and asks the one rule in
// domain/device_rules.h. Used by the batch acceptance (refuse the whole batch,
// journal sync.alert) and by the projector (an entry outside the rule, even
// one already in a journal, is evidence only).
#pragma once
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "domain/device_rules.h"
#include "store/store.h"

namespace sabt::app {

// The device record of sync_records as the rule's identity.
domain::DeviceIdentity DeviceIdentityOf(const nlohmann::json& device_record);

// Appeal id → department of the appeals registered earlier in one batch.
using BatchAppeals = std::map<std::string, std::string>;

// nullopt when `device` may push `e`; `batch` (may be null) holds the
// appeals the same batch registered before `e`.
Result<std::optional<domain::DeviceRefusal>> CheckFromDevice(store::ReadTx& tx, const nlohmann::json& device,
                                                             const EntryView& e, const BatchAppeals* batch);

}  // namespace sabt::app
