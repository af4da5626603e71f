// The read queries of the SQLite backend, shared by read-only transactions
// and the write transaction (which must see its own uncommitted writes).
#pragma once
#include "store/sqlite/conn.h"
#include "store/sqlite/public_status_store.h"
#include "store/sqlite/extra_queries.h"
#include "store/sqlite/crime_store.h"
#include "store/sqlite/programme_store.h"
#include "store/sqlite/person_index.h"
#include "store/sqlite/trip_store.h"
#include "store/sqlite/department_store.h"
#include "store/sqlite/video_store.h"
#include "store/video_tx.h"
#include "store/sqlite/stats_store.h"
#include "store/stats_tx.h"
#include "store/sqlite/journal_search.h"
#include "store/sqlite/signin_store.h"
#include "store/store.h"
#include "store/sqlite/verify_store.h"  // fast verify (issue 19)
#include "store/verify_tx.h"

namespace sabt::store::sqlite {

template <typename Base>
class ReadImpl : public Base, public VideoReads, public StatsReader,  // video link: store/video_tx.h
                 public VerifyReads,                                 // fast verify: store/verify_tx.h
                 public PublicStatusReads,                           // public status: store/public_status_tx.h
                 public PersonBatchReads {                           // person search: store/person_batch.h
 public:
  explicit ReadImpl(Conn* conn) : conn_(conn) {}

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
  // read_submissions.cc
  Result<std::optional<SubmissionRow>> Submission(std::string_view id) override;
  Result<std::vector<SubmissionRow>> Submissions(const std::vector<std::string>& departments, std::string_view status,
                                                 int64_t limit) override;
  Result<std::vector<SubmissionRow>> SubmissionWatch(const std::vector<std::string>& departments,
                                                     const std::string& now, int64_t limit) override;
  Result<std::vector<SubmissionCount>> SubmissionWatchCounts(const std::vector<std::string>& departments,
                                                             const std::string& now) override;
  Result<std::optional<SubmissionRow>> SubmissionByReference(std::string_view reference) override;

  // Lists, guard, person page, attachments (store/sqlite/extra_queries.cc).
  Result<AppealPage> FilteredAppeals(const AppealFilter& f, int64_t offset, int64_t limit) override {
    return extra::FilteredAppeals(conn_, f, offset, limit);
  }
  Result<std::vector<GroupCount>> CountByOfficer(const AppealFilter& f) override {
    return extra::CountByOfficer(conn_, f);
  }
  Result<std::vector<GroupCount>> CountByDepartment(const AppealFilter& f) override {
    return extra::CountByDepartment(conn_, f);
  }
  Result<WatchPage> CrimeWatch(const std::vector<std::string>& departments, const std::string& now, int64_t offset,
                               int64_t limit) override {
    return extra::CrimeWatch(conn_, departments, now, offset, limit);
  }
  Result<std::optional<AppealFlagsRow>> AppealFlags(std::string_view appeal_id) override {
    return extra::AppealFlags(conn_, appeal_id);
  }
  Result<std::vector<AppealRow>> AppealsOfPerson(std::string_view person_id,
                                                 const std::vector<std::string>& departments) override {
    return extra::AppealsOfPerson(conn_, person_id, departments);
  }
  Result<std::vector<AttachmentRow>> Attachments(std::string_view appeal_id) override {
    return extra::Attachments(conn_, appeal_id);
  }
  Result<std::vector<std::string>> AttachmentHashes() override { return extra::AttachmentHashes(conn_); }
  Result<std::optional<AttachmentBlob>> AttachmentData(std::string_view sha256) override {
    return extra::AttachmentData(conn_, sha256);
  }
  // Crime register: see crime_store.cc.
  Result<int64_t> ClassifierVersion() override { return ClassifierVersionQ(*conn_); }
  Result<std::vector<ClassifierRow>> ClassifierArticles(int64_t version) override {
    return ClassifierArticlesQ(*conn_, version);
  }
  Result<std::optional<CrimeRecordRow>> CrimeRecord(std::string_view id) override { return CrimeRecordQ(*conn_, id); }
  Result<std::vector<CrimeRecordRow>> CrimeRecords(const CrimeQuery& q) override { return CrimeRecordsQ(*conn_, q); }
  // Trip log: see trip_store.cc.
  Result<std::vector<TripRow>> Trips(const std::vector<std::string>& units, int64_t limit) override {
    return TripsQ(*conn_, units, limit);
  }
  Result<std::optional<TripRow>> Trip(std::string_view id) override { return TripQ(*conn_, id); }
  Result<std::optional<TripRow>> OpenTrip(std::string_view unit) override { return OpenTripQ(*conn_, unit); }
  Result<std::vector<TripStopRow>> TripStops(std::string_view trip_id) override { return TripStopsQ(*conn_, trip_id); }
  Result<std::vector<TripAppealRow>> TripAppeals(std::string_view trip_id) override {
    return TripAppealsQ(*conn_, trip_id);
  }
  // Fast verify (issue 19): see verify_store.cc.
  Result<std::vector<std::optional<Hash>>> MerkleNodeRange(int level, int64_t from, int64_t to) override {
    return MerkleNodeRangeQ(*conn_, level, from, to);
  }
  Result<std::optional<VerifyResultRow>> LatestVerifyResult() override { return LatestVerifyResultQ(*conn_); }
  // Public status look-up: see public_status_store.cc.
  Result<std::optional<PublicStatusRow>> PublicStatusByNumber(std::string_view number) override {
    return PublicStatusByNumberQ(*conn_, number);
  }
  // Closing a department: see department_store.cc.
  Result<domain::DepartmentLoad> DepartmentLoadOf(std::string_view code) override {
    return DepartmentLoadQ(*conn_, code);
  }
  // Video link: see video_store.cc.
  Result<std::vector<VideoMeetingRow>> VideoMeetings(int64_t limit) override { return VideoMeetingsQ(*conn_, limit); }
  Result<std::optional<VideoMeetingRow>> VideoMeeting(std::string_view id) override {
    return VideoMeetingQ(*conn_, id);
  }
  Result<std::optional<VideoMeetingRow>> VideoMeetingByRoom(int64_t room) override {
    return VideoMeetingByRoomQ(*conn_, room);
  }
  Result<std::vector<VideoAttendanceRow>> VideoAttendance(std::string_view meeting_id) override {
    return VideoAttendanceQ(*conn_, meeting_id);
  }
  // Reform programme and equipment: see programme_store.cc.
  Result<std::optional<std::string>> ProgrammeRecord(std::string_view kind, std::string_view id) override {
    return ProgrammeRecordQ(*conn_, kind, id);
  }
  Result<std::vector<std::pair<std::string, std::string>>> ProgrammeRecords(std::string_view kind) override {
    return ProgrammeRecordsQ(*conn_, kind);
  }
  // Persons and search: see person_index.cc.
  Result<std::vector<PersonHit>> PersonsByKeys(const std::vector<std::string>& keys, int64_t limit) override {
    return PersonsByKeysQ(*conn_, keys, limit);
  }
  Result<std::optional<std::string>> PersonMasterOf(std::string_view person_id) override {
    return PersonMasterOfQ(*conn_, person_id);
  }
  Result<std::vector<PersonRow>> PersonsOfMaster(std::string_view master_id) override {
    return PersonsOfMasterQ(*conn_, master_id);
  }
  Result<std::vector<PersonRefRow>> PersonRefs(const std::vector<std::string>& person_ids,
                                               const std::vector<std::string>& departments) override {
    return PersonRefsQ(*conn_, person_ids, departments);
  }
  Result<std::vector<PersonRow>> PersonsByIds(const std::vector<std::string>& ids) override {
    std::vector<PersonRow> out;
    for (const auto& id : ids) {
      auto p = this->Person(id);
      if (!p.ok()) return p.status();
      if (p->has_value()) out.push_back(std::move(**p));
    }
    return out;
  }
  Result<std::vector<PersonHit>> MastersInScope(const std::vector<std::string>& masters,
                                                const std::vector<std::string>& departments) override {
    return MastersInScopeQ(*conn_, masters, departments);
  }
  Result<std::vector<MasterRefRow>> PersonRefsOfMasters(const std::vector<std::string>& masters,
                                                        const std::vector<std::string>& departments) override {
    return PersonRefsOfMastersQ(*conn_, masters, departments);
  }
  Result<std::optional<PersonMergeRow>> PersonMergeAt(int64_t entry_idx) override {
    return PersonMergeAtQ(*conn_, entry_idx);
  }
  Result<std::vector<PersonMergeRow>> PersonMergesInto(std::string_view master_id) override {
    return PersonMergesIntoQ(*conn_, master_id);
  }
  Result<std::vector<RecordHit>> RecordsByNumber(std::string_view number,
                                                 const std::vector<std::string>& departments) override {
    return RecordsByNumberQ(*conn_, number, departments);
  }
  Result<std::vector<RecordHit>> RecordsByText(const std::vector<std::string>& words,
                                               const std::vector<std::string>& departments, int64_t limit) override {
    return RecordsByTextQ(*conn_, words, departments, limit);
  }
  // Sign-in protection: see signin_store.cc.
  Result<std::optional<LoginGuardRow>> LoginGuard(std::string_view user_id) override {
    return LoginGuardQ(*conn_, user_id);
  }
  Result<std::vector<LoginGuardRow>> LockedAccounts(int64_t now_ms) override { return LockedAccountsQ(*conn_, now_ms); }
  Result<std::optional<TotpRow>> Totp(std::string_view user_id) override { return TotpQ(*conn_, user_id); }
  // Auditor's journal viewer (issue 14): see journal_search.cc.
  Result<std::vector<JournalHit>> SearchJournal(const JournalFilter& f) override { return SearchJournalQ(*conn_, f); }
  Result<std::optional<EntryRow>> EntryByOriginSeq(std::string_view origin, int64_t seq) override;
  Result<std::optional<std::string>> SyncRecord(std::string_view kind, std::string_view key) override;
  Result<std::vector<std::pair<std::string, std::string>>> SyncRecords(std::string_view kind) override;
  Result<std::optional<std::string>> LocalState(std::string_view key) override;

  // Statistics (issue 15, store/sqlite/stats_store.cc).
  Result<std::vector<StatRow>> StatCounters(const StatQuery& q) override { return StatCountersQ(*conn_, q); }
  Result<std::optional<domain::stats::AppealFacts>> StatAppeal(std::string_view id) override {
    return StatAppealQ(*conn_, id);
  }
  Result<std::optional<domain::stats::StopFacts>> StatStop(std::string_view id) override {
    return StatStopQ(*conn_, id);
  }
  Status ScanStatRecords(const std::function<Status(const StatRecord&)>& fn) override {
    return ScanStatRecordsQ(*conn_, fn);
  }

 protected:
  Conn* conn_;
};

extern template class ReadImpl<ReadTx>;
extern template class ReadImpl<WriteTx>;

// Helpers shared with the write side.
Hash ColumnHash(const SQLite::Column& c);
std::string ColumnBlob(const SQLite::Column& c);
// Submission writes (read_submissions.cc).
Status InsertSubmissionRow(Conn& conn, const SubmissionRow& s);
Status UpdateSubmissionRow(Conn& conn, const SubmissionRow& s);

}  // namespace sabt::store::sqlite
