#include "store/sqlite/sqlite_store.h"

#include <nlohmann/json.hpp>

#include "store/sqlite/evidence_store.h"
#include "store/sqlite/person_index.h"
#include "store/sqlite/read_impl.h"

namespace sabt::store::sqlite {
namespace {

class SqliteReadTx : public ReadImpl<ReadTx> {
 public:
  SqliteReadTx(SqliteStore* store, std::unique_ptr<Conn> conn)
      : ReadImpl<ReadTx>(conn.get()), store_(store), owned_(std::move(conn)) {
    owned_->Run("BEGIN");  // deferred: a consistent snapshot from the first read
  }
  ~SqliteReadTx() override {
    owned_->ResetAll();
    owned_->TryRun("COMMIT");
    store_->ReturnReader(std::move(owned_));
  }

 private:
  SqliteStore* store_;
  std::unique_ptr<Conn> owned_;
};

}  // namespace

class SqliteWriteTx : public ReadImpl<WriteTx>, public VideoWrites, public StatsWriter,
                      public VerifyWrites,        // fast verify (issue 19)
                      public PersonBatchWrites {  // person search (issue 16)
 public:
  SqliteWriteTx(SqliteStore* store, Conn* conn) : ReadImpl<WriteTx>(conn), store_(store) {
    conn->Run("BEGIN IMMEDIATE");
  }
  ~SqliteWriteTx() override {
    conn_->ResetAll();
    if (!done_) conn_->TryRun("ROLLBACK");
    store_->ReleaseWriter();
  }

  Status Savepoint() override {
    return Guard("savepoint", [&] { conn_->Run("SAVEPOINT cmd"); return Status::Ok(); });
  }
  Status ReleaseSavepoint() override {
    return Guard("release", [&] { conn_->Run("RELEASE cmd"); return Status::Ok(); });
  }
  Status RollbackToSavepoint() override {
    return Guard("rollback to", [&] {
      conn_->Run("ROLLBACK TO cmd");
      conn_->Run("RELEASE cmd");
      return Status::Ok();
    });
  }
  Status Commit() override {
    return Guard("commit", [&] {
      conn_->ResetAll();
      conn_->Run("COMMIT");
      done_ = true;
      return Status::Ok();
    });
  }

  Result<int64_t> NextNumber(std::string_view series, int year) override {
    return Guard("next number", [&]() -> Result<int64_t> {
      auto& q = conn_->Prep(
          "INSERT INTO series_counters(series, year, n) VALUES (?, ?, 1) "
          "ON CONFLICT(series, year) DO UPDATE SET n = n + 1 RETURNING n");
      q.bind(1, std::string(series));
      q.bind(2, year);
      if (!q.executeStep()) return Status::Io("next number: no row");
      int64_t n = q.getColumn(0).getInt64();
      while (q.executeStep()) {
      }
      return n;
    });
  }

  Status AdvanceSeries(std::string_view series, int year, int64_t n) override {
    return Guard("advance series", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO series_counters(series, year, n) VALUES (?, ?, ?) "
          "ON CONFLICT(series, year) DO UPDATE SET n = max(n, excluded.n)");
      q.bind(1, std::string(series));
      q.bind(2, year);
      q.bind(3, n);
      q.exec();
      return Status::Ok();
    });
  }

  Status AppendEntry(const EntryRow& e, const PayloadRow* payload) override {
    return Guard("append entry", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO journal(idx, origin, seq, kind, subject, at, entry, leaf_hash) VALUES (?,?,?,?,?,?,?,?)");
      q.bind(1, e.idx);
      q.bind(2, e.origin);
      q.bind(3, e.seq);
      q.bind(4, e.kind);
      q.bind(5, e.subject);
      q.bind(6, e.at);
      q.bind(7, e.entry.data(), static_cast<int>(e.entry.size()));
      q.bind(8, e.leaf_hash.data(), static_cast<int>(e.leaf_hash.size()));
      q.exec();
      if (payload) {
        auto& p = conn_->Prep("INSERT INTO payloads(idx, salt, body) VALUES (?,?,?)");
        p.bind(1, payload->idx);
        p.bind(2, payload->salt.data(), static_cast<int>(payload->salt.size()));
        p.bind(3, payload->body.data(), static_cast<int>(payload->body.size()));
        p.exec();
      }
      return Status::Ok();
    });
  }

  Status PutMerkleNode(int level, int64_t idx, const Hash& h) override {
    return Guard("merkle node", [&] {
      auto& q = conn_->Prep("INSERT INTO merkle_nodes(level, idx, hash) VALUES (?,?,?)");
      q.bind(1, level);
      q.bind(2, idx);
      q.bind(3, h.data(), static_cast<int>(h.size()));
      q.exec();
      return Status::Ok();
    });
  }

  Status PutTreeHead(const TreeHead& h) override {
    return Guard("tree head", [&] {
      auto& q = conn_->Prep("INSERT INTO tree_heads(size, root, at) VALUES (?,?,?)");
      q.bind(1, h.size);
      q.bind(2, h.root.data(), static_cast<int>(h.root.size()));
      q.bind(3, h.at);
      q.exec();
      return Status::Ok();
    });
  }

  Status UpsertDepartment(const domain::Department& d) override {
    return Guard("department", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO departments(code, parent, kind, name_tg, name_ru, name_en) VALUES (?,?,?,?,?,?) "
          "ON CONFLICT(code) DO UPDATE SET parent = excluded.parent, kind = excluded.kind, "
          "name_tg = excluded.name_tg, name_ru = excluded.name_ru, name_en = excluded.name_en");
      q.bind(1, d.code);
      if (d.parent.empty()) q.bind(2); else q.bind(2, d.parent);
      q.bind(3, std::string(domain::DepartmentKindId(d.kind)));
      q.bind(4, d.name_tg);
      q.bind(5, d.name_ru);
      q.bind(6, d.name_en);
      q.exec();
      return Status::Ok();
    });
  }

  Status ReplaceReference(std::string_view list, const std::vector<ReferenceItem>& items) override {
    return Guard("reference", [&] {
      auto& del = conn_->Prep("DELETE FROM reference_items WHERE list = ?");
      del.bind(1, std::string(list));
      del.exec();
      for (const auto& r : items) {
        auto& q = conn_->Prep(
            "INSERT INTO reference_items(list, code, name_tg, name_ru, name_en, extra, position) "
            "VALUES (?,?,?,?,?,?,?)");
        q.bind(1, std::string(list));
        q.bind(2, r.code);
        q.bind(3, r.name_tg);
        q.bind(4, r.name_ru);
        q.bind(5, r.name_en);
        q.bind(6, r.extra.empty() ? std::string("{}") : r.extra);
        q.bind(7, r.position);
        q.exec();
      }
      return Status::Ok();
    });
  }

  Status UpsertUser(const UserRow& u) override {
    return Guard("user", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO users(id, username, role, department, display_name, password_hash, disabled) "
          "VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET username = excluded.username, "
          "role = excluded.role, department = excluded.department, display_name = excluded.display_name, "
          "password_hash = excluded.password_hash, disabled = excluded.disabled");
      q.bind(1, u.id);
      q.bind(2, u.username);
      q.bind(3, u.role);
      q.bind(4, u.department);
      q.bind(5, u.display_name);
      q.bind(6, u.password_hash);
      q.bind(7, u.disabled ? 1 : 0);
      q.exec();
      return Status::Ok();
    });
  }

  Status UpsertPerson(const PersonRow& p) override {
    return Guard("person", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO persons(id, surname, given_name, patronymic, birth_date, address, phone, id_document, "
          "search_key) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET surname = excluded.surname, "
          "given_name = excluded.given_name, patronymic = excluded.patronymic, birth_date = excluded.birth_date, "
          "address = excluded.address, phone = excluded.phone, id_document = excluded.id_document, "
          "search_key = excluded.search_key");
      q.bind(1, p.id);
      q.bind(2, p.surname);
      q.bind(3, p.given_name);
      q.bind(4, p.patronymic);
      q.bind(5, p.birth_date);
      q.bind(6, p.address);
      q.bind(7, p.phone);
      q.bind(8, p.id_document);
      q.bind(9, p.search_key);
      q.exec();
      return Status::Ok();
    });
  }

  Status InsertAppeal(const AppealRow& a) override {
    return Guard("appeal", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO appeals(id, number, series, year, n, department, channel, category, status, received_at, "
          "registered_at, registered_by, person_id, summary, verification_code, entry_idx, due_day) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      q.bind(1, a.id);
      q.bind(2, a.number);
      q.bind(3, a.series);
      q.bind(4, a.year);
      q.bind(5, a.n);
      q.bind(6, a.department);
      q.bind(7, a.channel);
      q.bind(8, a.category);
      q.bind(9, a.status);
      q.bind(10, a.received_at);
      q.bind(11, a.registered_at);
      q.bind(12, a.registered_by);
      q.bind(13, a.person_id);
      q.bind(14, a.summary);
      q.bind(15, a.verification_code);
      q.bind(16, a.entry_idx);
      q.bind(17, a.due_day);
      q.exec();
      return Status::Ok();
    });
  }

  Status UpdateAppealLife(const AppealRow& a) override {
    return Guard("appeal life", [&]() -> Status {
      auto& q = conn_->Prep(
          "UPDATE appeals SET status = ?, assigned_to = ?, due_day = ?, extended = ?, answer = ?, closed_at = ? "
          "WHERE id = ?");
      q.bind(1, a.status);
      q.bind(2, a.assigned_to);
      q.bind(3, a.due_day);
      q.bind(4, a.extended);
      q.bind(5, a.answer);
      q.bind(6, a.closed_at);
      q.bind(7, a.id);
      if (q.exec() != 1) return Status::NotFound("no appeal " + a.id);
      return Status::Ok();
    });
  }

  Status PutCheckpoint(const CheckpointRow& c) override {
    return Guard("checkpoint", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO checkpoints(size, root, note, at) VALUES (?,?,?,?) "
          "ON CONFLICT(size) DO UPDATE SET note = excluded.note WHERE checkpoints.root = excluded.root");
      q.bind(1, c.size);
      q.bind(2, c.root.data(), static_cast<int>(c.root.size()));
      q.bind(3, c.note);
      q.bind(4, c.at);
      q.exec();
      return Status::Ok();
    });
  }

  Status PutWitnessState(const WitnessStateRow& w) override {
    return Guard("witness state", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO witness_state(origin, size, root, note, at) VALUES (?,?,?,?,?) "
          "ON CONFLICT(origin) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note, "
          "at = excluded.at");
      q.bind(1, w.origin);
      q.bind(2, w.size);
      q.bind(3, w.root.data(), static_cast<int>(w.root.size()));
      q.bind(4, w.note);
      q.bind(5, w.at);
      q.exec();
      return Status::Ok();
    });
  }

  // The same rule as PostgreSQL's sabt_erase_payload(): only with a
  // payload.erased entry for idx already in the journal.
  Status DeletePayload(int64_t idx, int64_t erased_by) override {
    return Guard("delete payload", [&]() -> Status {
      // The erasing entry: a payload.erased naming this target and its kind,
      // or a field node's sync.purged of the same origin listing its seq.
      auto& c = conn_->Prep(
          "SELECT 1 FROM journal e JOIN journal t ON t.idx = ?1 WHERE e.idx = ?2 AND e.idx > t.idx "
          "AND ((e.kind = 'payload.erased' AND json_extract(CAST(e.entry AS TEXT), '$.data.target') = t.idx "
          "AND json_extract(CAST(e.entry AS TEXT), '$.data.target_kind') = t.kind) "
          "OR (e.kind = 'sync.purged' AND e.origin = t.origin AND EXISTS (SELECT 1 FROM "
          "json_each(CAST(e.entry AS TEXT), '$.data.targets') x WHERE x.value = t.seq)))");
      c.bind(1, idx);
      c.bind(2, erased_by);
      if (!c.executeStep())
        return Status::Invalid("entry " + std::to_string(erased_by) + " is not a payload.erased entry for entry " +
                               std::to_string(idx));
      c.reset();
      auto& q = conn_->Prep("DELETE FROM payloads WHERE idx = ?");
      q.bind(1, idx);
      if (q.exec() != 1) return Status::NotFound("entry " + std::to_string(idx) + " has no payload");
      return Status::Ok();
    });
  }

  Status EraseAppealPersonalData(std::string_view appeal_id) override {
    return Guard("erase appeal", [&] {
      auto& p = conn_->Prep(
          "UPDATE persons SET surname = '', given_name = '', patronymic = '', birth_date = '', address = '', "
          "phone = '', id_document = '', search_key = '' WHERE id = (SELECT person_id FROM appeals WHERE id = ?)");
      p.bind(1, std::string(appeal_id));
      p.exec();
      auto& a = conn_->Prep("UPDATE appeals SET summary = '', verification_code = '', answer = '' WHERE id = ?");
      a.bind(1, std::string(appeal_id));
      a.exec();
      auto& f = conn_->Prep("UPDATE appeal_attachments SET name = '' WHERE appeal_id = ?");
      f.bind(1, std::string(appeal_id));
      f.exec();
      return Status::Ok();
    });
  }

  Status InsertSubmission(const SubmissionRow& s) override { return InsertSubmissionRow(*conn_, s); }
  Status UpdateSubmission(const SubmissionRow& s) override { return UpdateSubmissionRow(*conn_, s); }
  Status InsertClassifier(const std::vector<ClassifierRow>& rows) override { return InsertClassifierQ(*conn_, rows); }
  Status UpsertCrimeRecord(const CrimeRecordRow& r) override { return UpsertCrimeRecordQ(*conn_, r); }
  // Sign-in protection: see signin_store.cc.
  Status TouchSession(std::string_view token_hash, int64_t last_seen_ms) override {
    return TouchSessionQ(*conn_, token_hash, last_seen_ms);
  }
  Status DeleteUserSessions(std::string_view user_id) override { return DeleteUserSessionsQ(*conn_, user_id); }
  Status PutLoginGuard(const LoginGuardRow& g) override { return PutLoginGuardQ(*conn_, g); }
  Status PutTotp(const TotpRow& t) override { return PutTotpQ(*conn_, t); }
  Status DeleteTotp(std::string_view user_id) override { return DeleteTotpQ(*conn_, user_id); }
  Status PutTrip(const TripRow& t) override { return PutTripQ(*conn_, t); }
  Status PutTripStop(const TripStopRow& st) override { return PutTripStopQ(*conn_, st); }
  Status InsertTripAppeal(const TripAppealRow& a) override { return InsertTripAppealQ(*conn_, a); }
  // Fast verify (issue 19): see verify_store.cc.
  Status PutVerifyResult(const std::string& note) override { return PutVerifyResultQ(*conn_, note); }
  // Closing a department: see department_store.cc.
  Status CloseDepartment(std::string_view code, int64_t closed_at_ms, std::string_view successor,
                         std::string_view reason) override {
    return CloseDepartmentQ(*conn_, code, closed_at_ms, successor, reason);
  }
  // Video link: see video_store.cc.
  Status PutVideoMeeting(const VideoMeetingRow& m) override { return PutVideoMeetingQ(*conn_, m); }
  Status PutVideoAttendance(const VideoAttendanceRow& a) override { return PutVideoAttendanceQ(*conn_, a); }
  Status AddStats(const std::vector<StatDelta>& d) override { return AddStatsQ(*conn_, d); }  // issue 15
  // Persons and search (person_index.cc).
  Status IndexPerson(std::string_view person_id, const std::vector<std::string>& keys) override {
    return IndexPersonQ(*conn_, person_id, keys);
  }
  Status PutPersonRef(const PersonRefRow& r) override { return PutPersonRefQ(*conn_, r); }
  Status IndexPersons(const std::vector<PersonKeysRow>& rows) override {  // no round trips to save: row by row
    for (const auto& r : rows) SABT_RETURN_IF_ERROR(IndexPersonQ(*conn_, r.person_id, r.keys));
    return Status::Ok();
  }
  Status PutPersonRefs(const std::vector<PersonRefRow>& refs) override {
    for (const auto& r : refs) SABT_RETURN_IF_ERROR(PutPersonRefQ(*conn_, r));
    return Status::Ok();
  }
  Status SetPersonMaster(const std::vector<std::string>& person_ids, std::string_view master_id) override {
    return SetPersonMasterQ(*conn_, person_ids, master_id);
  }
  Status PutPersonMerge(const PersonMergeRow& m) override { return PutPersonMergeQ(*conn_, m); }
  Status PutRecordText(const RecordTextRow& r) override { return PutRecordTextQ(*conn_, r); }
  Status PutSyncRecord(std::string_view kind, std::string_view key, std::string_view value) override {
    return Guard("put sync record", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO sync_records(kind, key, value) VALUES (?,?,?) "
          "ON CONFLICT(kind, key) DO UPDATE SET value = excluded.value");
      q.bind(1, std::string(kind));
      q.bind(2, std::string(key));
      q.bind(3, std::string(value));
      q.exec();
      return Status::Ok();
    });
  }
  Status PutProgrammeRecord(std::string_view kind, std::string_view id, std::string_view value) override {
    return PutProgrammeRecordQ(*conn_, kind, id, value);
  }
  Status PutLocalState(std::string_view key, std::string_view value) override {
    return Guard("put local state", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO sync_local(key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
      q.bind(1, std::string(key));
      q.bind(2, std::string(value));
      q.exec();
      return Status::Ok();
    });
  }

  Status ClearProjections() override {
    return Guard("clear projections", [&] {
      // Children before parents (foreign keys).
      conn_->Exec("DELETE FROM crime_records; DELETE FROM classifier_articles; DELETE FROM submissions; "
                  "DELETE FROM appeal_flags; DELETE FROM appeal_attachments; "
                  "DELETE FROM appeals; DELETE FROM persons; DELETE FROM series_counters; "
                  "DELETE FROM sessions; DELETE FROM users; DELETE FROM reference_items; DELETE FROM departments; "
                  "DELETE FROM sync_records; DELETE FROM trip_appeals; DELETE FROM trip_stops; DELETE FROM trips; "
                  "DELETE FROM video_attendance; DELETE FROM video_meetings; "

                  "DELETE FROM stat_days; DELETE FROM stat_months; "

                  "DELETE FROM programme_records;");
      ClearPersonIndexQ(*conn_);  // persons and search (issue 16)
      return Status::Ok();
    });
  }

  Status PutAppealFlags(const AppealFlagsRow& f) override { return extra::PutAppealFlags(conn_, f); }
  Status MarkReferred(std::string_view appeal_id, std::string_view at) override {
    return extra::MarkReferred(conn_, appeal_id, at);
  }
  Status PutAttachmentBlob(const AttachmentBlob& b) override { return extra::PutAttachmentBlob(conn_, b); }
  Status InsertAppealAttachment(const AttachmentRow& a) override { return extra::InsertAppealAttachment(conn_, a); }
  Status DeleteAttachmentBlob(std::string_view sha256, int64_t purged_upto_idx) override {
    return extra::DeleteAttachmentBlob(conn_, sha256, purged_upto_idx);
  }
  // Evidence files under erasure (evidence_store.h).
  Status DeleteAppealAttachment(int64_t entry_idx) override { return DeleteAppealAttachmentQ(*conn_, entry_idx); }
  Status EraseAttachmentBlob(std::string_view sha256, int64_t erased_by) override {
    return EraseAttachmentBlobQ(*conn_, sha256, erased_by);
  }

  Status InsertSession(const SessionRow& s) override {
    return Guard("session", [&] {
      auto& q = conn_->Prep(
          "INSERT INTO sessions(token_hash, user_id, csrf, lang, created_ms, expires_ms, last_seen_ms, stage) "
          "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(token_hash) DO UPDATE SET lang = excluded.lang, "
          "expires_ms = excluded.expires_ms, last_seen_ms = excluded.last_seen_ms, stage = excluded.stage");
      q.bind(1, s.token_hash);
      q.bind(2, s.user_id);
      q.bind(3, s.csrf);
      q.bind(4, s.lang);
      q.bind(5, s.created_ms);
      q.bind(6, s.expires_ms);
      q.bind(7, s.last_seen_ms);
      q.bind(8, s.stage);
      q.exec();
      return Status::Ok();
    });
  }

  Status DeleteSession(std::string_view token_hash) override {
    return Guard("session", [&] {
      auto& q = conn_->Prep("DELETE FROM sessions WHERE token_hash = ?");
      q.bind(1, std::string(token_hash));
      q.exec();
      return Status::Ok();
    });
  }

  Status DeleteExpiredSessions(int64_t now_ms) override {
    return Guard("sessions", [&] {
      auto& q = conn_->Prep("DELETE FROM sessions WHERE expires_ms < ?");
      q.bind(1, now_ms);
      q.exec();
      return Status::Ok();
    });
  }

 private:
  SqliteStore* store_;
  bool done_ = false;
};

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const Options& opts) {
  std::unique_ptr<SqliteStore> s(new SqliteStore());
  s->opts_ = opts;
  auto w = Conn::Open(opts.path, true);
  if (!w.ok()) return w.status();
  s->writer_ = std::move(*w);
  SABT_RETURN_IF_ERROR(Migrate(*s->writer_));
  bool memory = opts.path.find("mode=memory") != std::string::npos;
  for (int i = 0; i < std::max(1, opts.readers); ++i) {
    // In-memory databases are shared through the cache; a read-only open is
    // not possible there, so readers open read-write but only read.
    auto r = Conn::Open(opts.path, memory);
    if (!r.ok()) return r.status();
    s->readers_.push_back(std::move(*r));
  }
  return s;
}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<ReadTx>> SqliteStore::Read() {
  std::unique_ptr<Conn> c;
  {
    std::unique_lock<std::mutex> lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return !readers_.empty(); });
    c = std::move(readers_.back());
    readers_.pop_back();
  }
  try {
    return std::unique_ptr<ReadTx>(new SqliteReadTx(this, std::move(c)));
  } catch (const std::exception& e) {
    return Status::Io(std::string("begin read: ") + e.what());
  }
}

void SqliteStore::ReturnReader(std::unique_ptr<Conn> c) {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    readers_.push_back(std::move(c));
  }
  pool_cv_.notify_one();
}

Result<std::unique_ptr<WriteTx>> SqliteStore::BeginWrite() {
  AcquireWriter();
  try {
    return std::unique_ptr<WriteTx>(new SqliteWriteTx(this, writer_.get()));
  } catch (const std::exception& e) {
    ReleaseWriter();
    return Status::Io(std::string("begin write: ") + e.what());
  }
}

void SqliteStore::AcquireWriter() {
  std::unique_lock<std::mutex> lock(writer_mu_);
  writer_cv_.wait(lock, [&] { return !writer_busy_; });
  writer_busy_ = true;
}

void SqliteStore::ReleaseWriter() {
  {
    std::lock_guard<std::mutex> lock(writer_mu_);
    writer_busy_ = false;
  }
  writer_cv_.notify_one();
}

}  // namespace sabt::store::sqlite
