#include "app/device_guard.h"

#include "domain/department_close.h"
#include "util/clock.h"

#include "util/json_str.h"

namespace sabt::app {

domain::DeviceIdentity DeviceIdentityOf(const nlohmann::json& d) {
  return {JsonStr(d, "origin"), JsonStr(d, "department"), JsonStr(d, "series"), JsonStr(d, "verifier_key"),
          JsonStr(d, "role") == "district"};
}

void NoteInBatch(const EntryView& e, const std::string& device_origin, BatchAppeals* batch) {
  if (e.kind == "appeal.registered") batch->appeals[e.subject] = JsonStr(e.data, "department");
  if (e.kind == "sync.device_enrolled") batch->devices[JsonStr(e.data, "origin")] = device_origin;
  if (e.kind == "crime.registered" || e.kind == "crime.case_opened")
    batch->crimes[e.subject] = JsonStr(e.data, "department");
}

namespace {

bool IsDeviceSyncKind(const std::string& k) {
  return k == "sync.device_revoked" || k == "sync.batch_accepted" || k == "sync.fork_detected" || k == "sync.alert";
}

// The facts only a district's entries need (docs/sync-protocol.md §13).
Status ResolveDistrictFacts(store::ReadTx& tx, const EntryView& e, const BatchAppeals* batch,
                            domain::DeviceEntryFacts* f) {
  f->target_origin = JsonStr(e.data, "origin");
  f->role = JsonStr(e.data, "role");
  if (e.kind == "sync.device_enrolled" || IsDeviceSyncKind(e.kind)) {
    if (batch) {
      if (auto it = batch->devices.find(f->target_origin); it != batch->devices.end()) {
        f->target_via = it->second;
        f->target_known = true;
      }
    }
    if (!f->target_via && !f->target_origin.empty()) {
      auto rec = tx.SyncRecord("device", f->target_origin);
      if (!rec.ok()) return rec.status();
      if (rec->has_value()) {
        auto j = nlohmann::json::parse(**rec, nullptr, false);
        f->target_via = j.is_object() ? JsonStr(j, "via") : std::string();
        f->target_known = true;
      }
    }
    if (e.kind == "sync.device_enrolled" && !f->target_known && !f->target_origin.empty()) {
      // An origin with entries on the parent is taken. In the projector only
      // entries before this one count, so a replay decides as acceptance did.
      auto first = tx.EntryByOriginSeq(f->target_origin, 1);
      if (!first.ok()) return first.status();
      f->target_known = first->has_value() && (batch != nullptr || (*first)->idx < e.idx);
    }
  }
  // A district's crime steps, and reads of crime records, concern the crime
  // record named by the subject.
  const std::string record = JsonStr(e.data, "record");
  const bool crime_step = (e.kind.rfind("crime.", 0) == 0 && e.kind != "crime.registered") || e.kind.rfind("case.", 0) == 0;
  if (crime_step || (e.kind == "audit.viewed" && (record == "crime_report" || record == "criminal_case"))) {
    f->record_department.reset();
    // Opening a case makes a new record: it concerns the report it opens from.
    const std::string id = e.kind == "crime.case_opened" ? JsonStr(e.data, "report_id") : e.subject;
    if (batch) {
      if (auto it = batch->crimes.find(id); it != batch->crimes.end()) f->record_department = it->second;
    }
    if (!f->record_department) {
      auto row = tx.CrimeRecord(id);
      if (!row.ok()) return row.status();
      if (row->has_value()) f->record_department = (*row)->department;
    }
  }
  if (e.kind.rfind("auth.", 0) == 0) {
    auto user = tx.UserById(e.subject);
    if (!user.ok()) return user.status();
    if (user->has_value()) f->user_department = (*user)->department;
  }
  return Status::Ok();
}

}  // namespace

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
      if (auto it = batch->appeals.find(appeal_id); it != batch->appeals.end()) f.record_department = it->second;
    }
    if (!f.record_department) {
      auto row = tx.Appeal(appeal_id);
      if (!row.ok()) return row.status();
      if (row->has_value()) f.record_department = (*row)->department;
    }
  }
  const domain::DeviceIdentity who = DeviceIdentityOf(device);
  // Closing a department (deptclose): no registration for a closed one
  // written after its closing.
  if (e.kind == "appeal.registered" || e.kind == "crime.registered") {
    auto all = tx.Departments();
    if (!all.ok()) return all.status();
    auto at = ParseRfc3339(e.at);
    for (const auto& dep : *all)
      if (dep.code == f.department) {
        if (auto closed = domain::CheckClosedForDevice(e.kind, at.ok() ? *at : 0, &dep)) return closed;
        break;
      }
  }
  if (!who.district) return domain::CheckDeviceEntry(who, f);
  SABT_RETURN_IF_ERROR(ResolveDistrictFacts(tx, e, batch, &f));
  auto deps = tx.Departments();
  if (!deps.ok()) return deps.status();
  auto tree = domain::DepartmentTree::Build(std::move(*deps));
  if (!tree.ok()) return tree.status();
  return domain::CheckDistrictEntry(who, f, *tree);
}

}  // namespace sabt::app
