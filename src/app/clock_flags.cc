#include "app/clock_flags.h"

#include <algorithm>

#include "domain/clock_evidence.h"
#include "util/clock.h"
#include "util/jcs.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

constexpr const char* kKind = "time_doubtful";
// Appeals of a device projected but not yet covered by an accepted batch.
constexpr const char* kPending = "intake_pending";
// The arrival of a device's appeal at this node (docs/statistics.md §1.7).
constexpr const char* kArrived = "intake_arrived";

int64_t Millis(const std::string& rfc3339) {
  auto ms = ParseRfc3339(rfc3339);
  return ms.ok() ? *ms : 0;
}

}  // namespace

Status NoteDeviceIntake(store::WriteTx& tx, const std::string& origin, int64_t seq, const std::string& appeal_id,
                        const nlohmann::json& data) {
  auto cur = tx.SyncRecord(kPending, origin);
  if (!cur.ok()) return cur.status();
  nlohmann::json list = cur->has_value() ? nlohmann::json::parse(**cur, nullptr, false) : nlohmann::json::array();
  if (!list.is_array()) return Status::Corruption("sync record intake_pending/" + origin + " is not a list");
  list.push_back({{"appeal", appeal_id},
                  {"seq", seq},
                  {"number", JsonStr(data, "number")},
                  {"department", JsonStr(data, "department")},
                  {"received_at", JsonStr(data, "received_at")}});
  auto text = Canonicalize(list);
  if (!text.ok()) return text.status();
  return tx.PutSyncRecord(kPending, origin, *text);
}

Status ProjectClockEvidence(store::WriteTx& tx, const nlohmann::json& batch, const nlohmann::json& device) {
  const std::string origin = JsonStr(batch, "origin");
  const int64_t to = batch.value("to_seq", int64_t{0});
  const std::string arrived_at = JsonStr(batch, "received_at");
  const int64_t arrival_ms = Millis(arrived_at);
  const std::string device_clock = JsonStr(device, "clock_high");
  const int64_t device_high_ms = device_clock.empty() ? 0 : Millis(device_clock);
  auto cur = tx.SyncRecord(kPending, origin);
  if (!cur.ok()) return cur.status();
  if (!cur->has_value()) return Status::Ok();
  auto list = nlohmann::json::parse(**cur, nullptr, false);
  if (!list.is_array()) return Status::Corruption("sync record intake_pending/" + origin + " is not a list");
  nlohmann::json later = nlohmann::json::array();
  for (const auto& p : list) {
    if (p.value("seq", int64_t{0}) > to) {
      later.push_back(p);
      continue;
    }
    const std::string received_at = JsonStr(p, "received_at");
    if (!arrived_at.empty()) {
      // Offline intake (docs/statistics.md §1.7): the appeal's arrival here.
      auto arrival = Canonicalize(nlohmann::json{{"arrived_at", arrived_at}, {"origin", origin},
                                                 {"seq", p.value("seq", int64_t{0})}});
      if (!arrival.ok()) return arrival.status();
      SABT_RETURN_IF_ERROR(tx.PutSyncRecord(kArrived, JsonStr(p, "appeal"), *arrival));
    }
    auto doubt = arrival_ms > 0 ? domain::EvaluateIntakeTime(Millis(received_at), arrival_ms, device_high_ms)
                                : std::nullopt;
    if (!doubt) continue;
    nlohmann::json flag = {{"appeal", JsonStr(p, "appeal")},
                           {"number", JsonStr(p, "number")},
                           {"department", JsonStr(p, "department")},
                           {"origin", origin},
                           {"seq", p.value("seq", int64_t{0})},
                           {"received_at", received_at},
                           {"arrived_at", arrived_at},
                           {"device_clock", device_clock},
                           {"reason", doubt->reason},
                           {"by_minutes", doubt->by_ms / 60000}};
    auto text = Canonicalize(flag);
    if (!text.ok()) return text.status();
    SABT_RETURN_IF_ERROR(tx.PutSyncRecord(kKind, JsonStr(p, "appeal"), *text));
  }
  auto rest = Canonicalize(later);
  if (!rest.ok()) return rest.status();
  return tx.PutSyncRecord(kPending, origin, *rest);
}

Result<std::vector<std::string>> IntakesCoveredBy(store::ReadTx& tx, const nlohmann::json& batch) {
  std::vector<std::string> out;
  const std::string origin = JsonStr(batch, "origin");
  if (origin.empty()) return out;
  auto cur = tx.SyncRecord(kPending, origin);
  if (!cur.ok()) return cur.status();
  if (!cur->has_value()) return out;
  auto list = nlohmann::json::parse(**cur, nullptr, false);
  if (!list.is_array()) return Status::Corruption("sync record intake_pending/" + origin + " is not a list");
  const int64_t to = batch.value("to_seq", int64_t{0});
  for (const auto& p : list)
    if (p.value("seq", int64_t{0}) <= to) out.push_back(JsonStr(p, "appeal"));
  return out;
}

Result<std::optional<nlohmann::json>> AppealTimeDoubt(store::ReadTx& tx, const std::string& appeal_id) {
  auto r = tx.SyncRecord(kKind, appeal_id);
  if (!r.ok()) return r.status();
  if (!r->has_value()) return std::optional<nlohmann::json>();
  auto j = nlohmann::json::parse(**r, nullptr, false);
  if (!j.is_object()) return Status::Corruption("sync record time_doubtful/" + appeal_id + " is not JSON");
  return std::optional<nlohmann::json>(std::move(j));
}

Result<std::vector<nlohmann::json>> TimeDoubts(store::ReadTx& tx, const std::vector<std::string>& departments) {
  auto all = tx.SyncRecords(kKind);
  if (!all.ok()) return all.status();
  std::vector<nlohmann::json> out;
  for (const auto& [key, value] : *all) {
    auto j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_object()) return Status::Corruption("sync record time_doubtful/" + key + " is not JSON");
    if (std::find(departments.begin(), departments.end(), JsonStr(j, "department")) != departments.end())
      out.push_back(std::move(j));
  }
  return out;
}

}  // namespace sabt::app
