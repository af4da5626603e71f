// PostgreSQL backend: one writer connection (used by one WriteTx at a time,
// like the SQLite backend) and a pool of reader connections whose
// transactions are REPEATABLE READ READ ONLY snapshots.
//
// Write transactions run at READ COMMITTED and take a transaction-scoped
// advisory lock first, so two processes on the same database cannot
// interleave journal appends; series numbers come from
// INSERT … ON CONFLICT DO UPDATE … RETURNING, whose row lock keeps them
// gapless. COMMIT returns once the commit is durable (synchronous_commit is
// left at its default, on).
//
// Roles: migrations run on Options::owner_url when set (the schema owner),
// otherwise on the store URL itself; the application role (current_user of
// the store URL) is granted SELECT/INSERT only on the journal tables. See
// docs/operations.md, "PostgreSQL roles".
#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace sabt::store::postgres {

struct Options {
  std::string url;        // postgres://sabt_app@host:port/db (the application role)
  std::string owner_url;  // optional: postgres://sabt_owner@host:port/db, runs the migrations
  int readers = 4;        // size of the read pool
};

class PostgresStore : public Store {
 public:
  static Result<std::unique_ptr<PostgresStore>> Open(const Options& opts);
  ~PostgresStore() override;

  Result<std::unique_ptr<ReadTx>> Read() override;
  Result<std::unique_ptr<WriteTx>> BeginWrite() override;
  std::string_view Backend() const override { return "postgres"; }
  bool ReadOnly() const override { return read_only_.load(); }
  // VACUUM payloads (as the owner when SABT_PG_OWNER_URL is set): the space
  // of erased rows becomes reusable. See docs/security.md for what remains.
  Status PurgeDeleted() override;
  Result<std::optional<std::string>> RoleMayRewriteJournal() override;

  // Used by pooled read transactions to hand their connection back.
  void ReturnReader(std::unique_ptr<Conn> c);
  // Used by the write transaction when it ends.
  void ReleaseWriter();

 private:
  PostgresStore() = default;
  std::unique_ptr<Conn> writer_;
  std::mutex writer_mu_;  // one WriteTx at a time
  bool writer_busy_ = false;
  std::condition_variable writer_cv_;

  std::mutex pool_mu_;  // guards readers_
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Conn>> readers_;

  std::atomic<bool> read_only_{false};
  // Opened on a standby: the node's in-memory journal state (the writer's
  // Merkle frontier) dates from then, so writes stay refused even after a
  // promotion until the node is restarted.
  bool opened_on_standby_ = false;
  Options opts_;
};

}  // namespace sabt::store::postgres
