#include "app/field_purge.h"

#include "app/sync_child.h"
#include "domain/field_purge.h"
#include "journal/appender.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

// A crime record's texts: the report's account, place and coordinates, and
// the reason of every step (kept as keys, blanked, so a replay without the
// payloads gives the same document).
Status BlankCrimeRecord(store::WriteTx& tx, const std::string& id) {
  auto r = tx.CrimeRecord(id);
  if (!r.ok()) return r.status();
  if (!r->has_value()) return Status::Ok();
  store::CrimeRecordRow row = **r;
  auto doc = nlohmann::json::parse(row.doc, nullptr, false);
  if (!doc.is_object()) return Status::Corruption("unreadable crime record " + id);
  if (row.kind == "report") {
    doc["account"] = "";
    doc["place_address"] = "";
    doc["lat"] = nullptr;
    doc["lon"] = nullptr;
    doc.erase("verification_code");  // as a replay without the payload has it
  }
  for (const char* key : {"extension_reason", "refusal_reason", "refusal_rejection", "transfer_reason",
                          "status_ground", "status_reason", "requalify_reason"})
    if (doc.contains(key)) doc[key] = "";
  row.doc = doc.dump();  // sorted keys, as the projector writes it
  return tx.UpsertCrimeRecord(row);
}

std::vector<std::string> Strings(const nlohmann::json& data, const char* key) {
  std::vector<std::string> out;
  for (const auto& v : data.value(key, nlohmann::json::array()))
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

Status ProjectPurged(store::WriteTx& tx, const EntryView& e) {
  const auto& d = e.data;
  for (const auto& id : Strings(d, "appeals")) SABT_RETURN_IF_ERROR(tx.EraseAppealPersonalData(id));
  for (const auto& id : Strings(d, "crime_records")) SABT_RETURN_IF_ERROR(BlankCrimeRecord(tx, id));
  for (const auto& id : Strings(d, "persons")) {
    store::PersonRow blank;
    blank.id = id;
    SABT_RETURN_IF_ERROR(tx.UpsertPerson(blank));
  }
  for (const auto& id : Strings(d, "trips")) {
    auto t = tx.Trip(id);
    if (!t.ok()) return t.status();
    if (!t->has_value()) continue;
    store::TripRow row = **t;
    row.note.clear();
    SABT_RETURN_IF_ERROR(tx.PutTrip(row));
  }
  return Status::Ok();
}

Result<int64_t> PurgeAcknowledged(App& app) {
  auto link = ReadLink(app);
  if (!link.ok()) return link.status();
  int64_t horizon = app.clock().NowMillis() - int64_t{app.config().purge_grace_days} * 24 * 3600 * 1000;
  int64_t upto = domain::AckedBefore(domain::AcksFromJson(link->value("acks", nlohmann::json::array())), horizon);
  int64_t from = link->value("purged_seq", int64_t{0});
  if (upto <= from) return int64_t{0};
  // Own entries up to the horizon whose payload holds personal data or text.
  std::vector<int64_t> seqs;
  std::vector<std::string> files;
  domain::PurgeRecords records;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    static const Status kDone = Status::Unavailable("past the horizon");
    Status st = (*tx)->ScanJournal(from, [&](const store::EntryRow& e, const store::PayloadRow* p) -> Status {
      if (e.seq > upto) return kDone;
      if (e.kind == "appeal.attachment_added") {  // the file's bytes go, its hash stays in the entry
        auto j = nlohmann::json::parse(e.entry, nullptr, false);
        if (j.is_object() && j.contains("data")) files.push_back(JsonStr(j["data"], "sha256"));
      }
      if (!p || !domain::FieldPurgesKind(e.kind)) return Status::Ok();
      seqs.push_back(e.seq);
      auto j = nlohmann::json::parse(e.entry, nullptr, false);
      records.Add(e.kind, e.subject, j.is_object() ? j.value("data", nlohmann::json::object()) : nlohmann::json());
      return Status::Ok();
    });
    if (!st.ok() && st.message() != kDone.message()) return st;
  }
  auto list = [](const std::set<std::string>& s) { return nlohmann::json(std::vector<std::string>(s.begin(), s.end())); };
  nlohmann::json data = {{"targets", seqs},
                         {"appeals", list(records.appeals)},
                         {"crime_records", list(records.crime_records)},
                         {"persons", list(records.persons)},
                         {"trips", list(records.trips)},
                         {"acked_seq", upto}};
  std::string subject = app.config().origin;
  auto r = app.writer().Run([seqs, data, files, upto, subject](WriteContext& ctx) -> Result<nlohmann::json> {
    for (const auto& sha : files) SABT_RETURN_IF_ERROR(ctx.tx().DeleteAttachmentBlob(sha, upto - 1));
    if (!seqs.empty()) {
      // The purge entry first: the store deletes a payload only when an
      // entry of this transaction names it (docs/security.md "Erasure").
      journal::NewEntry e;
      e.kind = "sync.purged";
      e.subject = subject;
      e.actor = "system";
      e.at_ms = ctx.now_ms();
      e.data = data;
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      for (int64_t seq : seqs) SABT_RETURN_IF_ERROR(ctx.tx().DeletePayload(seq - 1, ap->index));  // field: idx = seq - 1
    }
    auto cur = ctx.tx().LocalState("link");
    if (!cur.ok()) return cur.status();
    auto j = nlohmann::json::parse(cur->value_or("{}"), nullptr, false);
    j["purged_seq"] = upto;
    SABT_RETURN_IF_ERROR(ctx.tx().PutLocalState("link", j.dump()));
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  // The bytes leave the database files too: freed pages, WAL frames.
  if (!seqs.empty() || !files.empty()) SABT_RETURN_IF_ERROR(app.store().Compact());
  return static_cast<int64_t>(seqs.size());
}

}  // namespace sabt::app
