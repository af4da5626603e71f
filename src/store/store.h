// The storage interface. Two backends implement it: sqlite/ (embedded
// default) and postgres/ (central server). SQL exists only under src/store/.
//
// Contract:
//  * ReadTx sees a consistent snapshot; it may be used by one thread at a time.
//  * WriteTx is the single writing transaction. Only the writer thread
//    (app/writer.h) opens one. Savepoints nest one level: the writer puts each
//    command under its own savepoint so one bad command leaves its batch
//    neighbours intact. Nothing is visible to readers, and nothing may be
//    acknowledged to a client, before Commit() returns OK; Commit() returns
//    only once the transaction is durable.
//  * A WriteTx destroyed without Commit() rolls back.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/department.h"
#include "domain/department_close.h"
#include "store/journal_search.h"
#include "store/person_rows.h"
#include "store/rows.h"
#include "util/status.h"

namespace sabt::store {

// Projected tables compared by `sabt verify` against a replay.
const std::vector<std::string>& ProjectionTables();

class ReadTx {
 public:
  virtual ~ReadTx() = default;

  virtual Result<std::vector<domain::Department>> Departments() = 0;
  virtual Result<std::vector<ReferenceItem>> Reference(std::string_view list) = 0;

  virtual Result<std::optional<UserRow>> UserByUsername(std::string_view username) = 0;
  virtual Result<std::optional<UserRow>> UserById(std::string_view id) = 0;
  virtual Result<std::vector<UserRow>> Users() = 0;
  virtual Result<std::optional<SessionRow>> Session(std::string_view token_hash) = 0;
  // Sign-in protection (issue 13 item 7): failure counts, locks, second factors.
  virtual Result<std::optional<LoginGuardRow>> LoginGuard(std::string_view user_id) {
    (void)user_id;
    return Unsupported();
  }
  // Accounts whose lock ends after now_ms.
  virtual Result<std::vector<LoginGuardRow>> LockedAccounts(int64_t now_ms) {
    (void)now_ms;
    return Unsupported();
  }
  virtual Result<std::optional<TotpRow>> Totp(std::string_view user_id) {
    (void)user_id;
    return Unsupported();
  }

  virtual Result<std::optional<AppealRow>> Appeal(std::string_view id) = 0;
  // Appeals registered in any of `departments`, newest "received at" first.
  virtual Result<AppealPage> Appeals(const std::vector<std::string>& departments, int64_t offset,
                                     int64_t limit) = 0;
  virtual Result<std::optional<PersonRow>> Person(std::string_view id) = 0;
  virtual Result<std::optional<PersonRow>> PersonByDocument(std::string_view id_document) = 0;

  // Journal.
  virtual Result<TreeHead> LatestTreeHead() = 0;  // size 0 and empty root when empty
  virtual Result<std::vector<TreeHead>> TreeHeads() = 0;
  virtual Result<int64_t> JournalSize() = 0;
  virtual Result<int64_t> LastSeq(std::string_view origin) = 0;
  virtual Result<std::optional<EntryRow>> Entry(int64_t idx) = 0;
  virtual Result<std::optional<PayloadRow>> Payload(int64_t idx) = 0;
  // Calls fn for entries [from, end) in order; fn returning non-OK stops the scan with that status.
  virtual Status ScanJournal(int64_t from,
                             const std::function<Status(const EntryRow&, const PayloadRow*)>& fn) = 0;
  virtual Result<std::optional<Hash>> MerkleNode(int level, int64_t idx) = 0;
  virtual Status ScanMerkleNodes(const std::function<Status(int level, int64_t idx, const Hash&)>& fn) = 0;
  // Rows of a projection table, ordered by primary key, each as a JSON array
  // text whose first element is the key. Used by verify.
  virtual Result<std::vector<std::string>> TableRows(std::string_view table) = 0;
  virtual Result<std::vector<std::pair<std::string, int64_t>>> SeriesGaps() = 0;  // (series/year, missing n)

  // Checkpoints and witness state (docs/verification.md). Backends that
  // predate them answer kUnavailable.
  virtual Result<std::optional<CheckpointRow>> LatestCheckpoint() { return Unsupported(); }
  virtual Result<std::optional<CheckpointRow>> CheckpointAt(int64_t size) { (void)size; return Unsupported(); }
  virtual Result<std::vector<CheckpointRow>> Checkpoints() { return Unsupported(); }
  virtual Result<std::optional<WitnessStateRow>> WitnessState(std::string_view origin) {
    (void)origin;
    return Unsupported();
  }
  // Every witness state row, ordered by origin (for `sabt migrate`).
  virtual Result<std::vector<WitnessStateRow>> WitnessStates() { return Unsupported(); }
  // Journal headers of one record, oldest first (an appeal's history).
  virtual Result<std::vector<EntryRow>> EntriesBySubject(std::string_view subject) {
    (void)subject;
    return Unsupported();
  }
  virtual Result<std::optional<AppealRow>> AppealByNumber(std::string_view number) {
    (void)number;
    return Unsupported();
  }
  // Online submissions (the queue of the public form).
  virtual Result<std::optional<SubmissionRow>> Submission(std::string_view id) {
    (void)id;
    return Unsupported();
  }
  // Submissions for any of `departments` with `status` ("" = any), oldest first.
  virtual Result<std::vector<SubmissionRow>> Submissions(const std::vector<std::string>& departments,
                                                         std::string_view status, int64_t limit) {
    (void)departments, (void)status, (void)limit;
    return Unsupported();
  }
  // Submission oversight (issue 13): in `departments`, submissions rejected,
  // or still queued after accept_due < `now`, or with an annulled rejection;
  // newest first, at most `limit`. And the same three counts per department.
  virtual Result<std::vector<SubmissionRow>> SubmissionWatch(const std::vector<std::string>& departments,
                                                             const std::string& now, int64_t limit) {
    (void)departments, (void)now, (void)limit;
    return Unsupported();
  }
  virtual Result<std::vector<SubmissionCount>> SubmissionWatchCounts(const std::vector<std::string>& departments,
                                                                     const std::string& now) {
    (void)departments, (void)now;
    return Unsupported();
  }
  // The submission with this ONL reference (the citizen's check).
  virtual Result<std::optional<SubmissionRow>> SubmissionByReference(std::string_view reference) {
    (void)reference;
    return Unsupported();
  }

  // Appeal lists with filters (AppealFilter), newest "received at" first,
  // and count tables of the same filter grouped by assignee or department.
  virtual Result<AppealPage> FilteredAppeals(const AppealFilter& f, int64_t offset, int64_t limit) {
    (void)f, (void)offset, (void)limit;
    return Unsupported();
  }
  virtual Result<std::vector<GroupCount>> CountByOfficer(const AppealFilter& f) { (void)f; return Unsupported(); }
  virtual Result<std::vector<GroupCount>> CountByDepartment(const AppealFilter& f) { (void)f; return Unsupported(); }
  // The concealment guard's oversight list at time `now` (RFC 3339 UTC):
  // "crime signs" appeals not referred by refer_due, and "no crime" appeals
  // with a keyword hit that were not referred.
  virtual Result<WatchPage> CrimeWatch(const std::vector<std::string>& departments, const std::string& now,
                                       int64_t offset, int64_t limit) {
    (void)departments, (void)now, (void)offset, (void)limit;
    return Unsupported();
  }
  virtual Result<std::optional<AppealFlagsRow>> AppealFlags(std::string_view appeal_id) {
    (void)appeal_id;
    return Unsupported();
  }
  // Appeals of one person registered in any of `departments`.
  virtual Result<std::vector<AppealRow>> AppealsOfPerson(std::string_view person_id,
                                                         const std::vector<std::string>& departments) {
    (void)person_id, (void)departments;
    return Unsupported();
  }
  virtual Result<std::vector<AttachmentRow>> Attachments(std::string_view appeal_id) {
    (void)appeal_id;
    return Unsupported();
  }
  // `sabt migrate`: the SHA-256 of every stored file, in order.
  virtual Result<std::vector<std::string>> AttachmentHashes() { return Unsupported(); }
  virtual Result<std::optional<AttachmentBlob>> AttachmentData(std::string_view sha256) {
    (void)sha256;
    return Unsupported();
  }

  // Crime register (issue #4). The highest classifier version (0 when none)
  // and the articles of one version.
  virtual Result<int64_t> ClassifierVersion() { return Unsupported(); }
  virtual Result<std::vector<ClassifierRow>> ClassifierArticles(int64_t version) {
    (void)version;
    return Unsupported();
  }
  virtual Result<std::optional<CrimeRecordRow>> CrimeRecord(std::string_view id) {
    (void)id;
    return Unsupported();
  }
  // Newest registering entry first.
  virtual Result<std::vector<CrimeRecordRow>> CrimeRecords(const CrimeQuery& q) {
    (void)q;
    return Unsupported();
  }
  // Trip log (docs/journal-format.md §4.4). Trips of any of `units`,
  // newest start first, with their counts of stops and appeals.
  virtual Result<std::vector<TripRow>> Trips(const std::vector<std::string>& units, int64_t limit) {
    (void)units, (void)limit;
    return Unsupported();
  }
  virtual Result<std::optional<TripRow>> Trip(std::string_view id) {
    (void)id;
    return Unsupported();
  }
  // The unit's trip without an end, if any.
  virtual Result<std::optional<TripRow>> OpenTrip(std::string_view unit) {
    (void)unit;
    return Unsupported();
  }
  // Stops of a trip in the order they started, with their counts of appeals.
  virtual Result<std::vector<TripStopRow>> TripStops(std::string_view trip_id) {
    (void)trip_id;
    return Unsupported();
  }
  // Appeals linked to the stops of a trip, by stop then number.
  virtual Result<std::vector<TripAppealRow>> TripAppeals(std::string_view trip_id) {
    (void)trip_id;
    return Unsupported();
  }
  // Sync (docs/sync-protocol.md). The entry of (origin, seq), if stored.
  virtual Result<std::optional<EntryRow>> EntryByOriginSeq(std::string_view origin, int64_t seq) {
    (void)origin, (void)seq;
    return Unsupported();
  }
  // Projection `sync_records`: JSON documents by (kind, key), e.g. devices
  // and enrolments on a parent. Values are canonical JSON text.
  virtual Result<std::optional<std::string>> SyncRecord(std::string_view kind, std::string_view key) {
    (void)kind, (void)key;
    return Unsupported();
  }
  virtual Result<std::vector<std::pair<std::string, std::string>>> SyncRecords(std::string_view kind) {
    (void)kind;
    return Unsupported();
  }
  // Reform programme and equipment register (docs/programme.md §1): JSON
  // documents by (kind, id), canonical JSON text; a kind's records by id.
  virtual Result<std::optional<std::string>> ProgrammeRecord(std::string_view kind, std::string_view id) {
    (void)kind, (void)id;
    return Unsupported();
  }
  virtual Result<std::vector<std::pair<std::string, std::string>>> ProgrammeRecords(std::string_view kind) {
    (void)kind;
    return Unsupported();
  }
  // Operational (not journaled) node-local sync state, e.g. the child's link
  // to its parent and the last acknowledgement.
  virtual Result<std::optional<std::string>> LocalState(std::string_view key) {
    (void)key;
    return Unsupported();
  }
  // Auditor's journal viewer (issue 14): see store/journal_search.h.
  virtual Result<std::vector<JournalHit>> SearchJournal(const JournalFilter& f) {
    (void)f;
    return Unsupported();
  }

  // --- Persons and search (issue 16; docs/persons-and-search.md) ---------
  // Person rows having any of `keys` (person_keys), with their masters; at most `limit`.
  virtual Result<std::vector<PersonHit>> PersonsByKeys(const std::vector<std::string>& keys, int64_t limit) {
    (void)keys, (void)limit;
    return Unsupported();
  }
  // The master of a person row (empty when the row is not indexed).
  virtual Result<std::optional<std::string>> PersonMasterOf(std::string_view person_id) {
    (void)person_id;
    return Unsupported();
  }
  // The rows linked to a master, by id.
  virtual Result<std::vector<PersonRow>> PersonsOfMaster(std::string_view master_id) {
    (void)master_id;
    return Unsupported();
  }
  // Refs of any of `person_ids` in any of `departments`, newest first.
  virtual Result<std::vector<PersonRefRow>> PersonRefs(const std::vector<std::string>& person_ids,
                                                       const std::vector<std::string>& departments) {
    (void)person_ids, (void)departments;
    return Unsupported();
  }
  virtual Result<std::optional<PersonMergeRow>> PersonMergeAt(int64_t entry_idx) {
    (void)entry_idx;
    return Unsupported();
  }
  // Merges into `master_id` that are not undone, newest first.
  virtual Result<std::vector<PersonMergeRow>> PersonMergesInto(std::string_view master_id) {
    (void)master_id;
    return Unsupported();
  }
  // Appeals and crime records of `departments` by number (case-insensitive).
  virtual Result<std::vector<RecordHit>> RecordsByNumber(std::string_view number,
                                                         const std::vector<std::string>& departments) {
    (void)number, (void)departments;
    return Unsupported();
  }
  // Full text (§6): `words` are folded by SearchKey and matched as prefixes, all of them.
  virtual Result<std::vector<RecordHit>> RecordsByText(const std::vector<std::string>& words,
                                                       const std::vector<std::string>& departments, int64_t limit) {
    (void)words, (void)departments, (void)limit;
    return Unsupported();
  }
  // --- end persons and search ---

  // --- Closing a department (deptclose; docs/api.md "Closing a department") ---
  // What still lives in department `code` (not its subtree): open appeals,
  // queued submissions, open crime records (and transfers waiting for it),
  // active users.
  virtual Result<domain::DepartmentLoad> DepartmentLoadOf(std::string_view code) {
    (void)code;
    return Unsupported();
  }
  // --- end closing a department ---

 protected:
  static Status Unsupported() { return Status::Unavailable("not supported by this storage backend"); }
};

class WriteTx : public ReadTx {
 public:
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual Status RollbackToSavepoint() = 0;
  virtual Status Commit() = 0;

  // Allocates the next number of (series, year), inside this transaction.
  virtual Result<int64_t> NextNumber(std::string_view series, int year) = 0;
  // Raises the counter to at least n (replay and projection of a known number).
  virtual Status AdvanceSeries(std::string_view series, int year, int64_t n) = 0;

  virtual Status AppendEntry(const EntryRow& e, const PayloadRow* payload) = 0;
  virtual Status PutMerkleNode(int level, int64_t idx, const Hash& h) = 0;
  virtual Status PutTreeHead(const TreeHead& h) = 0;

  virtual Status UpsertDepartment(const domain::Department& d) = 0;
  virtual Status ReplaceReference(std::string_view list, const std::vector<ReferenceItem>& items) = 0;
  virtual Status UpsertUser(const UserRow& u) = 0;
  virtual Status UpsertPerson(const PersonRow& p) = 0;
  virtual Status InsertAppeal(const AppealRow& a) = 0;

  // Writes the lifecycle fields (status, assigned_to, due_day, extended,
  // answer, closed_at) of an existing appeal.
  virtual Status UpdateAppealLife(const AppealRow& a) { (void)a; return Unsupported(); }
  virtual Status PutCheckpoint(const CheckpointRow& c) { (void)c; return Unsupported(); }
  virtual Status PutWitnessState(const WitnessStateRow& w) { (void)w; return Unsupported(); }
  // Erasure: removes the payload row (data and salt) of entry idx. Entry
  // erased_by must already be in the journal, in this transaction: a
  // `payload.erased` entry whose data names idx and its kind. Both backends
  // check this; on PostgreSQL the check and the delete run in the owner's
  // SECURITY DEFINER function sabt_erase_payload(), the only way the
  // application role can remove a payload (docs/security.md).
  virtual Status DeletePayload(int64_t idx, int64_t erased_by) {
    (void)idx;
    (void)erased_by;
    return Unsupported();
  }
  // Blanks the personal fields of an appeal and, when no other appeal still
  // carries them, of its person (projection of payload.erased).
  virtual Status EraseAppealPersonalData(std::string_view appeal_id) { (void)appeal_id; return Unsupported(); }
  // Submissions: insert a received one; write the decision fields of one.
  virtual Status InsertSubmission(const SubmissionRow& s) { (void)s; return Unsupported(); }
  virtual Status UpdateSubmission(const SubmissionRow& s) { (void)s; return Unsupported(); }

  // Concealment guard flags (appeal.registered) and the referral time (appeal.referred).
  virtual Status PutAppealFlags(const AppealFlagsRow& f) { (void)f; return Unsupported(); }
  virtual Status MarkReferred(std::string_view appeal_id, std::string_view at) {
    (void)appeal_id, (void)at;
    return Unsupported();
  }
  // Stores file bytes by SHA-256 (no-op when already there) / links a file to an appeal.
  virtual Status PutAttachmentBlob(const AttachmentBlob& b) { (void)b; return Unsupported(); }
  virtual Status InsertAppealAttachment(const AttachmentRow& a) { (void)a; return Unsupported(); }
  // Field node purge (docs/sync-protocol.md §10): deletes the bytes of a file
  // unless an attachment entry after `purged_upto_idx` still refers to it.
  // Field nodes always run on SQLite; other backends answer Unsupported.
  virtual Status DeleteAttachmentBlob(std::string_view sha256, int64_t purged_upto_idx) {
    (void)sha256, (void)purged_upto_idx;
    return Unsupported();
  }

  // Evidence files (issue 13, docs/journal-format.md §4.2): the projection of
  // the erasure of an appeal.attachment_added entry (its row goes), and the
  // deletion of the erased file's bytes. EraseAttachmentBlob deletes only when
  // entry erased_by, in the journal of this transaction, is a payload.erased
  // of an attachment entry naming sha256, and no appeal_attachments row still
  // names it (on PostgreSQL in the owner's function sabt_erase_attachment()).
  virtual Status DeleteAppealAttachment(int64_t entry_idx) { (void)entry_idx; return Unsupported(); }
  virtual Status EraseAttachmentBlob(std::string_view sha256, int64_t erased_by) {
    (void)sha256, (void)erased_by;
    return Unsupported();
  }

  // Crime register (issue #4).
  virtual Status InsertClassifier(const std::vector<ClassifierRow>& rows) { (void)rows; return Unsupported(); }
  virtual Status UpsertCrimeRecord(const CrimeRecordRow& r) { (void)r; return Unsupported(); }

  // Trip log: insert or replace a trip / a stop; link an appeal to its stop.
  virtual Status PutTrip(const TripRow& t) { (void)t; return Unsupported(); }
  virtual Status PutTripStop(const TripStopRow& s) { (void)s; return Unsupported(); }
  virtual Status InsertTripAppeal(const TripAppealRow& a) { (void)a; return Unsupported(); }

  virtual Status PutSyncRecord(std::string_view kind, std::string_view key, std::string_view value) {
    (void)kind, (void)key, (void)value;
    return Unsupported();
  }
  // Reform programme and equipment register: insert or replace a record.
  virtual Status PutProgrammeRecord(std::string_view kind, std::string_view id, std::string_view value) {
    (void)kind, (void)id, (void)value;
    return Unsupported();
  }
  virtual Status PutLocalState(std::string_view key, std::string_view value) {
    (void)key, (void)value;
    return Unsupported();
  }

  // --- Persons and search (issue 16; docs/persons-and-search.md) ---------
  // Links a new row to its own master (an existing link stays) and replaces its keys.
  virtual Status IndexPerson(std::string_view person_id, const std::vector<std::string>& keys) {
    (void)person_id, (void)keys;
    return Unsupported();
  }
  virtual Status PutPersonRef(const PersonRefRow& r) { (void)r; return Unsupported(); }
  virtual Status SetPersonMaster(const std::vector<std::string>& person_ids, std::string_view master_id) {
    (void)person_ids, (void)master_id;
    return Unsupported();
  }
  virtual Status PutPersonMerge(const PersonMergeRow& m) { (void)m; return Unsupported(); }
  virtual Status PutRecordText(const RecordTextRow& r) { (void)r; return Unsupported(); }
  // --- end persons and search ---

  // Closing a department (deptclose): sets closed_at, successor and
  // close_reason of the department's row.
  virtual Status CloseDepartment(std::string_view code, int64_t closed_at_ms, std::string_view successor,
                                 std::string_view reason) {
    (void)code, (void)closed_at_ms, (void)successor, (void)reason;
    return Unsupported();
  }

  // Empties the projection tables (for `sabt rebuild`, inside this transaction).
  virtual Status ClearProjections() = 0;

  // Sessions are operational state, not part of the journal.
  virtual Status InsertSession(const SessionRow& s) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  virtual Status DeleteExpiredSessions(int64_t now_ms) = 0;
  // Sign-in protection (issue 13 item 7): operational state, written next to
  // the auth.* journal entries in the same transaction.
  virtual Status TouchSession(std::string_view token_hash, int64_t last_seen_ms) {
    (void)token_hash, (void)last_seen_ms;
    return Unsupported();
  }
  virtual Status DeleteUserSessions(std::string_view user_id) { (void)user_id; return Unsupported(); }
  virtual Status PutLoginGuard(const LoginGuardRow& g) { (void)g; return Unsupported(); }
  virtual Status PutTotp(const TotpRow& t) { (void)t; return Unsupported(); }
  virtual Status DeleteTotp(std::string_view user_id) { (void)user_id; return Unsupported(); }
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::unique_ptr<ReadTx>> Read() = 0;
  virtual Result<std::unique_ptr<WriteTx>> BeginWrite() = 0;
  // "sqlite" or "postgres".
  virtual std::string_view Backend() const = 0;
  // True on a standby/replica: BeginWrite fails with kUnavailable.
  virtual bool ReadOnly() const = 0;
  // Makes deleted data unrecoverable from the database files after an
  // erasure (SQLite: checkpoint and truncate the WAL; PostgreSQL: VACUUM).
  virtual Status PurgeDeleted() { return Status::Ok(); }
  // Field node purge (docs/sync-protocol.md §10): PurgeDeleted, and then the
  // database file rewritten without free pages (SQLite: VACUUM, then the WAL
  // checkpointed and truncated again).
  virtual Status Compact() { return PurgeDeleted(); }
  // PostgreSQL least privilege (docs/operations.md "PostgreSQL roles"): the
  // name of the connected role when it may UPDATE, DELETE or TRUNCATE the
  // journal (owner, superuser, or granted); nullopt when it may not, and on
  // backends without roles.
  virtual Result<std::optional<std::string>> RoleMayRewriteJournal() { return std::optional<std::string>(); }
  // Copies the whole database, as one consistent snapshot taken while the
  // node may keep writing, into a new file at dest (SQLite online backup
  // API). progress(done, total) is called with pages copied. PostgreSQL
  // answers kUnavailable: back it up with pg_basebackup (docs/operations.md).
  virtual Status BackupTo(const std::string& dest, const std::function<void(int64_t, int64_t)>& progress) {
    (void)dest;
    (void)progress;
    return Status::Unavailable("not supported by this storage backend");
  }
};

// The message every write refused by a read-only standby starts with; the
// HTTP layer recognises it (IsReadOnlyRefusal) and answers 503 with a
// translated message.
inline constexpr std::string_view kReadOnlyRefusal = "this node is a read-only standby";
inline bool IsReadOnlyRefusal(const Status& st) {
  return st.code() == Code::kUnavailable && st.message().rfind(kReadOnlyRefusal, 0) == 0;
}

// Opens (and migrates) a store from a URL: "sqlite:PATH" or a plain path,
// "postgres://…" or "postgresql://…".
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace sabt::store
