// The read queries of the PostgreSQL backend, shared by read-only
// transactions and the write transaction (which must see its own
// uncommitted writes). The derived class opens the transaction (BEGIN …) on
// tx_ and ends it; tx_ must be reset before the connection is handed on.
#pragma once
#include <memory>

#include "store/postgres/extra_queries.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_crime.h"
#include "store/postgres/pg_departments.h"
#include "store/postgres/pg_programme.h"
#include "store/postgres/pg_person_index.h"
#include "store/postgres/pg_trips.h"
#include "store/postgres/pg_video.h"
#include "store/video_tx.h"
#include "store/postgres/pg_stats.h"
#include "store/stats_tx.h"
#include "store/postgres/pg_journal_search.h"
#include "store/postgres/pg_signin.h"
#include "store/store.h"
#include "store/postgres/pg_verify.h"  // fast verify (issue 19)
#include "store/postgres/pg_public_status.h"
#include "store/verify_tx.h"

namespace sabt::store::postgres {

template <typename Base>
class ReadImpl : public Base, public VideoReads, public StatsReader,  // video link: store/video_tx.h
                 public VerifyReads,                                 // fast verify: store/verify_tx.h
                 public PublicStatusReads,                           // public status: store/public_status_tx.h
                 public PersonBatchReads {                           // person search: store/person_batch.h
 public:
  explicit ReadImpl(Conn* conn) : conn_(conn), tx_(std::make_unique<pqxx::nontransaction>(conn->raw())) {}

  Result<std::vector<domain::Department>> Departments() override;
  Result<std::vector<ReferenceItem>> Reference(std::string_view list) override;
  Result<std::optional<UserRow>> UserByUsername(std::string_view username) override;
  Result<std::optional<UserRow>> UserById(std::string_view id) override;
  Result<std::vector<UserRow>> Users() override;
  Result<std::optional<SessionRow>> Session(std::string_view token_hash) override;
  Result<std::optional<AppealRow>> Appeal(std::string_view id) override;
  Result<AppealPage> Appeals(const std::vector<std::string>& departments, int64_t offset,
                             int64_t limit) override;
  Result<std::optional<PersonRow>> Person(std::string_view id) override;
  Result<std::optional<PersonRow>> PersonByDocument(std::string_view id_document) override;
  Result<TreeHead> LatestTreeHead() override;
  Result<std::vector<TreeHead>> TreeHeads() override;
  Result<int64_t> JournalSize() override;
  Result<int64_t> LastSeq(std::string_view origin) override;
  Result<std::optional<EntryRow>> Entry(int64_t idx) override;
  Result<std::optional<PayloadRow>> Payload(int64_t idx) override;
  Status ScanJournal(int64_t from,
                     const std::function<Status(const EntryRow&, const PayloadRow*)>& fn) override;
  Result<std::optional<Hash>> MerkleNode(int level, int64_t idx) override;
  Status ScanMerkleNodes(const std::function<Status(int, int64_t, const Hash&)>& fn) override;
  Result<std::vector<std::string>> TableRows(std::string_view table) override;
  Result<std::vector<std::pair<std::string, int64_t>>> SeriesGaps() override;
  Result<std::optional<CheckpointRow>> LatestCheckpoint() override;
  Result<std::optional<CheckpointRow>> CheckpointAt(int64_t size) override;
  Result<std::vector<CheckpointRow>> Checkpoints() override;
  Result<std::optional<WitnessStateRow>> WitnessState(std::string_view origin) override;
  Result<std::vector<WitnessStateRow>> WitnessStates() override;
  Result<std::optional<AppealRow>> AppealByNumber(std::string_view number) override;
  Result<std::vector<EntryRow>> EntriesBySubject(std::string_view subject) override;
  // pg_submissions.cc
  Result<std::optional<SubmissionRow>> Submission(std::string_view id) override;
  Result<std::vector<SubmissionRow>> Submissions(const std::vector<std::string>& departments, std::string_view status,
                                                 int64_t limit) override;
  Result<std::vector<SubmissionRow>> SubmissionWatch(const std::vector<std::string>& departments,
                                                     const std::string& now, int64_t limit) override;
  Result<std::vector<SubmissionCount>> SubmissionWatchCounts(const std::vector<std::string>& departments,
                                                             const std::string& now) override;
  Result<std::optional<SubmissionRow>> SubmissionByReference(std::string_view reference) override;

  // Lists, guard, person page, attachments (store/postgres/extra_queries.cc).
  Result<AppealPage> FilteredAppeals(const AppealFilter& f, int64_t offset, int64_t limit) override {
    return Run("filtered appeals", [&] { return extra::FilteredAppeals(*tx_, f, offset, limit); });
  }
  Result<std::vector<GroupCount>> CountByOfficer(const AppealFilter& f) override {
    return Run("count by officer", [&] { return extra::CountByOfficer(*tx_, f); });
  }
  Result<std::vector<GroupCount>> CountByDepartment(const AppealFilter& f) override {
    return Run("count by department", [&] { return extra::CountByDepartment(*tx_, f); });
  }
  Result<WatchPage> CrimeWatch(const std::vector<std::string>& departments, const std::string& now, int64_t offset,
                               int64_t limit) override {
    return Run("crime watch", [&] { return extra::CrimeWatch(*tx_, departments, now, offset, limit); });
  }
  Result<std::optional<AppealFlagsRow>> AppealFlags(std::string_view appeal_id) override {
    return Run("appeal flags", [&] { return extra::AppealFlags(*tx_, appeal_id); });
  }
  Result<std::vector<AppealRow>> AppealsOfPerson(std::string_view person_id,
                                                 const std::vector<std::string>& departments) override {
    return Run("appeals of person", [&] { return extra::AppealsOfPerson(*tx_, person_id, departments); });
  }
  Result<std::vector<AttachmentRow>> Attachments(std::string_view appeal_id) override {
    return Run("attachments", [&] { return extra::Attachments(*tx_, appeal_id); });
  }
  Result<std::vector<std::string>> AttachmentHashes() override {
    return Run("attachment hashes", [&] { return extra::AttachmentHashes(*tx_); });
  }
  Result<std::optional<AttachmentBlob>> AttachmentData(std::string_view sha256) override {
    return Run("attachment data", [&] { return extra::AttachmentData(*tx_, sha256); });
  }
  // Crime register: see pg_crime.cc.
  Result<int64_t> ClassifierVersion() override {
    return Run("classifier version", [&]() -> Result<int64_t> { return PgClassifierVersion(*tx_); });
  }
  Result<std::vector<ClassifierRow>> ClassifierArticles(int64_t version) override {
    return Run("classifier", [&]() -> Result<std::vector<ClassifierRow>> { return PgClassifierArticles(*tx_, version); });
  }
  Result<std::optional<CrimeRecordRow>> CrimeRecord(std::string_view id) override {
    return Run("crime record", [&]() -> Result<std::optional<CrimeRecordRow>> { return PgCrimeRecord(*tx_, id); });
  }
  Result<std::vector<CrimeRecordRow>> CrimeRecords(const CrimeQuery& q) override {
    return Run("crime records", [&]() -> Result<std::vector<CrimeRecordRow>> { return PgCrimeRecords(*tx_, q); });
  }
  // Sign-in protection: see pg_signin.cc.
  Result<std::optional<LoginGuardRow>> LoginGuard(std::string_view user_id) override {
    return Run("login guard", [&]() -> Result<std::optional<LoginGuardRow>> { return PgLoginGuard(*tx_, user_id); });
  }
  Result<std::vector<LoginGuardRow>> LockedAccounts(int64_t now_ms) override {
    return Run("locked accounts", [&]() -> Result<std::vector<LoginGuardRow>> { return PgLockedAccounts(*tx_, now_ms); });
  }
  Result<std::optional<TotpRow>> Totp(std::string_view user_id) override {
    return Run("totp", [&]() -> Result<std::optional<TotpRow>> { return PgTotp(*tx_, user_id); });
  }
  // Auditor's journal viewer (issue 14): see pg_journal_search.cc.
  Result<std::vector<JournalHit>> SearchJournal(const JournalFilter& f) override {
    return Run("journal search", [&]() -> Result<std::vector<JournalHit>> { return PgSearchJournal(*tx_, f); });
  }
  // Reform programme and equipment: see pg_programme.cc.
  Result<std::optional<std::string>> ProgrammeRecord(std::string_view kind, std::string_view id) override {
    return Run("programme record",
               [&]() -> Result<std::optional<std::string>> { return PgProgrammeRecord(*tx_, kind, id); });
  }
  Result<std::vector<std::pair<std::string, std::string>>> ProgrammeRecords(std::string_view kind) override {
    return Run("programme records", [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
      return PgProgrammeRecords(*tx_, kind);
    });
  }
  // Trip log: see pg_trips.cc.
  Result<std::vector<TripRow>> Trips(const std::vector<std::string>& units, int64_t limit) override {
    return Run("trips", [&]() -> Result<std::vector<TripRow>> { return PgTrips(*tx_, units, limit); });
  }
  Result<std::optional<TripRow>> Trip(std::string_view id) override {
    return Run("trip", [&]() -> Result<std::optional<TripRow>> { return PgTrip(*tx_, id); });
  }
  Result<std::optional<TripRow>> OpenTrip(std::string_view unit) override {
    return Run("open trip", [&]() -> Result<std::optional<TripRow>> { return PgOpenTrip(*tx_, unit); });
  }
  Result<std::vector<TripStopRow>> TripStops(std::string_view trip_id) override {
    return Run("trip stops", [&]() -> Result<std::vector<TripStopRow>> { return PgTripStops(*tx_, trip_id); });
  }
  Result<std::vector<TripAppealRow>> TripAppeals(std::string_view trip_id) override {
    return Run("trip appeals", [&]() -> Result<std::vector<TripAppealRow>> { return PgTripAppeals(*tx_, trip_id); });
  }
  // Fast verify (issue 19): see pg_verify.cc.
  Result<std::vector<std::optional<Hash>>> MerkleNodeRange(int level, int64_t from, int64_t to) override {
    return Run("merkle node range", [&]() -> Result<std::vector<std::optional<Hash>>> {
      return PgMerkleNodeRange(*tx_, level, from, to);
    });
  }
  Result<std::optional<VerifyResultRow>> LatestVerifyResult() override {
    return Run("latest verify result",
               [&]() -> Result<std::optional<VerifyResultRow>> { return PgLatestVerifyResult(*tx_); });
  }
  // Public status look-up: see pg_public_status.cc.
  Result<std::optional<PublicStatusRow>> PublicStatusByNumber(std::string_view number) override {
    return Run("public status",
               [&]() -> Result<std::optional<PublicStatusRow>> { return PgPublicStatusByNumber(*tx_, number); });
  }
  // Closing a department: see pg_departments.cc.
  Result<domain::DepartmentLoad> DepartmentLoadOf(std::string_view code) override {
    return Run("department load", [&]() -> Result<domain::DepartmentLoad> { return PgDepartmentLoad(*tx_, code); });
  }
  // Video link: see pg_video.cc.
  Result<std::vector<VideoMeetingRow>> VideoMeetings(int64_t limit) override {
    return Run("video meetings", [&]() -> Result<std::vector<VideoMeetingRow>> { return PgVideoMeetings(*tx_, limit); });
  }
  Result<std::optional<VideoMeetingRow>> VideoMeeting(std::string_view id) override {
    return Run("video meeting", [&]() -> Result<std::optional<VideoMeetingRow>> { return PgVideoMeeting(*tx_, id); });
  }
  Result<std::optional<VideoMeetingRow>> VideoMeetingByRoom(int64_t room) override {
    return Run("video meeting by room",
               [&]() -> Result<std::optional<VideoMeetingRow>> { return PgVideoMeetingByRoom(*tx_, room); });
  }
  Result<std::vector<VideoAttendanceRow>> VideoAttendance(std::string_view meeting_id) override {
    return Run("video attendance",
               [&]() -> Result<std::vector<VideoAttendanceRow>> { return PgVideoAttendance(*tx_, meeting_id); });
  }
  // Statistics (issue 15): see pg_stats.cc.
  Result<std::vector<StatRow>> StatCounters(const StatQuery& q) override {
    return Run("stat counters", [&]() -> Result<std::vector<StatRow>> { return PgStatCounters(*tx_, q); });
  }
  Result<std::optional<domain::stats::AppealFacts>> StatAppeal(std::string_view id) override {
    return Run("stat appeal", [&]() -> Result<std::optional<domain::stats::AppealFacts>> {
      return PgStatAppeal(*tx_, id);
    });
  }
  Result<std::optional<domain::stats::StopFacts>> StatStop(std::string_view id) override {
    return Run("stat stop", [&]() -> Result<std::optional<domain::stats::StopFacts>> { return PgStatStop(*tx_, id); });
  }
  Status ScanStatRecords(const std::function<Status(const StatRecord&)>& fn) override {
    return Run("scan stat records", [&] { return PgScanStatRecords(*tx_, fn); });
  }
  // Persons and search: see pg_person_index.cc.
  Result<std::vector<PersonHit>> PersonsByKeys(const std::vector<std::string>& keys, int64_t limit) override {
    return Run("persons by keys", [&]() -> Result<std::vector<PersonHit>> { return PgPersonsByKeys(*tx_, keys, limit); });
  }
  Result<std::optional<std::string>> PersonMasterOf(std::string_view person_id) override {
    return Run("person master", [&]() -> Result<std::optional<std::string>> { return PgPersonMasterOf(*tx_, person_id); });
  }
  Result<std::vector<PersonRow>> PersonsOfMaster(std::string_view master_id) override {
    return Run("persons of master", [&]() -> Result<std::vector<PersonRow>> { return PgPersonsOfMaster(*tx_, master_id); });
  }
  Result<std::vector<PersonRefRow>> PersonRefs(const std::vector<std::string>& person_ids,
                                               const std::vector<std::string>& departments) override {
    return Run("person refs",
               [&]() -> Result<std::vector<PersonRefRow>> { return PgPersonRefs(*tx_, person_ids, departments); });
  }
  Result<std::vector<PersonRow>> PersonsByIds(const std::vector<std::string>& ids) override {
    return Run("persons by ids", [&]() -> Result<std::vector<PersonRow>> { return PgPersonsByIds(*tx_, ids); });
  }
  Result<std::vector<PersonHit>> MastersInScope(const std::vector<std::string>& masters,
                                                const std::vector<std::string>& departments) override {
    return Run("masters in scope",
               [&]() -> Result<std::vector<PersonHit>> { return PgMastersInScope(*tx_, masters, departments); });
  }
  Result<std::vector<MasterRefRow>> PersonRefsOfMasters(const std::vector<std::string>& masters,
                                                        const std::vector<std::string>& departments) override {
    return Run("person refs of masters",
               [&]() -> Result<std::vector<MasterRefRow>> { return PgPersonRefsOfMasters(*tx_, masters, departments); });
  }
  Result<std::optional<PersonMergeRow>> PersonMergeAt(int64_t entry_idx) override {
    return Run("person merge", [&]() -> Result<std::optional<PersonMergeRow>> { return PgPersonMergeAt(*tx_, entry_idx); });
  }
  Result<std::vector<PersonMergeRow>> PersonMergesInto(std::string_view master_id) override {
    return Run("person merges",
               [&]() -> Result<std::vector<PersonMergeRow>> { return PgPersonMergesInto(*tx_, master_id); });
  }
  Result<std::vector<RecordHit>> RecordsByNumber(std::string_view number,
                                                 const std::vector<std::string>& departments) override {
    return Run("records by number",
               [&]() -> Result<std::vector<RecordHit>> { return PgRecordsByNumber(*tx_, number, departments); });
  }
  Result<std::vector<RecordHit>> RecordsByText(const std::vector<std::string>& words,
                                               const std::vector<std::string>& departments, int64_t limit) override {
    return Run("records by text",
               [&]() -> Result<std::vector<RecordHit>> { return PgRecordsByText(*tx_, words, departments, limit); });
  }
  Result<std::optional<EntryRow>> EntryByOriginSeq(std::string_view origin, int64_t seq) override;
  Result<std::optional<std::string>> SyncRecord(std::string_view kind, std::string_view key) override;
  Result<std::vector<std::pair<std::string, std::string>>> SyncRecords(std::string_view kind) override;
  Result<std::optional<std::string>> LocalState(std::string_view key) override;

 protected:
  // Guard that also records a failed statement: the transaction is then
  // aborted on the server until a ROLLBACK TO SAVEPOINT.
  template <typename F>
  auto Run(const char* what, F&& fn) -> decltype(fn()) {
    return Guard(conn_, what, std::forward<F>(fn), &failed_);
  }

  Conn* conn_;
  std::unique_ptr<pqxx::nontransaction> tx_;
  bool failed_ = false;
};

extern template class ReadImpl<ReadTx>;
extern template class ReadImpl<WriteTx>;

// Rows per round trip of ScanJournal / ScanMerkleNodes.
inline constexpr int64_t kScanPage = 5000;

// Field helpers shared with the write side.
std::string FieldText(const pqxx::field& f);  // "" for NULL
std::string FieldBytes(const pqxx::field& f);  // bytea → raw bytes; "" for NULL
Hash FieldHash(const pqxx::field& f);          // zero hash unless exactly 32 bytes
pqxx::binarystring Bytes(const std::string& s);
pqxx::binarystring Bytes(const Hash& h);

// The submission queue's statements and writes (pg_submissions.cc).
void PrepareSubmissionStatements(pqxx::connection& c);
void InsertSubmissionRow(pqxx::nontransaction& tx, const SubmissionRow& s);
bool UpdateSubmissionRow(pqxx::nontransaction& tx, const SubmissionRow& s);  // false: no such row

}  // namespace sabt::store::postgres
