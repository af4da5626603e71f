#include "app/sync_projector.h"

#include "app/clock_flags.h"
#include "app/field_purge.h"

#include "domain/department.h"
#include "domain/device_rules.h"
#include "util/jcs.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

Status Put(store::WriteTx& tx, const char* kind, const std::string& key, const nlohmann::json& value) {
  auto text = Canonicalize(value);
  if (!text.ok()) return text.status();
  return tx.PutSyncRecord(kind, key, *text);
}

Result<std::optional<nlohmann::json>> Get(store::ReadTx& tx, const char* kind, const std::string& key) {
  auto v = tx.SyncRecord(kind, key);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return std::optional<nlohmann::json>();
  auto j = nlohmann::json::parse(**v, nullptr, false);
  if (j.is_discarded()) return Status::Corruption("sync record " + std::string(kind) + "/" + key + " is not JSON");
  return std::optional<nlohmann::json>(std::move(j));
}

Status Corrupt(const EntryView& e, const std::string& what) {
  return Status::Corruption("entry " + std::to_string(e.idx) + ": " + what);
}

// The field node applies what it pulled from its parent. On the parent (where
// the origin is one of its devices) the entry is evidence only.
Status ProjectPulled(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  auto device = Get(tx, "device", e.origin);
  if (!device.ok()) return device.status();
  if (device->has_value()) return Status::Ok();
  const nlohmann::json departments = e.data.value("departments", nlohmann::json::array());
  for (const auto& d : departments) {
    domain::Department dep;
    dep.code = JsonStr(d, "code");
    dep.parent = JsonStr(d, "parent");
    auto kind = domain::ParseDepartmentKind(JsonStr(d, "kind"));
    if (!kind || dep.code.empty()) return Corrupt(e, "bad pulled department");
    dep.kind = *kind;
    dep.name_tg = JsonStr(d, "name_tg");
    dep.name_ru = JsonStr(d, "name_ru");
    dep.name_en = JsonStr(d, "name_en");
    SABT_RETURN_IF_ERROR(tx.UpsertDepartment(dep));
  }
  const nlohmann::json reference = e.data.value("reference", nlohmann::json::object());
  for (const auto& [list, rows] : reference.items()) {
    std::vector<store::ReferenceItem> items;
    int pos = 0;
    for (const auto& r : rows) {
      store::ReferenceItem it;
      it.list = list;
      it.code = JsonStr(r, "code");
      it.name_tg = JsonStr(r, "name_tg");
      it.name_ru = JsonStr(r, "name_ru");
      it.name_en = JsonStr(r, "name_en");
      it.extra = r.value("extra", std::string("{}"));
      it.position = pos++;
      items.push_back(std::move(it));
    }
    SABT_RETURN_IF_ERROR(tx.ReplaceReference(list, items));
  }
  const nlohmann::json hashes = payload ? payload->value("password_hashes", nlohmann::json::object())
                                        : nlohmann::json::object();
  const nlohmann::json users = e.data.value("users", nlohmann::json::array());
  for (const auto& u : users) {
    store::UserRow row;
    row.id = JsonStr(u, "id");
    row.username = JsonStr(u, "username");
    row.role = JsonStr(u, "role");
    row.department = JsonStr(u, "department");
    row.display_name = JsonStr(u, "display_name");
    row.disabled = u.value("disabled", false);
    row.password_hash = JsonStr(hashes, row.id.c_str());  // erased payload: no offline sign-in
    if (row.id.empty() || row.username.empty()) return Corrupt(e, "bad pulled user");
    SABT_RETURN_IF_ERROR(tx.UpsertUser(row));
  }
  const nlohmann::json appeals = e.data.value("appeals", nlohmann::json::array());
  for (const auto& a : appeals) {
    auto row = tx.Appeal(JsonStr(a, "id"));
    if (!row.ok()) return row.status();
    if (!row->has_value()) continue;  // not (or no longer) on this laptop
    store::AppealRow r = **row;
    r.status = JsonStr(a, "status");
    r.assigned_to = JsonStr(a, "assigned_to");
    r.due_day = a.value("due_day", r.due_day);
    r.extended = a.value("extended", r.extended);
    r.closed_at = JsonStr(a, "closed_at");
    SABT_RETURN_IF_ERROR(tx.UpdateAppealLife(r));
  }
  return Status::Ok();
}

// A refused batch (docs/sync-protocol.md §4a): listed, and counted on the
// device. `via`: the district that forwarded the alert to this node (§13).
Status ProjectAlert(store::WriteTx& tx, const EntryView& e, const std::string& via) {
  const auto& d = e.data;
  std::string origin = JsonStr(d, "origin");
  auto device = Get(tx, "device", origin);
  if (!device.ok()) return device.status();
  if (!device->has_value()) return Corrupt(e, "alert about unknown device '" + origin + "'");
  nlohmann::json rec = **device;
  rec["alerts"] = rec.value("alerts", 0) + 1;
  rec["last_alert_at"] = e.at;
  SABT_RETURN_IF_ERROR(Put(tx, "device", origin, rec));
  nlohmann::json alert = d;
  alert["at"] = e.at;
  alert["idx"] = e.idx;
  if (!via.empty()) alert["via"] = via;
  std::string key = std::to_string(e.idx);
  key.insert(0, key.size() < 12 ? 12 - key.size() : 0, '0');  // keys sort in journal order
  return Put(tx, "alert", key, alert);
}

nlohmann::json NewDeviceRecord(const EntryView& e) {
  const auto& d = e.data;
  nlohmann::json rec = {{"origin", JsonStr(d, "origin")},
                        {"department", JsonStr(d, "department")},
                        {"series", JsonStr(d, "series")},
                        {"verifier_key", JsonStr(d, "verifier_key")},
                        {"enrolled_at", e.at},
                        {"status", "active"},
                        {"revoked_at", ""},
                        {"acked_seq", 0},
                        {"root", ""},
                        {"frontier", ""},
                        {"last_push_at", ""},
                        {"pushes", 0},
                        {"skew_ms", 0},
                        {"skew_flagged", false},
                        {"forks", 0}};
  if (!JsonStr(d, "role").empty()) rec["role"] = JsonStr(d, "role");
  return rec;
}

// A district's own sync entries, forwarded to this node (§13). Only what
// they tell about the district's laptops is taken; this node's own state of
// a laptop (its ack, frontier, clock history) comes only from batches it
// accepted itself, and a district's enrolment code is never redeemable here.
Status ProjectFromDistrict(store::WriteTx& tx, const EntryView& e) {
  if (e.kind == "sync.device_enrolled") {
    nlohmann::json rec = NewDeviceRecord(e);
    if (JsonStr(rec, "origin").empty()) return Corrupt(e, "device without origin");
    rec["via"] = e.origin;
    return Put(tx, "device", JsonStr(rec, "origin"), rec);
  }
  if (e.kind == "sync.device_revoked") {
    std::string origin = JsonStr(e.data, "origin");
    auto device = Get(tx, "device", origin);
    if (!device.ok()) return device.status();
    if (!device->has_value()) return Corrupt(e, "unknown device '" + origin + "'");
    nlohmann::json rec = **device;
    rec["district_revoked_at"] = e.at;
    return Put(tx, "device", origin, rec);
  }
  if (e.kind == "sync.alert") return ProjectAlert(tx, e, e.origin);
  return Status::Ok();  // enrolment_created, batch_accepted, fork_detected: evidence
}

std::string BatchKey(const std::string& origin, int64_t from_seq) {
  std::string n = std::to_string(from_seq);
  n.insert(0, n.size() < 12 ? 12 - n.size() : 0, '0');
  return origin + "/" + n;
}

}  // namespace

Result<std::optional<nlohmann::json>> AcceptedBatch(store::ReadTx& tx, const std::string& origin, int64_t from_seq) {
  return Get(tx, "batch", BatchKey(origin, from_seq));
}

Result<std::optional<nlohmann::json>> SyncDevice(store::ReadTx& tx, const std::string& origin) {
  return Get(tx, "device", origin);
}

Result<std::string> FieldSeries(store::ReadTx& tx, const std::string& department) {
  auto link = tx.LocalState("link");
  if (!link.ok()) return link.status();
  if (!link->has_value()) return department;
  auto j = nlohmann::json::parse(**link, nullptr, false);
  if (j.is_object() && JsonStr(j, "department") == department && !JsonStr(j, "series").empty()) return JsonStr(j, "series");
  return department;
}

Status CheckSeriesWritable(store::ReadTx& tx, const std::string& series) {
  auto devices = tx.SyncRecords("device");
  if (!devices.ok()) return devices.status();
  for (const auto& [origin, value] : *devices) {
    auto d = nlohmann::json::parse(value, nullptr, false);
    if (d.is_object() && JsonStr(d, "status") == "active" &&
        (JsonStr(d, "series") == series || domain::DeviceCrimeSeries(JsonStr(d, "series")) == series))
      return Status::Conflict("series " + series + " is numbered by the field node " + origin + " only");
  }
  return Status::Ok();
}

Status ProjectSync(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  const auto& d = e.data;
  if (e.kind != "sync.pulled" && e.kind != "sync.purged") {
    auto from = Get(tx, "device", e.origin);
    if (!from.ok()) return from.status();
    // Only a district's entries get this far (§4a refuses a laptop's).
    if (from->has_value()) return ProjectFromDistrict(tx, e);
  }
  if (e.kind == "sync.enrolment_created") {
    nlohmann::json rec = {{"id", e.subject},
                          {"origin", JsonStr(d, "origin")},
                          {"series", JsonStr(d, "series")},
                          {"department", JsonStr(d, "department")},
                          {"expires_at", JsonStr(d, "expires_at")},
                          {"created_at", e.at},
                          {"created_by", e.actor},
                          {"code_hash", payload ? JsonStr(*payload, "code_hash") : std::string()},
                          {"used_at", ""}};
    if (!JsonStr(d, "role").empty()) rec["role"] = JsonStr(d, "role");
    return Put(tx, "enrolment", e.subject, rec);
  }
  if (e.kind == "sync.device_enrolled") {
    std::string origin = JsonStr(d, "origin");
    if (origin.empty()) return Corrupt(e, "device without origin");
    nlohmann::json rec = NewDeviceRecord(e);
    SABT_RETURN_IF_ERROR(Put(tx, "device", origin, rec));
    auto enrolment = Get(tx, "enrolment", JsonStr(d, "enrolment"));
    if (!enrolment.ok()) return enrolment.status();
    if (enrolment->has_value()) {
      nlohmann::json en = **enrolment;
      en["used_at"] = e.at;
      SABT_RETURN_IF_ERROR(Put(tx, "enrolment", JsonStr(d, "enrolment"), en));
    }
    return Status::Ok();
  }
  if (e.kind == "sync.device_revoked" || e.kind == "sync.batch_accepted" || e.kind == "sync.fork_detected") {
    std::string origin = JsonStr(d, "origin");
    auto device = Get(tx, "device", origin);
    if (!device.ok()) return device.status();
    if (!device->has_value()) return Corrupt(e, "unknown device '" + origin + "'");
    nlohmann::json rec = **device;
    if (e.kind == "sync.device_revoked") {
      rec["status"] = "revoked";
      rec["revoked_at"] = e.at;
    } else if (e.kind == "sync.fork_detected") {
      rec["forks"] = rec.value("forks", 0) + 1;
    } else {
      // Clock evidence of the batch's appeals, against the device's clock
      // before this batch; then the device's clock has reached child_at.
      SABT_RETURN_IF_ERROR(ProjectClockEvidence(tx, d, rec));
      if (!JsonStr(d, "child_at").empty() && JsonStr(d, "child_at") > JsonStr(rec, "clock_high"))
        rec["clock_high"] = JsonStr(d, "child_at");
      rec["acked_seq"] = d.value("to_seq", int64_t{0});
      rec["root"] = JsonStr(d, "root");
      rec["frontier"] = JsonStr(d, "frontier");
      rec["last_push_at"] = JsonStr(d, "received_at");
      rec["pushes"] = rec.value("pushes", 0) + 1;
      rec["skew_ms"] = d.value("skew_ms", int64_t{0});
      rec["skew_flagged"] = d.value("skew_flagged", false);
      // The batch's bounds and the child's signed note, so a district can
      // forward it to central as it was accepted (§13).
      nlohmann::json batch = {{"origin", origin},
                              {"from_seq", d.value("from_seq", int64_t{0})},
                              {"to_seq", d.value("to_seq", int64_t{0})},
                              {"checkpoint", JsonStr(d, "checkpoint")},
                              {"seq", e.seq}};
      if (!JsonStr(d, "checkpoint").empty())
        SABT_RETURN_IF_ERROR(Put(tx, "batch", BatchKey(origin, d.value("from_seq", int64_t{0})), batch));
    }
    return Put(tx, "device", origin, rec);
  }
  if (e.kind == "sync.alert") return ProjectAlert(tx, e, "");
  if (e.kind == "sync.pulled") return ProjectPulled(tx, e, payload);
  if (e.kind == "sync.purged") {
    // The laptop forgets personal data its parent holds; the parent keeps it.
    auto device = Get(tx, "device", e.origin);
    if (!device.ok()) return device.status();
    if (device->has_value()) return Status::Ok();
    return ProjectPurged(tx, e);
  }
  return Corrupt(e, "unknown kind '" + e.kind + "'");
}

}  // namespace sabt::app
