#include "app/crime_projector.h"

#include "util/text.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

Status Bad(const EntryView& e, const std::string& what) {
  return Status::Corruption("entry " + std::to_string(e.idx) + ": " + what);
}

void AddFlag(std::string* flags, const std::string& f) {
  if (HasFlag(*flags, f)) return;
  if (flags->empty()) *flags = ",";
  *flags += f + ",";
}

Result<std::pair<store::CrimeRecordRow, nlohmann::json>> Load(store::WriteTx& tx, const EntryView& e,
                                                              const std::string& id, const char* kind) {
  auto r = tx.CrimeRecord(id);
  if (!r.ok()) return r.status();
  if (!r->has_value() || (*r)->kind != kind) return Bad(e, std::string("no ") + kind + " " + id);
  auto doc = nlohmann::json::parse((*r)->doc, nullptr, false);
  if (!doc.is_object()) return Bad(e, "unreadable record " + id);
  return std::make_pair(**r, doc);
}

Status Save(store::WriteTx& tx, const EntryView& e, store::CrimeRecordRow row, const nlohmann::json& doc) {
  if (e.data.value("late", false)) AddFlag(&row.flags, "late_edit");
  row.doc = doc.dump();  // std::map-backed: sorted keys, the same bytes on replay
  return tx.UpsertCrimeRecord(row);
}

// A person from a payload object; the latest details win, an erased payload
// never blanks a known person.
Status PutPerson(store::WriteTx& tx, const std::string& id, const nlohmann::json* person) {
  if (id.empty()) return Status::Ok();
  store::PersonRow p;
  p.id = id;
  if (person && person->is_object()) return tx.UpsertPerson(PersonFromJson(id, *person));
  auto existing = tx.Person(id);
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return tx.UpsertPerson(p);
  return Status::Ok();
}

Status ProjectRegistered(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  const auto& d = e.data;
  store::CrimeRecordRow r;
  r.id = e.subject;
  r.kind = "report";
  r.number = JsonStr(d, "number");
  r.series = JsonStr(d, "series");
  r.year = d.value("year", 0);
  r.n = d.value("n", int64_t{0});
  r.department = JsonStr(d, "department");
  r.status = "checking";
  r.due_day = d.value("due_day", int64_t{0});
  r.appeal_id = JsonStr(d, "appeal_id");
  r.person_id = JsonStr(d, "person_id");
  r.entry_idx = e.idx;
  if (r.number.empty() || r.series.empty() || r.n <= 0) return Bad(e, "crime report without a number");
  nlohmann::json doc = {{"source", JsonStr(d, "source")},
                        {"received_at", JsonStr(d, "received_at")},
                        {"event_at", JsonStr(d, "event_at")},
                        {"registered_at", e.at},
                        {"registered_by", e.actor},
                        {"article", JsonStr(d, "article")},
                        {"part", JsonStr(d, "part")},
                        {"classifier_version", d.value("classifier_version", int64_t{0})},
                        {"severity", JsonStr(d, "severity")},
                        {"start_day", d.value("start_day", int64_t{0})},
                        {"check_days", d.value("check_days", int64_t{0})},
                        {"appeal_number", JsonStr(d, "appeal_number")},
                        {"from_report", JsonStr(d, "from_report")},
                        {"from_number", JsonStr(d, "from_number")}};
  const nlohmann::json* reporter = nullptr;
  if (payload) {
    const auto& place = payload->value("place", nlohmann::json::object());
    doc["place_address"] = JsonStr(place, "address");
    doc["lat"] = place.value("lat", nlohmann::json());
    doc["lon"] = place.value("lon", nlohmann::json());
    doc["account"] = JsonStr(*payload, "account");
    // Only reports with a receipt have the key (older entries and referrals do not).
    if (!JsonStr(*payload, "verification_code").empty()) doc["verification_code"] = JsonStr(*payload, "verification_code");
    auto it = payload->find("reporter");
    if (it != payload->end()) reporter = &*it;
  }
  SABT_RETURN_IF_ERROR(PutPerson(tx, r.person_id, reporter));
  SABT_RETURN_IF_ERROR(tx.AdvanceSeries(r.series, r.year, r.n));
  SABT_RETURN_IF_ERROR(Save(tx, e, r, doc));
  if (e.kind == "crime.transfer_accepted") {
    auto orig = Load(tx, e, JsonStr(d, "from_report"), "report");
    if (!orig.ok()) return orig.status();
    auto [row, odoc] = *orig;
    row.status = "transferred";
    row.target.clear();
    odoc["transferred_to_id"] = e.subject;
    odoc["transferred_to_number"] = r.number;
    EntryView plain = e;
    plain.data = nlohmann::json::object();  // "late" belongs to the new record's entry, not the original
    return Save(tx, plain, row, odoc);
  }
  return Status::Ok();
}

Status ProjectReportStep(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  auto loaded = Load(tx, e, e.subject, "report");
  if (!loaded.ok()) return loaded.status();
  auto [r, doc] = *loaded;
  const auto& d = e.data;
  std::string reason = payload ? JsonStr(*payload, "reason") : "";
  if (e.kind == "crime.check_extended") {
    r.due_day = d.value("due_day", r.due_day);
    doc["check_days"] = d.value("days", int64_t{0});
    doc["extension_reason"] = reason;
    AddFlag(&r.flags, "extended");
  } else if (e.kind == "crime.refusal_proposed") {
    r.status = "refusal_pending";
    doc["refusal_ground"] = JsonStr(d, "ground");
    doc["refusal_reason"] = reason;
  } else if (e.kind == "crime.refusal_approved") {
    r.status = "refused";
    doc["refusal_approved_by"] = e.actor;
    doc["decided_at"] = e.at;  // statistics: the day of the decision
  } else if (e.kind == "crime.refusal_rejected") {
    r.status = "checking";
    doc["refusal_ground"] = "";
    doc["refusal_rejection"] = reason;
  } else if (e.kind == "crime.refusal_annulled") {
    // The prosecutor annulled the refusal: back to the check, whose clock
    // restarts on the day of the annulment.
    r.status = "checking";
    r.due_day = d.value("due_day", r.due_day);
    doc["start_day"] = d.value("start_day", int64_t{0});
    doc["check_days"] = d.value("check_days", int64_t{0});
    doc["refusal_ground"] = "";
    doc["annulment_reason"] = reason;
    doc["annulled_by"] = e.actor;
    doc["annulled_at"] = e.at;  // statistics: annulments and the last one's day
    doc["annulments"] = doc.value("annulments", int64_t{0}) + 1;
    AddFlag(&r.flags, "annulled");
  } else if (e.kind == "crime.transferred") {
    r.status = "transfer_pending";
    r.target = JsonStr(d, "to_department");
    doc["check_due_day"] = r.due_day;
    doc["decided_at"] = e.at;  // statistics
    r.due_day = d.value("accept_by_day", int64_t{0});
    doc["transfer_reason"] = reason;
  } else if (e.kind == "crime.joined") {
    r.status = "joined";
    doc["case_id"] = JsonStr(d, "case_id");
    doc["case_number"] = JsonStr(d, "case_number");
  } else {
    return Bad(e, "unknown report step");
  }
  return Save(tx, e, r, doc);
}

Status ProjectCaseOpened(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  const auto& d = e.data;
  auto loaded = Load(tx, e, JsonStr(d, "report_id"), "report");
  if (!loaded.ok()) return loaded.status();
  auto [rep, rdoc] = *loaded;
  store::CrimeRecordRow c;
  c.id = e.subject;
  c.kind = "case";
  c.number = JsonStr(d, "number");
  c.series = JsonStr(d, "series");
  c.year = d.value("year", 0);
  c.n = d.value("n", int64_t{0});
  c.department = JsonStr(d, "department");
  c.status = "investigating";
  c.person_id = rep.person_id;
  c.entry_idx = e.idx;
  if (c.number.empty() || c.series.empty() || c.n <= 0) return Bad(e, "case without a number");
  nlohmann::json doc = {{"report_id", rep.id},
                        {"report_number", rep.number},
                        {"opened_at", e.at},
                        {"opened_by", e.actor},
                        {"article", JsonStr(d, "article")},
                        {"part", JsonStr(d, "part")},
                        {"classifier_version", d.value("classifier_version", int64_t{0})},
                        {"severity", JsonStr(d, "severity")},
                        {"investigator", ""},
                        {"persons", nlohmann::json::array()},
                        {"status_ground", ""},
                        {"solved", nullptr},
                        {"solved_date", ""}};
  if (d.value("downgrade", false)) doc["downgrade_reason"] = payload ? JsonStr(*payload, "reason") : "";
  SABT_RETURN_IF_ERROR(tx.AdvanceSeries(c.series, c.year, c.n));
  if (d.value("downgrade", false)) AddFlag(&c.flags, "downgrade");  // opened under a lighter qualification
  EntryView plain = e;
  plain.data = nlohmann::json::object();
  SABT_RETURN_IF_ERROR(Save(tx, plain, c, doc));
  rep.status = "case_opened";
  rdoc["case_id"] = c.id;
  rdoc["case_number"] = c.number;
  rdoc["decided_at"] = e.at;  // statistics
  rdoc["article"] = JsonStr(d, "article");
  rdoc["part"] = JsonStr(d, "part");
  rdoc["classifier_version"] = d.value("classifier_version", int64_t{0});
  rdoc["severity"] = JsonStr(d, "severity");
  return Save(tx, e, rep, rdoc);
}

Status ProjectCaseStep(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  auto loaded = Load(tx, e, e.subject, "case");
  if (!loaded.ok()) return loaded.status();
  auto [c, doc] = *loaded;
  const auto& d = e.data;
  std::string reason = payload ? JsonStr(*payload, "reason") : "";
  if (e.kind == "case.investigator_assigned") {
    doc["investigator"] = JsonStr(d, "investigator");
  } else if (e.kind == "case.person_added") {
    std::string pid = JsonStr(d, "person_id");
    const nlohmann::json* person = nullptr;
    if (payload && payload->contains("person")) person = &(*payload)["person"];
    SABT_RETURN_IF_ERROR(PutPerson(tx, pid, person));
    doc["persons"].push_back({{"person_id", pid}, {"role", JsonStr(d, "role")}});
  } else if (e.kind == "case.status_changed") {
    c.status = JsonStr(d, "to");
    doc["status_ground"] = payload ? JsonStr(*payload, "ground") : "";
    doc["status_reason"] = reason;
  } else if (e.kind == "case.solved") {
    doc["solved"] = d.value("solved", false);
    doc["solved_date"] = JsonStr(d, "date");
  } else if (e.kind == "case.requalified") {
    doc["article"] = JsonStr(d, "article");
    doc["part"] = JsonStr(d, "part");
    doc["classifier_version"] = d.value("classifier_version", int64_t{0});
    doc["severity"] = JsonStr(d, "severity");
    if (d.value("downgrade", false)) AddFlag(&c.flags, "downgrade");
    doc["requalify_reason"] = reason;
  } else {
    return Bad(e, "unknown case step");
  }
  return Save(tx, e, c, doc);
}

Status ProjectClassifier(store::WriteTx& tx, const EntryView& e) {
  int64_t version = e.data.value("version", int64_t{0});
  if (version <= 0) return Bad(e, "classifier without a version");
  std::vector<store::ClassifierRow> rows;
  for (const auto& r : e.data.value("rows", nlohmann::json::array())) {
    store::ClassifierRow c;
    c.version = version;
    c.article = JsonStr(r, "article");
    c.part = JsonStr(r, "part");
    c.severity = JsonStr(r, "severity");
    c.title_tg = JsonStr(r, "title_tg");
    c.title_ru = JsonStr(r, "title_ru");
    c.title_en = JsonStr(r, "title_en");
    c.sample = r.value("sample", false);
    rows.push_back(std::move(c));
  }
  return tx.InsertClassifier(rows);
}

}  // namespace

Status EraseCrimePersonalData(store::WriteTx& tx, const EntryView& e) {
  std::string target_kind = JsonStr(e.data, "target_kind");
  if (target_kind == "crime.registered" || target_kind == "crime.transfer_accepted") {
    auto loaded = Load(tx, e, e.subject, "report");
    if (!loaded.ok()) return loaded.status();
    auto [r, doc] = *loaded;
    doc["account"] = "";
    doc["place_address"] = "";
    doc["lat"] = nullptr;
    doc["lon"] = nullptr;
    doc.erase("verification_code");  // as a replay without the payload has it
    EntryView plain = e;
    plain.data = nlohmann::json::object();  // an erasure is not a late edit of the record
    SABT_RETURN_IF_ERROR(Save(tx, plain, r, doc));
  } else if (target_kind != "case.person_added") {
    return Bad(e, "erasure of a " + target_kind + " is not a crime-register erasure");
  }
  std::string person_id = JsonStr(e.data, "person_id");
  if (person_id.empty()) return Status::Ok();
  store::PersonRow blank;
  blank.id = person_id;
  return tx.UpsertPerson(blank);
}

bool HasFlag(const std::string& flags, const std::string& flag) {
  return flags.find("," + flag + ",") != std::string::npos;
}

std::vector<std::string> FlagList(const std::string& flags) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < flags.size()) {
    size_t j = flags.find(',', i);
    if (j == std::string::npos) j = flags.size();
    if (j > i) out.push_back(flags.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::optional<Status> ProjectCrime(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  const std::string& k = e.kind;
  if (k == "classifier.imported") return ProjectClassifier(tx, e);
  if (k == "crime.registered" || k == "crime.transfer_accepted") return ProjectRegistered(tx, e, payload);
  if (k == "crime.case_opened") return ProjectCaseOpened(tx, e, payload);
  if (k.rfind("crime.", 0) == 0) return ProjectReportStep(tx, e, payload);
  if (k.rfind("case.", 0) == 0) return ProjectCaseStep(tx, e, payload);
  return std::nullopt;
}

}  // namespace sabt::app
