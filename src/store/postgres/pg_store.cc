#include "store/postgres/pg_store.h"

#include "store/postgres/pg_evidence.h"
#include "store/postgres/pg_read.h"

namespace sabt::store::postgres {
namespace {

// pg_advisory_xact_lock key held by every write transaction ("Sabt", 1).
constexpr int64_t kJournalLock = 0x5361627400000001;

class PgReadTx : public ReadImpl<ReadTx> {
 public:
  // Takes ownership of conn only once constructed: if BEGIN throws, the
  // caller still owns it and returns it to the pool.
  PgReadTx(PostgresStore* store, Conn* conn) : ReadImpl<ReadTx>(conn), store_(store) {
    tx_->exec0("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  ~PgReadTx() override {
    try {
      tx_->exec0("ROLLBACK");  // read only: nothing to keep
    } catch (const std::exception&) {
      conn_->MarkBroken();  // unknown state: reconnect before the next use
    }
    tx_.reset();
    store_->ReturnReader(std::unique_ptr<Conn>(conn_));
  }

 private:
  PostgresStore* store_;
};

class PgWriteTx : public ReadImpl<WriteTx>, public VideoWrites, public StatsWriter,
                  public VerifyWrites,        // fast verify (issue 19)
                  public PersonBatchWrites {  // person search (issue 16)
 public:
  PgWriteTx(PostgresStore* store, Conn* conn) : ReadImpl<WriteTx>(conn), store_(store) {}
  ~PgWriteTx() override {
    if (!done_) {
      try {
        tx_->exec0("ROLLBACK");
      } catch (const std::exception&) {
        conn_->MarkBroken();
      }
    }
    tx_.reset();
    store_->ReleaseWriter();
  }

  Status Savepoint() override {
    return Run("savepoint", [&] {
      tx_->exec0("SAVEPOINT cmd");
      return Status::Ok();
    });
  }
  Status ReleaseSavepoint() override {
    return Run("release", [&] {
      tx_->exec0("RELEASE SAVEPOINT cmd");
      return Status::Ok();
    });
  }
  Status RollbackToSavepoint() override {
    return Run("rollback to", [&] {
      tx_->exec0("ROLLBACK TO SAVEPOINT cmd");
      tx_->exec0("RELEASE SAVEPOINT cmd");
      failed_ = false;  // the failed statement's effects are gone
      return Status::Ok();
    });
  }
  Status Commit() override {
    // PostgreSQL answers COMMIT of an aborted transaction with a silent
    // ROLLBACK, so a statement that failed outside a rolled-back savepoint
    // must be caught here.
    if (failed_)
      return Status::Io("commit: a statement of this transaction failed; it is rolled back instead");
    return Run("commit", [&]() -> Status {
      done_ = true;  // whatever happens next, the transaction is over
      tx_->exec0("COMMIT");
      return Status::Ok();
    });
  }

  Result<int64_t> NextNumber(std::string_view series, int year) override {
    return Run("next number", [&]() -> Result<int64_t> {
      return tx_->exec_prepared1("next_number", std::string(series), year)[0].as<int64_t>();
    });
  }

  Status AdvanceSeries(std::string_view series, int year, int64_t n) override {
    return Run("advance series", [&] {
      tx_->exec_prepared0("advance_series", std::string(series), year, n);
      return Status::Ok();
    });
  }

  Status AppendEntry(const EntryRow& e, const PayloadRow* payload) override {
    return Run("append entry", [&] {
      tx_->exec_prepared0("append_entry", e.idx, e.origin, e.seq, e.kind, e.subject, e.at, Bytes(e.entry),
                          Bytes(e.leaf_hash));
      if (payload)
        tx_->exec_prepared0("insert_payload", payload->idx, Bytes(payload->salt), Bytes(payload->body));
      return Status::Ok();
    });
  }

  Status PutMerkleNode(int level, int64_t idx, const Hash& h) override {
    return Run("merkle node", [&] {
      tx_->exec_prepared0("put_merkle_node", level, idx, Bytes(h));
      return Status::Ok();
    });
  }

  Status PutTreeHead(const TreeHead& h) override {
    return Run("tree head", [&] {
      tx_->exec_prepared0("put_tree_head", h.size, Bytes(h.root), h.at);
      return Status::Ok();
    });
  }

  Status UpsertDepartment(const domain::Department& d) override {
    return Run("department", [&] {
      const char* parent = d.parent.empty() ? nullptr : d.parent.c_str();  // NULL when empty
      tx_->exec_prepared0("upsert_department", d.code, parent, std::string(domain::DepartmentKindId(d.kind)),
                          d.name_tg, d.name_ru, d.name_en);
      return Status::Ok();
    });
  }

  Status ReplaceReference(std::string_view list, const std::vector<ReferenceItem>& items) override {
    return Run("reference", [&] {
      std::string l(list);
      tx_->exec_prepared0("delete_reference", l);
      for (const auto& r : items) {
        tx_->exec_prepared0("insert_reference", l, r.code, r.name_tg, r.name_ru, r.name_en,
                            r.extra.empty() ? std::string("{}") : r.extra, r.position);
      }
      return Status::Ok();
    });
  }

  Status UpsertUser(const UserRow& u) override {
    return Run("user", [&] {
      tx_->exec_prepared0("upsert_user", u.id, u.username, u.role, u.department, u.display_name, u.password_hash,
                          u.disabled ? 1 : 0);
      return Status::Ok();
    });
  }

  Status UpsertPerson(const PersonRow& p) override {
    return Run("person", [&] {
      tx_->exec_prepared0("upsert_person", p.id, p.surname, p.given_name, p.patronymic, p.birth_date, p.address,
                          p.phone, p.id_document, p.search_key);
      return Status::Ok();
    });
  }

  Status InsertAppeal(const AppealRow& a) override {
    return Run("appeal", [&] {
      tx_->exec_prepared0("insert_appeal", a.id, a.number, a.series, a.year, a.n, a.department, a.channel,
                          a.category, a.status, a.received_at, a.registered_at, a.registered_by, a.person_id,
                          a.summary, a.verification_code, a.entry_idx, a.due_day);
      return Status::Ok();
    });
  }

  Status UpdateAppealLife(const AppealRow& a) override {
    return Run("appeal life", [&]() -> Status {
      pqxx::result r = tx_->exec_prepared("update_appeal_life", a.status, a.assigned_to, a.due_day, a.extended,
                                          a.answer, a.closed_at, a.id);
      if (r.affected_rows() != 1) return Status::NotFound("no appeal " + a.id);
      return Status::Ok();
    });
  }

  Status PutCheckpoint(const CheckpointRow& c) override {
    return Run("checkpoint", [&] {
      tx_->exec_prepared0("put_checkpoint", c.size, Bytes(c.root), c.note, c.at);
      return Status::Ok();
    });
  }

  Status PutWitnessState(const WitnessStateRow& w) override {
    return Run("witness state", [&] {
      tx_->exec_prepared0("put_witness_state", w.origin, w.size, Bytes(w.root), w.note, w.at);
      return Status::Ok();
    });
  }

  // The application role may not delete from payloads (least privilege):
  // the owner's SECURITY DEFINER function checks the erasure entry and
  // deletes the row (migration 20261128_0008_erasure.sql).
  Status DeletePayload(int64_t idx, int64_t erased_by) override {
    return Run("erase payload", [&] {
      tx_->exec_prepared("erase_payload", idx, erased_by);
      return Status::Ok();
    });
  }

  Status EraseAppealPersonalData(std::string_view appeal_id) override {
    return Run("erase appeal", [&] {
      std::string id(appeal_id);
      tx_->exec_prepared0("erase_person", id);
      tx_->exec_prepared0("erase_appeal", id);
      tx_->exec_prepared0("erase_attachment_names", id);
      return Status::Ok();
    });
  }

  Status InsertSubmission(const SubmissionRow& s) override {
    return Run("insert submission", [&] {
      InsertSubmissionRow(*tx_, s);
      return Status::Ok();
    });
  }
  Status UpdateSubmission(const SubmissionRow& s) override {
    return Run("update submission", [&]() -> Status {
      if (!UpdateSubmissionRow(*tx_, s)) return Status::NotFound("no submission " + s.id);
      return Status::Ok();
    });
  }
  Status PutAppealFlags(const AppealFlagsRow& f) override {
    return Run("appeal flags", [&] { return extra::PutAppealFlags(*tx_, f); });
  }
  Status MarkReferred(std::string_view appeal_id, std::string_view at) override {
    return Run("mark referred", [&] { return extra::MarkReferred(*tx_, appeal_id, at); });
  }
  Status PutAttachmentBlob(const AttachmentBlob& b) override {
    return Run("attachment blob", [&] { return extra::PutAttachmentBlob(*tx_, b); });
  }
  Status InsertAppealAttachment(const AttachmentRow& a) override {
    return Run("appeal attachment", [&] { return extra::InsertAppealAttachment(*tx_, a); });
  }
  // Evidence files under erasure (pg_evidence.h).
  Status DeleteAppealAttachment(int64_t entry_idx) override {
    return Run("erase attachment row", [&] {
      PgDeleteAppealAttachment(*tx_, entry_idx);
      return Status::Ok();
    });
  }
  Status EraseAttachmentBlob(std::string_view sha256, int64_t erased_by) override {
    return Run("erase attachment bytes", [&] {
      PgEraseAttachmentBlob(*tx_, sha256, erased_by);
      return Status::Ok();
    });
  }
  Status InsertClassifier(const std::vector<ClassifierRow>& rows) override {
    return Run("classifier", [&] {
      PgInsertClassifier(*tx_, rows);
      return Status::Ok();
    });
  }

  Status UpsertCrimeRecord(const CrimeRecordRow& r) override {
    return Run("crime record", [&] {
      PgUpsertCrimeRecord(*tx_, r);
      return Status::Ok();
    });
  }
  // Sign-in protection: see pg_signin.cc.
  Status TouchSession(std::string_view token_hash, int64_t last_seen_ms) override {
    return Run("touch session", [&] {
      PgTouchSession(*tx_, token_hash, last_seen_ms);
      return Status::Ok();
    });
  }
  Status DeleteUserSessions(std::string_view user_id) override {
    return Run("user sessions", [&] {
      PgDeleteUserSessions(*tx_, user_id);
      return Status::Ok();
    });
  }
  Status PutLoginGuard(const LoginGuardRow& g) override {
    return Run("put login guard", [&] {
      PgPutLoginGuard(*tx_, g);
      return Status::Ok();
    });
  }
  Status PutTotp(const TotpRow& t) override {
    return Run("put totp", [&] {
      PgPutTotp(*tx_, t);
      return Status::Ok();
    });
  }
  Status DeleteTotp(std::string_view user_id) override {
    return Run("delete totp", [&] {
      PgDeleteTotp(*tx_, user_id);
      return Status::Ok();
    });
  }
  Status PutTrip(const TripRow& t) override {
    return Run("put trip", [&] {
      PgPutTrip(*tx_, t);
      return Status::Ok();
    });
  }
  Status PutTripStop(const TripStopRow& st) override {
    return Run("put trip stop", [&] {
      PgPutTripStop(*tx_, st);
      return Status::Ok();
    });
  }
  Status InsertTripAppeal(const TripAppealRow& a) override {
    return Run("trip appeal", [&] {
      PgInsertTripAppeal(*tx_, a);
      return Status::Ok();
    });
  }
  // Fast verify (issue 19): see pg_verify.cc.
  Status PutVerifyResult(const std::string& note) override {
    return Run("put verify result", [&] {
      PgPutVerifyResult(*tx_, note);
      return Status::Ok();
    });
  }
  // Closing a department: see pg_departments.cc.
  Status CloseDepartment(std::string_view code, int64_t closed_at_ms, std::string_view successor,
                         std::string_view reason) override {
    return Run("close department", [&] {
      if (PgCloseDepartment(*tx_, code, closed_at_ms, successor, reason) != 1)
        return Status::NotFound("no department '" + std::string(code) + "'");
      return Status::Ok();
    });
  }
  // Video link: see pg_video.cc.
  Status PutVideoMeeting(const VideoMeetingRow& m) override {
    return Run("put video meeting", [&] {
      PgPutVideoMeeting(*tx_, m);
      return Status::Ok();
    });
  }
  Status PutVideoAttendance(const VideoAttendanceRow& a) override {
    return Run("put video attendance", [&] {
      PgPutVideoAttendance(*tx_, a);
      return Status::Ok();
    });
  }
  Status AddStats(const std::vector<StatDelta>& d) override {  // statistics (issue 15)
    return Run("add stats", [&] {
      PgAddStats(*tx_, d);
      return Status::Ok();
    });
  }
  // Persons and search (pg_person_index.cc).
  Status IndexPerson(std::string_view person_id, const std::vector<std::string>& keys) override {
    return IndexPersons({{std::string(person_id), keys}});
  }
  Status PutPersonRef(const PersonRefRow& r) override { return PutPersonRefs({r}); }
  Status IndexPersons(const std::vector<PersonKeysRow>& rows) override {
    return Run("index persons", [&] {
      PgIndexPersons(*tx_, rows);
      return Status::Ok();
    });
  }
  Status PutPersonRefs(const std::vector<PersonRefRow>& refs) override {
    return Run("person refs", [&] {
      PgPutPersonRefs(*tx_, refs);
      return Status::Ok();
    });
  }
  Status SetPersonMaster(const std::vector<std::string>& person_ids, std::string_view master_id) override {
    return Run("set person master", [&] {
      PgSetPersonMaster(*tx_, person_ids, master_id);
      return Status::Ok();
    });
  }
  Status PutPersonMerge(const PersonMergeRow& m) override {
    return Run("person merge", [&] {
      PgPutPersonMerge(*tx_, m);
      return Status::Ok();
    });
  }
  Status PutRecordText(const RecordTextRow& r) override {
    return Run("record text", [&] {
      PgPutRecordText(*tx_, r);
      return Status::Ok();
    });
  }
  Status PutSyncRecord(std::string_view kind, std::string_view key, std::string_view value) override {
    return Run("put sync record", [&] {
      tx_->exec_prepared0("put_sync_record", std::string(kind), std::string(key), std::string(value));
      return Status::Ok();
    });
  }
  Status PutProgrammeRecord(std::string_view kind, std::string_view id, std::string_view value) override {
    return Run("put programme record", [&] {
      PgPutProgrammeRecord(*tx_, kind, id, value);
      return Status::Ok();
    });
  }
  Status PutLocalState(std::string_view key, std::string_view value) override {
    return Run("put local state", [&] {
      tx_->exec_prepared0("put_local_state", std::string(key), std::string(value));
      return Status::Ok();
    });
  }

  Status ClearProjections() override {
    return Run("clear projections", [&] {
      SABT_RETURN_IF_ERROR(extra::ClearExtraProjections(*tx_));
      PgClearTrips(*tx_);
      PgClearVideo(*tx_);  // video link
      PgClearStats(*tx_);  // statistics (issue 15)
      PgClearProgramme(*tx_);
      PgClearPersonIndex(*tx_);  // persons and search (issue 16)
      // Children before parents (foreign keys).
      for (const char* s : {"clear_crime_records", "clear_classifier_articles", "clear_submissions", "clear_appeals",
                            "clear_persons", "clear_series_counters", "clear_sessions", "clear_users",
                            "clear_reference_items", "clear_departments", "clear_sync_records"})
        tx_->exec_prepared0(s);
      return Status::Ok();
    });
  }

  Status InsertSession(const SessionRow& s) override {
    return Run("session", [&] {
      tx_->exec_prepared0("insert_session", s.token_hash, s.user_id, s.csrf, s.lang, s.created_ms, s.expires_ms,
                          s.last_seen_ms, s.stage);
      return Status::Ok();
    });
  }

  Status DeleteSession(std::string_view token_hash) override {
    return Run("session", [&] {
      tx_->exec_prepared0("delete_session", std::string(token_hash));
      return Status::Ok();
    });
  }

  Status DeleteExpiredSessions(int64_t now_ms) override {
    return Run("sessions", [&] {
      tx_->exec_prepared0("delete_expired_sessions", now_ms);
      return Status::Ok();
    });
  }

  // BEGIN, then the standby check and the journal lock in one round trip.
  // Returns true on a standby (the transaction is then rolled back).
  bool Begin() {
    tx_->exec0("BEGIN");
    bool standby = tx_->exec_prepared1("begin_write_check", kJournalLock)[0].as<bool>();
    return standby;
  }

 private:
  PostgresStore* store_;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const Options& opts) {
  std::unique_ptr<PostgresStore> s(new PostgresStore());
  s->opts_ = opts;
  auto w = Conn::Open(opts.url, /*prepare=*/true);
  if (!w.ok()) return w.status();
  s->writer_ = std::move(*w);
  if (opts.owner_url.empty()) {
    SABT_RETURN_IF_ERROR(Migrate(*s->writer_, *s->writer_));
  } else {
    auto owner = Conn::Open(opts.owner_url, /*prepare=*/false);
    if (!owner.ok()) return owner.status();
    SABT_RETURN_IF_ERROR(Migrate(**owner, *s->writer_));
  }
  Status st = Guard(s->writer_.get(), "recovery check", [&] {
    pqxx::nontransaction q(s->writer_->raw());
    s->read_only_ = q.exec_prepared1("in_recovery")[0].as<bool>();
    s->opened_on_standby_ = s->read_only_;
    return Status::Ok();
  });
  SABT_RETURN_IF_ERROR(st);
  for (int i = 0; i < std::max(1, opts.readers); ++i) {
    auto r = Conn::Open(opts.url, /*prepare=*/true);
    if (!r.ok()) return r.status();
    s->readers_.push_back(std::move(*r));
  }
  return s;
}

PostgresStore::~PostgresStore() = default;

Status PostgresStore::PurgeDeleted() {
  if (read_only_) return Status::Ok();
  // VACUUM needs the table owner and cannot run inside a transaction block.
  auto c = Conn::Open(opts_.owner_url.empty() ? opts_.url : opts_.owner_url, /*prepare=*/false);
  if (!c.ok()) return c.status();
  return Guard(c->get(), "vacuum payloads", [&] {
    pqxx::nontransaction q((*c)->raw());
    q.exec0("VACUUM payloads");
    q.exec0("VACUUM attachments");  // the bytes of an erased attachment
    q.exec0("VACUUM record_texts, person_keys");  // the search index's dead rows (persons-and-search.md §7)
    return Status::Ok();
  });
}

Result<std::optional<std::string>> PostgresStore::RoleMayRewriteJournal() {
  auto c = Conn::Open(opts_.url, /*prepare=*/false);
  if (!c.ok()) return c.status();
  std::optional<std::string> out;
  Status st = Guard(c->get(), "role check", [&] {
    pqxx::nontransaction q((*c)->raw());
    auto r = q.exec1(
        "SELECT current_user::text, has_table_privilege('journal', 'UPDATE') OR "
        "has_table_privilege('journal', 'DELETE') OR has_table_privilege('journal', 'TRUNCATE')");
    if (r[1].as<bool>()) out = r[0].as<std::string>();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::unique_ptr<ReadTx>> PostgresStore::Read() {
  std::unique_ptr<Conn> c;
  {
    std::unique_lock<std::mutex> lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return !readers_.empty(); });
    c = std::move(readers_.back());
    readers_.pop_back();
  }
  Status st = c->EnsureOpen();
  if (!st.ok()) {
    ReturnReader(std::move(c));
    return st;
  }
  std::unique_ptr<ReadTx> out;
  Status begin = Guard(c.get(), "begin read", [&]() -> Status {
    auto tx = std::make_unique<PgReadTx>(this, c.get());
    c.release();  // now owned by tx, which hands it back when destroyed
    out = std::move(tx);
    return Status::Ok();
  });
  if (!begin.ok()) {
    c->MarkBroken();
    ReturnReader(std::move(c));
    return begin;
  }
  return out;
}

void PostgresStore::ReturnReader(std::unique_ptr<Conn> c) {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    readers_.push_back(std::move(c));
  }
  pool_cv_.notify_one();
}

Result<std::unique_ptr<WriteTx>> PostgresStore::BeginWrite() {
  {
    std::unique_lock<std::mutex> lock(writer_mu_);
    writer_cv_.wait(lock, [&] { return !writer_busy_; });
    writer_busy_ = true;
  }
  Status st = writer_->EnsureOpen();
  if (!st.ok()) {
    ReleaseWriter();
    return st;
  }
  std::unique_ptr<PgWriteTx> tx;
  try {
    tx = std::make_unique<PgWriteTx>(this, writer_.get());
  } catch (const std::exception& e) {
    ReleaseWriter();
    return Status::Io(std::string("begin write: ") + e.what());
  }
  // From here on, destroying tx rolls back and releases the writer.
  bool standby = false;
  st = Guard(writer_.get(), "begin write", [&] {
    standby = tx->Begin();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (opened_on_standby_)
    return Status::Unavailable(std::string(kReadOnlyRefusal) +
                               (standby ? ": the database is in recovery, so writes must go to the primary"
                                        : " until restarted: its database was promoted after the node started"));
  read_only_ = standby;
  if (standby)
    return Status::Unavailable(std::string(kReadOnlyRefusal) +
                               ": the database is in recovery, so writes must go to the primary");
  return std::unique_ptr<WriteTx>(std::move(tx));
}

void PostgresStore::ReleaseWriter() {
  {
    std::lock_guard<std::mutex> lock(writer_mu_);
    writer_busy_ = false;
  }
  writer_cv_.notify_one();
}

}  // namespace sabt::store::postgres
