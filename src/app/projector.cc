#include "app/projector.h"

#include <set>

#include "app/crime_projector.h"
#include "app/device_guard.h"
#include "app/stats/stat_projection.h"
#include "app/persons/index_projector.h"
#include "app/clock_flags.h"
#include "app/sync_conflict.h"
#include "app/sync_projector.h"
#include "app/programme/programme_projector.h"
#include "app/trip_projector.h"
#include "app/video/video_projector.h"
#include "domain/department.h"
#include "util/clock.h"
#include "util/text.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

Status ProjectDepartment(store::WriteTx& tx, const EntryView& e) {
  domain::Department d;
  d.code = JsonStr(e.data, "code");
  d.parent = JsonStr(e.data, "parent");
  auto kind = domain::ParseDepartmentKind(JsonStr(e.data, "kind"));
  if (!kind) return Status::Corruption("entry " + std::to_string(e.idx) + ": bad department kind");
  d.kind = *kind;
  d.name_tg = JsonStr(e.data, "name_tg");
  d.name_ru = JsonStr(e.data, "name_ru");
  d.name_en = JsonStr(e.data, "name_en");
  return tx.UpsertDepartment(d);
}

// Closing a department (deptclose): the row stays, with its closing.
Status ProjectDepartmentClosed(store::WriteTx& tx, const EntryView& e) {
  auto at = ParseRfc3339(e.at);
  if (!at.ok() || *at <= 0) return Status::Corruption("entry " + std::to_string(e.idx) + ": bad time");
  return tx.CloseDepartment(JsonStr(e.data, "code"), *at, JsonStr(e.data, "successor"), JsonStr(e.data, "reason"));
}

Status ProjectReference(store::WriteTx& tx, const EntryView& e) {
  std::vector<store::ReferenceItem> items;
  const auto& rows = e.data.value("rows", nlohmann::json::array());
  int pos = 0;
  for (const auto& r : rows) {
    store::ReferenceItem it;
    it.list = JsonStr(e.data, "list");
    it.code = JsonStr(r, "code");
    it.name_tg = JsonStr(r, "name_tg");
    it.name_ru = JsonStr(r, "name_ru");
    it.name_en = JsonStr(r, "name_en");
    it.extra = r.value("extra", nlohmann::json::object()).dump();
    it.position = pos++;
    items.push_back(std::move(it));
  }
  return tx.ReplaceReference(JsonStr(e.data, "list"), items);
}

Status ProjectUser(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  auto existing = tx.UserById(e.subject);
  if (!existing.ok()) return existing.status();
  store::UserRow u;
  if (existing->has_value()) u = **existing;
  u.id = e.subject;
  if (e.kind == "user.created") {
    u.username = JsonStr(e.data, "username");
    u.role = JsonStr(e.data, "role");
    u.department = JsonStr(e.data, "department");
    u.display_name = JsonStr(e.data, "display_name");
    u.disabled = false;
  } else if (e.kind == "user.disabled") {
    u.disabled = true;
  }
  if (e.kind == "user.created" || e.kind == "user.password_set") {
    // An erased payload leaves an account that cannot sign in.
    u.password_hash = payload ? JsonStr(*payload, "password_hash") : "";
  }
  if (u.username.empty()) return Status::Corruption("entry " + std::to_string(e.idx) + ": user without username");
  return tx.UpsertUser(u);
}

// Concealment guard flags (docs/journal-format.md §4.1); entries written
// before the guard existed carry none and get no row.
Status ProjectAppealFlags(store::WriteTx& tx, const EntryView& e) {
  auto it = e.data.find("crime_signs");
  if (it == e.data.end() || !it->is_boolean()) return Status::Ok();
  store::AppealFlagsRow f;
  f.appeal_id = e.subject;
  f.crime_signs = it->get<bool>();
  f.keyword_flag = e.data.value("keyword_flag", false);
  f.refer_due = JsonStr(e.data, "refer_due");
  return tx.PutAppealFlags(f);
}

// A file attached to an appeal (§4.2); the name is in the payload.
Status ProjectAttachment(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  store::AttachmentRow r;
  r.appeal_id = e.subject;
  r.entry_idx = e.idx;
  r.sha256 = JsonStr(e.data, "sha256");
  r.mime = JsonStr(e.data, "mime");
  r.size = e.data.value("size", int64_t{0});
  r.added_at = e.at;
  r.name = payload ? JsonStr(*payload, "name") : "";
  if (r.sha256.size() != 64) return Status::Corruption("entry " + std::to_string(e.idx) + ": attachment without sha256");
  return tx.InsertAppealAttachment(r);
}

Status ProjectAppeal(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  const auto& d = e.data;
  store::AppealRow a;
  a.id = e.subject;
  a.number = JsonStr(d, "number");
  a.series = JsonStr(d, "series");
  a.year = d.value("year", 0);
  a.n = d.value("n", int64_t{0});
  a.department = JsonStr(d, "department");
  a.channel = JsonStr(d, "channel");
  a.category = JsonStr(d, "category");
  a.status = "registered";
  a.received_at = JsonStr(d, "received_at");
  a.registered_at = e.at;
  a.registered_by = e.actor;
  a.person_id = JsonStr(d, "person_id");
  a.entry_idx = e.idx;
  a.due_day = d.value("due_day", int64_t{0});
  if (a.number.empty() || a.series.empty() || a.n <= 0)
    return Status::Corruption("entry " + std::to_string(e.idx) + ": appeal without a number");

  store::PersonRow p;
  p.id = a.person_id;
  if (payload) {
    p = PersonFromJson(a.person_id, payload->value("applicant", nlohmann::json::object()));
    a.summary = JsonStr(*payload, "summary");
    a.verification_code = JsonStr(*payload, "verification_code");
  }
  // The latest registration carries the person's latest details; an erased
  // payload never blanks a person who has other appeals.
  if (payload) {
    SABT_RETURN_IF_ERROR(tx.UpsertPerson(p));
  } else {
    auto existing = tx.Person(p.id);
    if (!existing.ok()) return existing.status();
    if (!existing->has_value()) SABT_RETURN_IF_ERROR(tx.UpsertPerson(p));
  }
  SABT_RETURN_IF_ERROR(tx.AdvanceSeries(a.series, a.year, a.n));
  SABT_RETURN_IF_ERROR(tx.InsertAppeal(a));
  SABT_RETURN_IF_ERROR(ProjectTripAppeal(tx, e));  // trip log (§4.4)
  return ProjectAppealFlags(tx, e);
}

// One lifecycle step: the entry carries the new state ("to"), so replay
// needs no rule evaluation; the rule ran when the step was taken.
// A device's step whose `from` is not the parent's current state is kept as
// evidence and flags a conflict (docs/sync-protocol.md §4a "Conflicts").
Status ProjectAppealStep(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload, bool from_device) {
  auto row = tx.Appeal(e.subject);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::Corruption("entry " + std::to_string(e.idx) + ": step on a missing appeal");
  store::AppealRow a = **row;
  if (from_device && e.data.contains("from") && JsonStr(e.data, "from") != a.status)
    return RecordSyncConflict(tx, e, a);
  if (!from_device) SABT_RETURN_IF_ERROR(ClearSyncConflict(tx, e));
  std::string to = JsonStr(e.data, "to");
  if (to.empty()) return Status::Corruption("entry " + std::to_string(e.idx) + ": step without a target state");
  a.status = to;
  if (e.kind == "appeal.assigned") a.assigned_to = JsonStr(e.data, "officer");
  if (e.kind == "appeal.answered") a.answer = payload ? JsonStr(*payload, "answer") : "";
  if (e.kind == "appeal.extended") {
    a.extended += e.data.value("days", int64_t{0});
    a.due_day = e.data.value("due_day", a.due_day);
  }
  if (to == "closed" || to == "referred" || to == "forwarded" || to == "returned") a.closed_at = e.at;
  if (e.kind == "appeal.sent_back") a.answer.clear();
  SABT_RETURN_IF_ERROR(tx.UpdateAppealLife(a));
  if (e.kind == "appeal.referred") return tx.MarkReferred(a.id, e.at);
  return Status::Ok();
}

// The online queue: a received submission, then its one decision.
Status ProjectSubmission(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  if (e.kind == "submission.received") {
    store::SubmissionRow s;
    s.id = e.subject;
    s.reference = JsonStr(e.data, "reference");
    s.department = JsonStr(e.data, "department");
    s.category = JsonStr(e.data, "category");
    s.status = "queued";
    s.received_at = JsonStr(e.data, "received_at");
    s.entry_idx = e.idx;
    if (payload) {
      const auto& ap = payload->value("applicant", nlohmann::json::object());
      s.surname = JsonStr(ap, "surname");
      s.given_name = JsonStr(ap, "given_name");
      s.patronymic = JsonStr(ap, "patronymic");
      s.birth_date = JsonStr(ap, "birth_date");
      s.address = JsonStr(ap, "address");
      s.phone = JsonStr(ap, "phone");
      s.id_document = JsonStr(ap, "id_document");
      s.summary = JsonStr(*payload, "summary");
      s.check_code = JsonStr(*payload, "check_code");
    }
    // Oversight fields (docs/journal-format.md §4.5); an entry written before
    // them is due 24 hours after it was received.
    s.keyword_flag = e.data.value("keyword_flag", false);
    s.citizen_crime_signs = JsonStr(e.data, "citizen_crime_signs");
    s.accept_due = JsonStr(e.data, "accept_due");
    if (s.accept_due.empty()) {
      auto received = ParseRfc3339(s.received_at);
      if (received.ok()) s.accept_due = FormatRfc3339Millis(*received + 24 * 3600 * 1000LL);
    }
    if (s.reference.empty() || s.department.empty())
      return Status::Corruption("entry " + std::to_string(e.idx) + ": submission without reference");
    return tx.InsertSubmission(s);
  }
  auto row = tx.Submission(e.subject);
  if (!row.ok()) return row.status();
  if (!row->has_value())
    return Status::Corruption("entry " + std::to_string(e.idx) + ": decision on a missing submission");
  store::SubmissionRow s = **row;
  if (e.kind == "payload.erased") {
    if (JsonStr(e.data, "target_kind") == "submission.received") {
      for (auto* f : {&s.surname, &s.given_name, &s.patronymic, &s.birth_date, &s.address, &s.phone, &s.id_document,
                      &s.summary, &s.check_code})
        f->clear();
    } else {
      s.reason.clear();
    }
    return tx.UpdateSubmission(s);
  }
  if (e.kind == "submission.rejection_annulled") {
    // Back in the queue; the accept clock restarts. The rejection's ground
    // and reason stay visible in the journal, not on the row.
    s.status = "queued";
    s.decided_at.clear();
    s.decided_by.clear();
    s.reason.clear();
    s.ground.clear();
    s.accept_due = JsonStr(e.data, "accept_due");
    s.annulled += 1;
    return tx.UpdateSubmission(s);
  }
  s.decided_at = e.at;
  s.decided_by = e.actor;
  if (e.kind == "submission.accepted") {
    s.status = "accepted";
    s.appeal_id = JsonStr(e.data, "appeal");
    s.appeal_number = JsonStr(e.data, "number");
  } else {
    s.status = "rejected";
    s.reason = payload ? JsonStr(*payload, "reason") : "";
    s.ground = JsonStr(e.data, "ground");
  }
  return tx.UpdateSubmission(s);
}

bool IsAppealStep(const std::string& kind) {
  static const std::set<std::string> kinds = {"appeal.assigned",  "appeal.started",   "appeal.answered",
                                              "appeal.sent_back", "appeal.closed",    "appeal.referred",
                                              "appeal.forwarded", "appeal.returned",  "appeal.extended"};
  return kinds.count(kind) > 0;
}

}  // namespace

Result<EntryView> ParseEntry(const std::string& bytes, int64_t idx) {
  auto j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption("entry " + std::to_string(idx) + " is not JSON");
  return EntryFromJson(std::move(j), idx);
}

Result<EntryView> EntryFromJson(nlohmann::json j, int64_t idx) {
  if (!j.is_object()) return Status::Corruption("entry " + std::to_string(idx) + " is not JSON");
  EntryView e;
  e.idx = idx;
  if (j.value("v", 0) != 1) return Status::Corruption("entry " + std::to_string(idx) + ": unknown version");
  e.origin = JsonStr(j, "origin");
  e.at = JsonStr(j, "at");
  e.actor = JsonStr(j, "actor");
  e.kind = JsonStr(j, "kind");
  e.subject = JsonStr(j, "subject");
  if (!j.contains("seq") || !j["seq"].is_number_integer())
    return Status::Corruption("entry " + std::to_string(idx) + ": no seq");
  e.seq = j["seq"].get<int64_t>();
  auto data = j.find("data");
  e.data = data != j.end() ? std::move(*data) : nlohmann::json::object();
  if (e.origin.empty() || e.kind.empty() || e.subject.empty() || e.at.empty())
    return Status::Corruption("entry " + std::to_string(idx) + ": missing header field");
  return e;
}

namespace {
Status ProjectEntry(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload);
}  // namespace

Status Project(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  // Statistics counters (issue 15) follow the records the entry changes.
  SABT_RETURN_IF_ERROR(stats::ProjectWithStats(tx, e, [&] { return ProjectEntry(tx, e, payload); }));
  // The master person index (issue 16) follows the persons the entry wrote.
  return persons::ProjectPersonIndex(tx, e);
}

namespace {
Status ProjectEntry(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  // An enrolled device's entry is projected only when the device may say it
  // (docs/sync-protocol.md §4a); otherwise it is evidence only. The same rule
  // refuses such a batch at acceptance, and holds on every replay.
  auto device = SyncDevice(tx, e.origin);
  if (!device.ok()) return device.status();
  const bool from_device = device->has_value();
  if (from_device) {
    auto refusal = CheckFromDevice(tx, **device, e, nullptr);
    if (!refusal.ok()) return refusal.status();
    if (refusal->has_value()) return Status::Ok();
  }
  if (e.kind == "department.upserted") return ProjectDepartment(tx, e);
  if (e.kind == "department.closed") return ProjectDepartmentClosed(tx, e);
  if (e.kind == "reference.loaded") return ProjectReference(tx, e);
  if (e.kind == "user.created" || e.kind == "user.password_set" || e.kind == "user.disabled")
    return ProjectUser(tx, e, payload);
  if (e.kind == "appeal.registered") {
    if (from_device) SABT_RETURN_IF_ERROR(NoteDeviceIntake(tx, e.origin, e.seq, e.subject, e.data));
    return ProjectAppeal(tx, e, payload);
  }
  if (IsAppealStep(e.kind)) return ProjectAppealStep(tx, e, payload, from_device);
  if (e.kind == "submission.received" || e.kind == "submission.accepted" || e.kind == "submission.rejected" ||
      e.kind == "submission.rejection_annulled")
    return ProjectSubmission(tx, e, payload);
  if (e.kind == "appeal.attachment_added") return ProjectAttachment(tx, e, payload);
  // Reads of personal data by oversight roles: the journal itself is the
  // audit log, no table changes.
  if (e.kind == "audit.viewed") return Status::Ok();
  // Sign-in protection (docs/journal-format.md §4.5): the record of what
  // happened; the lock and the secrets are operational state.
  if (e.kind == "auth.account_locked" || e.kind == "auth.account_unlocked" || e.kind == "auth.totp_enrolled" ||
      e.kind == "auth.totp_reset")
    return Status::Ok();
  // Key history and witness alerts are read from the journal itself.
  if (e.kind == "node.key_registered" || e.kind == "node.key_rotated" || e.kind == "witness.alert" ||
      e.kind == "evidence.alert")
    return Status::Ok();
  if (e.kind.rfind("sync.", 0) == 0) return ProjectSync(tx, e, payload);
  if (e.kind == "payload.erased") {
    // Self-contained (the subject is the erased record), so a replay into
    // fresh tables needs no journal lookups.
    std::string target_kind = JsonStr(e.data, "target_kind");
    if (target_kind == "appeal.registered" || target_kind == "appeal.answered")
      return tx.EraseAppealPersonalData(e.subject);
    if (target_kind == "submission.received" || target_kind == "submission.rejected")
      return ProjectSubmission(tx, e, payload);
    if (target_kind == "crime.registered" || target_kind == "crime.transfer_accepted" ||
        target_kind == "case.person_added")
      return EraseCrimePersonalData(tx, e);
    if (target_kind == "appeal.attachment_added")  // the file is no longer the appeal's (§4.2)
      return tx.DeleteAppealAttachment(e.data.value("target", int64_t{-1}));
    return Status::Ok();
  }
  // Statistics report definitions added by an administrator (issue 15).
  if (e.kind == "stats.report_defined") return tx.PutSyncRecord("stats_report", e.subject, e.data.dump());
  if (auto crime = ProjectCrime(tx, e, payload)) return *crime;  // crime register (issue #4)
  if (auto trip = ProjectTrip(tx, e, payload)) return *trip;  // trip log of mobile stations
  if (auto v = video::ProjectVideo(tx, e, payload)) return *v;  // video link (docs/video.md)
  if (auto prog = programme::ProjectProgramme(tx, e)) return *prog;  // reform programme, equipment (issue 17)
  if (auto merge = persons::ProjectPersonMerge(tx, e)) return *merge;  // master person index (issue 16)
  return Status::Corruption("entry " + std::to_string(e.idx) + ": unknown kind '" + e.kind + "'");
}
}  // namespace

store::PersonRow PersonFromJson(std::string id, const nlohmann::json& person) {
  store::PersonRow p;
  p.id = std::move(id);
  p.surname = JsonStr(person, "surname");
  p.given_name = JsonStr(person, "given_name");
  p.patronymic = JsonStr(person, "patronymic");
  p.birth_date = JsonStr(person, "birth_date");
  p.address = JsonStr(person, "address");
  p.phone = JsonStr(person, "phone");
  p.id_document = JsonStr(person, "id_document");
  p.search_key = SearchKey(p.surname + " " + p.given_name + " " + p.patronymic);
  return p;
}

bool TouchesCatalog(const std::string& kind) {
  // sync.pulled: a field node's departments and lists from its parent.
  return kind == "department.upserted" || kind == "department.closed" || kind == "reference.loaded" ||
         kind == "sync.pulled";
}

}  // namespace sabt::app
