#include "app/clock_flags.h"

#include <algorithm>

#include "domain/clock_evidence.h"
#include "util/clock.h"
#include "util/jcs.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

constexpr const char* kKind = "time_doubtful";

int64_t Millis(const std::string& rfc3339) {
  auto ms = ParseRfc3339(rfc3339);
  return ms.ok() ? *ms : 0;
}

}  // namespace

Status ProjectClockEvidence(store::WriteTx& tx, const nlohmann::json& batch, const nlohmann::json& device) {
  const std::string origin = JsonStr(batch, "origin");
  const int64_t from = batch.value("from_seq", int64_t{0});
  const int64_t to = batch.value("to_seq", int64_t{0});
  const std::string arrived_at = JsonStr(batch, "received_at");
  const int64_t arrival_ms = Millis(arrived_at);
  const std::string device_clock = JsonStr(device, "clock_high");
  const int64_t device_high_ms = device_clock.empty() ? 0 : Millis(device_clock);
  if (arrival_ms == 0) return Status::Ok();
  for (int64_t seq = from; seq <= to && seq > 0; ++seq) {
    auto row = tx.EntryByOriginSeq(origin, seq);
    if (!row.ok()) return row.status();
    if (!row->has_value()) continue;
    auto e = nlohmann::json::parse((*row)->entry, nullptr, false);
    if (!e.is_object() || JsonStr(e, "kind") != "appeal.registered" || !e.contains("data")) continue;
    const auto& data = e["data"];
    const std::string received_at = JsonStr(data, "received_at");
    auto doubt = domain::EvaluateIntakeTime(Millis(received_at), arrival_ms, device_high_ms);
    if (!doubt) continue;
    nlohmann::json flag = {{"appeal", JsonStr(e, "subject")},
                           {"number", JsonStr(data, "number")},
                           {"department", JsonStr(data, "department")},
                           {"origin", origin},
                           {"seq", seq},
                           {"received_at", received_at},
                           {"arrived_at", arrived_at},
                           {"device_clock", device_clock},
                           {"reason", doubt->reason},
                           {"by_minutes", doubt->by_ms / 60000}};
    auto text = Canonicalize(flag);
    if (!text.ok()) return text.status();
    SABT_RETURN_IF_ERROR(tx.PutSyncRecord(kKind, JsonStr(e, "subject"), *text));
  }
  return Status::Ok();
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
