#include "app/device_guard.h"

#include "util/json_str.h"

namespace sabt::app {

domain::DeviceIdentity DeviceIdentityOf(const nlohmann::json& d) {
  return {JsonStr(d, "origin"), JsonStr(d, "department"), JsonStr(d, "series"), JsonStr(d, "verifier_key")};
}

Result<std::optional<domain::DeviceRefusal>> CheckFromDevice(store::ReadTx& tx, const nlohmann::json& device,
                                                             const EntryView& e, const BatchAppeals* batch) {
  const auto& d = e.data;
  domain::DeviceEntryFacts f;
  f.kind = e.kind;
  f.subject = e.subject;
  f.department = JsonStr(d, "department");
  f.series = JsonStr(d, "series");
  f.number = JsonStr(d, "number");
  f.source = JsonStr(d, "source");
  f.unit = JsonStr(d, "unit");
  f.record = JsonStr(d, "record");
  f.verifier_key = JsonStr(d, "verifier_key");
  if (auto it = d.find("year"); it != d.end() && it->is_number_integer()) f.year = it->get<int64_t>();
  if (auto it = d.find("n"); it != d.end() && it->is_number_integer()) f.n = it->get<int64_t>();
  std::string appeal_id;
  switch (domain::RecordConcerned(e.kind)) {
    case domain::ConcernedRecord::kSubjectAppeal: appeal_id = e.subject; break;
    case domain::ConcernedRecord::kReferredAppeal: appeal_id = JsonStr(d, "appeal_id"); break;
    case domain::ConcernedRecord::kNone: break;
  }
  if (!appeal_id.empty()) {
    if (batch) {
      if (auto it = batch->find(appeal_id); it != batch->end()) f.record_department = it->second;
    }
    if (!f.record_department) {
      auto row = tx.Appeal(appeal_id);
      if (!row.ok()) return row.status();
      if (row->has_value()) f.record_department = (*row)->department;
    }
  }
  return domain::CheckDeviceEntry(DeviceIdentityOf(device), f);
}

}  // namespace sabt::app
