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

// What one batch established before the entry being checked: appeal id →
// department of the appeals it registered, and (a district's batch, §13)
// origin → district of the laptops it enrolled.
struct BatchAppeals {
  std::map<std::string, std::string> appeals;
  std::map<std::string, std::string> devices;
  std::map<std::string, std::string> crimes;  // crime record id → department
};

// nullopt when `device` (a laptop, or a district: its record has role
// "district") may push `e`; `batch` is non-null at acceptance (the entries
// are not stored yet) and null in the projector.
Result<std::optional<domain::DeviceRefusal>> CheckFromDevice(store::ReadTx& tx, const nlohmann::json& device,
                                                             const EntryView& e, const BatchAppeals* batch);

// Notes in `batch` what an accepted entry of a district's batch establishes.
void NoteInBatch(const EntryView& e, const std::string& device_origin, BatchAppeals* batch);

}  // namespace sabt::app
