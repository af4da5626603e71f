// The equipment register (docs/programme.md §1, §4): handover acts, items,
// transfers, repairs, write-offs and the links of an item to the trip log,
// an enrolled device or a station. Writes need kManageEquipment and the
// item's unit (and a transfer's target unit) in the caller's scope; reads
// need kReadEquipment and see the units of the caller's scope only; an item
// or act outside it is "not found".
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/programme/programme_common.h"

namespace sabt::app::programme {

// Fields: number, date, source (donation|procurement), donor, giver_name,
// receiver_unit, receiver_name, items: [{kind, name, serial, plate,
// custodian (username)}] (1 to 200 items).
Outcome HandOver(App& app, const Principal& who, const nlohmann::json& in);
Outcome TransferEquipment(App& app, const Principal& who, const std::string& id, const std::string& to_unit,
                          const std::string& custodian, const std::string& reason);
// step: "repair_started", "repair_ended", "written_off"; `text` is the
// reason (or the note of a finished repair).
Outcome EquipmentStep(App& app, const Principal& who, const std::string& id, const std::string& step,
                      const std::string& text);
// A laptop to an enrolled device origin, a scooter to a mobile unit.
Outcome LinkEquipment(App& app, const Principal& who, const std::string& id, const std::string& device,
                      const std::string& station);
// A vehicle's readings for one trip of the trip log of its unit.
Outcome LogVehicleTrip(App& app, const Principal& who, const std::string& id, const std::string& trip_id,
                       const std::string& odometer_start, const std::string& odometer_end, const std::string& fuel);

// kind: "equipment" or "act"; filtered by the caller's scope.
Result<std::vector<nlohmann::json>> ListEquipment(App& app, const Principal& who, const std::string& kind);
Result<nlohmann::json> GetEquipment(App& app, const Principal& who, const std::string& kind, const std::string& id);
// The state of the enrolled device a laptop names: "active", "revoked" or
// "unknown" (no such device on this node).
std::string DeviceState(App& app, const std::string& origin);

}  // namespace sabt::app::programme
