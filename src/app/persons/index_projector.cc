#include "app/persons/index_projector.h"

#include <algorithm>

#include "domain/persons/blocking.h"
#include "store/person_batch.h"
#include "util/json_str.h"
#include "util/text.h"

namespace sabt::app::persons {
namespace {

Status Bad(const EntryView& e, const std::string& what) {
  return Status::Corruption("entry " + std::to_string(e.idx) + ": " + what);
}

std::vector<std::string> Strings(const nlohmann::json& data, const char* key) {
  std::vector<std::string> out;
  for (const auto& v : data.value(key, nlohmann::json::array()))
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Status Ref(store::WriteTx& tx, const std::string& person_id, const char* kind, const std::string& record_id,
           const std::string& number, const std::string& department, const std::string& role, const std::string& at) {
  if (person_id.empty()) return Status::Ok();
  auto p = tx.Person(person_id);
  if (!p.ok()) return p.status();
  if (!p->has_value()) return Status::Ok();
  SABT_RETURN_IF_ERROR(IndexPersonRow(tx, person_id));
  return tx.PutPersonRef({person_id, kind, record_id, number, department, role, at});
}

// The appeal's text, its applicant's keys and ref.
Status RefreshAppeal(store::WriteTx& tx, const std::string& id) {
  auto a = tx.Appeal(id);
  if (!a.ok()) return a.status();
  if (!a->has_value()) return Status::Ok();
  const auto& r = **a;
  SABT_RETURN_IF_ERROR(tx.PutRecordText({r.id, "appeal", r.number, r.department, r.received_at, SearchKey(r.summary)}));
  return Ref(tx, r.person_id, "appeal", r.id, r.number, r.department, "applicant", r.received_at);
}

// A report's account and reporter, or a case's reporter and case persons.
Status RefreshCrime(store::WriteTx& tx, const std::string& id) {
  auto c = tx.CrimeRecord(id);
  if (!c.ok()) return c.status();
  if (!c->has_value()) return Status::Ok();
  const auto& r = **c;
  auto doc = nlohmann::json::parse(r.doc, nullptr, false);
  if (!doc.is_object()) doc = nlohmann::json::object();
  const bool is_case = r.kind == "case";
  std::string at = JsonStr(doc, is_case ? "opened_at" : "received_at");
  const char* kind = is_case ? "case" : "report";
  SABT_RETURN_IF_ERROR(tx.PutRecordText({r.id, kind, r.number, r.department, at, SearchKey(JsonStr(doc, "account"))}));
  SABT_RETURN_IF_ERROR(Ref(tx, r.person_id, kind, r.id, r.number, r.department, "reporter", at));
  for (const auto& p : doc.value("persons", nlohmann::json::array()))
    SABT_RETURN_IF_ERROR(Ref(tx, JsonStr(p, "person_id"), kind, r.id, r.number, r.department, JsonStr(p, "role"), at));
  return Status::Ok();
}

}  // namespace

Status IndexPersonRows(store::WriteTx& tx, const std::vector<std::string>& person_ids) {
  auto* reads = store::PersonBatchOf(tx);
  auto* writes = store::PersonBatchWriterOf(tx);
  if (reads == nullptr || writes == nullptr) return store::NoPersonBatch();
  auto rows = reads->PersonsByIds(person_ids);
  if (!rows.ok()) return rows.status();
  std::vector<store::PersonKeysRow> keyed;
  keyed.reserve(rows->size());
  for (const auto& r : *rows) {
    domain::persons::PersonName name{r.surname, r.given_name, r.patronymic, r.birth_date};
    keyed.push_back({r.id, domain::persons::PersonKeys(name, r.id_document, r.phone)});
  }
  return writes->IndexPersons(keyed);
}

Status IndexPersonRow(store::WriteTx& tx, const std::string& person_id) { return IndexPersonRows(tx, {person_id}); }

Status ProjectPersonIndex(store::WriteTx& tx, const EntryView& e) {
  const std::string& k = e.kind;
  if (k == "appeal.registered") return RefreshAppeal(tx, e.subject);
  if (k == "crime.registered" || k == "crime.transfer_accepted" || k == "crime.case_opened" ||
      k == "case.person_added")
    return RefreshCrime(tx, e.subject);
  if (k == "payload.erased") {
    // The subject is the erased record; a blanked person loses its name keys.
    SABT_RETURN_IF_ERROR(RefreshAppeal(tx, e.subject));
    SABT_RETURN_IF_ERROR(RefreshCrime(tx, e.subject));
    std::string person = JsonStr(e.data, "person_id");
    return person.empty() ? Status::Ok() : IndexPersonRow(tx, person);
  }
  if (k == "sync.purged") {
    for (const auto& id : Strings(e.data, "appeals")) SABT_RETURN_IF_ERROR(RefreshAppeal(tx, id));
    for (const auto& id : Strings(e.data, "crime_records")) SABT_RETURN_IF_ERROR(RefreshCrime(tx, id));
    for (const auto& id : Strings(e.data, "persons")) SABT_RETURN_IF_ERROR(IndexPersonRow(tx, id));
  }
  return Status::Ok();
}

std::optional<Status> ProjectPersonMerge(store::WriteTx& tx, const EntryView& e) {
  if (e.kind == "person.merged") {
    std::string from = JsonStr(e.data, "from");
    auto persons = Strings(e.data, "persons");
    if (from.empty() || from == e.subject || persons.empty()) return Bad(e, "merge without two masters");
    for (const auto& id : persons) {
      auto m = tx.PersonMasterOf(id);
      if (!m.ok()) return m.status();
      if (!m->has_value() || **m != from) return Bad(e, "merged person " + id + " is not in master " + from);
    }
    auto into = tx.PersonMasterOf(e.subject);
    if (!into.ok()) return into.status();
    if (!into->has_value() || **into != e.subject) return Bad(e, "merge into " + e.subject + ", not a master");
    SABT_RETURN_IF_ERROR(tx.SetPersonMaster(persons, e.subject));
    return tx.PutPersonMerge({e.idx, e.subject, from, persons, 0});
  }
  if (e.kind == "person.unmerged") {
    int64_t idx = e.data.value("merge", int64_t{0});
    auto m = tx.PersonMergeAt(idx);
    if (!m.ok()) return m.status();
    if (!m->has_value() || (*m)->undone_idx != 0 || (*m)->into_master != e.subject)
      return Bad(e, "unmerge of merge " + std::to_string(idx) + ", which is not a live merge into " + e.subject);
    store::PersonMergeRow row = **m;
    if (Strings(e.data, "persons") != row.persons) return Bad(e, "unmerge names other persons than its merge");
    for (const auto& id : row.persons) {
      auto cur = tx.PersonMasterOf(id);
      if (!cur.ok()) return cur.status();
      if (!cur->has_value() || **cur != row.into_master) return Bad(e, "person " + id + " left the merged master");
    }
    SABT_RETURN_IF_ERROR(tx.SetPersonMaster(row.persons, row.from_master));
    row.undone_idx = e.idx;
    return tx.PutPersonMerge(row);
  }
  return std::nullopt;
}

}  // namespace sabt::app::persons
