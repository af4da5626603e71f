#include "app/sync_conflict.h"

#include <algorithm>

#include "util/jcs.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

constexpr const char* kKind = "conflict";

Result<std::optional<nlohmann::json>> Load(store::ReadTx& tx, const std::string& appeal_id) {
  auto v = tx.SyncRecord(kKind, appeal_id);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return std::optional<nlohmann::json>();
  auto j = nlohmann::json::parse(**v, nullptr, false);
  if (!j.is_object()) return Status::Corruption("sync record conflict/" + appeal_id + " is not JSON");
  return std::optional<nlohmann::json>(std::move(j));
}

Status Store(store::WriteTx& tx, const std::string& appeal_id, const nlohmann::json& rec) {
  auto text = Canonicalize(rec);
  if (!text.ok()) return text.status();
  return tx.PutSyncRecord(kKind, appeal_id, *text);
}

}  // namespace

Status RecordSyncConflict(store::WriteTx& tx, const EntryView& e, const store::AppealRow& a) {
  auto cur = Load(tx, a.id);
  if (!cur.ok()) return cur.status();
  nlohmann::json rec;
  if (cur->has_value() && JsonStr(**cur, "resolved_at").empty()) {
    rec = **cur;
  } else {
    rec = {{"appeal", a.id},
           {"number", a.number},
           {"department", a.department},
           {"origin", e.origin},
           {"flagged_at", e.at},
           {"resolved_at", ""},
           {"resolved_by", ""},
           {"parent", {{"status", a.status}, {"assigned_to", a.assigned_to}, {"due_day", a.due_day}}},
           {"device_steps", nlohmann::json::array()}};
  }
  rec["device_steps"].push_back({{"origin", e.origin},
                                 {"seq", e.seq},
                                 {"idx", e.idx},
                                 {"kind", e.kind},
                                 {"from", JsonStr(e.data, "from")},
                                 {"to", JsonStr(e.data, "to")},
                                 {"at", e.at},
                                 {"actor", e.actor}});
  return Store(tx, a.id, rec);
}

Status ClearSyncConflict(store::WriteTx& tx, const EntryView& e) {
  auto cur = Load(tx, e.subject);
  if (!cur.ok()) return cur.status();
  if (!cur->has_value() || !JsonStr(**cur, "resolved_at").empty()) return Status::Ok();
  nlohmann::json rec = **cur;
  rec["resolved_at"] = e.at;
  rec["resolved_by"] = e.actor;
  return Store(tx, e.subject, rec);
}

Result<std::optional<nlohmann::json>> OpenSyncConflict(store::ReadTx& tx, const std::string& appeal_id) {
  auto cur = Load(tx, appeal_id);
  if (!cur.ok()) return cur.status();
  if (!cur->has_value() || !JsonStr(**cur, "resolved_at").empty()) return std::optional<nlohmann::json>();
  return cur;
}

Result<std::vector<nlohmann::json>> OpenSyncConflicts(store::ReadTx& tx, const std::vector<std::string>& departments) {
  auto rows = tx.SyncRecords(kKind);
  if (!rows.ok()) return rows.status();
  std::vector<nlohmann::json> out;
  for (const auto& [key, value] : *rows) {
    auto j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_object()) return Status::Corruption("sync record conflict/" + key + " is not JSON");
    if (!JsonStr(j, "resolved_at").empty()) continue;
    if (std::find(departments.begin(), departments.end(), JsonStr(j, "department")) == departments.end()) continue;
    out.push_back(std::move(j));
  }
  std::sort(out.begin(), out.end(),
            [](const nlohmann::json& x, const nlohmann::json& y) { return JsonStr(x, "flagged_at") < JsonStr(y, "flagged_at"); });
  return out;
}

}  // namespace sabt::app
