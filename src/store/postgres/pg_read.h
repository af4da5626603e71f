// The read queries of the PostgreSQL backend, shared by read-only
// transactions and the write transaction (which must see its own
// uncommitted writes). The derived class opens the transaction (BEGIN …) on
// tx_ and ends it; tx_ must be reset before the connection is handed on.
#pragma once
#include <memory>

#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace sabt::store::postgres {

template <typename Base>
class ReadImpl : public Base {
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
  Result<std::optional<AppealRow>> AppealByNumber(std::string_view number) override;
  Result<std::vector<EntryRow>> EntriesBySubject(std::string_view subject) override;
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

}  // namespace sabt::store::postgres
