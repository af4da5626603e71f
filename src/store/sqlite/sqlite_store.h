// SQLite backend: one writer connection (used only by the writer thread) and a
// pool of read-only connections. WAL mode lets readers run while the writer
// commits; synchronous=FULL makes each COMMIT durable before it returns.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/conn.h"
#include "store/store.h"

namespace sabt::store::sqlite {

struct Options {
  std::string path;          // file path, or a "file:…?mode=memory&cache=shared" URI
  int readers = 4;           // size of the read pool
  bool create = true;        // create and migrate when missing
};

class SqliteStore : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> Open(const Options& opts);
  ~SqliteStore() override;

  Result<std::unique_ptr<ReadTx>> Read() override;
  Result<std::unique_ptr<WriteTx>> BeginWrite() override;
  std::string_view Backend() const override { return "sqlite"; }
  bool ReadOnly() const override { return false; }
  Status PurgeDeleted() override;
  Status Compact() override;  // field node purge (docs/sync-protocol.md §10)
  Status BackupTo(const std::string& dest, const std::function<void(int64_t, int64_t)>& progress) override;

  // Used by pooled read transactions to hand their connection back.
  void ReturnReader(std::unique_ptr<Conn> c);

 private:
  SqliteStore() = default;
  std::unique_ptr<Conn> writer_;
  std::mutex writer_mu_;  // one WriteTx at a time
  bool writer_busy_ = false;
  std::condition_variable writer_cv_;
  friend class SqliteWriteTx;
  void AcquireWriter();  // waits for the writer slot and takes it
  void ReleaseWriter();

  std::mutex pool_mu_;  // guards readers_
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Conn>> readers_;
  Options opts_;
};

}  // namespace sabt::store::sqlite
