#include "app/sync_flags.h"

#include <algorithm>

#include "app/clock_flags.h"
#include "app/oversight.h"
#include "app/sync_conflict.h"
#include "util/json_str.h"

namespace sabt::app {

Result<std::optional<nlohmann::json>> AppealSyncConflict(App& app, const std::string& appeal_id) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return OpenSyncConflict(**tx, appeal_id);
}

Result<std::optional<nlohmann::json>> AppealClockDoubt(App& app, const std::string& appeal_id) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return AppealTimeDoubt(**tx, appeal_id);
}

Result<nlohmann::json> SyncOversight(App& app, const Principal& who) {
  if (!MaySeeCrimeWatch(who)) return Status::Denied("only the head and the prosecutor see this list");
  auto depts = app.catalog().Get()->tree.Subtree(who.user.department);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  nlohmann::json out = {{"conflicts", nlohmann::json::array()}, {"alerts", nlohmann::json::array()}};
  auto conflicts = OpenSyncConflicts(**tx, depts);
  if (!conflicts.ok()) return conflicts.status();
  for (auto& c : *conflicts) out["conflicts"].push_back(std::move(c));
  out["time_doubtful"] = nlohmann::json::array();
  auto doubts = TimeDoubts(**tx, depts);
  if (!doubts.ok()) return doubts.status();
  for (auto& t : *doubts) out["time_doubtful"].push_back(std::move(t));
  auto alerts = (*tx)->SyncRecords("alert");
  if (!alerts.ok()) return alerts.status();
  for (auto it = alerts->rbegin(); it != alerts->rend(); ++it) {  // newest first
    auto j = nlohmann::json::parse(it->second, nullptr, false);
    if (!j.is_object()) return Status::Corruption("sync record alert/" + it->first + " is not JSON");
    if (std::find(depts.begin(), depts.end(), JsonStr(j, "department")) != depts.end()) out["alerts"].push_back(j);
  }
  return out;
}

}  // namespace sabt::app
