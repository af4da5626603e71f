#include "store/postgres/pg_read.h"

#include <cstring>
#include <nlohmann/json.hpp>

namespace sabt::store::postgres {

std::string FieldText(const pqxx::field& f) {
  if (f.is_null()) return std::string();
  return std::string(f.c_str(), f.size());
}

std::string FieldBytes(const pqxx::field& f) {
  if (f.is_null()) return std::string();
  pqxx::binarystring b(f);
  return std::string(b.get(), b.size());
}

Hash FieldHash(const pqxx::field& f) {
  Hash h{};
  if (f.is_null()) return h;
  pqxx::binarystring b(f);
  if (b.size() == h.size()) std::memcpy(h.data(), b.data(), h.size());
  return h;
}

pqxx::binarystring Bytes(const std::string& s) { return pqxx::binarystring(s.data(), s.size()); }
pqxx::binarystring Bytes(const Hash& h) { return pqxx::binarystring(h.data(), h.size()); }

namespace {

int64_t I64(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

UserRow ReadUser(const pqxx::row& r) {
  UserRow u;
  u.id = FieldText(r[0]);
  u.username = FieldText(r[1]);
  u.role = FieldText(r[2]);
  u.department = FieldText(r[3]);
  u.display_name = FieldText(r[4]);
  u.password_hash = FieldText(r[5]);
  u.disabled = I64(r[6]) != 0;
  return u;
}

PersonRow ReadPerson(const pqxx::row& r) {
  PersonRow p;
  p.id = FieldText(r[0]);
  p.surname = FieldText(r[1]);
  p.given_name = FieldText(r[2]);
  p.patronymic = FieldText(r[3]);
  p.birth_date = FieldText(r[4]);
  p.address = FieldText(r[5]);
  p.phone = FieldText(r[6]);
  p.id_document = FieldText(r[7]);
  p.search_key = FieldText(r[8]);
  return p;
}

AppealRow ReadAppeal(const pqxx::row& r) {
  AppealRow a;
  a.id = FieldText(r[0]);
  a.number = FieldText(r[1]);
  a.series = FieldText(r[2]);
  a.year = static_cast<int>(I64(r[3]));
  a.n = I64(r[4]);
  a.department = FieldText(r[5]);
  a.channel = FieldText(r[6]);
  a.category = FieldText(r[7]);
  a.status = FieldText(r[8]);
  a.received_at = FieldText(r[9]);
  a.registered_at = FieldText(r[10]);
  a.registered_by = FieldText(r[11]);
  a.person_id = FieldText(r[12]);
  a.summary = FieldText(r[13]);
  a.verification_code = FieldText(r[14]);
  a.entry_idx = I64(r[15]);
  a.assigned_to = FieldText(r[16]);
  a.due_day = I64(r[17]);
  a.extended = I64(r[18]);
  a.answer = FieldText(r[19]);
  a.closed_at = FieldText(r[20]);
  a.applicant_name = FieldText(r[21]);
  a.officer_name = FieldText(r[22]);
  return a;
}

EntryRow ReadEntry(const pqxx::row& r) {
  EntryRow e;
  e.idx = I64(r[0]);
  e.origin = FieldText(r[1]);
  e.seq = I64(r[2]);
  e.kind = FieldText(r[3]);
  e.subject = FieldText(r[4]);
  e.at = FieldText(r[5]);
  e.entry = FieldBytes(r[6]);
  e.leaf_hash = FieldHash(r[7]);
  return e;
}

TreeHead ReadHead(const pqxx::row& r) {
  TreeHead h;
  h.size = I64(r[0]);
  h.root = FieldHash(r[1]);
  h.at = FieldText(r[2]);
  return h;
}

CheckpointRow ReadCheckpoint(const pqxx::row& r) {
  CheckpointRow c;
  c.size = I64(r[0]);
  c.root = FieldHash(r[1]);
  c.note = FieldText(r[2]);
  c.at = FieldText(r[3]);
  return c;
}

// Projection table → statement for verify's row comparison. Only tables
// listed here can be dumped: the name never reaches SQL.
struct TableSpec {
  const char* table;
  const char* statement;
};
const TableSpec kTables[] = {
    {"departments", "rows_departments"}, {"reference_items", "rows_reference_items"},
    {"users", "rows_users"},             {"persons", "rows_persons"},
    {"appeals", "rows_appeals"},         {"series_counters", "rows_series_counters"},
    {"submissions", "rows_submissions"},
    {"appeal_flags", "rows_appeal_flags"}, {"appeal_attachments", "rows_appeal_attachments"},
    {"classifier_articles", "rows_classifier_articles"}, {"crime_records", "rows_crime_records"},
    {"sync_records", "rows_sync_records"},
    {"trips", "rows_trips"}, {"trip_stops", "rows_trip_stops"}, {"trip_appeals", "rows_trip_appeals"},
    {"video_meetings", "rows_video_meetings"}, {"video_attendance", "rows_video_attendance"},  // video link
    {"stat_days", "rows_stat_days"}, {"stat_months", "rows_stat_months"},  // statistics (issue 15)
    {"programme_records", "rows_programme_records"},
    // Persons and search (issue 16).
    {"person_masters", "rows_person_masters"}, {"person_keys", "rows_person_keys"},
    {"person_refs", "rows_person_refs"}, {"person_merges", "rows_person_merges"},
    {"record_texts", "rows_record_texts"},
};

}  // namespace

template <typename B>
Result<std::vector<domain::Department>> ReadImpl<B>::Departments() {
  return Run("departments", [&]() -> Result<std::vector<domain::Department>> {
    std::vector<domain::Department> out;
    for (const auto& r : tx_->exec_prepared("departments")) {
      domain::Department d;
      d.code = FieldText(r[0]);
      d.parent = FieldText(r[1]);
      d.kind = domain::ParseDepartmentKind(FieldText(r[2])).value_or(domain::DepartmentKind::kDistrict);
      d.name_tg = FieldText(r[3]);
      d.name_ru = FieldText(r[4]);
      d.name_en = FieldText(r[5]);
      d.closed_at_ms = r[6].is_null() ? 0 : r[6].as<int64_t>();
      d.successor = FieldText(r[7]);
      d.close_reason = FieldText(r[8]);
      out.push_back(std::move(d));
    }
    return out;
  });
}

template <typename B>
Result<std::vector<ReferenceItem>> ReadImpl<B>::Reference(std::string_view list) {
  return Run("reference", [&]() -> Result<std::vector<ReferenceItem>> {
    std::vector<ReferenceItem> out;
    for (const auto& r : tx_->exec_prepared("reference", std::string(list))) {
      ReferenceItem it;
      it.list = FieldText(r[0]);
      it.code = FieldText(r[1]);
      it.name_tg = FieldText(r[2]);
      it.name_ru = FieldText(r[3]);
      it.name_en = FieldText(r[4]);
      it.extra = FieldText(r[5]);
      it.position = static_cast<int>(I64(r[6]));
      out.push_back(std::move(it));
    }
    return out;
  });
}

template <typename B>
Result<std::optional<UserRow>> ReadImpl<B>::UserByUsername(std::string_view username) {
  return Run("user", [&]() -> Result<std::optional<UserRow>> {
    pqxx::result r = tx_->exec_prepared("user_by_username", std::string(username));
    if (r.empty()) return std::optional<UserRow>();
    return std::optional<UserRow>(ReadUser(r[0]));
  });
}

template <typename B>
Result<std::optional<UserRow>> ReadImpl<B>::UserById(std::string_view id) {
  return Run("user", [&]() -> Result<std::optional<UserRow>> {
    pqxx::result r = tx_->exec_prepared("user_by_id", std::string(id));
    if (r.empty()) return std::optional<UserRow>();
    return std::optional<UserRow>(ReadUser(r[0]));
  });
}

template <typename B>
Result<std::vector<UserRow>> ReadImpl<B>::Users() {
  return Run("users", [&]() -> Result<std::vector<UserRow>> {
    std::vector<UserRow> out;
    for (const auto& r : tx_->exec_prepared("users")) out.push_back(ReadUser(r));
    return out;
  });
}

template <typename B>
Result<std::optional<SessionRow>> ReadImpl<B>::Session(std::string_view token_hash) {
  return Run("session", [&]() -> Result<std::optional<SessionRow>> {
    pqxx::result r = tx_->exec_prepared("session", std::string(token_hash));
    if (r.empty()) return std::optional<SessionRow>();
    SessionRow s;
    s.token_hash = FieldText(r[0][0]);
    s.user_id = FieldText(r[0][1]);
    s.csrf = FieldText(r[0][2]);
    s.lang = FieldText(r[0][3]);
    s.created_ms = I64(r[0][4]);
    s.expires_ms = I64(r[0][5]);
    s.last_seen_ms = I64(r[0][6]);
    s.stage = FieldText(r[0][7]);
    return std::optional<SessionRow>(s);
  });
}

template <typename B>
Result<std::optional<AppealRow>> ReadImpl<B>::Appeal(std::string_view id) {
  return Run("appeal", [&]() -> Result<std::optional<AppealRow>> {
    pqxx::result r = tx_->exec_prepared("appeal", std::string(id));
    if (r.empty()) return std::optional<AppealRow>();
    return std::optional<AppealRow>(ReadAppeal(r[0]));
  });
}

template <typename B>
Result<AppealPage> ReadImpl<B>::Appeals(const std::vector<std::string>& departments, int64_t offset,
                                        int64_t limit) {
  return Run("appeals", [&]() -> Result<AppealPage> {
    // The department list is one JSON array parameter: the statement stays
    // prepared and nothing is spliced into SQL.
    std::string depts = nlohmann::json(departments).dump();
    AppealPage page;
    page.total = I64(tx_->exec_prepared1("appeals_count", depts)[0]);
    for (const auto& r : tx_->exec_prepared("appeals_page", depts, limit, offset))
      page.rows.push_back(ReadAppeal(r));
    return page;
  });
}

template <typename B>
Result<std::optional<PersonRow>> ReadImpl<B>::Person(std::string_view id) {
  return Run("person", [&]() -> Result<std::optional<PersonRow>> {
    pqxx::result r = tx_->exec_prepared("person", std::string(id));
    if (r.empty()) return std::optional<PersonRow>();
    return std::optional<PersonRow>(ReadPerson(r[0]));
  });
}

template <typename B>
Result<std::optional<PersonRow>> ReadImpl<B>::PersonByDocument(std::string_view doc) {
  return Run("person", [&]() -> Result<std::optional<PersonRow>> {
    pqxx::result r = tx_->exec_prepared("person_by_document", std::string(doc));
    if (r.empty()) return std::optional<PersonRow>();
    return std::optional<PersonRow>(ReadPerson(r[0]));
  });
}

template <typename B>
Result<TreeHead> ReadImpl<B>::LatestTreeHead() {
  return Run("tree head", [&]() -> Result<TreeHead> {
    pqxx::result r = tx_->exec_prepared("latest_tree_head");
    if (r.empty()) return TreeHead{};
    return ReadHead(r[0]);
  });
}

template <typename B>
Result<std::vector<TreeHead>> ReadImpl<B>::TreeHeads() {
  return Run("tree heads", [&]() -> Result<std::vector<TreeHead>> {
    std::vector<TreeHead> out;
    for (const auto& r : tx_->exec_prepared("tree_heads")) out.push_back(ReadHead(r));
    return out;
  });
}

template <typename B>
Result<int64_t> ReadImpl<B>::JournalSize() {
  return Run("journal size", [&]() -> Result<int64_t> {
    return I64(tx_->exec_prepared1("journal_size")[0]);
  });
}

template <typename B>
Result<int64_t> ReadImpl<B>::LastSeq(std::string_view origin) {
  return Run("last seq", [&]() -> Result<int64_t> {
    return I64(tx_->exec_prepared1("last_seq", std::string(origin))[0]);
  });
}

template <typename B>
Result<std::optional<EntryRow>> ReadImpl<B>::Entry(int64_t idx) {
  return Run("entry", [&]() -> Result<std::optional<EntryRow>> {
    pqxx::result r = tx_->exec_prepared("entry", idx);
    if (r.empty()) return std::optional<EntryRow>();
    return std::optional<EntryRow>(ReadEntry(r[0]));
  });
}

template <typename B>
Result<std::optional<PayloadRow>> ReadImpl<B>::Payload(int64_t idx) {
  return Run("payload", [&]() -> Result<std::optional<PayloadRow>> {
    pqxx::result r = tx_->exec_prepared("payload", idx);
    if (r.empty()) return std::optional<PayloadRow>();
    PayloadRow p;
    p.idx = I64(r[0][0]);
    p.salt = FieldBytes(r[0][1]);
    p.body = FieldBytes(r[0][2]);
    return std::optional<PayloadRow>(p);
  });
}

template <typename B>
Status ReadImpl<B>::ScanJournal(int64_t from,
                                const std::function<Status(const EntryRow&, const PayloadRow*)>& fn) {
  return Run("scan journal", [&]() -> Status {
    // Paged by key (idx >= next), so memory stays bounded and fn may run
    // other queries on this transaction between rows.
    int64_t next = from;
    for (;;) {
      pqxx::result page = tx_->exec_prepared("journal_page", next, kScanPage);
      for (const auto& r : page) {
        EntryRow e = ReadEntry(r);
        PayloadRow p;
        bool has = r[8].as<bool>();
        if (has) {
          p.idx = e.idx;
          p.salt = FieldBytes(r[9]);
          p.body = FieldBytes(r[10]);
        }
        next = e.idx + 1;
        Status st = fn(e, has ? &p : nullptr);
        if (!st.ok()) return st;
      }
      if (static_cast<int64_t>(page.size()) < kScanPage) return Status::Ok();
    }
  });
}

template <typename B>
Result<std::optional<Hash>> ReadImpl<B>::MerkleNode(int level, int64_t idx) {
  return Run("merkle node", [&]() -> Result<std::optional<Hash>> {
    pqxx::result r = tx_->exec_prepared("merkle_node", level, idx);
    if (r.empty()) return std::optional<Hash>();
    return std::optional<Hash>(FieldHash(r[0][0]));
  });
}

template <typename B>
Status ReadImpl<B>::ScanMerkleNodes(const std::function<Status(int, int64_t, const Hash&)>& fn) {
  return Run("scan merkle nodes", [&]() -> Status {
    int64_t level = -1, idx = -1;  // keyset position: after (level, idx)
    for (;;) {
      pqxx::result page = tx_->exec_prepared("merkle_page", level, idx, kScanPage);
      for (const auto& r : page) {
        level = I64(r[0]);
        idx = I64(r[1]);
        Status st = fn(static_cast<int>(level), idx, FieldHash(r[2]));
        if (!st.ok()) return st;
      }
      if (static_cast<int64_t>(page.size()) < kScanPage) return Status::Ok();
    }
  });
}

template <typename B>
Result<std::vector<std::string>> ReadImpl<B>::TableRows(std::string_view table) {
  return Run("table rows", [&]() -> Result<std::vector<std::string>> {
    for (const auto& t : kTables) {
      if (table != t.table) continue;
      pqxx::result r = tx_->exec_prepared(t.statement);
      std::vector<std::string> out;
      out.reserve(r.size());
      for (const auto& row : r) out.push_back(FieldText(row[0]));
      return out;
    }
    return Status::Invalid("unknown table " + std::string(table));
  });
}

template <typename B>
Result<std::vector<std::pair<std::string, int64_t>>> ReadImpl<B>::SeriesGaps() {
  return Run("series gaps", [&]() -> Result<std::vector<std::pair<std::string, int64_t>>> {
    // The first missing number of every gap, per (series, year).
    std::vector<std::pair<std::string, int64_t>> out;
    for (const auto& r : tx_->exec_prepared("series_gaps")) out.emplace_back(FieldText(r[0]), I64(r[1]));
    return out;
  });
}

template <typename B>
Result<std::optional<CheckpointRow>> ReadImpl<B>::LatestCheckpoint() {
  return Run("checkpoint", [&]() -> Result<std::optional<CheckpointRow>> {
    pqxx::result r = tx_->exec_prepared("latest_checkpoint");
    if (r.empty()) return std::optional<CheckpointRow>();
    return std::optional<CheckpointRow>(ReadCheckpoint(r[0]));
  });
}

template <typename B>
Result<std::optional<CheckpointRow>> ReadImpl<B>::CheckpointAt(int64_t size) {
  return Run("checkpoint", [&]() -> Result<std::optional<CheckpointRow>> {
    pqxx::result r = tx_->exec_prepared("checkpoint_at", size);
    if (r.empty()) return std::optional<CheckpointRow>();
    return std::optional<CheckpointRow>(ReadCheckpoint(r[0]));
  });
}

template <typename B>
Result<std::vector<CheckpointRow>> ReadImpl<B>::Checkpoints() {
  return Run("checkpoints", [&]() -> Result<std::vector<CheckpointRow>> {
    std::vector<CheckpointRow> out;
    for (const auto& r : tx_->exec_prepared("checkpoints")) out.push_back(ReadCheckpoint(r));
    return out;
  });
}

template <typename B>
Result<std::optional<WitnessStateRow>> ReadImpl<B>::WitnessState(std::string_view origin) {
  return Run("witness state", [&]() -> Result<std::optional<WitnessStateRow>> {
    pqxx::result r = tx_->exec_prepared("witness_state", std::string(origin));
    if (r.empty()) return std::optional<WitnessStateRow>();
    WitnessStateRow w;
    w.origin = FieldText(r[0][0]);
    w.size = I64(r[0][1]);
    w.root = FieldHash(r[0][2]);
    w.note = FieldText(r[0][3]);
    w.at = FieldText(r[0][4]);
    return std::optional<WitnessStateRow>(w);
  });
}

template <typename B>
Result<std::vector<WitnessStateRow>> ReadImpl<B>::WitnessStates() {
  return Run("witness states", [&]() -> Result<std::vector<WitnessStateRow>> {
    std::vector<WitnessStateRow> out;
    for (const auto& r : tx_->exec_prepared("witness_states")) {
      WitnessStateRow w;
      w.origin = FieldText(r[0]);
      w.size = I64(r[1]);
      w.root = FieldHash(r[2]);
      w.note = FieldText(r[3]);
      w.at = FieldText(r[4]);
      out.push_back(std::move(w));
    }
    return out;
  });
}

template <typename B>
Result<std::optional<AppealRow>> ReadImpl<B>::AppealByNumber(std::string_view number) {
  return Run("appeal", [&]() -> Result<std::optional<AppealRow>> {
    pqxx::result r = tx_->exec_prepared("appeal_by_number", std::string(number));
    if (r.empty()) return std::optional<AppealRow>();
    return std::optional<AppealRow>(ReadAppeal(r[0]));
  });
}

template <typename B>
Result<std::vector<EntryRow>> ReadImpl<B>::EntriesBySubject(std::string_view subject) {
  return Run("entries by subject", [&]() -> Result<std::vector<EntryRow>> {
    std::vector<EntryRow> out;
    for (const auto& r : tx_->exec_prepared("entries_by_subject", std::string(subject))) out.push_back(ReadEntry(r));
    return out;
  });
}

template <typename B>
Result<std::optional<EntryRow>> ReadImpl<B>::EntryByOriginSeq(std::string_view origin, int64_t seq) {
  return Run("entry by origin", [&]() -> Result<std::optional<EntryRow>> {
    pqxx::result r = tx_->exec_prepared("entry_by_origin_seq", std::string(origin), seq);
    if (r.empty()) return std::optional<EntryRow>();
    return std::optional<EntryRow>(ReadEntry(r[0]));
  });
}

template <typename B>
Result<std::optional<std::string>> ReadImpl<B>::SyncRecord(std::string_view kind, std::string_view key) {
  return Run("sync record", [&]() -> Result<std::optional<std::string>> {
    pqxx::result r = tx_->exec_prepared("sync_record", std::string(kind), std::string(key));
    if (r.empty()) return std::optional<std::string>();
    return std::optional<std::string>(FieldText(r[0][0]));
  });
}

template <typename B>
Result<std::vector<std::pair<std::string, std::string>>> ReadImpl<B>::SyncRecords(std::string_view kind) {
  return Run("sync records", [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : tx_->exec_prepared("sync_records", std::string(kind)))
      out.emplace_back(FieldText(r[0]), FieldText(r[1]));
    return out;
  });
}

template <typename B>
Result<std::optional<std::string>> ReadImpl<B>::LocalState(std::string_view key) {
  return Run("local state", [&]() -> Result<std::optional<std::string>> {
    pqxx::result r = tx_->exec_prepared("local_state", std::string(key));
    if (r.empty()) return std::optional<std::string>();
    return std::optional<std::string>(FieldText(r[0][0]));
  });
}

template class ReadImpl<ReadTx>;
template class ReadImpl<WriteTx>;

}  // namespace sabt::store::postgres
